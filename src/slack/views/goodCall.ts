// The good-call form submitted: a new good call, or the author's edit of one (Add details).
import { followUpDueAt } from "../../domain/followUp.ts";
import { findPii } from "../../domain/pii.ts";
import { type PromiseChange, promiseFromForm } from "../../domain/promise.ts";
import { validateGoodCallForm } from "../../domain/validate.ts";
import type { Services } from "../../services.ts";
import { refreshFeedMessage } from "../../teamChannel.ts";
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
    const fieldErrors = form.ok ? {} : form.errors;
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
    if (!form.ok || promise.kind === "in-past") {
      return ack(formErrors({ ...fieldErrors, ...promiseError }, ERROR_FIELDS));
    }
    const piiFound =
      findPii(`${form.value.what}\n${form.value.why ?? ""}\n${form.value.ruleInTheWay ?? ""}`).length > 0;
    const content = { ...form.value, teamId: team.id, flaggedPii: piiFound };

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
      await ack(
        piiFound ? { response_action: "update", view: savedModal(t, [t.updated, t.piiWarning]) } : undefined,
      );
      services.logger.info({ goodCallId: updated.id, userId }, "good call edited");
      services.background.run("feed refresh", { goodCallId: updated.id }, () =>
        refreshFeedMessage(services, client, { kind: "goodCall", id: updated.id }),
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
    await ack(
      piiFound
        ? { response_action: "update", view: savedModal(t, [t.savedGoodCall, t.piiWarning]) }
        : undefined,
    );
    services.logger.info(
      { goodCallId: call.id, teamId: team.id, userId, source: "modal" },
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
