// Form submissions of the improvement loop: an outcome's note, a decline reason, a proposed fix.
import type { AllMiddlewareArgs, App, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import { z } from "zod";
import { DECLINE_REASON_MAX, validateImprovementTitle } from "../../domain/improvement.ts";
import { findPatterns } from "../../domain/patterns.ts";
import type { Services } from "../../services.ts";
import { CallbackId, Field } from "../../views/ids.ts";
import { speakerFor } from "../context.ts";
import { changeImprovementStatus, createImprovement } from "../improvements.ts";
import { fieldText, parseMetadata, viewState } from "./state.ts";

type SubmitArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

const noteMetadata = z.object({ goodCallId: z.number().int().positive() });
const declineMetadata = z.object({ improvementId: z.number().int().positive() });
const proposeMetadata = z.object({
  teamId: z.string(),
  patternKey: z.string(),
  patternLabel: z.string(),
  periodStart: z.iso.datetime(),
  periodEnd: z.iso.datetime(),
});

export function registerLoopViews(app: App, services: Services): void {
  app.view<ViewSubmitAction>(CallbackId.OutcomeNoteModal, async ({ ack, body, view, client }) => {
    const metadata = parseMetadata(noteMetadata, view.private_metadata);
    const state = viewState.safeParse(view.state.values);
    const note = state.success ? (fieldText(state.data, Field.Note)?.trim() ?? "") : "";
    const { t } = await speakerFor(services, client, body.user.id, null);
    if (!metadata) return ack({ response_action: "errors", errors: { [Field.Note]: t.entryGone } });
    if ([...note].length > 500)
      return ack({
        response_action: "errors",
        errors: { [Field.Note]: t.fieldTooLong(500, [...note].length) },
      });
    if (note) await services.loop.setOutcomeNote(metadata.goodCallId, body.user.id, note);
    await ack();
  });

  app.view<ViewSubmitAction>(CallbackId.DeclineModal, async ({ ack, body, view, client }) => {
    const metadata = parseMetadata(declineMetadata, view.private_metadata);
    const state = viewState.safeParse(view.state.values);
    const reason = state.success ? (fieldText(state.data, Field.Reason)?.trim() ?? "") : "";
    const { t } = await speakerFor(services, client, body.user.id, null);
    if (!metadata) return ack({ response_action: "errors", errors: { [Field.Reason]: t.entryGone } });
    if (reason === "" || [...reason].length > DECLINE_REASON_MAX) {
      return ack({ response_action: "errors", errors: { [Field.Reason]: t.declineReasonRequired } });
    }
    const change = await changeImprovementStatus(
      services,
      client,
      metadata.improvementId,
      body.user.id,
      "declined",
      reason,
    );
    if (!change.ok) {
      const text =
        change.reason === "not-permitted"
          ? t.improvementNotPermitted
          : t.improvementNotAllowed("", t.improvementStatuses.declined);
      return ack({ response_action: "errors", errors: { [Field.Reason]: text } });
    }
    await ack();
  });

  app.view<ViewSubmitAction>(CallbackId.ProposeFixModal, (args) => submitProposedFix(services, args));
}

async function submitProposedFix(services: Services, { ack, body, view, client }: SubmitArgs): Promise<void> {
  const metadata = parseMetadata(proposeMetadata, view.private_metadata);
  const state = viewState.safeParse(view.state.values);
  const team = metadata ? await services.teams.find(metadata.teamId) : null;
  const { t } = await speakerFor(services, client, body.user.id, team);
  if (!metadata || !team || !state.success) {
    await ack({ response_action: "errors", errors: { [Field.Title]: t.entryGone } });
    return;
  }
  const title = (fieldText(state.data, Field.Title) ?? "").trim();
  const description = fieldText(state.data, Field.Description)?.trim() || null;
  const problem = validateImprovementTitle(title);
  if (problem) {
    const message = problem === "empty" ? t.titleTooShort(3) : t.fieldTooLong(150, [...title].length);
    await ack({ response_action: "errors", errors: { [Field.Title]: message } });
    return;
  }
  if (description && [...description].length > 2000) {
    await ack({
      response_action: "errors",
      errors: { [Field.Description]: t.fieldTooLong(2000, [...description].length) },
    });
    return;
  }
  const period = { start: new Date(metadata.periodStart), end: new Date(metadata.periodEnd) };
  const calls = await services.entries.goodCallsIn(team.id, period);
  const pattern = findPatterns(calls, { limit: 50 }).find((p) => p.key === metadata.patternKey);
  await createImprovement(services, client, team, {
    title,
    description,
    proposerId: body.user.id,
    patternKey: metadata.patternKey,
    patternLabel: metadata.patternLabel,
    goodCallIds: pattern?.callIds ?? [],
  });
  await ack();
}
