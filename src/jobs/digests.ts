// Which digests are due: each team's periods are claimed in the outbox together with the manager
// summaries that go with them, then posted; a dry run only composes previews.
import { messages } from "../domain/i18n.ts";
import { summaryRecipients } from "../domain/managerSummary.ts";
import { dueDigestPeriods, type Period, scheduleOf } from "../domain/period.ts";
import type { Team } from "../domain/types.ts";
import type { Services } from "../services.ts";
import { renderDigest, renderDigestPreview } from "../views/digest.ts";
import {
  claim,
  claimMissing,
  GRACE_MS,
  type JobDeps,
  type PendingOf,
  type SendResult,
  send,
  takeOver,
} from "./outbox.ts";
import { ChannelPacer, forEachLimited } from "./pacer.ts";
import { composeFor } from "./week.ts";

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
  /** Summaries claimed with this run's digests, handed the week their digest composed: for runManagerDms. */
  summaries: Array<PendingOf<"summary">>;
}

/**
 * Runs every digest due at `now` (optionally for one team): new periods are claimed and posted,
 * and unfinished deliveries (crashed owner, failed attempt whose retry time has come) are resumed.
 * With dryRun, composes and returns previews and claims nothing.
 */
export async function runDigests(
  deps: JobDeps,
  now: Date,
  options: { teamId?: string; dryRun?: boolean } = {},
): Promise<DigestRun> {
  const { services } = deps;
  const teams = options.teamId
    ? [await services.teams.find(options.teamId)].filter((t): t is Team => t !== null)
    : await services.teams.all();
  if (options.dryRun) return { digests: await previews(services, teams, now), summaries: [] };

  const work: Array<PendingOf<"digest">> = [];
  for (const team of teams) {
    for (const due of await duePeriods(services, team, now)) {
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

  const deliverDeps = { ...deps, pacer: deps.pacer ?? new ChannelPacer() };
  const digests: DigestOutcome[] = [];
  const handed: Array<PendingOf<"summary">> = [];
  await forEachLimited(work, deps.concurrency ?? 4, async (digest) => {
    // Summaries are claimed before their digest is sent, so a crash while sending cannot lose them;
    // a digest taken over from a run that crashed sooner gets the summaries that run did not claim.
    const summaries = await claimSummaries(services, digest, now);
    const sent = await send(deliverDeps, digest, now);
    const { delivery } = digest;
    digests.push({
      teamId: digest.team.id,
      period: { start: delivery.periodStart ?? now, end: delivery.periodEnd ?? now },
      late: delivery.late,
      result: sent.result,
      ...(sent.error ? { error: sent.error } : {}),
    });
    const week = sent.value;
    for (const summary of summaries) handed.push(week ? { ...summary, given: week } : summary);
  });
  return { digests, summaries: handed };
}

/** The periods whose digest is due: those after the last one claimed, up to `now`, within the grace window. */
async function duePeriods(services: Services, team: Team, now: Date) {
  const lastEnd = await services.deliveries.lastDigestEnd(team.id);
  return dueDigestPeriods(scheduleOf(team), lastEnd, now, GRACE_MS, team.createdAt);
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
  const outcomes: DigestOutcome[] = [];
  for (const team of teams) {
    for (const due of await duePeriods(services, team, now)) {
      const period = { start: due.start, end: due.end };
      const digest = await composeFor(services, team, period, due.late);
      const t = messages(team.language);
      outcomes.push({
        teamId: team.id,
        period,
        late: due.late,
        result: "preview",
        preview: {
          text: renderDigestPreview(digest, t),
          json: JSON.stringify(renderDigest(digest, t).blocks, null, 2),
        },
      });
    }
  }
  return outcomes;
}
