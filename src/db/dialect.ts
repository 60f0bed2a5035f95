// What makes one Kysely query run the same on SQLite and PostgreSQL. Our code works with Date and
// boolean (the PostgreSQL types, from which src/generated/kysely/types.ts is generated); SQLite has
// neither, so on SQLite parameters are converted on the way in and known columns on the way out.
// Dates are stored as Prisma stored them before Kysely ("2026-11-27T15:00:00.000+00:00"): fixed
// width ISO text, so comparing the text compares the instants and old databases read the same.
import type Database from "better-sqlite3";
import type {
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  SqliteDatabase,
  SqliteStatement,
  UnknownRow,
} from "kysely";

/** Every DateTime field of prisma/schema.prisma (a unit test keeps this list and the schema in step). */
export const DATE_COLUMNS: ReadonlySet<string> = new Set([
  "attemptStartedAt",
  "botTokenExpiresAt",
  "createdAt",
  "deliveredAt",
  "doneAt",
  "followUpDueAt",
  "installedAt",
  "joinedAt",
  "leaseUntil",
  "nextAttemptAt",
  "outcomeAt",
  "periodEnd",
  "periodStart",
  "promiseAt",
  "promiseRemindAt",
  "ranAt",
  "receivedAt",
  "unreachableAt",
  "uninstalledAt",
  "updatedAt",
]);

/** Every Boolean field of prisma/schema.prisma. */
export const BOOLEAN_COLUMNS: ReadonlySet<string> = new Set([
  "feedEnabled",
  "flaggedPii",
  "followUp",
  "isEnterpriseInstall",
  "late",
  "pendingConsent",
]);

// The last instant written out and its text. NOTE: a quick log's INSERT writes the same instant twice
// (createdAt, updatedAt), and toISOString costs about a microsecond each time.
let lastTime = Number.NaN;
let lastText = "";

/** A date as the SQLite connection stores it: ISO 8601 in UTC with an explicit +00:00. */
export function toSqliteDate(date: Date): string {
  const time = date.getTime();
  // An invalid date (NaN) never equals the last one, and toISOString throws on it as before.
  if (time !== lastTime) {
    lastText = isoText(date);
    lastTime = time;
  }
  return lastText;
}

/**
 * `date.toISOString()` with "+00:00" for "Z", written out from the date's UTC fields for the years
 * 0–9999 (a third of the time; a property test compares the two), and by toISOString for the rest,
 * which it writes with a sign and six digits, or refuses when the date is invalid.
 */
function isoText(date: Date): string {
  const year = date.getUTCFullYear();
  if (!(year >= 0 && year <= 9999)) return date.toISOString().replace("Z", "+00:00");
  return `${pad(year, 4)}-${pad(date.getUTCMonth() + 1, 2)}-${pad(date.getUTCDate(), 2)}T${pad(date.getUTCHours(), 2)}:${pad(date.getUTCMinutes(), 2)}:${pad(date.getUTCSeconds(), 2)}.${pad(date.getUTCMilliseconds(), 3)}+00:00`;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, "0");
}

/** A parameter as the SQLite connection binds it: dates as text, booleans as 0/1. */
export function toSqliteValue(value: unknown): unknown {
  if (value instanceof Date) return toSqliteDate(value);
  if (typeof value === "boolean") return value ? 1 : 0;
  return value;
}

/**
 * A better-sqlite3 database as Kysely's SQLite dialect sees it, converting parameters and keeping
 * each statement prepared for the life of the connection (preparing costs more than most of our
 * queries take to run).
 */
export function sqliteForKysely(database: Database.Database): SqliteDatabase {
  const prepared = new Map<string, SqliteStatement>();
  return {
    close: () => database.close(),
    prepare(text: string): SqliteStatement {
      let statement = prepared.get(text);
      if (!statement) {
        const inner = database.prepare(text);
        const convert = (parameters: ReadonlyArray<unknown>) => parameters.map(toSqliteValue);
        statement = {
          reader: inner.reader,
          all: (parameters) => inner.all(...convert(parameters)),
          run: (parameters) => inner.run(...convert(parameters)),
          iterate: (parameters) => inner.iterate(...convert(parameters)),
        };
        prepared.set(text, statement);
      }
      return statement;
    },
  };
}

/** Turns SQLite's text dates and 0/1 booleans in result rows back into Date and boolean. */
export class SqliteTypesPlugin implements KyselyPlugin {
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    for (const row of args.result.rows) fromSqliteRow(row);
    return args.result;
  }
}

export function fromSqliteRow(row: UnknownRow): UnknownRow {
  for (const key in row) {
    const value = row[key];
    if (typeof value === "string" && DATE_COLUMNS.has(key)) row[key] = new Date(value);
    else if (typeof value === "number" && BOOLEAN_COLUMNS.has(key)) row[key] = value !== 0;
  }
  return row;
}

/**
 * Columns whose schema default is the database's clock. Our code always writes them from the
 * service clock instead: the database's clock is not the one `jobs run --at` and tests judge by, and
 * SQLite's CURRENT_TIMESTAMP has another text form than our dates. An insert without one is a bug,
 * refused here on both databases before it reaches the database.
 */
const CLOCK_DEFAULTS: Readonly<Record<string, string>> = {
  Team: "createdAt",
  TeamManager: "createdAt",
  TeamMember: "joinedAt",
  GoodCall: "createdAt",
  Story: "createdAt",
  Appreciation: "createdAt",
  Delivery: "createdAt",
  Improvement: "createdAt",
  Workspace: "installedAt",
  Installation: "installedAt",
};

export class ClockColumnsPlugin implements KyselyPlugin {
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    const node = args.node;
    if (node.kind === "InsertQueryNode") {
      const table = node.into?.table.identifier.name ?? "";
      const column = CLOCK_DEFAULTS[table];
      if (column && node.columns && !node.columns.some((c) => c.column.name === column)) {
        throw new Error(
          `An insert into ${table} must set ${column} from the service clock (src/db/dialect.ts)`,
        );
      }
    }
    return node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}
