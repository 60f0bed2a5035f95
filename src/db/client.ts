// The database: Prisma over better-sqlite3 for most work, plus the same file opened directly for
// the few statements on the quick-log path, where Prisma's per-query cost dominates (see README).
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import Database from "better-sqlite3";
import { PrismaClient } from "../generated/prisma/client.ts";
import { projectRoot as root } from "./root.ts";
import { sqlitePath } from "./url.ts";

export type Db = PrismaClient & {
  /** The same SQLite file, for prepared statements on hot paths (src/db/sql.ts). */
  sql: Database.Database;
};

/** Relative file URLs are resolved against the project root, as the Prisma CLI does. */
export function absoluteDatabaseUrl(databaseUrl: string): string {
  return `file:${path.resolve(root, sqlitePath(databaseUrl))}`;
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
  return Object.assign(prisma, { sql });
}

export async function closeDatabase(db: Db): Promise<void> {
  db.sql.close();
  await db.$disconnect();
}
