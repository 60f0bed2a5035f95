// Applies Prisma's migrations to the database at a URL, creating the file and its folder if needed.
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { promisify } from "node:util";
import Database from "better-sqlite3";
import { projectRoot as root } from "./root.ts";
import { sqlitePath } from "./url.ts";

const run = promisify(execFile);
const migrationsDir = path.join(root, "prisma", "migrations");

/** Migrations in prisma/migrations that the database has not applied yet. */
export function pendingMigrations(databaseUrl: string): string[] {
  const all = readdirSync(migrationsDir, { withFileTypes: true })
    .filter(
      (entry) => entry.isDirectory() && existsSync(path.join(migrationsDir, entry.name, "migration.sql")),
    )
    .map((entry) => entry.name)
    .sort();
  const file = path.resolve(root, sqlitePath(databaseUrl));
  if (!existsSync(file)) return all;
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const table = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'")
      .get();
    if (!table) return all;
    const applied = new Set(
      db
        .prepare(
          "SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL",
        )
        .all()
        .map((row) => (row as { migration_name: string }).migration_name),
    );
    return all.filter((name) => !applied.has(name));
  } finally {
    db.close();
  }
}

export async function migrate(databaseUrl: string): Promise<void> {
  // NOTE: the Prisma CLI takes seconds to start; asking the database first keeps start-up and every
  // CLI command fast when (as usual) nothing is pending.
  if (pendingMigrations(databaseUrl).length === 0) return;
  mkdirSync(path.dirname(path.resolve(root, sqlitePath(databaseUrl))), { recursive: true });
  // `prisma migrate deploy` is the one supported way to apply Prisma migrations; running the CLI
  // keeps our database identical to what `prisma migrate status` expects.
  const prismaCli = createRequire(import.meta.url).resolve("prisma/build/index.js");
  try {
    // NOTE: naming the config makes a missing one an error; without it Prisma falls back to its native
    // engine and tries to download it, which fails offline with a message that hides the cause.
    await run(
      process.execPath,
      [prismaCli, "migrate", "deploy", "--config", path.join(root, "prisma.config.ts")],
      {
        cwd: root,
        env: { ...process.env, DATABASE_URL: databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
      },
    );
  } catch (error) {
    const { stdout = "", stderr = "" } = error as { stdout?: string; stderr?: string };
    throw new Error(`Database migration failed for ${databaseUrl}:\n${stderr || stdout}`);
  }
}
