// The migrations and the schema must describe the same database: on each database, the tables,
// columns, indexes and foreign keys that the migration folder builds are the ones Prisma would build
// from that database's schema. Together with `scripts/schema-postgresql.ts --check` (the PostgreSQL
// schema is derived from the SQLite one, in `npm run check`), a model or migration that is missing
// on one database fails here. The one thing a Prisma schema cannot say, that an index is partial, is
// listed below and checked here too.
import { execFile } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { sql } from "kysely";
import { expect, it } from "vitest";
import { closeDatabase, type Db, openDatabase } from "../../src/db/client.ts";
import { freshDatabaseUrl, testDatabaseKind } from "../support/db.ts";
import { tableNames } from "../support/tables.ts";

const run = promisify(execFile);
const root = fileURLToPath(new URL("../..", import.meta.url));

/**
 * Indexes of the schema that the migrations build partial (Prisma's schema has no WHERE for an index),
 * with their condition: the same on both databases (migration 20261130004217_partial_good_call_indexes).
 * The database built from the schema gets the same conditions before the two are compared, so a
 * partial index missing from this list, or a condition that differs from it, fails the test.
 */
const PARTIAL_INDEXES: Readonly<Record<string, string>> = {
  GoodCall_followUpDueAt_idx: '"followUpDueAt" IS NOT NULL',
  GoodCall_promiseRemindAt_idx: '"promiseRemindAt" IS NOT NULL',
  GoodCall_teamId_outcomeAt_idx: '"outcomeAt" IS NOT NULL',
  GoodCall_teamId_promiseRemindAt_idx: '"promiseRemindAt" IS NOT NULL',
};

/** Prisma's script with the listed indexes made partial; throws when one is not in it. */
function withPartialIndexes(script: string): string {
  let out = script;
  for (const [name, condition] of Object.entries(PARTIAL_INDEXES)) {
    const create = new RegExp(`(CREATE INDEX "${name}" ON [^;]+);`);
    if (!create.test(out)) throw new Error(`the schema has no index ${name} to make partial`);
    out = out.replace(create, `$1 WHERE ${condition};`);
  }
  return out;
}

/** What Prisma would create from the schema, as one SQL script. */
async function scriptFromSchema(databaseUrl: string): Promise<string> {
  const postgres = testDatabaseKind() === "postgresql";
  const config = postgres ? "prisma/postgresql/prisma.config.ts" : "prisma.config.ts";
  const schema = postgres ? "prisma/postgresql/schema.prisma" : "prisma/schema.prisma";
  const { stdout } = await run(
    process.execPath,
    [
      path.join(root, "node_modules/prisma/build/index.js"),
      "migrate",
      "diff",
      "--config",
      path.join(root, config),
      "--from-empty",
      "--to-schema-datamodel",
      path.join(root, schema),
      "--script",
    ],
    {
      cwd: root,
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        PRISMA_CLIENT_ENGINE_TYPE: "client",
        PRISMA_HIDE_UPDATE_MESSAGE: "1",
      },
    },
  );
  return stdout;
}

/** The database's shape, one line per column, index and foreign key, sorted. */
async function shape(db: Db): Promise<string[]> {
  const lines: string[] = [];
  const tables = await tableNames(db);
  if (db.kind === "postgresql") {
    const columns = await sql<Record<string, string>>`
      SELECT table_name, column_name, data_type, is_nullable, coalesce(column_default, '') AS d
      FROM information_schema.columns WHERE table_schema = 'public'`.execute(db);
    for (const c of columns.rows) {
      if (tables.includes(c.table_name ?? ""))
        lines.push(
          `column ${c.table_name}.${c.column_name} ${c.data_type} null=${c.is_nullable} default=${c.d}`,
        );
    }
    const indexes = await sql<{ indexdef: string; tablename: string }>`
      SELECT tablename, indexdef FROM pg_indexes WHERE schemaname = 'public'`.execute(db);
    for (const i of indexes.rows) if (tables.includes(i.tablename)) lines.push(`index ${i.indexdef}`);
    const keys = await sql<{ def: string; name: string }>`
      SELECT conname AS name, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE contype = 'f'`.execute(
      db,
    );
    for (const k of keys.rows) lines.push(`foreign key ${k.name} ${k.def}`);
  } else {
    for (const table of tables) {
      const columns = await sql<Record<string, unknown>>`SELECT * FROM pragma_table_info(${table})`.execute(
        db,
      );
      for (const c of columns.rows) {
        lines.push(
          `column ${table}.${c.name} ${c.type} notnull=${c.notnull} default=${c.dflt_value} pk=${c.pk}`,
        );
      }
      const indexes = await sql<{
        name: string;
        unique: number;
        partial: number;
      }>`SELECT name, "unique", partial FROM pragma_index_list(${table})`.execute(db);
      for (const index of indexes.rows) {
        const parts = await sql<{ name: string }>`SELECT name FROM pragma_index_info(${index.name})`.execute(
          db,
        );
        // SQLite keeps a partial index's condition only in the statement that created it.
        const created = await sql<{
          sql: string;
        }>`SELECT sql FROM sqlite_master WHERE name = ${index.name}`.execute(db);
        const condition = index.partial
          ? ` where ${/ WHERE (.+)$/s.exec(created.rows[0]?.sql ?? "")?.[1]}`
          : "";
        lines.push(
          `index ${table} ${index.name} unique=${index.unique} (${parts.rows.map((p) => p.name).join(", ")})${condition}`,
        );
      }
      const keys = await sql<
        Record<string, unknown>
      >`SELECT * FROM pragma_foreign_key_list(${table})`.execute(db);
      for (const k of keys.rows)
        lines.push(`foreign key ${table}.${k.from} -> ${k.table}.${k.to} on delete ${k.on_delete}`);
    }
  }
  return lines.sort();
}

it("builds from the migrations exactly the database the schema describes", async () => {
  const migrated = await openDatabase(await freshDatabaseUrl());
  const emptyUrl = await freshDatabaseUrl();
  const fromSchema = await openDatabase(emptyUrl);
  try {
    // The fresh database is a copy of the migrated template: empty it, then build it from the schema.
    if (fromSchema.kind === "sqlite") await sql`PRAGMA foreign_keys = OFF`.execute(fromSchema);
    for (const table of await tableNames(fromSchema)) {
      await sql`DROP TABLE ${sql.table(table)} ${fromSchema.kind === "postgresql" ? sql`CASCADE` : sql``}`.execute(
        fromSchema,
      );
    }
    await sql`DROP TABLE "_prisma_migrations"`.execute(fromSchema);
    const script = withPartialIndexes(await scriptFromSchema(emptyUrl));
    if (fromSchema.kind === "postgresql") {
      await sql.raw(script).execute(fromSchema);
    } else {
      for (const statement of script.split(/;\s*\n/).filter((s) => s.replace(/--[^\n]*\n?/g, "").trim())) {
        await sql.raw(statement).execute(fromSchema);
      }
    }
    const expected = await shape(fromSchema);
    expect(expected.length).toBeGreaterThan(50);
    expect(await shape(migrated)).toEqual(expected);
  } finally {
    await closeDatabase(migrated);
    await closeDatabase(fromSchema);
  }
}, 60_000);
