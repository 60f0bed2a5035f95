// PostgreSQL in the benchmark: the server BENCH_DATABASE_URL names (where the bench may create
// databases), and part 6, GoodCall's log path served on PostgreSQL beside the same on SQLite.
import { progress, type Row } from "./lib.ts";

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
