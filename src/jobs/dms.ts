// Direct messages to managers (instant, daily roundup, weekly summary), each claimed once like a
// digest and retried the same way. A manager who left the workspace is skipped and remembered.
import type { KnownBlock } from "@slack/types";
import { DateTime } from "luxon";
import type { Delivery, DeliveryKind, DeliveryRepository } from "../db/deliveries.ts";
import { languageFromLocale, messages } from "../domain/i18n.ts";
import { composeManagerSummary, instantRecipients, summaryRecipients } from "../domain/managerSummary.ts";
import { findPatterns } from "../domain/patterns.ts";
import {
  dailyPeriodEnding,
  dailySlotAtOrBefore,
  formatPeriod,
  previousPeriod,
  scheduleOf,
} from "../domain/period.ts";
import type { Team } from "../domain/types.ts";
import { followUpDm, promiseDm } from "../views/loop.ts";
import { instantGoodCallDm, instantStoryDm, managerSummaryDm, roundupDm } from "../views/managers.ts";
import { describeSlackError, openDm, slackErrorCode } from "../web.ts";
import { DIGEST_GRACE_MS, type JobDeps, LEASE_MS, retryDelayMs } from "./digests.ts";
import { forEachLimited } from "./pacer.ts";

export const ROUNDUP_MINUTE = 16 * 60;
const ROUNDUP_GRACE_MS = 6 * 3600_000;
/** Slack's answers for a person who is no longer there to read a DM. */
const GONE = new Set([
  "user_not_found",
  "account_inactive",
  "user_disabled",
  "cannot_dm_bot",
  "users_not_found",
]);

type Message = { text: string; blocks: KnownBlock[] };

export interface DmOutcome {
  kind: DeliveryKind;
  teamId: string;
  recipientId: string;
  result: "posted" | "nothing-to-say" | "recipient-gone" | "retry-later" | "failed";
  error?: string;
}

/** Renders a claimed DM delivery from the database, so a retry sends what is true now. */
export async function renderDelivery(deps: JobDeps, team: Team, delivery: Delivery): Promise<Message | null> {
  const { services } = deps;
  const recipient = delivery.recipientId ?? "";
  // A DM speaks the person's own Slack language when we know it, else the team's.
  const t = messages(languageFromLocale(await services.people.locale(recipient)) ?? team.language);
  if (delivery.kind === "followup" || delivery.kind === "promise") {
    const id = Number(delivery.key.split(":")[1]);
    const call = await services.entries.findGoodCall(id);
    if (!call) return null;
    if (delivery.kind === "followup") return call.outcome ? null : followUpDm(t, call);
    if (call.promiseStatus !== "pending" || !call.promiseDue) return null;
    const due = DateTime.fromISO(call.promiseDue, { zone: team.timeZone }).toJSDate();
    return promiseDm(
      t,
      call,
      formatPeriod({ start: due, end: new Date(due.getTime() + 3600_000) }, team.timeZone, team.language),
    );
  }
  if (delivery.kind === "instant") {
    const ref = delivery.key.split(":").slice(-2);
    const id = Number(ref[1]);
    if (ref[0] === "gc") {
      const call = await services.entries.findGoodCall(id);
      return call ? instantGoodCallDm(t, team.language, team, call) : null;
    }
    const story = await services.entries.findStory(id);
    return story ? instantStoryDm(t, team, story) : null;
  }
  const period = { start: delivery.periodStart ?? new Date(0), end: delivery.periodEnd ?? new Date(0) };
  if (delivery.kind === "roundup") {
    const [calls, stories] = await Promise.all([
      services.entries.goodCallsIn(team.id, period),
      services.entries.storiesIn(team.id, period),
    ]);
    const others = calls.filter((c) => c.authorId !== recipient);
    const otherStories = stories.filter((s) => s.authorId !== recipient);
    // A roundup is sent only when there is something in it.
    if (others.length === 0 && otherStories.length === 0) return null;
    return roundupDm(t, team.language, team, others, otherStories);
  }
  if (delivery.kind === "summary") {
    const managers = await services.teams.managersOf(team.id);
    const unreachable = managers.filter((m) => m.unreachable).map((m) => m.userId);
    const input = await services.digests.summary(
      team,
      period,
      previousPeriod(scheduleOf(team), period),
      recipient,
      unreachable,
    );
    const loop = services.loop;
    const [open, promises] = await Promise.all([
      loop.openImprovements(team.id),
      loop.promisesIn(team.id, period),
    ]);
    const patterns = findPatterns(input.goodCalls).map((p) => ({
      key: p.key,
      label: p.label,
      count: p.count,
      people: p.people.length,
    }));
    return managerSummaryDm(t, composeManagerSummary(input), team.usualLimit, {
      patterns,
      openImprovements: open.length,
      promises,
    });
  }
  return null;
}

/** Sends one claimed DM; failures are recorded and retried by later runs, gone people skipped. */
export async function deliverDm(
  deps: JobDeps,
  deliveries: DeliveryRepository,
  team: Team,
  delivery: Delivery,
  now: Date,
): Promise<DmOutcome> {
  const { services, client } = deps;
  const recipient = delivery.recipientId ?? "";
  const base = { kind: delivery.kind, teamId: team.id, recipientId: recipient };
  const log = {
    kind: delivery.kind,
    teamId: team.id,
    recipientId: recipient,
    attempt: delivery.attempts + 1,
  };
  try {
    const message = await renderDelivery(deps, team, delivery);
    if (!message) {
      await deliveries.markPosted(delivery.id, now, null);
      return { ...base, result: "nothing-to-say" };
    }
    await deliveries.markAttemptStarted(delivery.id, now);
    const channel = await openDm(client, recipient);
    const posted = await client.chat.postMessage({ channel, ...message, unfurl_links: false });
    await deliveries.markPosted(delivery.id, now, posted.ts ?? null);
    services.logger.info(log, "manager DM sent");
    return { ...base, result: "posted" };
  } catch (error) {
    const code = slackErrorCode(error);
    const text = describeSlackError(error);
    if (code && GONE.has(code)) {
      await deliveries.markFailed(delivery.id, text, null);
      await services.teams.markManagerUnreachable(team.id, recipient, now);
      services.logger.warn({ ...log, error: text }, "manager unreachable (left the workspace?); skipped");
      return { ...base, result: "recipient-gone", error: text };
    }
    const origin = delivery.periodEnd ?? now;
    const retryAt = new Date(now.getTime() + retryDelayMs(delivery.attempts + 1));
    if (retryAt.getTime() - origin.getTime() > DIGEST_GRACE_MS) {
      await deliveries.markFailed(delivery.id, text, null);
      services.logger.warn({ ...log, error: text }, "manager DM given up after 48 hours");
      return { ...base, result: "failed", error: text };
    }
    await deliveries.markFailed(delivery.id, text, retryAt);
    services.logger.warn(
      { ...log, error: text, retryAt: retryAt.toISOString() },
      "manager DM failed; will retry",
    );
    return { ...base, result: "retry-later", error: text };
  }
}

/** Instant DMs about a new good call or story to the managers who asked for them. */
export async function sendInstantDms(
  deps: JobDeps,
  team: Team,
  entry: { kind: "gc" | "st"; id: number; authorId: string },
  now: Date,
) {
  const deliveries = deps.services.deliveries;
  const recipients = instantRecipients(await deps.services.teams.managersOf(team.id), entry.authorId);
  const outcomes: DmOutcome[] = [];
  for (const managerId of recipients) {
    const claimed = await deliveries.claim(
      {
        key: `instant:${team.id}:${managerId}:${entry.kind}:${entry.id}`,
        kind: "instant",
        teamId: team.id,
        recipientId: managerId,
        periodEnd: now,
      },
      now,
      LEASE_MS,
    );
    if (claimed) outcomes.push(await deliverDm(deps, deliveries, team, claimed, now));
  }
  return outcomes;
}

/** Daily roundups at 16:00 team time for managers who chose them; only sent when non-empty. */
async function claimRoundups(deps: JobDeps, deliveries: DeliveryRepository, teams: Team[], now: Date) {
  const claimed: Array<{ team: Team; delivery: Delivery }> = [];
  for (const team of teams) {
    const slot = dailySlotAtOrBefore(team.timeZone, ROUNDUP_MINUTE, now);
    if (now.getTime() - slot.getTime() > ROUNDUP_GRACE_MS) continue;
    const period = dailyPeriodEnding(team.timeZone, slot, ROUNDUP_MINUTE);
    for (const manager of await deps.services.teams.managersOf(team.id)) {
      if (manager.preference !== "daily" || manager.unreachable) continue;
      const delivery = await deliveries.claim(
        {
          key: `roundup:${team.id}:${manager.userId}:${slot.toISOString()}`,
          kind: "roundup",
          teamId: team.id,
          recipientId: manager.userId,
          periodStart: period.start,
          periodEnd: period.end,
        },
        now,
        LEASE_MS,
      );
      if (delivery) claimed.push({ team, delivery });
    }
  }
  return claimed;
}

/** Weekly summaries go with the team's digest: one per manager for every digest period claimed. */
async function claimSummaries(deps: JobDeps, deliveries: DeliveryRepository, teams: Team[], now: Date) {
  const claimed: Array<{ team: Team; delivery: Delivery }> = [];
  for (const team of teams) {
    const digests = (await deliveries.list("digest", team.id)).filter(
      (d) => d.periodEnd && now.getTime() - d.periodEnd.getTime() <= DIGEST_GRACE_MS,
    );
    if (digests.length === 0) continue;
    const recipients = summaryRecipients(await deps.services.teams.managersOf(team.id));
    for (const digest of digests) {
      for (const managerId of recipients) {
        const delivery = await deliveries.claim(
          {
            key: `summary:${team.id}:${managerId}:${digest.periodEnd?.toISOString()}`,
            kind: "summary",
            teamId: team.id,
            recipientId: managerId,
            periodStart: digest.periodStart,
            periodEnd: digest.periodEnd,
          },
          now,
          LEASE_MS,
        );
        if (delivery) claimed.push({ team, delivery });
      }
    }
  }
  return claimed;
}

const FOLLOW_UP_GRACE_MS = 7 * 24 * 3600_000;
const PROMISE_GRACE_MS = 3 * 24 * 3600_000;

/** "Did it help?" after the team's follow-up days, and promise reminders on their due date. */
async function claimReminders(deps: JobDeps, deliveries: DeliveryRepository, teams: Team[], now: Date) {
  const loop = deps.services.loop;
  const byId = new Map(teams.map((t) => [t.id, t]));
  const claimed: Array<{ team: Team; delivery: Delivery }> = [];
  for (const call of await loop.dueFollowUps(now, new Date(now.getTime() - FOLLOW_UP_GRACE_MS))) {
    const team = byId.get(call.teamId);
    if (!team) continue;
    const delivery = await deliveries.claim(
      {
        key: `followup:${call.id}`,
        kind: "followup",
        teamId: team.id,
        recipientId: call.authorId,
        periodEnd: now,
      },
      now,
      LEASE_MS,
    );
    if (delivery) claimed.push({ team, delivery });
  }
  for (const promise of await loop.duePromiseReminders(now, new Date(now.getTime() - PROMISE_GRACE_MS))) {
    const team = byId.get(promise.teamId);
    if (!team || !promise.promiseRemindAt) continue;
    // "Remind me tomorrow" moves the reminder time, which makes a new claim key.
    const delivery = await deliveries.claim(
      {
        key: `promise:${promise.id}:${promise.promiseRemindAt.toISOString()}`,
        kind: "promise",
        teamId: team.id,
        recipientId: promise.authorId,
        periodEnd: now,
      },
      now,
      LEASE_MS,
    );
    if (delivery) claimed.push({ team, delivery });
  }
  return claimed;
}

/** Claims what is due and resumes what is unfinished, for every kind of DM. */
export async function runManagerDms(
  deps: JobDeps,
  now: Date,
  options: { teamId?: string } = {},
): Promise<DmOutcome[]> {
  const { services } = deps;
  const deliveries = services.deliveries;
  const teams = options.teamId
    ? [await services.teams.find(options.teamId)].filter((t): t is Team => t !== null)
    : await services.teams.all();
  const work = [
    ...(await claimSummaries(deps, deliveries, teams, now)),
    ...(await claimRoundups(deps, deliveries, teams, now)),
    ...(await claimReminders(deps, deliveries, teams, now)),
  ];
  const byId = new Map(teams.map((t) => [t.id, t]));
  for (const kind of ["instant", "roundup", "summary", "followup", "promise"] as const) {
    for (const delivery of await deliveries.takeOverDue(kind, now, LEASE_MS, options.teamId)) {
      const team = byId.get(delivery.teamId);
      if (team) work.push({ team, delivery });
    }
  }
  const outcomes: DmOutcome[] = [];
  await forEachLimited(work, deps.concurrency ?? 4, async ({ team, delivery }) => {
    outcomes.push(await deliverDm(deps, deliveries, team, delivery, now));
  });
  return outcomes;
}
