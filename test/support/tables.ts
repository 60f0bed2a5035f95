// Every table of a test database, read the same way on SQLite and PostgreSQL: for tests that must
// show a request changed nothing, or that a forgotten person is nowhere.
import { sql } from "kysely";
import type { Db } from "../../src/db/client.ts";

/** Our tables (not Prisma's migration bookkeeping), by name. */
export async function tableNames(db: Db): Promise<string[]> {
  const query =
    db.kind === "postgresql"
      ? sql<{
          name: string;
        }>`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`
      : sql<{
          name: string;
        }>`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`;
  const { rows } = await query.execute(db);
  return rows.map((row) => row.name).filter((name) => !name.startsWith("_"));
}

export async function rowCounts(db: Db): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const name of await tableNames(db)) {
    const { rows } = await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(name)}`.execute(db);
    counts[name] = Number(rows[0]?.n ?? 0);
  }
  return counts;
}

/** Each table's rows as text, in a stable order. */
export async function tableContents(db: Db): Promise<Map<string, string>> {
  const contents = new Map<string, string>();
  for (const name of await tableNames(db)) {
    const { rows } = await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(name)}`.execute(db);
    const lines = rows.map((row) => JSON.stringify(row)).sort();
    contents.set(name, lines.join("\n"));
  }
  return contents;
}

/** How many rows of a table match a condition, written as Kysely SQL. */
export async function countWhere(db: Db, table: string, where = sql`1 = 1`): Promise<number> {
  const { rows } = await sql<{
    n: number;
  }>`SELECT count(*) AS n FROM ${sql.table(table)} WHERE ${where}`.execute(db);
  return Number(rows[0]?.n ?? 0);
}
