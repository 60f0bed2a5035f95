// Which digests are due: each team's periods are claimed in the outbox together with the manager
// summaries that go with them, then posted; a dry run only composes previews.
import type { Delivery } from "../db/deliveries.ts";
import { messages } from "../domain/i18n.ts";
import { summaryRecipients } from "../domain/managerSummary.ts";
import { dueDigestPeriods, missedDigestSpan, type Period, scheduleOf } from "../domain/period.ts";
import type { Team } from "../domain/types.ts";
import type { Services } from "../services.ts";
import { renderDigest, renderDigestPreview } from "../views/digest.ts";
import {
  claim,
  claimMissing,
  deliverEach,
  GRACE_MS,
  type JobDeps,
  type Pending,
  type PendingOf,
  runClock,
  type SendResult,
  send,
  takeOver,
} from "./outbox.ts";
import type { Waits } from "./pacer.ts";
import { loadWeeks, WEEKS_PER_CHUNK, type Week, type WeekWanted, weeksInChunks } from "./week.ts";

export interface DigestOutcome {
  teamId: string;
  period: Period;
  late: boolean;
  result: SendResult | "preview";
  error?: string;
  preview?: { text: string; json: string };
}

export interface DigestRun {
  digests: DigestOutcome[];
  /**
   * Manager DMs claimed with this run's digests, for runManagerDms: notices of digests that were
   * missed or given up, and, when no sendSummary was given, the summaries (each then loads its week
   * again when sent: the weeks are not held for them).
   */
  dms: Pending[];
}

/** Sends a summary claimed with a digest just sent, in the digest's slot of the run (its pacer and waits). */
export type SendSummary = (summary: Pending, paced: JobDeps, waits: Waits) => Promise<void>;

/**
 * Runs every digest due at `now` (optionally for one team): new periods are claimed and posted,
 * and unfinished deliveries (crashed owner, failed attempt whose retry time has come) are resumed.
 * With dryRun, composes and returns previews and claims nothing.
 */
export async function runDigests(
  deps: JobDeps,
  now: Date,
  options: { teamId?: string; dryRun?: boolean; clock?: () => Date; sendSummary?: SendSummary } = {},
): Promise<DigestRun> {
  const { services } = deps;
  const clock = options.clock ?? runClock(now);
  // Teams of workspaces that uninstalled GoodCall are left out: their jobs stop at once.
  const teams = await services.teams.active(options.teamId);
  if (options.dryRun) return { digests: await previews(services, teams, now), dms: [] };

  const work: Array<PendingOf<"digest">> = [];
  const handed: Pending[] = [];
  for (const team of teams) {
    const lastEnd = await services.deliveries.lastDigestEnd(team.id);
    // Periods too old to post are not passed over in silence: the managers hear of them once.
    const missed = missedDigestSpan(scheduleOf(team), lastEnd, now, GRACE_MS, team.createdAt);
    if (missed) handed.push(...(await claimMissedNotices(services, team, missed, now)));
    for (const due of dueDigestPeriods(scheduleOf(team), lastEnd, now, GRACE_MS, team.createdAt)) {
      const key = { kind: "digest", teamId: team.id, periodEnd: due.end } as const;
      const claimed = await claim<"digest">(
        services,
        team,
        key,
        { periodStart: due.start, periodEnd: due.end, late: due.late },
        now,
      );
      if (claimed) work.push(claimed);
    }
  }
  work.push(...(await takeOver(services, ["digest"], now, teams, options.teamId)));

  const digests: DigestOutcome[] = [];
  // The weeks are loaded a chunk of teams at a time, as the deliveries reach them, and handed to
  // the first attempt; a retry or a takeover in a later run loads its own.
  const weekOf = weeksInChunks(
    services,
    work.map(({ team, delivery }) => ({ team, period: periodOf(delivery), late: delivery.late })),
  );
  const positions = new Map(work.map((digest, position) => [digest, position]));
  await deliverEach(deps, work, async (digest, paced, waits) => {
    const week = await weekOf(positions.get(digest) ?? 0);
    // Summaries are claimed before their digest is sent, so a crash while sending cannot lose them;
    // a digest taken over from a run that crashed sooner gets the summaries that run did not claim.
    const summaries = await claimSummaries(services, digest, now);
    const sent = await send(paced, week ? { ...digest, given: week } : digest, now, { clock, ...waits });
    const { delivery } = digest;
    digests.push({
      teamId: digest.team.id,
      period: { start: delivery.periodStart ?? now, end: delivery.periodEnd ?? now },
      late: delivery.late,
      result: sent.result,
      ...(sent.error ? { error: sent.error } : {}),
    });
    const composed = sent.value;
    // NOTE: sent here, a summary lets its team's week go with its digest: handed on to the DMs after
    // every digest, 10,000 teams' weeks (some 100 KB each) would all be held until then.
    for (const summary of summaries) {
      const given = composed ? { ...summary, given: composed } : summary;
      if (options.sendSummary) await options.sendSummary(given, paced, waits);
      else handed.push(summary);
    }
    if (sent.result === "failed") {
      const period = { start: delivery.periodStart ?? digest.key.periodEnd, end: digest.key.periodEnd };
      handed.push(...(await claimMissedNotices(services, digest.team, period, now)));
    }
  });
  return { digests, dms: handed };
}

/** The period a digest's claim is about, as the outbox reads it when it loads the week itself. */
function periodOf(delivery: Delivery): Period {
  return { start: delivery.periodStart ?? new Date(0), end: delivery.periodEnd ?? new Date(0) };
}

/** The periods whose digest is due: those after the last one claimed, up to `now`, within the grace window. */
async function duePeriods(services: Services, team: Team, now: Date) {
  const lastEnd = await services.deliveries.lastDigestEnd(team.id);
  return dueDigestPeriods(scheduleOf(team), lastEnd, now, GRACE_MS, team.createdAt);
}

/** One notice per manager (who has not turned DMs off) that the digest(s) of `period` never went out. */
async function claimMissedNotices(services: Services, team: Team, period: Period, now: Date) {
  const recipients = summaryRecipients(await services.teams.managersOf(team.id));
  return claimMissing<"missed">(
    services,
    team,
    recipients.map((managerId) => ({
      key: { kind: "missed", teamId: team.id, managerId, periodEnd: period.end } as const,
      fields: { recipientId: managerId, periodStart: period.start, periodEnd: period.end },
    })),
    now,
  );
}

/** Weekly summaries go with the team's digest: one per manager who has not turned DMs off. */
async function claimSummaries(services: Services, digest: PendingOf<"digest">, now: Date) {
  const { team, delivery, key } = digest;
  const recipients = summaryRecipients(await services.teams.managersOf(team.id));
  return claimMissing<"summary">(
    services,
    team,
    recipients.map((managerId) => ({
      key: { kind: "summary", teamId: team.id, managerId, periodEnd: key.periodEnd } as const,
      fields: {
        recipientId: managerId,
        periodStart: delivery.periodStart ?? key.periodEnd,
        periodEnd: key.periodEnd,
      },
    })),
    now,
  );
}

async function previews(services: Services, teams: Team[], now: Date): Promise<DigestOutcome[]> {
  const wanted: WeekWanted[] = [];
  for (const team of teams) {
    for (const due of await duePeriods(services, team, now)) {
      wanted.push({ team, period: { start: due.start, end: due.end }, late: due.late });
    }
  }
  const outcomes: DigestOutcome[] = [];
  for (let from = 0; from < wanted.length; from += WEEKS_PER_CHUNK) {
    const chunk = wanted.slice(from, from + WEEKS_PER_CHUNK);
    const weeks = await loadWeeks(services, chunk);
    chunk.forEach(({ team, period, late }, i) => {
      const digest = (weeks[i] as Week).digest;
      const t = messages(team.language);
      outcomes.push({
        teamId: team.id,
        period,
        late,
        result: "preview",
        preview: {
          text: renderDigestPreview(digest, t),
          json: JSON.stringify(renderDigest(digest, t).blocks, null, 2),
        },
      });
    });
  }
  return outcomes;
}
