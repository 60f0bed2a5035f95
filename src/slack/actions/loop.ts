// The improvement loop's buttons: "did it help?", promise answers, Propose a fix, improvement status.
import type {
  AllMiddlewareArgs,
  App,
  BlockButtonAction,
  BlockStaticSelectAction,
  SlackActionMiddlewareArgs,
} from "@slack/bolt";
import { IMPROVEMENT_STATUSES } from "../../domain/improvement.ts";
import { findPatterns } from "../../domain/patterns.ts";
import { currentPeriod, type Period, scheduleOf } from "../../domain/period.ts";
import { OUTCOMES } from "../../domain/types.ts";
import type { Services } from "../../services.ts";
import { ActionId, actionPattern } from "../../views/ids.ts";
import { declineModal, noteModal, proposeFixModal } from "../../views/loop.ts";
import { userText } from "../../views/text.ts";
import { speakerFor } from "../context.ts";
import { publishHome } from "../events/index.ts";
import { changeImprovementStatus } from "../improvements.ts";

type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;
const DAY_MS = 24 * 3600_000;

export function registerLoopActions(app: App, services: Services): void {
  app.action<BlockButtonAction>(actionPattern(ActionId.Outcome), (args) => answerFollowUp(services, args));
  app.action<BlockButtonAction>(actionPattern(ActionId.Promise), (args) => answerPromise(services, args));
  app.action<BlockButtonAction>(actionPattern(ActionId.ProposeFix), (args) => proposeFix(services, args));
  app.action<BlockStaticSelectAction>(
    ActionId.ImprovementStatus,
    async ({ ack, body, action, client, respond }) => {
      await ack();
      const [idText, status] = action.selected_option.value.split(":");
      const next = IMPROVEMENT_STATUSES.find((s) => s === status);
      const id = Number(idText);
      const { t } = await speakerFor(services, client, body.user.id, null);
      if (!next || !Number.isInteger(id)) return;
      if (next === "declined") {
        const improvement = await services.loop.findImprovement(id);
        const team = improvement ? await services.teams.find(improvement.teamId) : null;
        if (
          improvement &&
          team &&
          (improvement.ownerId === body.user.id || team.managerIds.includes(body.user.id))
        ) {
          await client.views.open({ trigger_id: body.trigger_id, view: declineModal(t, id) });
          return;
        }
      }
      const change = await changeImprovementStatus(services, client, id, body.user.id, next, null);
      const inHome = body.container.type === "view";
      if (!change.ok) {
        const text =
          change.reason === "not-permitted"
            ? t.improvementNotPermitted
            : change.reason === "same"
              ? t.improvementSame(t.improvementStatuses[next])
              : change.reason === "missing"
                ? t.entryGone
                : t.improvementNotAllowed("", t.improvementStatuses[next]);
        if (!inHome) await respond({ response_type: "ephemeral", replace_original: false, text });
      } else if (!inHome) {
        await respond({
          response_type: "ephemeral",
          replace_original: false,
          text: t.improvementStatusChanged(userText(change.improvement.title), t.improvementStatuses[next]),
        });
      }
      if (inHome) await publishHome(services, client, body.user.id);
    },
  );
}

async function answerFollowUp(
  services: Services,
  { ack, body, action, client, respond }: ButtonArgs,
): Promise<void> {
  await ack();
  const [idText, answer] = (action.value ?? "").split(":");
  const outcome = OUTCOMES.find((o) => o === answer);
  const id = Number(idText);
  const { t } = await speakerFor(services, client, body.user.id, null);
  if (!outcome || !Number.isInteger(id)) return;
  const result = await services.loop.recordOutcome(id, body.user.id, outcome, services.now());
  if (result === "not-author" || result === "missing") {
    await respond({
      response_type: "ephemeral",
      replace_original: false,
      text: result === "missing" ? t.entryGone : t.undoNotYours,
    });
    return;
  }
  if (result === "already") {
    await respond({ response_type: "ephemeral", replace_original: false, text: t.outcomeAlready });
    return;
  }
  services.logger.info({ goodCallId: id, userId: body.user.id, outcome }, "follow-up answered");
  await client.views.open({ trigger_id: body.trigger_id, view: noteModal(t, id) });
  await respond({ replace_original: true, text: t.outcomeRecorded(t.outcomeLabels[outcome]) });
}

async function answerPromise(
  services: Services,
  { ack, body, action, client, respond }: ButtonArgs,
): Promise<void> {
  await ack();
  const [idText, answer] = (action.value ?? "").split(":");
  const id = Number(idText);
  const { t } = await speakerFor(services, client, body.user.id, null);
  if (!Number.isInteger(id) || !["kept", "broken", "later"].includes(answer ?? "")) return;
  const loop = services.loop;
  const now = services.now();
  const result =
    answer === "later"
      ? await loop.remindPromiseLater(id, body.user.id, new Date(now.getTime() + DAY_MS))
      : await loop.setPromiseStatus(id, body.user.id, answer === "kept" ? "kept" : "broken", now);
  const replies = {
    recorded:
      answer === "kept"
        ? t.promiseRecordedKept
        : answer === "broken"
          ? t.promiseRecordedBroken
          : t.promiseRemindTomorrow,
    already: t.promiseAlready,
    "not-author": t.undoNotYours,
    missing: t.entryGone,
  };
  if (result === "recorded") {
    services.logger.info({ goodCallId: id, userId: body.user.id, answer }, "promise answered");
    await respond({ replace_original: true, text: replies.recorded });
  } else {
    await respond({ response_type: "ephemeral", replace_original: false, text: replies[result] });
  }
}

/**
 * The period a "Propose a fix" button belongs to: that of the digest or manager summary it was
 * in, or (in a preview) the running one.
 */
async function periodOfMessage(
  services: Services,
  teamId: string,
  userId: string,
  messageTs: string | undefined,
): Promise<Period | null> {
  const team = await services.teams.find(teamId);
  if (!team) return null;
  if (messageTs) {
    const deliveries = services.deliveries;
    const source =
      (await deliveries.list("digest", teamId)).find((d) => d.messageTs === messageTs) ??
      (await deliveries.findByMessage(userId, messageTs));
    if (source?.periodStart && source.periodEnd) return { start: source.periodStart, end: source.periodEnd };
  }
  return currentPeriod(scheduleOf(team), services.now());
}

async function proposeFix(
  services: Services,
  { ack, body, action, client, respond }: ButtonArgs,
): Promise<void> {
  await ack();
  // Digests carry "pattern:<key>" (the channel is the team); manager DMs add "|<team id>".
  const [key = "", teamInValue] = (action.value ?? "").replace(/^pattern:/, "").split("|");
  const container = body.container as { channel_id?: string; message_ts?: string; is_ephemeral?: boolean };
  const teamId = teamInValue ?? container.channel_id ?? body.channel?.id ?? "";
  const team = await services.teams.find(teamId);
  const { t } = await speakerFor(services, client, body.user.id, team);
  const period = team
    ? await periodOfMessage(
        services,
        team.id,
        body.user.id,
        container.is_ephemeral ? undefined : container.message_ts,
      )
    : null;
  const calls = team && period ? await services.entries.goodCallsIn(team.id, period) : [];
  const pattern = findPatterns(calls, { limit: 50 }).find((p) => p.key === key);
  if (!team || !period || !pattern) {
    await respond({ response_type: "ephemeral", replace_original: false, text: t.patternGone });
    return;
  }
  await client.views.open({
    trigger_id: body.trigger_id,
    view: proposeFixModal(
      t,
      {
        teamId: team.id,
        patternKey: pattern.key,
        patternLabel: pattern.label,
        periodStart: period.start.toISOString(),
        periodEnd: period.end.toISOString(),
      },
      pattern.count,
    ),
  });
}
