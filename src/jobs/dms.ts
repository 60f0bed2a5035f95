// Which direct messages are due: instant DMs about a new entry, daily roundups, follow-up and
// promise reminders, and the weekly summaries and missed-digest notices the digests claimed; the
// outbox sends them all.
import type { DeliveryKind } from "../db/deliveries.ts";
import { instantRecipients } from "../domain/managerSummary.ts";
import { dailyPeriodEnding, dailySlotAtOrBefore } from "../domain/period.ts";
import type { Team } from "../domain/types.ts";
import type { Services } from "../services.ts";
import {
  claim,
  deliverEach,
  type InstantEntry,
  type JobDeps,
  type Pending,
  type PendingOf,
  runClock,
  type SendOptions,
  type SendResult,
  send,
  takeOver,
} from "./outbox.ts";

export const ROUNDUP_MINUTE = 16 * 60;
const ROUNDUP_GRACE_MS = 6 * 3600_000;
const FOLLOW_UP_GRACE_MS = 7 * 24 * 3600_000;
const PROMISE_GRACE_MS = 3 * 24 * 3600_000;
const DM_KINDS = [
  "instant",
  "roundup",
  "summary",
  "followup",
  "promise",
  "missed",
] as const satisfies DeliveryKind[];

export interface DmOutcome {
  kind: DeliveryKind;
  teamId: string;
  recipientId: string;
  result: SendResult;
  error?: string;
}

export async function sendDm(
  deps: JobDeps,
  item: Pending,
  now: Date,
  options?: SendOptions,
): Promise<DmOutcome> {
  const sent = await send(deps, item, now, options);
  return {
    kind: item.kind,
    teamId: item.team.id,
    recipientId: item.delivery.recipientId ?? "",
    result: sent.result,
    ...(sent.error ? { error: sent.error } : {}),
  };
}

/** Instant DMs about a good call or story just logged, to the managers who asked for them. */
export async function sendInstantDms(deps: JobDeps, team: Team, entry: InstantEntry, now: Date) {
  const { services } = deps;
  const value = entry.kind === "goodCall" ? entry.goodCall : entry.story;
  const recipients = instantRecipients(await services.teams.managersOf(team.id), value.authorId);
  const outcomes: DmOutcome[] = [];
  for (const managerId of recipients) {
    const key = {
      kind: "instant",
      teamId: team.id,
      managerId,
      entry: { kind: entry.kind, id: value.id },
    } as const;
    // The first attempt sends the entry in hand; only a retry reads it back from the database.
    const claimed = await claim<"instant">(
      services,
      team,
      key,
      { recipientId: managerId, periodEnd: now },
      now,
      entry,
    );
    if (claimed) outcomes.push(await sendDm(deps, claimed, now));
  }
  return outcomes;
}

/** Daily roundups at 16:00 team time for managers who chose them; only sent when non-empty. */
async function claimRoundups(services: Services, teams: Team[], now: Date) {
  const claimed: Array<PendingOf<"roundup">> = [];
  for (const team of teams) {
    const slot = dailySlotAtOrBefore(team.timeZone, ROUNDUP_MINUTE, now);
    if (now.getTime() - slot.getTime() > ROUNDUP_GRACE_MS) continue;
    const period = dailyPeriodEnding(team.timeZone, slot, ROUNDUP_MINUTE);
    for (const manager of await services.teams.managersOf(team.id)) {
      if (manager.preference !== "daily" || manager.unreachable) continue;
      const key = { kind: "roundup", teamId: team.id, managerId: manager.userId, slot } as const;
      const fields = { recipientId: manager.userId, periodStart: period.start, periodEnd: period.end };
      const delivery = await claim<"roundup">(services, team, key, fields, now);
      if (delivery) claimed.push(delivery);
    }
  }
  return claimed;
}

/** "Did it help?" after the team's follow-up days, and promise reminders on their due date. */
async function claimReminders(services: Services, teams: Team[], now: Date) {
  const byId = new Map(teams.map((t) => [t.id, t]));
  const claimed: Pending[] = [];
  for (const call of await services.loop.dueFollowUps(now, new Date(now.getTime() - FOLLOW_UP_GRACE_MS))) {
    const team = byId.get(call.teamId);
    if (!team) continue;
    const key = { kind: "followup", goodCallId: call.id } as const;
    const fields = { recipientId: call.authorId, periodEnd: now };
    const delivery = await claim<"followup">(services, team, key, fields, now, call);
    if (delivery) claimed.push(delivery);
  }
  const since = new Date(now.getTime() - PROMISE_GRACE_MS);
  for (const promise of await services.loop.duePromiseReminders(now, since)) {
    const team = byId.get(promise.teamId);
    if (!team || !promise.promiseRemindAt) continue;
    const key = { kind: "promise", goodCallId: promise.id, remindAt: promise.promiseRemindAt } as const;
    const delivery = await claim<"promise">(
      services,
      team,
      key,
      { recipientId: promise.authorId, periodEnd: now },
      now,
    );
    if (delivery) claimed.push(delivery);
  }
  return claimed;
}

/**
 * Claims what is due and resumes what is unfinished, for every kind of DM; `claimed` are those
 * runDigests claimed with its digests in the same run.
 */
export async function runManagerDms(
  deps: JobDeps,
  now: Date,
  options: { teamId?: string; claimed?: Pending[]; clock?: () => Date } = {},
): Promise<DmOutcome[]> {
  const { services } = deps;
  const clock = options.clock ?? runClock(now);
  // Teams of workspaces that uninstalled GoodCall are left out: their jobs stop at once.
  const teams = await services.teams.active(options.teamId);
  const work: Pending[] = [
    ...(options.claimed ?? []),
    ...(await claimRoundups(services, teams, now)),
    ...(await claimReminders(services, teams, now)),
    ...(await takeOver(services, DM_KINDS, now, teams, options.teamId)),
  ];
  const outcomes: DmOutcome[] = [];
  await deliverEach(deps, work, async (item, paced, waits) => {
    outcomes.push(await sendDm(paced, item, now, { clock, ...waits }));
  });
  return outcomes;
}
