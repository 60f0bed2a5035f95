// Part 2: composing every team's digest on the 5.2M-row database (time, peak RSS, query plans) on
// SQLite and, given BENCH_DATABASE_URL, on PostgreSQL with the same rows. (Part 3, delivering them, is
// bench/delivery.ts.)
import Database from "better-sqlite3";
import pg from "pg";
import { DATASET, type Dataset, teamId } from "./dataset.ts";
import { ensurePostgresDataset } from "./datasetPostgres.ts";
import { type Child, fmt, progress, type Row, startChild } from "./lib.ts";
import { postgresServer, skippedRow } from "./postgres.ts";

const COMPOSE_TARGET_S = 5;
const COMPOSE_TARGET_MB = 256;
const PG_DATASET_TARGET_S = 180;

interface ComposeResult {
  teams: number;
  seconds: number;
  wrong: number;
  firstWrong: string;
  rssAtStartMb: number;
  maxRssMb: number;
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

/** The table a query reads: its outermost FROM, else (a select of subqueries) the first one. */
function mainTable(sql: string): string {
  let depth = 0;
  for (let i = 0; i < sql.length; i++) {
    if (sql[i] === "(") depth += 1;
    else if (sql[i] === ")") depth -= 1;
    else if (depth === 0 && sql.startsWith(' from "', i))
      return /^ from "(\w+)"/.exec(sql.slice(i))?.[1] ?? "?";
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
const TEAM_ONLY = /Index Cond: \((\w+\.)?"teamId" = '[^']*'::text\)$/;

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
  first: ComposeResult;
  serial: ComposeResult;
  lookups: Lookups;
  queries: LoggedQuery[];
}

/**
 * In a child process on the database at `url`: every digest composed at runDigests' concurrency, then
 * again one at a time; entry reads at this scale; the queries of one digest as they ran.
 */
async function measureCompose(url: string, label: string): Promise<ComposeFigures> {
  let child: Child | undefined;
  try {
    progress(`${label}: composing every digest in a child process (concurrency 4, as runDigests' workers)`);
    child = await startChild("compose.ts", [url]);
    const first = await child.request<ComposeResult>("compose", { concurrency: 4 });
    progress(
      `${label}: ${first.teams} digests in ${fmt(first.seconds, 2)} s (${fmt((first.seconds * 1000) / first.teams, 2)} ms each), peak RSS ${fmt(first.maxRssMb, 0)} MB (${fmt(first.rssAtStartMb, 0)} MB before), wrong totals: ${first.wrong}${first.firstWrong ? ` (${first.firstWrong})` : ""}; after: ${first.memory}`,
    );
    const serial = await child.request<ComposeResult>("compose", { concurrency: 1 });
    progress(`${label}: again one at a time (warm): ${fmt(serial.seconds, 2)} s`);
    const lookups = await child.request<Lookups>("lookups");
    progress(
      `${label}: entry reads at this scale: findGoodCall p50 ${fmt(lookups.findP50, 2)} / p99 ${fmt(lookups.findP99, 2)} ms, recentGoodCalls(10) p50 ${fmt(lookups.recentP50, 2)} / p99 ${fmt(lookups.recentP99, 2)} ms`,
    );
    const { queries } = await child.request<{ queries: LoggedQuery[] }>("queries", { teamId: teamId(7) });
    progress(`${label}: the ${queries.length} queries of one digest (${teamId(7)}) and their plans:`);
    return { first, serial, lookups, queries };
  } finally {
    if (child) {
      await child.request("stop", {}, 15_000).catch(() => undefined);
      await child.exited();
    }
  }
}

export async function benchCompose(dataset: Dataset): Promise<Row[]> {
  const sqlite = await measureCompose(dataset.url, "part 2");
  const { first, serial, lookups } = sqlite;
  const { fullScans, wholeHistory } = explain(dataset.file, sqlite.queries);
  return [
    {
      figure: `digests: compose ${first.teams} (≈${fmt(dataset.counts.goodCalls / 1e6, 1)}M good calls)`,
      value: `${fmt(first.seconds, 2)} s`,
      target: `< ${COMPOSE_TARGET_S} s`,
      met: first.seconds < COMPOSE_TARGET_S && first.teams === DATASET.teams,
    },
    {
      figure: "digests: compose, peak RSS of the process",
      value: `${fmt(first.maxRssMb, 0)} MB`,
      target: `< ${COMPOSE_TARGET_MB} MB`,
      met: first.maxRssMb < COMPOSE_TARGET_MB,
    },
    {
      figure: "digests: totals as generated (100/2/30 per team)",
      value: `${first.teams - first.wrong} / ${first.teams}`,
      target: "all",
      met: first.wrong === 0,
    },
    {
      figure: "digests: compose again, one at a time (warm)",
      value: `${fmt(serial.seconds, 2)} s`,
      target: "—",
      met: null,
    },
    {
      figure: "digests: full scans of GoodCall/Story/Appreciation",
      value: String(fullScans),
      target: "0",
      met: fullScans === 0,
    },
    {
      figure: "digests: index ranges on teamId alone (whole history)",
      value: String(wholeHistory),
      target: "0",
      met: wholeHistory === 0,
    },
    {
      figure: "entry reads at scale: findGoodCall p99",
      value: `${fmt(lookups.findP99, 2)} ms`,
      target: "—",
      met: null,
    },
    ...(await composeOnPostgres(dataset, sqlite)),
  ];
}

/** The same measurements on the dataset's PostgreSQL twin, each row with SQLite's figure beside it. */
async function composeOnPostgres(dataset: Dataset, sqlite: ComposeFigures): Promise<Row[]> {
  const server = postgresServer("part 2: composing the digests");
  if (!server) return [skippedRow("digests on PostgreSQL (compose, RSS, plans)")];
  try {
    progress("part 2: preparing the dataset's PostgreSQL twin (the same rows)");
    const twin = await ensurePostgresDataset(server, dataset, progress);
    progress(
      `part 2: PostgreSQL dataset ${twin.database} ${twin.reused ? "reused" : `built in ${fmt(twin.buildSeconds, 1)} s`}: ${JSON.stringify(twin.counts)}, ${fmt(twin.bytes / 2 ** 30, 2)} GB`,
    );
    const label = "part 2 (PostgreSQL)";
    const { first, serial, lookups, queries } = await measureCompose(twin.url, label);
    const { fullScans, wholeHistory } = await explainPostgres(twin.url, queries);
    const beside = (value: string, sqliteValue: string) => `${value} (SQLite ${sqliteValue})`;
    return [
      {
        figure: "dataset on PostgreSQL: build time (copy of the SQLite rows)",
        value: twin.reused ? "cached" : `${fmt(twin.buildSeconds, 1)} s`,
        target: `< ${PG_DATASET_TARGET_S} s`,
        met: twin.reused ? null : twin.buildSeconds < PG_DATASET_TARGET_S,
      },
      {
        figure: `digests on PostgreSQL: compose ${first.teams}`,
        value: beside(`${fmt(first.seconds, 2)} s`, `${fmt(sqlite.first.seconds, 2)} s`),
        target: `< ${COMPOSE_TARGET_S} s`,
        met: first.seconds < COMPOSE_TARGET_S && first.teams === DATASET.teams,
      },
      {
        figure: "digests on PostgreSQL: compose, peak RSS of the process",
        value: beside(`${fmt(first.maxRssMb, 0)} MB`, `${fmt(sqlite.first.maxRssMb, 0)} MB`),
        target: `< ${COMPOSE_TARGET_MB} MB`,
        met: first.maxRssMb < COMPOSE_TARGET_MB,
      },
      {
        figure: "digests on PostgreSQL: totals as generated",
        value: beside(
          `${first.teams - first.wrong} / ${first.teams}`,
          `${sqlite.first.teams - sqlite.first.wrong} / ${sqlite.first.teams}`,
        ),
        target: "all",
        met: first.wrong === 0 && first.teams === DATASET.teams,
      },
      {
        figure: "digests on PostgreSQL: compose again, one at a time",
        value: beside(`${fmt(serial.seconds, 2)} s`, `${fmt(sqlite.serial.seconds, 2)} s`),
        target: "—",
        met: null,
      },
      {
        figure: "digests on PostgreSQL: Seq Scans of GoodCall/Story/Appreciation",
        value: String(fullScans),
        target: "0",
        met: fullScans === 0,
      },
      {
        figure: "digests on PostgreSQL: index ranges on teamId alone",
        value: String(wholeHistory),
        target: "0",
        met: wholeHistory === 0,
      },
      {
        figure: "entry reads at scale on PostgreSQL: findGoodCall p99",
        value: beside(`${fmt(lookups.findP99, 2)} ms`, `${fmt(sqlite.lookups.findP99, 2)} ms`),
        target: "—",
        met: null,
      },
    ];
  } catch (error) {
    // SQLite's figures stand even when PostgreSQL's could not be had.
    progress(
      `part 2 on PostgreSQL FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    return [
      {
        figure: "digests on PostgreSQL: ran to the end",
        value: "failed (see above)",
        target: "yes",
        met: false,
      },
    ];
  }
}
