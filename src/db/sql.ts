// Prepared statements on the database file, for the quick-log path. Dates are written exactly as
// Prisma writes them (ISO text with "+00:00"), so Prisma's range queries compare them correctly.
import type Database from "better-sqlite3";
import type { Db } from "./client.ts";

const cache = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/** A prepared statement, prepared once per connection. */
export function statement(db: Db, text: string): Database.Statement {
  let statements = cache.get(db.sql);
  if (!statements) {
    statements = new Map();
    cache.set(db.sql, statements);
  }
  let prepared = statements.get(text);
  if (!prepared) {
    prepared = db.sql.prepare(text);
    statements.set(text, prepared);
  }
  return prepared;
}

export function toDbDate(date: Date): string {
  return date.toISOString().replace("Z", "+00:00");
}

export function fromDbDate(value: string): Date {
  return new Date(value);
}
