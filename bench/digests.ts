// Part 2: composing every team's digest on the 5.2M-row database of 1,000 teams (time, peak RSS,
// query plans) and on 10,000 teams, on SQLite and, given BENCH_DATABASE_URL, on PostgreSQL with the
// same rows. (Part 3, delivering them, is bench/delivery.ts.)
import Database from "better-sqlite3";
import pg from "pg";
import { databaseKind } from "../src/db/url.ts";
import { weeksPerChunk } from "../src/jobs/week.ts";
import { DATASET, type Dataset, type DatasetSpec, ensureDataset, LARGE_DATASET, teamId } from "./dataset.ts";
import { ensurePostgresDataset, type PostgresDataset } from "./datasetPostgres.ts";
import { type Child, fmt, median, progress, type Row, spread, startChild } from "./lib.ts";
import { postgresServer, skippedRow } from "./postgres.ts";

/** Composing 1,000 teams' digests (a year of history each); 10,000 teams' (issue 13). */
const COMPOSE_TARGET_S = 5;
const LARGE_COMPOSE_TARGET_S = 10;
const COMPOSE_TARGET_MB = 256;
/**
 * The compose child's old space. NOTE: what composing keeps alive is small (after each full
 * collection ~28 MB of heap at 10,000 teams: a chunk of teams and the next one loading); left to
 * itself on this machine V8 lets the heap grow to ~120 MB between full collections, 250-305 MB of
 * RSS. Capped, the peak measures what is kept alive (plus the process's own 90-odd MB), and the
 * collector runs more often: about 10 % more time (7.5-7.6 s uncapped against 8.2-8.8 s on SQLite,
 * same hour). One extra round runs uncapped so the table shows both.
 */
const COMPOSE_HEAP_MB = 128;
/** The 10,000-team composition is timed this many times, each in a fresh child: the median is the figure. */
const LARGE_COMPOSE_ROUNDS = 3;
const DATASET_TARGET_S = 120;
const PG_DATASET_TARGET_S = 180;

interface ComposeResult {
  teams: number;
  seconds: number;
  cpuSeconds: number;
  wrong: number;
  firstWrong: string;
  rssAtStartMb: number;
  maxRssMb: number;
  /** V8's full (mark-compact) collections during the composition. */
  fullCollections: number;
  memory: string;
}

interface Lookups {
  findP50: number;
  findP99: number;
  recentP50: number;
  recentP99: number;
}

/** A query as the query log hook saw it; `params` is JSON (dates as ISO text). */
interface LoggedQuery {
  sql: string;
  params: string;
  ms: number;
}

interface Plans {
  fullScans: number;
  wholeHistory: number;
}

/** The logged parameters as src/db/dialect.ts binds them on SQLite. */
function bindable(params: string): unknown[] {
  const values = JSON.parse(params) as unknown[];
  return values.map((v) => {
    if (typeof v === "boolean") return v ? 1 : 0;
    if (typeof v === "string" && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(v))
      return v.replace("Z", "+00:00");
    return v;
  });
}

const FULL_SCAN = /\bSCAN (main\.)?"?(GoodCall|Appreciation|Story)\b/;
// An index used on teamId alone reads the team's whole history (52 weeks here), not one period.
const WHOLE_HISTORY =
  /\bSEARCH (main\.)?"?(GoodCall|Appreciation|Story)"? USING (COVERING )?INDEX \w+ \(teamId=\?\)$/;

/**
 * The table a query reads: its outermost FROM, or the first table joined to a list of teams (a
 * batched query), else (a select of subqueries) the first one.
 */
function mainTable(sql: string): string {
  let depth = 0;
  for (let i = 0; i < sql.length; i++) {
    if (sql[i] === "(") depth += 1;
    else if (sql[i] === ")") depth -= 1;
    else if (depth === 0) {
      const table = /^ (?:from|join) "(\w+)"/.exec(sql.slice(i, i + 80))?.[1];
      if (table) return table;
    }
  }
  return /\bfrom "(\w+)"/.exec(sql)?.[1] ?? "?";
}

function showQuery(i: number, q: LoggedQuery): void {
  const table = mainTable(q.sql);
  const shown = q.sql.length > 160 ? `${q.sql.slice(0, 100)} … ${q.sql.slice(-60)}` : q.sql;
  progress(`  query ${i + 1} (${table}, ${fmt(q.ms, 2)} ms): ${shown}`);
}

/**
 * EXPLAIN QUERY PLAN of each query on SQLite; counts the steps that read a whole entry table (or a
 * whole index of one) and those that read a team's whole history.
 */
function explain(file: string, queries: LoggedQuery[]): Plans {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  let fullScans = 0;
  let wholeHistory = 0;
  try {
    queries.forEach((q, i) => {
      showQuery(i, q);
      let plan: Array<{ detail: string }>;
      try {
        plan = db.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(...bindable(q.params)) as Array<{
          detail: string;
        }>;
      } catch (error) {
        progress(`    (could not explain: ${String(error)})`);
        return;
      }
      for (const step of plan) {
        const scan = FULL_SCAN.test(step.detail);
        const history = WHOLE_HISTORY.test(step.detail);
        if (scan) fullScans += 1;
        if (history) wholeHistory += 1;
        progress(`    ${scan ? "FULL SCAN → " : history ? "WHOLE TEAM HISTORY → " : ""}${step.detail}`);
      }
    });
  } finally {
    db.close();
  }
  return { fullScans, wholeHistory };
}

const SEQ_SCAN = /\bSeq Scan on "?(GoodCall|Appreciation|Story)"?(\s|$)/;
const INDEX_STEP = /\b(?:Index Scan|Index Only Scan) using "?(\w+)"? on |\bBitmap Index Scan on "?(\w+)"?/;
const ENTRY_INDEX = /^(GoodCall|Appreciation|Story)_/;
// The team given as a value, or (in a batched query) as a column of the joined list of teams.
const TEAM_ONLY = /Index Cond: \((\w+\.)?"teamId" = ('[^']*'::text|\w+\."?\w+"?)\)$/;

/**
 * EXPLAIN of each query on PostgreSQL with its parameters (so planned for those values, as the app's
 * unnamed statements are); counts the Seq Scans of entry tables and the index steps on an entry
 * table's index whose only condition is the team (its whole history).
 */
async function explainPostgres(url: string, queries: LoggedQuery[]): Promise<Plans> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  let fullScans = 0;
  let wholeHistory = 0;
  try {
    for (const [i, q] of queries.entries()) {
      showQuery(i, q);
      let plan: string[];
      try {
        const result = await client.query<{ "QUERY PLAN": string }>(
          `EXPLAIN (COSTS OFF) ${q.sql}`,
          JSON.parse(q.params) as unknown[],
        );
        plan = result.rows.map((row) => row["QUERY PLAN"]);
      } catch (error) {
        progress(`    (could not explain: ${String(error)})`);
        continue;
      }
      // An "Index Cond:" line belongs to the index step just above it.
      let index = "";
      for (const line of plan) {
        const step = INDEX_STEP.exec(line);
        if (step) index = step[1] ?? step[2] ?? "";
        const scan = SEQ_SCAN.test(line);
        const history = ENTRY_INDEX.test(index) && TEAM_ONLY.test(line);
        if (scan) fullScans += 1;
        if (history) wholeHistory += 1;
        progress(`    ${scan ? "SEQ SCAN → " : history ? "WHOLE TEAM HISTORY → " : ""}${line}`);
      }
    }
  } finally {
    await client.end();
  }
  return { fullScans, wholeHistory };
}

interface ComposeFigures {
  /** Every team's digest, the weeks loaded a chunk of teams at a time (as runDigests does): each round's. */
  batched: ComposeResult[];
  /** Every team's digest loaded on its own, four at a time (as a retry or takeover loads one). */
  each?: ComposeResult;
  /** One more round of `batched` with V8 left to size the heap itself (no old-space cap). */
  uncapped?: ComposeResult;
  lookups?: Lookups;
  queries?: { batched: LoggedQuery[]; each: LoggedQuery[] };
}

/**
 * In a child process on the database at `url`: every digest composed as runDigests composes them;
 * with `full`, also each on its own as before batching (side by side, in the same process), entry
 * reads at this scale, and the queries of a chunk of digests and of one digest as they ran; with
 * `uncapped`, one more round with V8's own heap limits.
 */
async function measureCompose(
  url: string,
  label: string,
  spec: DatasetSpec,
  full: boolean,
  rounds = 1,
  uncapped = false,
): Promise<ComposeFigures> {
  let child: Child | undefined;
  const chunk = weeksPerChunk(databaseKind(url));
  const batched: ComposeResult[] = [];
  // A fresh child each round, so that each peak RSS is that round's own.
  const composeRound = async (heapMb: number | null, what: string) => {
    if (child) await stopChild(child);
    progress(
      `${label}: composing every digest in a child process (node on the bundle, as deployed), ${chunk} teams' weeks at a time, ${what}`,
    );
    const cap = heapMb === null ? "" : ` --max-old-space-size=${heapMb}`;
    child = await startChild("compose.ts", [url, JSON.stringify(spec)], {
      compiled: true,
      env: { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""}${cap}` },
    });
    const result = await child.request<ComposeResult>("compose", { mode: "batched" });
    progress(
      `${label}: ${result.teams} digests in ${fmt(result.seconds, 2)} s (${fmt((result.seconds * 1000) / result.teams, 2)} ms each; CPU ${fmt(result.cpuSeconds, 2)} s), peak RSS ${fmt(result.maxRssMb, 0)} MB (${fmt(result.rssAtStartMb, 0)} MB before), ${result.fullCollections} full collections, wrong totals: ${result.wrong}${result.firstWrong ? ` (${result.firstWrong})` : ""}; after: ${result.memory}`,
    );
    return result;
  };
  try {
    for (let round = 1; round <= rounds; round++) {
      const which = rounds > 1 ? `, round ${round} of ${rounds}` : "";
      batched.push(await composeRound(COMPOSE_HEAP_MB, `old space ≤ ${COMPOSE_HEAP_MB} MB${which}`));
    }
    const free = uncapped ? await composeRound(null, "old space left to V8") : undefined;
    if (!full || !child) return { batched, uncapped: free };
    const each = await child.request<ComposeResult>("compose", { mode: "each", concurrency: 4 });
    progress(
      `${label}: again, each digest loaded on its own (4 at a time, as before batching): ${fmt(each.seconds, 2)} s (CPU ${fmt(each.cpuSeconds, 2)} s), wrong totals: ${each.wrong}`,
    );
    const lookups = await child.request<Lookups>("lookups");
    progress(
      `${label}: entry reads at this scale: findGoodCall p50 ${fmt(lookups.findP50, 2)} / p99 ${fmt(lookups.findP99, 2)} ms, recentGoodCalls(10) p50 ${fmt(lookups.recentP50, 2)} / p99 ${fmt(lookups.recentP99, 2)} ms`,
    );
    // A whole chunk: how PostgreSQL plans a batched query depends on how many teams it is for.
    const teamIds = Array.from({ length: chunk }, (_, i) => teamId(7 + i));
    const queries = await child.request<{ batched: LoggedQuery[]; each: LoggedQuery[] }>("queries", {
      teamIds,
    });
    progress(
      `${label}: the ${queries.batched.length} queries of ${teamIds.length} digests loaded together, then the ${queries.each.length} of one (${teamId(7)}) on its own, and their plans:`,
    );
    return { batched, uncapped: free, each, lookups, queries };
  } finally {
    if (child) await stopChild(child);
  }
}

async function stopChild(child: Child): Promise<void> {
  await child.request("stop", {}, 15_000).catch(() => undefined);
  await child.exited();
}

const thousands = (n: number) => n.toLocaleString("en");
const ONE_THOUSAND = `digests, ${thousands(DATASET.teams)} teams`;

/** A PostgreSQL figure with SQLite's beside it, when there is one. */
function also(value: string, sqliteValue?: string): string {
  return sqliteValue ? `${value} (SQLite ${sqliteValue})` : value;
}

/**
 * The rows every measured composition gets: time (the median of its rounds, with their range), the
 * highest peak RSS and the totals of every round, against their targets.
 */
function composeRows(
  what: string,
  runs: ComposeResult[],
  spec: DatasetSpec,
  targetS: number,
  beside?: ComposeResult[],
): Row[] {
  const seconds = (of: ComposeResult[]) =>
    spread(
      of.map((r) => r.seconds),
      2,
      " s",
    );
  const peak = (of: ComposeResult[]) => Math.max(...of.map((r) => r.maxRssMb));
  const wrong = (of: ComposeResult[]) => of.reduce((n, r) => n + r.wrong + (spec.teams - r.teams), 0);
  const totals = (of: ComposeResult[]) => `${of.length * spec.teams - wrong(of)} / ${of.length * spec.teams}`;
  const collections = (of: ComposeResult[]) => of.map((r) => r.fullCollections).join(", ");
  const rounds = runs.length > 1 ? `, median of ${runs.length} rounds (min–max)` : "";
  return [
    {
      figure: `${what}: compose every team's digest${rounds}`,
      value: also(seconds(runs), beside && seconds(beside)),
      target: `< ${targetS} s`,
      met: median(runs.map((r) => r.seconds)) < targetS && wrong(runs) === 0,
    },
    {
      figure: `${what}: compose, peak RSS (old space ≤ ${COMPOSE_HEAP_MB} MB${runs.length > 1 ? ", highest round" : ""})`,
      value: also(`${fmt(peak(runs), 0)} MB`, beside && `${fmt(peak(beside), 0)} MB`),
      target: `< ${COMPOSE_TARGET_MB} MB`,
      met: peak(runs) < COMPOSE_TARGET_MB,
    },
    {
      // A run in which V8 tenured the digest's short-lived objects shows as twice the usual count
      // (src/heap.ts).
      figure: `${what}: V8's full collections while composing${runs.length > 1 ? ", each round" : ""}`,
      value: also(collections(runs), beside && collections(beside)),
      target: "—",
      met: null,
    },
    {
      figure: `${what}: totals as generated (${spec.goodCallsPerTeamWeek}/${spec.storiesPerTeamWeek}/${spec.appreciationsPerTeamWeek} per team${runs.length > 1 ? ", every round" : ""})`,
      value: also(totals(runs), beside && totals(beside)),
      target: "all",
      met: wrong(runs) === 0,
    },
  ];
}

/** The round without the old-space cap, when there was one: time and peak RSS, no target. */
function uncappedRows(what: string, here?: ComposeResult, beside?: ComposeResult): Row[] {
  if (!here) return [];
  const figures = (r: ComposeResult) => `${fmt(r.seconds, 2)} s; ${fmt(r.maxRssMb, 0)} MB`;
  return [
    {
      figure: `${what}: the same with no old-space cap (V8's own heap sizing, one round): time; peak RSS`,
      value: also(figures(here), beside && figures(beside)),
      target: "—",
      met: null,
    },
  ];
}

/** The rows of the side-by-side figures: each digest loaded on its own, the plans, entry reads. */
function detailRows(what: string, figures: ComposeFigures, plans: Plans, sqlite?: ComposeFigures): Row[] {
  const rows: Row[] = [];
  if (figures.each) {
    rows.push({
      figure: `${what}: the same, each loaded on its own (as a retry)`,
      value: also(`${fmt(figures.each.seconds, 2)} s`, sqlite?.each && `${fmt(sqlite.each.seconds, 2)} s`),
      target: "—",
      met: null,
    });
  }
  rows.push(
    {
      figure: `${what}: full scans of GoodCall/Story/Appreciation`,
      value: String(plans.fullScans),
      target: "0",
      met: plans.fullScans === 0,
    },
    {
      figure: `${what}: index ranges on teamId alone (whole history)`,
      value: String(plans.wholeHistory),
      target: "0",
      met: plans.wholeHistory === 0,
    },
  );
  if (figures.lookups) {
    rows.push({
      figure: `${what}: entry reads at scale, findGoodCall p99`,
      value: also(
        `${fmt(figures.lookups.findP99, 2)} ms`,
        sqlite?.lookups && `${fmt(sqlite.lookups.findP99, 2)} ms`,
      ),
      target: "—",
      met: null,
    });
  }
  return rows;
}

function datasetRows(what: string, dataset: Dataset | PostgresDataset, targetS: number): Row[] {
  return [
    {
      figure: `${what}: build time`,
      value: dataset.reused ? "cached" : `${fmt(dataset.buildSeconds, 1)} s`,
      target: `< ${targetS} s`,
      met: dataset.reused ? null : dataset.buildSeconds < targetS,
    },
  ];
}

/**
 * Composing every digest on SQLite and, given BENCH_DATABASE_URL, on PostgreSQL: on `dataset` (1,000
 * teams, a year of history) with the figures beside it, then on 10,000 teams.
 */
export async function benchCompose(dataset: Dataset): Promise<Row[]> {
  const rows: Row[] = [];
  const sqlite = await measureCompose(dataset.url, "part 2", dataset.spec, true);
  const allQueries = (f: ComposeFigures) => [...(f.queries?.batched ?? []), ...(f.queries?.each ?? [])];
  rows.push(
    ...composeRows(ONE_THOUSAND, sqlite.batched, dataset.spec, COMPOSE_TARGET_S),
    ...detailRows(ONE_THOUSAND, sqlite, explain(dataset.file, allQueries(sqlite))),
  );
  const server = postgresServer("part 2: composing the digests");
  const onPostgres = async (what: string, run: () => Promise<Row[]>): Promise<Row[]> => {
    if (!server) return [skippedRow(`${what} on PostgreSQL (compose, RSS, plans)`)];
    try {
      return await run();
    } catch (error) {
      // SQLite's figures stand even when PostgreSQL's could not be had.
      progress(
        `${what} on PostgreSQL FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
      return [
        {
          figure: `${what} on PostgreSQL: ran to the end`,
          value: "failed (see above)",
          target: "yes",
          met: false,
        },
      ];
    }
  };
  rows.push(
    ...(await onPostgres(ONE_THOUSAND, async () => {
      const twin = await postgresTwin(server as string, dataset);
      const figures = await measureCompose(twin.url, "part 2 (PostgreSQL)", dataset.spec, true);
      const plans = await explainPostgres(twin.url, allQueries(figures));
      return [
        ...datasetRows("dataset on PostgreSQL (copy of the SQLite rows)", twin, PG_DATASET_TARGET_S),
        ...composeRows(
          `${ONE_THOUSAND} on PostgreSQL`,
          figures.batched,
          dataset.spec,
          COMPOSE_TARGET_S,
          sqlite.batched,
        ),
        ...detailRows(`${ONE_THOUSAND} on PostgreSQL`, figures, plans, sqlite),
      ];
    })),
  );

  progress(
    `part 2: preparing the large digest dataset (${thousands(LARGE_DATASET.teams)} teams × ${LARGE_DATASET.peoplePerTeam} people × ${LARGE_DATASET.weeks} weeks)`,
  );
  const large = await ensureDataset(progress, LARGE_DATASET);
  progress(
    `part 2: large dataset ${large.reused ? "reused" : `built in ${fmt(large.buildSeconds, 1)} s`}: ${JSON.stringify(large.counts)}, ${fmt(large.bytes / 2 ** 30, 2)} GB`,
  );
  const what = `digests, ${thousands(LARGE_DATASET.teams)} teams`;
  const largeSqlite = await measureCompose(
    large.url,
    "part 2 (large)",
    large.spec,
    false,
    LARGE_COMPOSE_ROUNDS,
    true,
  );
  rows.push(
    ...datasetRows(`dataset of ${thousands(LARGE_DATASET.teams)} teams`, large, DATASET_TARGET_S),
    ...composeRows(what, largeSqlite.batched, large.spec, LARGE_COMPOSE_TARGET_S),
    ...uncappedRows(what, largeSqlite.uncapped),
    ...(await onPostgres(what, async () => {
      const twin = await postgresTwin(server as string, large);
      const figures = await measureCompose(
        twin.url,
        "part 2 (large, PostgreSQL)",
        large.spec,
        false,
        LARGE_COMPOSE_ROUNDS,
        true,
      );
      return [
        ...datasetRows(
          `dataset of ${thousands(LARGE_DATASET.teams)} teams on PostgreSQL`,
          twin,
          PG_DATASET_TARGET_S,
        ),
        ...composeRows(
          `${what} on PostgreSQL`,
          figures.batched,
          large.spec,
          LARGE_COMPOSE_TARGET_S,
          largeSqlite.batched,
        ),
        ...uncappedRows(`${what} on PostgreSQL`, figures.uncapped, largeSqlite.uncapped),
      ];
    })),
  );
  return rows;
}

/** The dataset's PostgreSQL twin (the same rows), built or reused. */
async function postgresTwin(server: string, dataset: Dataset): Promise<PostgresDataset> {
  progress(`part 2: preparing the PostgreSQL twin of ${dataset.file} (the same rows)`);
  const twin = await ensurePostgresDataset(server, dataset, progress);
  progress(
    `part 2: PostgreSQL dataset ${twin.database} ${twin.reused ? "reused" : `built in ${fmt(twin.buildSeconds, 1)} s`}: ${JSON.stringify(twin.counts)}, ${fmt(twin.bytes / 2 ** 30, 2)} GB`,
  );
  return twin;
}
