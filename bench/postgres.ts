// PostgreSQL in the benchmark: the server BENCH_DATABASE_URL names (where the bench may create
// databases), and part 6, GoodCall's log path served on a fresh PostgreSQL database beside the same
// on a fresh SQLite file, phases alternated so that the machine's drift hits both alike.
import { randomBytes } from "node:crypto";
import { createDatabase, databaseUrl, dropDatabase } from "./datasetPostgres.ts";
import {
  BENCH_USERS,
  type Child,
  describeLoad,
  fmt,
  type LoadResult,
  prepareCommand,
  prepareGoodCalls,
  progress,
  type Row,
  runLoad,
  startChild,
} from "./lib.ts";
import { LOAD } from "./logPath.ts";

const NEEDS_URL =
  "needs BENCH_DATABASE_URL, a PostgreSQL server URL where the bench may create databases (e.g. postgresql://postgres@127.0.0.1:5432/postgres)";

/** The PostgreSQL server to measure on, or undefined (and a line saying so) when none is given. */
export function postgresServer(what: string): string | undefined {
  const url = process.env.BENCH_DATABASE_URL;
  if (url) return url;
  progress(`${what} on PostgreSQL skipped: ${NEEDS_URL}`);
  return undefined;
}

/** The row standing for figures that were not measured for want of a server. */
export function skippedRow(figure: string): Row {
  return { figure, value: "not measured: needs BENCH_DATABASE_URL", target: "—", met: null };
}

/** Each phase is measured this many times on each database; rows give the median and the range. */
const ROUNDS = 3;
const SPEC_P99_MS = 100;

type Phase = "serial" | "concurrent";
type Kind = "postgresql" | "sqlite";
const NAME: Record<Kind, string> = { postgresql: "PostgreSQL", sqlite: "SQLite" };

interface Served {
  child: Child;
  port: number;
  responseUrl: string;
  runs: Record<Phase, LoadResult[]>;
}

export async function benchPostgres(): Promise<Row[]> {
  const server = postgresServer("part 6: the log path");
  if (!server) return [skippedRow("log path on PostgreSQL (serial and c=20)")];
  const database = `goodcall_bench_log_${randomBytes(4).toString("hex")}`;
  await createDatabase(server, database);
  const children: Child[] = [];
  try {
    progress(
      `part 6: GoodCall (createApp) on a fresh PostgreSQL database ${database} and on a fresh SQLite file, each in its own child process`,
    );
    const start = async (args: string[]): Promise<Served> => {
      const child = await startChild("server.ts", args, { compiled: true });
      children.push(child);
      return {
        child,
        port: child.ready.port as number,
        responseUrl: child.ready.responseUrl as string,
        runs: { serial: [], concurrent: [] },
      };
    };
    const served: Record<Kind, Served> = {
      postgresql: await start(["goodcall", databaseUrl(server, database)]),
      sqlite: await start(["goodcall"]),
    };
    for (const kind of ["postgresql", "sqlite"] as const) {
      const { port, responseUrl } = served[kind];
      const setup = await runLoad(port, [prepareCommand("setup", BENCH_USERS[0] as string, responseUrl)], 1);
      if (setup.errors > 0)
        progress(`part 6: WARNING /goodcall setup on ${NAME[kind]}: ${setup.firstErrorBody}`);
      await runLoad(port, prepareGoodCalls(LOAD.warmupSerial, responseUrl), 1);
      await runLoad(port, prepareGoodCalls(LOAD.warmupConcurrent, responseUrl), LOAD.concurrency);
    }
    progress(
      `part 6: warm-up done on both (setup + ${LOAD.warmupSerial} serial + ${LOAD.warmupConcurrent} at c=${LOAD.concurrency}); ${ROUNDS} rounds of ${LOAD.serial} serial and ${LOAD.concurrent} at c=${LOAD.concurrency} on each, alternately`,
    );
    for (let round = 0; round < ROUNDS; round++) {
      const order: Kind[] = round % 2 === 0 ? ["postgresql", "sqlite"] : ["sqlite", "postgresql"];
      for (const phase of ["serial", "concurrent"] as const) {
        for (const kind of order) {
          const { port, responseUrl, runs } = served[kind];
          const [count, concurrency] =
            phase === "serial" ? [LOAD.serial, 1] : [LOAD.concurrent, LOAD.concurrency];
          const result = await runLoad(port, prepareGoodCalls(count, responseUrl), concurrency);
          runs[phase].push(result);
          progress(`part 6: round ${round + 1}: ${describeLoad(`${NAME[kind]} ${phase}`, result)}`);
        }
      }
    }
    const sent = LOAD.warmupSerial + LOAD.warmupConcurrent + ROUNDS * (LOAD.serial + LOAD.concurrent);
    const stored: Record<Kind, number> = { postgresql: 0, sqlite: 0 };
    const rssMb: Record<Kind, number> = { postgresql: 0, sqlite: 0 };
    for (const kind of ["postgresql", "sqlite"] as const) {
      const counted = await served[kind].child.request<{ goodCalls: number; problems: string[] }>("count");
      if (counted.problems.length)
        progress(`part 6: fake Slack problems on ${NAME[kind]}: ${counted.problems.join("; ")}`);
      stored[kind] = counted.goodCalls;
      rssMb[kind] = (await served[kind].child.request<{ rssMb: number }>("rss")).rssMb;
    }
    progress(
      `part 6: good calls stored of ${sent} sent: PostgreSQL ${stored.postgresql}, SQLite ${stored.sqlite}; RSS of GoodCall: PostgreSQL ${fmt(rssMb.postgresql, 0)} MB, SQLite ${fmt(rssMb.sqlite, 0)} MB`,
    );
    return rowsFor(served, { sent, stored, rssMb });
  } finally {
    await Promise.all(
      children.map(async (child) => {
        await child.request("stop", {}, 15_000).catch(() => undefined);
        await child.exited();
      }),
    );
    await dropDatabase(server, database);
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** Median (min–max) of one figure over the rounds. */
function spread(values: number[], digits: number): string {
  return `${fmt(median(values), digits)} (${fmt(Math.min(...values), digits)}–${fmt(Math.max(...values), digits)})`;
}

function rowsFor(
  served: Record<Kind, Served>,
  totals: { sent: number; stored: Record<Kind, number>; rssMb: Record<Kind, number> },
): Row[] {
  const rows: Row[] = [];
  const of = `median (min–max) of ${ROUNDS}`;
  for (const phase of ["serial", "concurrent"] as const) {
    const label = phase === "serial" ? "serial" : `c=${LOAD.concurrency}`;
    const pg = served.postgresql.runs[phase];
    const lite = served.sqlite.runs[phase];
    const rps = (runs: LoadResult[]) => runs.map((r) => r.rps);
    const p50 = (runs: LoadResult[]) => runs.map((r) => r.p50);
    const p99 = (runs: LoadResult[]) => runs.map((r) => r.p99);
    const errors = [...pg, ...lite].reduce((sum, r) => sum + r.errors, 0);
    rows.push(
      {
        figure: `log path on PostgreSQL ${label}: req/s, ${of}`,
        value: `${spread(rps(pg), 0)}; SQLite ${spread(rps(lite), 0)}`,
        target: "—",
        met: null,
      },
      {
        figure: `log path on PostgreSQL ${label}: throughput PostgreSQL/SQLite`,
        value: `${fmt(median(rps(pg)) / median(rps(lite)), 2)}×`,
        target: "—",
        met: null,
      },
      {
        figure: `log path on PostgreSQL ${label}: p50 ms, ${of}`,
        value: `${spread(p50(pg), 2)}; SQLite ${spread(p50(lite), 2)}`,
        target: "—",
        met: null,
      },
      {
        figure: `log path on PostgreSQL ${label}: p99 ms, ${of}`,
        value: `${spread(p99(pg), 2)}; SQLite ${spread(p99(lite), 2)}`,
        target: phase === "concurrent" ? `< ${SPEC_P99_MS} ms (spec §4)` : "—",
        met: phase === "concurrent" ? median(p99(pg)) < SPEC_P99_MS : null,
      },
      {
        figure: `log path on PostgreSQL ${label}: errors PostgreSQL + SQLite`,
        value: String(errors),
        target: "0",
        met: errors === 0,
      },
    );
  }
  rows.push(
    {
      figure: "log path on PostgreSQL: good calls stored / sent",
      value: `${totals.stored.postgresql} / ${totals.sent} (SQLite ${totals.stored.sqlite} / ${totals.sent})`,
      target: "all",
      met: totals.stored.postgresql === totals.sent && totals.stored.sqlite === totals.sent,
    },
    {
      figure: "log path on PostgreSQL: RSS of GoodCall after the load",
      value: `${fmt(totals.rssMb.postgresql, 0)} MB (SQLite ${fmt(totals.rssMb.sqlite, 0)} MB)`,
      target: "—",
      met: null,
    },
  );
  return rows;
}
