// Part 3: delivering every digest of the 5.2M-row dataset, and the manager summaries that go with them,
// with runJobs to a fake Slack that enforces Slack's limits on chat.postMessage (one post a second per
// channel, 300 a minute per workspace: the lowest reading of "several hundred"). At those limits the
// 2,000 posts of one workspace take over eight minutes, too long for the bench, so the run is simulated
// on a clock scaled ×SCALE: the fake's windows and the pacer's intervals are both divided by it.
// Our own work is not scaled, so the scaled run says two things: whether the app keeps to the limits
// (429s, nothing lost or posted twice), and how long a post takes us. At Slack's own limits the run
// then takes the pacer's floor (posts × its interval per workspace) as long as a post takes us less
// than that interval, and otherwise as long as our work does: max(floor, the scaled run's time).
import Database from "better-sqlite3";
import { WORKSPACE_INTERVAL_MS } from "../src/jobs/pacer.ts";
import { SLACK_POST_LIMITS, type SlackCall, startFakeSlack } from "../test/support/fakeSlack.ts";
import { DATASET, type Dataset, personId, resetDeliveries, teamId } from "./dataset.ts";
import { type Child, fmt, progress, type Row, startChild } from "./lib.ts";

/** Slack's time ÷ the bench's: the 2,000 posts allowed in 50 s instead of 8.3 min. */
const SCALE = 10;

interface DeliverResult {
  /** Digests of the week before recorded as posted before the run. */
  lastWeek: number;
  seconds: number;
  cpuSeconds: number;
  results: Record<string, number>;
  firstError?: string;
  maxRssMb: number;
}

export async function benchDelivery(dataset: Dataset): Promise<Row[]> {
  const fake = await startFakeSlack();
  let child: Child | undefined;
  try {
    const { perChannel, perWorkspace } = SLACK_POST_LIMITS;
    fake.limitPosts({
      perChannel: { posts: perChannel.posts, windowMs: perChannel.windowMs / SCALE },
      perWorkspace: { posts: perWorkspace.posts, windowMs: perWorkspace.windowMs / SCALE },
    });
    resetDeliveries(dataset.file);
    child = await startChild("deliver.ts", [dataset.url, fake.url]);
    progress(
      `part 3: delivering ${DATASET.teams} digests and their summaries with runJobs (one workspace), fake Slack at ${perChannel.posts} post/${perChannel.windowMs / 1000} s per channel and ${perWorkspace.posts}/${perWorkspace.windowMs / 60_000} min per workspace, clock scaled ×${SCALE}`,
    );
    const result = await child.request<DeliverResult>("deliver", { scale: SCALE });
    const check = checkDelivery(dataset.file, fake.calls("chat.postMessage"), result.lastWeek);
    const floorSeconds = (check.expected * WORKSPACE_INTERVAL_MS) / 1000;
    const atSlackSeconds = Math.max(floorSeconds, result.seconds);
    const perPostMs = (result.seconds * 1000) / check.expected;
    const cpuPerPostMs = (result.cpuSeconds * 1000) / check.expected;
    const allowedPerSecond = (1000 / WORKSPACE_INTERVAL_MS) * SCALE;
    const reached = check.posted / check.postingSeconds / allowedPerSecond;
    progress(
      `part 3: ${JSON.stringify(result.results)} in ${fmt(result.seconds, 2)} s at ×${SCALE} (${fmt(perPostMs, 1)} ms a post, ${fmt(cpuPerPostMs, 1)} ms of it CPU; posts at ${fmt(reached * 100, 0)} % of the scaled rate) → ${fmt(atSlackSeconds / 60, 1)} min at Slack's limits (the pacer's floor: ${check.expected} posts × ${WORKSPACE_INTERVAL_MS} ms = ${fmt(floorSeconds / 60, 1)} min); 429s ${check.rateLimited}; lost ${check.lost}; posted twice ${check.duplicates}; others posted ${check.unexpected}; delivery rows posted ${check.rowsPosted} of ${check.expected}; peak RSS ${fmt(result.maxRssMb, 0)} MB${result.firstError ? `; first error: ${result.firstError}` : ""}`,
    );
    return [
      {
        figure: `delivery: ${DATASET.teams} digests + ${DATASET.teams} summaries, one workspace, at Slack's limits (simulated ×${SCALE})`,
        value: `${fmt(atSlackSeconds / 60, 1)} min (our work ${fmt(perPostMs, 0)} ms a post)`,
        target: `the pacer's floor, ${fmt(floorSeconds / 60, 1)} min: our work < ${WORKSPACE_INTERVAL_MS} ms a post`,
        met: perPostMs < WORKSPACE_INTERVAL_MS,
      },
      {
        figure: `delivery: the same run on the clock scaled ×${SCALE}`,
        value: `${fmt(result.seconds, 1)} s, posts at ${fmt(reached * 100, 0)} % of the scaled rate`,
        target: "—",
        met: null,
      },
      {
        figure: "delivery: 429s answered by Slack",
        value: String(check.rateLimited),
        target: "0",
        met: check.rateLimited === 0,
      },
      {
        figure: "delivery: messages lost / posted twice",
        value: `${check.lost} / ${check.duplicates}`,
        target: "0 / 0",
        met:
          check.lost === 0 &&
          check.duplicates === 0 &&
          check.unexpected === 0 &&
          check.rowsPosted === check.expected,
      },
    ];
  } finally {
    if (child) {
      await child.request("stop", {}, 15_000).catch(() => undefined);
      await child.exited();
    }
    await fake.close();
    resetDeliveries(dataset.file);
  }
}

/**
 * Every team's digest and its manager's summary must be posted exactly once (by the outbox key each
 * post carries) and recorded as posted; every post that Slack refused is counted.
 */
function checkDelivery(file: string, calls: SlackCall[], lastWeek: number) {
  const expected = new Set<string>();
  for (let t = 0; t < DATASET.teams; t++) {
    expected.add(`digest:${teamId(t)}`);
    expected.add(`summary:${teamId(t)}:${personId(t, 0)}`);
  }
  const posts = new Map<string, number>();
  let rateLimited = 0;
  let firstAt = Number.POSITIVE_INFINITY;
  let lastAt = 0;
  for (const call of calls) {
    if (call.status === 429) rateLimited += 1;
    if (call.status !== 200 || call.error) continue;
    const key = (call.args.metadata as { event_payload?: { key?: string } } | undefined)?.event_payload?.key;
    // The key without its period end: one digest and one summary per team are due.
    const message = String(key).replace(/:\d{4}-\d\d-\d\dT[\d:.]+Z$/, "");
    posts.set(message, (posts.get(message) ?? 0) + 1);
    firstAt = Math.min(firstAt, call.at);
    lastAt = Math.max(lastAt, call.at);
  }
  const db = new Database(file, { readonly: true, fileMustExist: true });
  let rowsPosted: number;
  try {
    const row = db
      .prepare(
        `SELECT COUNT(*) AS n FROM "Delivery" WHERE kind IN ('digest', 'summary') AND status = 'posted'`,
      )
      .get() as { n: number };
    rowsPosted = row.n - lastWeek;
  } finally {
    db.close();
  }
  const lost = [...expected].filter((k) => !posts.has(k)).length;
  const unexpected = [...posts.keys()].filter((k) => !expected.has(k)).length;
  const duplicates = [...posts.values()].filter((n) => n > 1).length;
  const posted = [...posts.values()].reduce((a, b) => a + b, 0);
  return {
    expected: expected.size,
    posted,
    rateLimited,
    lost,
    unexpected,
    duplicates,
    rowsPosted,
    postingSeconds: Math.max(0.001, (lastAt - firstAt) / 1000),
  };
}
