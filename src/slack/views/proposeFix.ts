// The *Propose a fix* form submitted: an improvement linked to the good calls of its pattern.
import { findPatterns } from "../../domain/patterns.ts";
import { validateImprovementForm } from "../../domain/validate.ts";
import type { Services } from "../../services.ts";
import { Field } from "../../views/ids.ts";
import { Metadata } from "../../views/values.ts";
import { actorFor, authorize } from "../access.ts";
import type { SubmitArgs } from "../args.ts";
import { speakerFor } from "../context.ts";
import { createImprovement } from "../flows/improvements.ts";
import { fieldError, fieldText, formErrors, viewState } from "../forms.ts";

export function submitProposedFix(services: Services) {
  return async ({ ack, body, view, client }: SubmitArgs): Promise<void> => {
    const actor = await actorFor(services, body.user.id);
    const metadata = Metadata.proposeFix.decode(view.private_metadata);
    const state = viewState.safeParse(view.state.values);
    const team = metadata ? await services.teams.find(metadata.teamId) : null;
    const { t } = await speakerFor(services, client, actor.userId, team);
    if (!metadata || !team || !state.success) return ack(fieldError(Field.Title, t.entryGone));
    // The metadata names any team: only its members propose (and see its pattern's good calls).
    const surface = { kind: "form", ack, field: Field.Title } as const;
    if (!(await authorize(services, actor, { kind: "team", teamId: team.id }, { surface, t }))) return;
    const form = validateImprovementForm(
      {
        title: fieldText(state.data, Field.Title),
        description: fieldText(state.data, Field.Description),
      },
      t,
    );
    if (!form.ok) {
      return ack(formErrors(form.errors, { title: Field.Title, description: Field.Description }));
    }
    const { title, description } = form.value;
    const calls = await services.entries.goodCallsIn(team.id, metadata.period);
    const pattern = findPatterns(calls, { limit: 50 }).find((p) => p.key === metadata.patternKey);
    await createImprovement(services, client, team, {
      title,
      description,
      proposerId: actor.userId,
      patternKey: metadata.patternKey,
      patternLabel: metadata.patternLabel,
      goodCallIds: pattern?.callIds ?? [],
    });
    await ack();
  };
}
