// The team settings form submitted: only a manager of the team changes them.
import { MANAGER_PREFERENCES, type Team } from "../../domain/types.ts";
import { validateSettingsForm } from "../../domain/validate.ts";
import type { Services } from "../../services.ts";
import { Field } from "../../views/ids.ts";
import { Metadata } from "../../views/values.ts";
import { actorFor, authorize } from "../access.ts";
import type { SubmitArgs } from "../args.ts";
import { speakerFor } from "../context.ts";
import { fieldChoices, fieldError, fieldText, formErrors, viewState } from "../forms.ts";

export function submitSettings(services: Services) {
  return async ({ ack, body, view, client }: SubmitArgs): Promise<void> => {
    const actor = await actorFor(services, body.user.id);
    const userId = actor.userId;
    const metadata = Metadata.settings.decode(view.private_metadata);
    const state = viewState.safeParse(view.state.values);
    const team: Team | null = metadata ? await services.teams.find(metadata.teamId) : null;
    const { t } = await speakerFor(services, client, userId, team);
    if (!team || !state.success) return ack(fieldError(Field.Managers, t.entryGone));
    const surface = { kind: "form", ack, field: Field.Managers } as const;
    const reply = { surface, t, managerIds: team.managerIds };
    if (!(await authorize(services, actor, { kind: "manage", teamId: team.id }, reply))) return;
    const form = validateSettingsForm(
      {
        managerIds: fieldChoices(state.data, Field.Managers),
        timeZone: fieldText(state.data, Field.TimeZone),
        digestDay: fieldText(state.data, Field.DigestDay),
        digestTime: fieldText(state.data, Field.DigestTime),
        language: fieldText(state.data, Field.Language),
        feed: fieldChoices(state.data, Field.Feed).includes("on"),
        limitAmount: fieldText(state.data, Field.LimitAmount),
        limitCurrency: fieldText(state.data, Field.LimitCurrency),
        followUpDays: fieldText(state.data, Field.FollowUpDays),
        retentionMonths: fieldText(state.data, Field.RetentionMonths),
      },
      t,
    );
    if (!form.ok) {
      return ack(
        formErrors(form.errors, {
          managers: Field.Managers,
          timeZone: Field.TimeZone,
          digestDay: Field.DigestDay,
          digestTime: Field.DigestTime,
          language: Field.Language,
          limitAmount: Field.LimitAmount,
          limitCurrency: Field.LimitCurrency,
          followUpDays: Field.FollowUpDays,
          retentionMonths: Field.RetentionMonths,
        }),
      );
    }
    await services.teams.updateSettings(team.id, form.value);
    const preference = MANAGER_PREFERENCES.find((p) => p === fieldText(state.data, Field.Preference));
    if (preference) await services.teams.setManagerPreference(team.id, userId, preference);
    await ack();
    services.logger.info({ teamId: team.id, userId }, "team settings saved");
    services.background.run("settings confirmation", { teamId: team.id }, () =>
      client.chat.postEphemeral({ channel: team.id, user: userId, text: t.settingsSaved }),
    );
  };
}
