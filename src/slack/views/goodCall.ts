// The good-call form submitted: a new good call, or the author's edit of one (Add details).
import { followUpDueAt } from "../../domain/followUp.ts";
import { findPii } from "../../domain/pii.ts";
import { type PromiseChange, promiseFromForm } from "../../domain/promise.ts";
import { VISIBILITIES } from "../../domain/types.ts";
import { validateGoodCallForm } from "../../domain/validate.ts";
import type { Services } from "../../services.ts";
import { feedAfterEdit } from "../../teamChannel.ts";
import { goodCallConfirmation, savedModal } from "../../views/goodCall.ts";
import { Field } from "../../views/ids.ts";
import { Metadata } from "../../views/values.ts";
import { actorFor, authorize } from "../access.ts";
import type { SubmitArgs } from "../args.ts";
import { speakerFor } from "../context.ts";
import { afterGoodCall, goodCallWithTeam } from "../flows/goodCall.ts";
import { fieldChoices, fieldError, fieldText, formErrors, formTeam, viewState } from "../forms.ts";

/** The form's blocks that each validation error belongs to. */
const ERROR_FIELDS = {
  team: Field.Team,
  what: Field.What,
  why: Field.Why,
  tags: Field.Tags,
  amount: Field.Amount,
  currency: Field.Currency,
  promiseDue: Field.PromiseDue,
  visibility: Field.Visibility,
  ruleInTheWay: Field.RuleInTheWay,
};

/** How a promise decision is stored: undefined keeps it, null removes it. */
function promiseInput(change: Exclude<PromiseChange, { kind: "in-past" }>) {
  if (change.kind === "keep") return undefined;
  return change.kind === "clear" ? null : { due: change.due, remindAt: change.remindAt };
}

export function submitGoodCall(services: Services) {
  return async ({ ack, body, view, client }: SubmitArgs): Promise<void> => {
    const actor = await actorFor(services, body.user.id);
    const userId = actor.userId;
    const metadata = Metadata.goodCall.decode(view.private_metadata);
    const state = viewState.safeParse(view.state.values);
    // An edit is of a stored good call: its team comes from the data, never from the metadata.
    const editing =
      metadata?.goodCallId === undefined ? null : await goodCallWithTeam(services, metadata.goodCallId);
    const named =
      metadata && state.success && !editing ? await formTeam(services, metadata.teamId, state.data) : null;
    const team = editing?.team ?? (named?.kind === "team" ? named.team : null);
    const { t, language } = await speakerFor(services, client, userId, team);
    if (!metadata || !state.success) return ack(fieldError(Field.What, t.somethingWentWrong));
    if (metadata.goodCallId !== undefined && !editing) return ack(fieldError(Field.What, t.entryGone));
    if (named?.kind === "gone") return ack(fieldError(Field.What, t.entryGone));
    const form = validateGoodCallForm(
      {
        what: fieldText(state.data, Field.What),
        why: fieldText(state.data, Field.Why),
        tags: fieldText(state.data, Field.Tags),
        amount: fieldText(state.data, Field.Amount),
        currency: fieldText(state.data, Field.Currency),
        followUp: fieldChoices(state.data, Field.FollowUp).includes("yes"),
        ruleInTheWay: fieldText(state.data, Field.RuleInTheWay),
      },
      t,
    );
    // A form opened before "Who can see this" existed has no choice: a new call is the team's, and
    // an edit keeps what the call had. A value the form never offers is refused, not guessed at.
    const chosen = fieldText(state.data, Field.Visibility);
    const visibility =
      chosen === null
        ? (editing?.call.visibility ?? "team")
        : (VISIBILITIES.find((v) => v === chosen) ?? null);
    const visibilityError = visibility === null ? { visibility: t.privateCalls.invalid } : {};
    const fieldErrors = { ...(form.ok ? {} : form.errors), ...visibilityError };
    // Every problem in one answer: a person who fixes one field should not then meet the next.
    if (!team) return ack(formErrors({ ...fieldErrors, team: t.chooseTeam }, ERROR_FIELDS));
    const request = editing
      ? ({ kind: "author", teamId: team.id, authorId: editing.call.authorId } as const)
      : ({ kind: "team", teamId: team.id } as const);
    const field = named?.kind === "team" && named.picked ? Field.Team : Field.What;
    if (!(await authorize(services, actor, request, { surface: { kind: "form", ack, field }, t }))) return;
    const now = services.now();
    // The day "today" is the team's, so the date can be checked only once the team is known.
    const promise = promiseFromForm(
      fieldText(state.data, Field.PromiseDue),
      editing?.call ?? null,
      now,
      team.timeZone,
    );
    const promiseError = promise.kind === "in-past" ? { promiseDue: t.promiseInPast } : {};
    if (!form.ok || promise.kind === "in-past" || visibility === null) {
      return ack(formErrors({ ...fieldErrors, ...promiseError }, ERROR_FIELDS));
    }
    const piiFound =
      findPii(`${form.value.what}\n${form.value.why ?? ""}\n${form.value.ruleInTheWay ?? ""}`).length > 0;
    const content = { ...form.value, teamId: team.id, flaggedPii: piiFound, visibility };

    if (editing) {
      const updated = await services.entries.updateGoodCall(editing.call.id, {
        ...content,
        // Counted from when the call was logged, whenever the box is ticked.
        followUpDueAt: followUpDueAt(
          { followUp: content.followUp, createdAt: editing.call.createdAt },
          team.followUpDays,
          now,
        ),
        promise: promiseInput(promise),
      });
      const before = editing.call.visibility;
      const lines = [
        t.updated,
        ...(before === visibility
          ? []
          : [
              visibility === "private"
                ? t.privateCalls.madePrivate
                : t.privateCalls.madeTeam(team.feedEnabled),
            ]),
        ...(piiFound ? [t.piiWarning] : []),
      ];
      await ack(lines.length > 1 ? { response_action: "update", view: savedModal(t, lines) } : undefined);
      services.logger.info({ goodCallId: updated.id, userId, visibility }, "good call edited");
      services.background.run("feed after an edit", { goodCallId: updated.id }, () =>
        feedAfterEdit(services, client, team, editing.call, updated),
      );
      return;
    }

    const call = await services.entries.createGoodCall(
      {
        ...content,
        authorId: userId,
        source: "modal",
        followUpDueAt: followUpDueAt({ followUp: content.followUp, createdAt: now }, team.followUpDays, now),
        promise: promiseInput(promise) ?? null,
      },
      now,
    );
    // A private call's form says who can see it before it closes, wherever it was opened from.
    const saved = [
      t.savedGoodCall,
      ...(visibility === "private" ? [t.privateCalls.confirmation] : []),
      ...(piiFound ? [t.piiWarning] : []),
    ];
    await ack(saved.length > 1 ? { response_action: "update", view: savedModal(t, saved) } : undefined);
    services.logger.info(
      { goodCallId: call.id, teamId: team.id, userId, source: "modal", visibility },
      "good call logged",
    );
    afterGoodCall(services, client, team, call);
    if (metadata.channelId) {
      const channel = metadata.channelId;
      // Best effort: the app may not be in the channel the form was opened from.
      services.background.run("modal confirmation", { goodCallId: call.id }, () =>
        client.chat
          .postEphemeral({
            channel,
            user: userId,
            ...goodCallConfirmation({ t, language, call, piiFound: false, teamName: null }),
          })
          .catch((error: unknown) =>
            services.logger.debug({ err: error, goodCallId: call.id }, "no confirmation in that channel"),
          ),
      );
    }
  };
}
