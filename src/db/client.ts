// The database: one Kysely query layer over SQLite (better-sqlite3) or PostgreSQL (pg), chosen by
// DATABASE_URL. Prisma owns the schema and migrations (prisma/, src/db/migrate.ts), not queries;
// why Kysely rather than Prisma Client is in the README (PostgreSQL and several instances).
import { accessSync, constants, existsSync, statSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { Kysely, type LogEvent, PostgresDialect, SqliteDialect } from "kysely";
import type { DB } from "../generated/kysely/types.ts";
import { ClockColumnsPlugin, SqliteTypesPlugin, sqliteForKysely } from "./dialect.ts";
import { projectRoot as root } from "./root.ts";
import { type DatabaseKind, databaseKind, sqlitePath } from "./url.ts";

export type { DatabaseKind } from "./url.ts";

/** A query builder on the database, or on a transaction of it. */
export type Query = Kysely<DB>;

/** The database: queries through Kysely, and which of the two databases answers them. */
export type Db = Kysely<DB> & { readonly kind: DatabaseKind };

/** Relative file URLs are resolved against the project root, as the Prisma CLI does. */
export function absoluteDatabaseUrl(databaseUrl: string): string {
  if (databaseKind(databaseUrl) !== "sqlite") return databaseUrl;
  return `file:${path.resolve(root, sqlitePath(databaseUrl))}`;
}

const WRITABLE_EXAMPLE = "choose a path in a writable folder, e.g. file:./data/goodcall.db";

/**
 * What is wrong with where DATABASE_URL puts the database, said so that an operator can fix it; null
 * when SQLite can create or open it there. Checked before migrating because the errors that come
 * later name a system call ("EEXIST: file already exists, mkdir"), not the setting or the fix.
 */
export function databaseLocationProblem(databaseUrl: string): string | null {
  if (databaseKind(databaseUrl) !== "sqlite") return null;
  const file = sqlitePath(absoluteDatabaseUrl(databaseUrl));
  const writable = (target: string, mode: number) => {
    try {
      accessSync(target, mode);
      return true;
    } catch {
      return false;
    }
  };
  if (existsSync(file)) {
    if (statSync(file).isDirectory()) {
      return `DATABASE_URL points to ${file}, which is a folder, not a file: add a file name, e.g. file:${path.join(file, "goodcall.db")}`;
    }
    // SQLite also writes its -wal and -shm files beside the database.
    if (!writable(file, constants.R_OK | constants.W_OK) || !writable(path.dirname(file), constants.W_OK)) {
      return `DATABASE_URL points to ${file}, which GoodCall may not read and write (check its and its folder's owner and permissions), or ${WRITABLE_EXAMPLE}`;
    }
    return null;
  }
  // The folders that do not exist yet are created by the migration; the nearest one that does must
  // be a folder we may write in.
  let existing = path.dirname(file);
  while (!existsSync(existing)) existing = path.dirname(existing);
  if (!statSync(existing).isDirectory()) {
    return `DATABASE_URL points into ${existing}, which is a file, not a folder: ${WRITABLE_EXAMPLE}`;
  }
  if (!writable(existing, constants.W_OK)) {
    return `DATABASE_URL points into ${existing}, where GoodCall may not create files: ${WRITABLE_EXAMPLE}`;
  }
  return null;
}

/** Every query as it ran: for the bench's query plans, never in the app (parameters are people's words). */
export type QueryLog = (query: { sql: string; parameters: readonly unknown[]; ms: number }) => void;

/** Opens the database DATABASE_URL names; `onError` hears of PostgreSQL connections lost while idle. */
export async function openDatabase(
  databaseUrl: string,
  options: { onError?: (error: Error) => void; log?: QueryLog } = {},
): Promise<Db> {
  const log = options.log;
  const logConfig = log
    ? (event: LogEvent) => {
        if (event.level === "query") {
          log({ sql: event.query.sql, parameters: event.query.parameters, ms: event.queryDurationMillis });
        }
      }
    : undefined;
  if (databaseKind(databaseUrl) === "postgresql") {
    return Object.assign(await openPostgres(databaseUrl, options.onError ?? reportIdleError, logConfig), {
      kind: "postgresql" as const,
    });
  }
  const sqlite = new Database(sqlitePath(absoluteDatabaseUrl(databaseUrl)), { fileMustExist: true });
  // NOTE: WAL lets the digest job read while a slash command writes, and a busy timeout makes two
  // app instances (or CLI runs) sharing one file wait for each other instead of failing.
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("synchronous = NORMAL");
  // NOTE: secure_delete makes SQLite zero what it frees, or a forgotten person's words would stay
  // readable in free pages of the file (src/db/erasure.ts).
  sqlite.pragma("secure_delete = ON");
  // NOTE: SQLite checks foreign keys (and so cascades deletes) only when the connection asks.
  sqlite.pragma("foreign_keys = ON");
  const db = new Kysely<DB>({
    dialect: new SqliteDialect({ database: sqliteForKysely(sqlite) }),
    plugins: [new ClockColumnsPlugin(), new SqliteTypesPlugin()],
    log: logConfig,
  });
  return Object.assign(db, { kind: "sqlite" as const });
}

function reportIdleError(error: Error): void {
  const code = (error as { code?: unknown }).code;
  process.stderr.write(
    `PostgreSQL connection lost while idle (${String(code ?? error.name)}); reconnecting on next use\n`,
  );
}

/**
 * PostgreSQL: a pool of `DATABASE_POOL_SIZE` (default 10, at least 2) connections per process. The
 * driver is loaded only here (and in migrate.ts): on SQLite it would only cost start-up time and memory.
 */
async function openPostgres(
  databaseUrl: string,
  onError: (error: Error) => void,
  log?: (event: LogEvent) => void,
): Promise<Kysely<DB>> {
  const { default: pg } = await import("pg");
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: poolSize(process.env.DATABASE_POOL_SIZE),
    // NOTE: keepalive finds a connection whose server vanished (and so frees an advisory lock held
    // over it, src/db/jobsLock.ts) instead of waiting on it for hours.
    keepAlive: true,
    connectionTimeoutMillis: 5_000,
    // NOTE: counts and sums come back as int8 and numeric, which pg leaves as strings to keep
    // precision past 2^53; ours are small, so they are numbers here as they are on SQLite.
    types: {
      getTypeParser: ((oid: number, format?: "text" | "binary") =>
        oid === INT8 || oid === NUMERIC ? Number : pg.types.getTypeParser(oid, format)) as never,
    },
  });
  // NOTE: an idle connection that breaks (the server restarts, a network blip) is reported here
  // instead of crashing the process; the pool opens a new one for the next query.
  pool.on("error", onError);
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool }), plugins: [new ClockColumnsPlugin()], log });
}

/** DATABASE_POOL_SIZE, a whole number of connections per process; 10 when unset or not one. */
function poolSize(value: string | undefined): number {
  const size = Number(value);
  return Number.isInteger(size) && size >= 2 ? size : 10;
}

const INT8 = 20;
const NUMERIC = 1700;

export async function closeDatabase(db: Db): Promise<void> {
  await db.destroy();
}
