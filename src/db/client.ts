// The Prisma client over better-sqlite3, opened on DATABASE_URL.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "../generated/prisma/client.ts";
import { sqlitePath } from "./url.ts";

export type Db = PrismaClient;

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** Relative file URLs are resolved against the project root, as the Prisma CLI does. */
export function absoluteDatabaseUrl(databaseUrl: string): string {
  return `file:${path.resolve(root, sqlitePath(databaseUrl))}`;
}

export async function openDatabase(databaseUrl: string): Promise<Db> {
  const adapter = new PrismaBetterSQLite3({ url: absoluteDatabaseUrl(databaseUrl) });
  const db = new PrismaClient({ adapter });
  // NOTE: WAL lets the digest job read while a slash command writes, and a busy timeout makes two
  // app instances sharing one file wait for each other instead of failing with SQLITE_BUSY.
  await db.$queryRawUnsafe("PRAGMA journal_mode = WAL");
  await db.$queryRawUnsafe("PRAGMA busy_timeout = 5000");
  await db.$queryRawUnsafe("PRAGMA synchronous = NORMAL");
  return db;
}
