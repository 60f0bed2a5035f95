// Lists handed to a query as a table to join (many teams' periods, or many (team, author) probes) in
// one query whose SQL text is the same however long the list, and each position's rows handed back.
import { type AliasedRawBuilder, type Expression, type RawBuilder, sql } from "kysely";
import type { Db } from "./client.ts";
import { toSqliteDate } from "./dialect.ts";

type ColumnType = "integer" | "text" | "timestamp";
type ValueOf<T extends ColumnType> = T extends "integer" ? number : T extends "text" ? string : Date;
export type ListRow<C extends Record<string, ColumnType>> = { [K in keyof C]: ValueOf<C[K]> };

const POSTGRES_ARRAY: Record<ColumnType, string> = {
  integer: "int4[]",
  text: "text[]",
  timestamp: "timestamptz[]",
};

/**
 * `rows` as a table named `alias` with `columns`, to select from and join on.
 * NOTE: the list travels as one parameter (an array per column on PostgreSQL, unnested; one JSON
 * array on SQLite, read with json_each) rather than as VALUES or IN lists: those change the SQL text
 * with the list's length, and the SQLite connection keeps every text it meets prepared for good
 * (src/db/dialect.ts). Both planners take such a list as the outer side of a nested loop and probe
 * the joined table's index once per row (checked with EXPLAIN in the digest benchmark).
 */
export function listTable<C extends Record<string, ColumnType>, A extends string>(
  db: Db,
  alias: A,
  columns: C,
  rows: ReadonlyArray<ListRow<C>>,
): AliasedRawBuilder<ListRow<C>, A> {
  const names = Object.keys(columns) as Array<keyof C & string>;
  let table: RawBuilder<ListRow<C>>;
  // NOTE: loops rather than callbacks made per list, here and in the digest's other hot paths: V8
  // keeps a function's optimized code only while a closure of it lives (see README, Performance).
  if (db.kind === "postgresql") {
    const arrays: RawBuilder<unknown>[] = [];
    for (const name of names) {
      const timestamp = columns[name] === "timestamp";
      const values: unknown[] = [];
      for (const row of rows) values.push(timestamp ? (row[name] as Date).toISOString() : row[name]);
      arrays.push(sql`${values}::${sql.raw(POSTGRES_ARRAY[columns[name] as ColumnType])}`);
    }
    table = sql`(select * from unnest(${sql.join(arrays)}) as ${sql.id("u")}(${sql.join(names.map((n) => sql.id(n)))}))`;
  } else {
    // Dates as the SQLite connection stores them, so the joined text compares as the instants do; a
    // list's dates are mostly the same few (the teams' shared period), so each is written out once.
    const texts = new Map<number, string>();
    const values: unknown[][] = [];
    for (const row of rows) {
      const value: unknown[] = [];
      for (const name of names) {
        const cell = row[name];
        if (columns[name] !== "timestamp") {
          value.push(cell);
          continue;
        }
        const time = (cell as Date).getTime();
        let written = texts.get(time);
        if (written === undefined) {
          written = toSqliteDate(cell as Date);
          texts.set(time, written);
        }
        value.push(written);
      }
      values.push(value);
    }
    const json = JSON.stringify(values);
    const extracted = names.map(
      (name, i) => sql`json_extract(value, ${sql.lit(`$[${i}]`)}) as ${sql.id(name)}`,
    );
    table = sql`(select ${sql.join(extracted)} from json_each(${json}))`;
  }
  return table.as(alias);
}

/** Positions in a list with what each is about: the `i` a batch query's rows come back under. */
export const TEAM_PERIOD = { i: "integer", team: "text", start: "timestamp", end: "timestamp" } as const;

export interface TeamPeriod {
  teamId: string;
  start: Date;
  end: Date;
}

/** Teams with a period each, as table `p` (i, team, start, end); i is the position in `periods`. */
export function teamPeriods(db: Db, periods: readonly TeamPeriod[]) {
  const rows: Array<ListRow<typeof TEAM_PERIOD>> = [];
  for (const [i, p] of periods.entries()) rows.push({ i, team: p.teamId, start: p.start, end: p.end });
  return listTable(db, "p", TEAM_PERIOD, rows);
}

/**
 * From the earliest start to the latest end of `periods`: bounds every batched range query also
 * states as constants. NOTE: PostgreSQL estimates a range joined from the list with a default that
 * makes a few hundred teams' index ranges look dearer than reading the whole table: at 250 teams of
 * the 1,000-team benchmark it chose a hash join over a parallel sequential scan of all 5.2M good
 * calls (1.7 s, against 0.25 s for the index ranges). Given the span as constants, it estimates the
 * ranges from its statistics and takes the index. On SQLite the list already drives the loop.
 */
export function spanOf(periods: readonly TeamPeriod[]): { start: Date; end: Date } {
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  for (const p of periods) {
    start = Math.min(start, p.start.getTime());
    end = Math.max(end, p.end.getTime());
  }
  return { start: new Date(start), end: new Date(end) };
}

/**
 * The rows of `table` whose team is the period's (`p`, see teamPeriods) and whose `column` falls
 * within it, with `span` (spanOf the periods) also stated as constants for PostgreSQL's planner.
 */
export function inTeamPeriod(
  table: "GoodCall" | "Story" | "Improvement",
  column: "createdAt" | "outcomeAt" | "promiseRemindAt" | "doneAt",
  span: { start: Date; end: Date },
): RawBuilder<boolean> {
  const at = sql.ref(`${table}.${column}`);
  return sql<boolean>`${sql.ref(`${table}.teamId`)} = ${sql.ref("p.team")} and ${at} >= ${sql.ref("p.start")} and ${at} < ${sql.ref("p.end")} and ${at} >= ${span.start} and ${at} < ${span.end}`;
}

/** Rows that came back under list position `i`, gathered per position (in the order they came). */
export function byPosition<R extends { i: number }, T>(
  count: number,
  rows: readonly R[],
  map: (row: R) => T,
): T[][] {
  const lists: T[][] = [];
  for (let i = 0; i < count; i++) lists.push([]);
  for (const row of rows) lists[row.i]?.push(map(row));
  return lists;
}

/**
 * Aggregates a group's rows into one JSON array with one array of `values` per row: JSON text on
 * SQLite, already parsed on PostgreSQL (see jsonArrays).
 * NOTE: a batch of digests reads 25,000 wide rows a chunk; made into one object per row, by
 * better-sqlite3 or by the pg driver, they cost three times what the query itself does. One JSON
 * text per team, parsed by JSON.parse, costs a third of that.
 */
export function jsonRowsOf(db: Db, values: ReadonlyArray<Expression<unknown>>): RawBuilder<unknown> {
  return db.kind === "postgresql"
    ? sql`json_agg(json_build_array(${sql.join(values)}))`
    : sql`json_group_array(json_array(${sql.join(values)}))`;
}

/** The values of `value` in a group as one JSON array (see jsonRowsOf). */
export function jsonListOf(db: Db, value: Expression<unknown>): RawBuilder<unknown> {
  return db.kind === "postgresql" ? sql`json_agg(${value})` : sql`json_group_array(${value})`;
}

/** The distinct values of `value` in a group as one JSON array (see jsonRowsOf). */
export function jsonDistinctOf(db: Db, value: Expression<unknown>): RawBuilder<unknown> {
  return db.kind === "postgresql"
    ? sql`json_agg(distinct ${value})`
    : sql`json_group_array(distinct ${value})`;
}

/**
 * A subquery's JSON aggregate as text on both databases: the pg driver would parse a json column
 * as it arrives, and a caller that holds many may want to parse each only when it needs it.
 */
export function jsonText(db: Db, subquery: Expression<unknown>): RawBuilder<string | null> {
  return db.kind === "postgresql" ? sql`(${subquery})::text` : sql`(${subquery})`;
}

/** A JSON aggregate as a column brings it back: SQLite's text parsed, PostgreSQL's already an array. */
export function jsonArrays<T = unknown[]>(value: unknown): T[] {
  const parsed: unknown = typeof value === "string" ? JSON.parse(value) : value;
  return Array.isArray(parsed) ? (parsed as T[]) : [];
}
