// Posts each team's weekly digest exactly once per period: claim in the database, then send;
// failures are retried by later runs with backoff until the period is 48 hours old.
import type { WebClient } from "@slack/web-api";
import type { Delivery, DeliveryRepository } from "../db/deliveries.ts";
import { composeDigest, type Digest } from "../domain/digest.ts";
import { messages } from "../domain/i18n.ts";
import { dueDigestPeriods, type Period, previousPeriod, scheduleOf } from "../domain/period.ts";
import type { Team } from "../domain/types.ts";
import type { Services } from "../services.ts";
import { renderDigest, renderDigestPreview } from "../views/digest.ts";
import { describeSlackError } from "../web.ts";
import { ChannelPacer, forEachLimited } from "./pacer.ts";

export const DIGEST_GRACE_MS = 48 * 3600_000;
/** How long a claim is ours before another instance may assume we crashed and take it over. */
export const LEASE_MS = 5 * 60_000;
const METADATA_EVENT = "goodcall_digest";

export interface JobDeps {
  services: Services;
  client: WebClient;
  /** Identifies this process in claims (host, pid, start time). */
  owner: string;
  pacer?: ChannelPacer;
  concurrency?: number;
}

export interface DigestOutcome {
  teamId: string;
  period: Period;
  late: boolean;
  result: "posted" | "already-posted" | "retry-later" | "failed" | "preview";
  error?: string;
  preview?: { text: string; json: string };
}

export function digestKey(teamId: string, periodEnd: Date): string {
  return `digest:${teamId}:${periodEnd.toISOString()}`;
}

/** Backoff for failed deliveries: 1, 2, 4 … minutes, at most an hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(60, 2 ** Math.max(0, attempts - 1)) * 60_000;
}

export async function composeFor(
  services: Services,
  team: Team,
  period: Period,
  late: boolean,
): Promise<Digest> {
  const input = await services.digests.load(team, period, previousPeriod(scheduleOf(team), period), late);
  return composeDigest(input);
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
): Promise<DigestOutcome[]> {
  const { services } = deps;
  const deliveries = services.deliveries;
  const pacer = deps.pacer ?? new ChannelPacer();
  const teams = options.teamId
    ? [await services.teams.find(options.teamId)].filter((t): t is Team => t !== null)
    : await services.teams.all();
  const outcomes: DigestOutcome[] = [];
  const work: Array<{ team: Team; delivery: Delivery }> = [];

  for (const team of teams) {
    const lastEnd = await deliveries.lastDigestEnd(team.id);
    for (const due of dueDigestPeriods(scheduleOf(team), lastEnd, now, DIGEST_GRACE_MS, team.createdAt)) {
      const period = { start: due.start, end: due.end };
      if (options.dryRun) {
        const digest = await composeFor(services, team, period, due.late);
        const t = messages(team.language);
        const rendered = renderDigest(digest, t);
        outcomes.push({
          teamId: team.id,
          period,
          late: due.late,
          result: "preview",
          preview: { text: renderDigestPreview(digest, t), json: JSON.stringify(rendered.blocks, null, 2) },
        });
        continue;
      }
      const claimed = await deliveries.claim(
        {
          key: digestKey(team.id, period.end),
          kind: "digest",
          teamId: team.id,
          periodStart: period.start,
          periodEnd: period.end,
          late: due.late,
        },
        now,
        LEASE_MS,
      );
      if (claimed) work.push({ team, delivery: claimed });
    }
  }
  if (options.dryRun) return outcomes;

  const byId = new Map(teams.map((t) => [t.id, t]));
  for (const delivery of await deliveries.takeOverDue("digest", now, LEASE_MS, options.teamId)) {
    const team = byId.get(delivery.teamId);
    if (team) work.push({ team, delivery });
  }

  await forEachLimited(work, deps.concurrency ?? 4, async ({ team, delivery }) => {
    outcomes.push(await deliver(deps, deliveries, pacer, team, delivery, now));
  });
  return outcomes;
}

async function deliver(
  deps: JobDeps,
  deliveries: DeliveryRepository,
  pacer: ChannelPacer,
  team: Team,
  delivery: Delivery,
  now: Date,
): Promise<DigestOutcome> {
  const { services, client } = deps;
  const period = { start: delivery.periodStart ?? now, end: delivery.periodEnd ?? now };
  const base = { teamId: team.id, period, late: delivery.late };
  const log = { teamId: team.id, periodEnd: period.end.toISOString(), attempt: delivery.attempts + 1 };
  try {
    // A previous attempt may have reached Slack before its owner crashed: look before posting again.
    if (delivery.attemptStartedAt) {
      const ts = await findPostedDigest(client, team.id, delivery.key);
      if (ts) {
        await deliveries.markPosted(delivery.id, now, ts);
        services.logger.info(log, "digest found already posted; not posting again");
        return { ...base, result: "already-posted" };
      }
    }
    const digest = await composeFor(services, team, period, delivery.late);
    const rendered = renderDigest(digest, messages(team.language));
    await deliveries.markAttemptStarted(delivery.id, now);
    await pacer.wait(team.id);
    const posted = await client.chat.postMessage({
      channel: team.id,
      ...rendered,
      unfurl_links: false,
      metadata: { event_type: METADATA_EVENT, event_payload: { key: delivery.key } },
    });
    await deliveries.markPosted(delivery.id, now, posted.ts ?? null);
    services.logger.info(
      { ...log, late: delivery.late, goodCalls: digest.totals.goodCalls },
      "digest posted",
    );
    return { ...base, result: "posted" };
  } catch (error) {
    const message = describeSlackError(error);
    const retryAt = new Date(now.getTime() + retryDelayMs(delivery.attempts + 1));
    if (retryAt.getTime() - period.end.getTime() > DIGEST_GRACE_MS) {
      await deliveries.markFailed(delivery.id, message, null);
      services.logger.warn(
        { ...log, error: message },
        "digest delivery given up: the period is more than 48 hours old",
      );
      return { ...base, result: "failed", error: message };
    }
    await deliveries.markFailed(delivery.id, message, retryAt);
    services.logger.warn(
      { ...log, error: message, retryAt: retryAt.toISOString() },
      "digest delivery failed; will retry",
    );
    return { ...base, result: "retry-later", error: message };
  }
}

async function findPostedDigest(client: WebClient, channel: string, key: string): Promise<string | null> {
  const history = await client.conversations.history({ channel, limit: 200, include_all_metadata: true });
  const found = history.messages?.find(
    (m) =>
      m.metadata?.event_type === METADATA_EVENT &&
      (m.metadata.event_payload as { key?: string } | undefined)?.key === key,
  );
  return found?.ts ?? null;
}
