// The database: one Kysely query layer over SQLite (better-sqlite3) or PostgreSQL (pg), chosen by
// DATABASE_URL. Prisma owns the schema and migrations (prisma/, src/db/migrate.ts), not queries.
// TRANSITION: the Prisma client is still here on SQLite for repositories not yet moved to Kysely.
import { accessSync, constants, existsSync, statSync } from "node:fs";
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import Database from "better-sqlite3";
import { Kysely, PostgresDialect, SqliteDialect } from "kysely";
import pg from "pg";
import type { DB } from "../generated/kysely/types.ts";
import { PrismaClient } from "../generated/prisma/client.ts";
import { ClockColumnsPlugin, SqliteTypesPlugin, sqliteForKysely } from "./dialect.ts";
import { projectRoot as root } from "./root.ts";
import { type DatabaseKind, databaseKind, sqlitePath } from "./url.ts";

export type { DatabaseKind } from "./url.ts";

/** A query builder on the database, or on a transaction of it. */
export type Query = Kysely<DB>;

export type Db = PrismaClient & {
  /** The same SQLite file, for prepared statements on hot paths (src/db/sql.ts). */
  sql: Database.Database;
  /** Queries, on either database. */
  k: Kysely<DB>;
  kind: DatabaseKind;
};

/** Relative file URLs are resolved against the project root, as the Prisma CLI does. */
export function absoluteDatabaseUrl(databaseUrl: string): string {
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

export async function openDatabase(databaseUrl: string): Promise<Db> {
  const url = absoluteDatabaseUrl(databaseUrl);
  const prisma = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url }) });
  // NOTE: WAL lets the digest job read while a slash command writes, and a busy timeout makes two
  // app instances (or two connections) sharing one file wait for each other instead of failing.
  await prisma.$queryRawUnsafe("PRAGMA journal_mode = WAL");
  await prisma.$queryRawUnsafe("PRAGMA busy_timeout = 5000");
  await prisma.$queryRawUnsafe("PRAGMA synchronous = NORMAL");
  // NOTE: secure_delete is per connection: each one that may delete must zero what it frees, or a
  // forgotten person's words stay readable in free pages of the file (src/db/erasure.ts).
  await prisma.$queryRawUnsafe("PRAGMA secure_delete = ON");
  const sql = new Database(sqlitePath(url), { fileMustExist: true });
  sql.pragma("journal_mode = WAL");
  sql.pragma("busy_timeout = 5000");
  sql.pragma("synchronous = NORMAL");
  sql.pragma("secure_delete = ON");
  // NOTE: SQLite checks foreign keys (and so cascades deletes) only when each connection asks.
  sql.pragma("foreign_keys = ON");
  const k = new Kysely<DB>({
    dialect: new SqliteDialect({ database: sqliteForKysely(sql) }),
    plugins: [new ClockColumnsPlugin(), new SqliteTypesPlugin()],
  });
  return Object.assign(prisma, { sql, k, kind: "sqlite" as const });
}

/** PostgreSQL: a pool of `DATABASE_POOL_SIZE` (default 10) connections per process. */
export function openPostgres(databaseUrl: string, onError: (error: Error) => void): Kysely<DB> {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
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
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool }), plugins: [new ClockColumnsPlugin()] });
}

const INT8 = 20;
const NUMERIC = 1700;

export async function closeDatabase(db: Db): Promise<void> {
  await db.k.destroy();
  await db.$disconnect();
}
