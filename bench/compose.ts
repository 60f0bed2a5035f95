// Child process for the digest benchmark: composes (and renders) every team's digest for the latest
// period with the app's own code on the database at the URL it is given (SQLite or PostgreSQL), so
// that its peak RSS is the composition's own. No sending.

import { constants, type PerformanceEntry, PerformanceObserver } from "node:perf_hooks";
import { closeDatabase, type Db, openDatabase } from "../src/db/client.ts";
import type { Digest } from "../src/domain/digest.ts";
import { messages } from "../src/domain/i18n.ts";
import { dueDigestPeriods, type Period, scheduleOf } from "../src/domain/period.ts";
import type { Team } from "../src/domain/types.ts";
import { tuneHeap } from "../src/heap.ts";
import { GRACE_MS } from "../src/jobs/outbox.ts";
import { forEachLimited } from "../src/jobs/pacer.ts";
import { composeFor, loadWeeks, weeksInChunks } from "../src/jobs/week.ts";
import { createLogger } from "../src/logger.ts";
import { createServices, type Services } from "../src/services.ts";
import { renderDigest } from "../src/views/digest.ts";
import { type DatasetSpec, NOW, personId } from "./dataset.ts";
import { failToParent, nullStream, percentile, serveParent } from "./lib.ts";

const url = process.argv[2] ?? "";
const spec = JSON.parse(process.argv[3] ?? "{}") as DatasetSpec;

// NOTE: working out a period takes time zone arithmetic that costs more than composing the digest;
// every team here has the same schedule and creation time, so once per schedule does, as runDigests
// and loadWeeks do.
const periods = new Map<string, Period>();

/** The period runDigests would claim for a team with no digest yet, at the benchmark's "now". */
function latestPeriod(team: Team): Period {
  const key = `${team.timeZone} ${team.digestWeekday} ${team.digestMinute} ${team.createdAt.getTime()}`;
  let period = periods.get(key);
  if (!period) {
    const due = dueDigestPeriods(scheduleOf(team), null, NOW, GRACE_MS, team.createdAt)[0];
    if (!due) throw new Error(`no digest due for ${team.id} at ${NOW.toISOString()}`);
    period = { start: due.start, end: due.end };
    periods.set(key, period);
  }
  return period;
}

/** Renders a digest as it is posted, and checks its totals against what the dataset generated. */
function check(team: Team, digest: Digest, wrong: { count: number; first: string }): void {
  renderDigest(digest, messages(team.language));
  const t = digest.totals;
  if (
    t.goodCalls !== spec.goodCallsPerTeamWeek ||
    t.stories !== spec.storiesPerTeamWeek ||
    t.appreciations !== spec.appreciationsPerTeamWeek
  ) {
    wrong.count += 1;
    wrong.first ||= `${team.id}: ${JSON.stringify(t)}`;
  }
}

/** As runDigests composes: the teams' weeks loaded a chunk at a time (the next while one is used), then rendered. */
async function composeBatched(services: Services, teams: Team[]) {
  const wrong = { count: 0, first: "" };
  const started = performance.now();
  const weekOf = weeksInChunks(
    services,
    teams.map((team) => ({ team, period: latestPeriod(team), late: false })),
  );
  for (const [i, team] of teams.entries()) {
    const week = await weekOf(i);
    if (!week) throw new Error(`no week for ${team.id}`);
    check(team, week.digest, wrong);
  }
  return { seconds: (performance.now() - started) / 1000, wrong: wrong.count, firstWrong: wrong.first };
}

/** Whether a "gc" performance entry is a full (mark-compact) collection. */
function isFullCollection(entry: PerformanceEntry): boolean {
  const { detail } = entry as PerformanceEntry & { detail?: { kind?: number } };
  return detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR;
}

/** Counts V8's full collections from now until `stop`, which returns how many. */
function countFullCollections(): { stop: () => number } {
  let count = 0;
  const add = (entries: PerformanceEntry[]) => {
    for (const entry of entries) if (isFullCollection(entry)) count += 1;
  };
  const observer = new PerformanceObserver((list) => add(list.getEntries()));
  observer.observe({ entryTypes: ["gc"] });
  return {
    stop: () => {
      add(observer.takeRecords());
      observer.disconnect();
      return count;
    },
  };
}

/** As a retry or a takeover loads a digest: each team's week on its own, `concurrency` at a time. */
async function composeEach(services: Services, teams: Team[], concurrency: number) {
  const wrong = { count: 0, first: "" };
  const started = performance.now();
  await forEachLimited(teams, concurrency, async (team) => {
    check(team, await composeFor(services, team, latestPeriod(team), false), wrong);
  });
  return { seconds: (performance.now() - started) / 1000, wrong: wrong.count, firstWrong: wrong.first };
}

/** The SQL a piece of work runs, with its parameters, as Kysely's log hook sees them: for the plans on either database. */
async function queriesOf(work: (services: Services) => Promise<unknown>) {
  const queries: Array<{ sql: string; params: string; ms: number }> = [];
  const logged: Db = await openDatabase(url, {
    log: (q) => {
      if (/^\s*select/i.test(q.sql))
        queries.push({ sql: q.sql, params: JSON.stringify(q.parameters), ms: q.ms });
    },
  });
  try {
    await work(createServices({ db: logged, logger: createLogger("warn", nullStream()), tzDefault: "UTC" }));
  } finally {
    await closeDatabase(logged);
  }
  return queries;
}

async function main(): Promise<void> {
  // As the app's entry points do (src/main.ts, src/cli.ts): this process runs the digest job as they would.
  tuneHeap();
  const db = await openDatabase(url);
  const services = createServices({ db, logger: createLogger("warn", nullStream()), tzDefault: "UTC" });
  const rssAtStartMb = process.memoryUsage().rss / 1024 / 1024;

  serveParent(
    {
      /** Composes every team's digest, batched (as runDigests) or each on its own (as a retry) at `concurrency`. */
      compose: async (message) => {
        const teams = await services.teams.all();
        const fullCollections = countFullCollections();
        const cpuBefore = process.cpuUsage();
        const result =
          message.mode === "each"
            ? await composeEach(services, teams, Number(message.concurrency ?? 4))
            : await composeBatched(services, teams);
        const m = process.memoryUsage();
        const toMb = (bytes: number) => Math.round(bytes / 1024 / 1024);
        const cpu = process.cpuUsage(cpuBefore);
        return {
          teams: teams.length,
          ...result,
          // This process's CPU: on a busy machine, what the composition cost apart from waiting for a core.
          cpuSeconds: (cpu.user + cpu.system) / 1e6,
          rssAtStartMb,
          maxRssMb: process.resourceUsage().maxRSS / 1024,
          fullCollections: fullCollections.stop(),
          memory: `heap ${toMb(m.heapUsed)}/${toMb(m.heapTotal)} MB, external ${toMb(m.external)} MB (array buffers ${toMb(m.arrayBuffers)} MB), rss now ${toMb(m.rss)} MB`,
        };
      },
      /** Entry reads that the log path and App Home make (findGoodCall, recentGoodCalls), at this scale. */
      lookups: async () => {
        const { n: total } = await db
          .selectFrom("GoodCall")
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .executeTakeFirstOrThrow();
        const times = { find: [] as number[], recent: [] as number[] };
        for (let i = 0; i < 200; i++) {
          const id = 1 + Math.floor(((i + 0.5) / 200) * total);
          let t = performance.now();
          await services.entries.findGoodCall(id);
          times.find.push(performance.now() - t);
          t = performance.now();
          await services.entries.recentGoodCalls(personId(i % spec.teams, 1), 10);
          times.recent.push(performance.now() - t);
        }
        times.find.sort((a, b) => a - b);
        times.recent.sort((a, b) => a - b);
        return {
          findP50: percentile(times.find, 50),
          findP99: percentile(times.find, 99),
          recentP50: percentile(times.recent, 50),
          recentP99: percentile(times.recent, 99),
        };
      },
      /** The queries of a chunk of digests loaded together (`teamIds`), and of one digest loaded on its own. */
      queries: async (message) => {
        const teams = await Promise.all(
          (message.teamIds as string[]).map(async (id) => {
            const team = await services.teams.find(id);
            if (!team) throw new Error(`no team ${id}`);
            return team;
          }),
        );
        const batched = await queriesOf((logged) =>
          loadWeeks(
            logged,
            teams.map((team) => ({ team, period: latestPeriod(team), late: false })),
          ),
        );
        const first = teams[0] as Team;
        const each = await queriesOf((logged) => composeFor(logged, first, latestPeriod(first), false));
        return { batched, each };
      },
    },
    async () => {
      await closeDatabase(db);
    },
  );
  process.send?.({ type: "ready" });
}

main().catch(failToParent);
