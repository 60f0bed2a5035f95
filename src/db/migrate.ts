// Applies Prisma's migrations to the database at a URL: prisma/migrations on SQLite (creating the
// file and its folder if needed), prisma/postgresql/migrations on PostgreSQL.
import { execFile } from "node:child_process";
import { createHash, randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { promisify } from "node:util";
import Database from "better-sqlite3";
import { projectRoot as root } from "./root.ts";
import { type DatabaseKind, databaseKind, redactUrl, sqlitePath } from "./url.ts";

const run = promisify(execFile);
const LAYOUT: Record<DatabaseKind, { migrations: string; config: string }> = {
  sqlite: {
    migrations: path.join(root, "prisma", "migrations"),
    config: path.join(root, "prisma.config.ts"),
  },
  postgresql: {
    migrations: path.join(root, "prisma", "postgresql", "migrations"),
    config: path.join(root, "prisma", "postgresql", "prisma.config.ts"),
  },
};

const APPLIED =
  "SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL";

function allMigrations(kind: DatabaseKind): string[] {
  const migrationsDir = LAYOUT[kind].migrations;
  return readdirSync(migrationsDir, { withFileTypes: true })
    .filter(
      (entry) => entry.isDirectory() && existsSync(path.join(migrationsDir, entry.name, "migration.sql")),
    )
    .map((entry) => entry.name)
    .sort();
}

/** Migrations that the database has not applied yet. */
export async function pendingMigrations(databaseUrl: string): Promise<string[]> {
  const kind = databaseKind(databaseUrl);
  const all = allMigrations(kind);
  if (kind === "postgresql") {
    const client = await postgresClient(databaseUrl);
    await client.connect();
    try {
      const table = await client.query("SELECT to_regclass('_prisma_migrations') AS name");
      if (!table.rows[0]?.name) return all;
      const applied = new Set((await client.query(APPLIED)).rows.map((row) => row.migration_name as string));
      return all.filter((name) => !applied.has(name));
    } finally {
      await client.end();
    }
  }
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
        .prepare(APPLIED)
        .all()
        .map((row) => (row as { migration_name: string }).migration_name),
    );
    return all.filter((name) => !applied.has(name));
  } finally {
    db.close();
  }
}

/** The driver is loaded only for a PostgreSQL database: on SQLite it would only cost start-up time and memory. */
async function postgresClient(databaseUrl: string) {
  const { default: pg } = await import("pg");
  return new pg.Client({ connectionString: databaseUrl });
}

// Prisma's own lock number, so that GoodCall and `prisma migrate` never migrate one database at once.
const MIGRATION_LOCK = 72707369;

/**
 * PostgreSQL: each pending migration in its own transaction, recorded in Prisma's table exactly as
 * `prisma migrate deploy` records it (so `prisma migrate status` agrees), under Prisma's advisory
 * lock so that instances starting together migrate once. Why not the Prisma CLI here: with the JS
 * engine its schema engine needs a catalog workaround (prisma/postgresql/adapter.ts) and then keeps
 * the process alive for 10 s after finishing (a timer in its WebAssembly), on every start-up.
 */
async function migratePostgres(databaseUrl: string): Promise<void> {
  const client = await postgresClient(databaseUrl);
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK]);
    await client.query(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" VARCHAR(36) PRIMARY KEY NOT NULL,
      "checksum" VARCHAR(64) NOT NULL,
      "finished_at" TIMESTAMPTZ,
      "migration_name" VARCHAR(255) NOT NULL,
      "logs" TEXT,
      "rolled_back_at" TIMESTAMPTZ,
      "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
      "applied_steps_count" INTEGER NOT NULL DEFAULT 0
    )`);
    const applied = new Set((await client.query(APPLIED)).rows.map((row) => row.migration_name as string));
    for (const name of allMigrations("postgresql")) {
      if (applied.has(name)) continue;
      const script = readFileSync(path.join(LAYOUT.postgresql.migrations, name, "migration.sql"), "utf8");
      await client.query("BEGIN");
      try {
        const started = new Date();
        await client.query(script);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count)
           VALUES ($1, $2, now(), $3, $4, 1)`,
          [randomUUID(), createHash("sha256").update(script).digest("hex"), name, started],
        );
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw new Error(`Database migration ${name} failed for ${redactUrl(databaseUrl)}: ${String(error)}`);
      }
    }
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK]).catch(() => {});
    await client.end();
  }
}

export async function migrate(databaseUrl: string): Promise<void> {
  // NOTE: the Prisma CLI takes seconds to start; asking the database first keeps start-up and every
  // CLI command fast when (as usual) nothing is pending.
  const kind = databaseKind(databaseUrl);
  if ((await pendingMigrations(databaseUrl)).length === 0) return;
  if (kind === "postgresql") return migratePostgres(databaseUrl);
  if (kind === "sqlite")
    mkdirSync(path.dirname(path.resolve(root, sqlitePath(databaseUrl))), { recursive: true });
  // `prisma migrate deploy` is the one supported way to apply Prisma migrations; running the CLI
  // keeps our database identical to what `prisma migrate status` expects.
  const prismaCli = createRequire(import.meta.url).resolve("prisma/build/index.js");
  try {
    // NOTE: naming the config makes a missing one an error; without it Prisma falls back to its native
    // engine and tries to download it, which fails offline with a message that hides the cause.
    await run(process.execPath, [prismaCli, "migrate", "deploy", "--config", LAYOUT[kind].config], {
      cwd: root,
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        PRISMA_HIDE_UPDATE_MESSAGE: "1",
        // NOTE: without a Prisma Client generator in the schema, the CLI would otherwise fetch the
        // native query engine it does not use.
        PRISMA_CLIENT_ENGINE_TYPE: "client",
      },
    });
  } catch (error) {
    const { stdout = "", stderr = "" } = error as { stdout?: string; stderr?: string };
    throw new Error(`Database migration failed for ${redactUrl(databaseUrl)}:\n${stderr || stdout}`);
  }
}

/** Start-up gave up waiting for the database server; the message says which and what to check. */
export class DatabaseUnreachableError extends Error {}

// Errors that mean the PostgreSQL server is not there (yet): down, starting, restarting, unreachable.
const NOT_REACHABLE = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "57P03",
]);

/** The code of an error that says the database server cannot be reached, else undefined. */
function unreachableCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && NOT_REACHABLE.has(code)) return code;
    if (e instanceof AggregateError) {
      const inner = e.errors.map(unreachableCode).find(Boolean);
      if (inner) return inner;
    }
  }
  if (
    error instanceof Error &&
    /timeout exceeded when trying to connect|Connection terminated/i.test(error.message)
  ) {
    return "ETIMEDOUT";
  }
  return undefined;
}

/**
 * Migrates once the database answers: a PostgreSQL server that is starting or restarting (as when
 * instances and database start together) is waited for, each wait reported through `onWait`, for up
 * to `patienceMs`; then the last error ends start-up with the server named and what to check.
 */
export async function migrateWhenReachable(
  databaseUrl: string,
  onWait: (code: string, retryInMs: number) => void,
  patienceMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + patienceMs;
  let pause = 1_000;
  for (;;) {
    try {
      return await migrate(databaseUrl);
    } catch (error) {
      const code = unreachableCode(error);
      if (!code) throw error;
      if (Date.now() + pause > deadline) {
        throw new DatabaseUnreachableError(
          `Cannot reach PostgreSQL at ${redactUrl(databaseUrl)} (${code}) after trying for ${Math.round(patienceMs / 1000)} s: check that the server runs and that DATABASE_URL names its host, port and database`,
        );
      }
      onWait(code, pause);
      await new Promise((resolve) => setTimeout(resolve, pause));
      pause = Math.min(pause * 2, 10_000);
    }
  }
}
