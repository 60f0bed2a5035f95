// Errors from the real database drivers (better-sqlite3, pg), logged the way listeners log them:
// no one's words in the line, though the drivers put them in their messages and details.
import { sql } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import { closeDatabase, type Db, openDatabase } from "../../src/db/client.ts";
import { teamRepository } from "../../src/db/teams.ts";
import { createLogger } from "../../src/logger.ts";
import { freshDatabaseUrl } from "../support/db.ts";

const CUSTOMER_TEXT = "Matti Meikäläinen, Kotikatu 5 B 12, wanted his 320 EUR back";

let db: Db;

beforeAll(async () => {
  db = await openDatabase(await freshDatabaseUrl());
  await teamRepository(db).create({ id: "C1", name: "support", timeZone: "UTC", createdById: "UMGR" });
});

afterAll(async () => {
  await closeDatabase(db);
});

/** A logger writing into an array, one parsed line per entry, and the raw text for grepping. */
function capture() {
  const lines: string[] = [];
  const logger = createLogger("debug", { write: (line: string) => void lines.push(line) });
  return { logger, lines, parsed: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

function insertGoodCall(teamId: string) {
  const now = new Date();
  return db
    .insertInto("GoodCall")
    .values({ teamId, authorId: "U1", what: CUSTOMER_TEXT, createdAt: now, updatedAt: now })
    .execute()
    .then(
      () => null,
      (e: unknown) => e,
    );
}

/** A database that refuses a write with the text itself as its message, as drivers quote data. */
async function refuseWithText(): Promise<void> {
  if (db.kind === "postgresql") {
    await sql`CREATE FUNCTION refuse_call() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION '%', NEW.what; END $$ LANGUAGE plpgsql`.execute(
      db,
    );
    await sql`CREATE TRIGGER refuse_call BEFORE INSERT ON "GoodCall" FOR EACH ROW EXECUTE FUNCTION refuse_call()`.execute(
      db,
    );
  } else {
    await sql`CREATE TRIGGER refuse_call BEFORE INSERT ON GoodCall BEGIN SELECT RAISE(ABORT, NEW.what); END;`.execute(
      db,
    );
  }
}

it("logs a database error by class, code and stack, without the text the driver quotes", async () => {
  await refuseWithText();
  const error = await insertGoodCall("C1");
  await sql`DROP TRIGGER refuse_call ${db.kind === "postgresql" ? sql`ON "GoodCall"` : sql``}`.execute(db);
  // The premise: the driver's message carries what the person typed.
  expect(error).toBeInstanceOf(Error);
  expect((error as Error).message).toContain(CUSTOMER_TEXT);

  const { logger, lines, parsed } = capture();
  logger.error({ err: error, userId: "U1" }, "listener failed");
  logger.error(error);
  logger.warn({ error }, "feed post failed");

  expect(lines).toHaveLength(3);
  for (const line of lines) {
    expect(line).not.toContain("Matti");
    expect(line).not.toContain("Kotikatu");
    expect(line).not.toContain("320 EUR");
  }
  const [first, second] = parsed();
  const name = db.kind === "postgresql" ? "DatabaseError" : "SqliteError";
  expect(first?.err).toMatchObject({ type: name });
  const stack = (first?.err as { stack?: string } | undefined)?.stack ?? "";
  expect(stack.split("\n").every((frame) => frame.startsWith("    at "))).toBe(true);
  expect(second?.msg).toBe(name);
});

it("logs a constraint error with its code and the constraint's name, and no values", async () => {
  // A good call in a team that does not exist breaks the foreign key; PostgreSQL's detail says
  // which key value was missing ("Key (teamId)=(…)"), which may be anything a person typed.
  const error = await insertGoodCall(`C-${CUSTOMER_TEXT}`);
  expect(error).toBeInstanceOf(Error);
  const { logger, lines, parsed } = capture();
  logger.error({ err: error }, "listener failed");
  expect(lines.join("")).not.toContain("Matti");
  expect(parsed()[0]?.err).toMatchObject(
    db.kind === "postgresql"
      ? { code: "23503", constraint: "GoodCall_teamId_fkey", table: "GoodCall" }
      : { code: "SQLITE_CONSTRAINT_FOREIGNKEY" },
  );
});

it("keeps Slack's error code and the cause's class, and drops a library's message", () => {
  const slackError = Object.assign(new Error(`An API error occurred: channel_not_found ${CUSTOMER_TEXT}`), {
    code: "slack_webapi_platform_error",
    data: { ok: false, error: "channel_not_found" },
  });
  const wrapped = new Error(`feed post failed for "${CUSTOMER_TEXT}"`, { cause: slackError });
  const { logger, lines, parsed } = capture();
  logger.warn({ err: wrapped }, "feed post failed");
  expect(lines.join("")).not.toContain("Matti");
  expect(parsed()[0]?.err).toMatchObject({
    type: "Error",
    cause: { code: "slack_webapi_platform_error", slackError: "channel_not_found" },
  });
});

it("drops a thrown string or object entirely", () => {
  const { logger, lines } = capture();
  logger.error({ err: CUSTOMER_TEXT }, "listener failed");
  logger.error({ err: { note: CUSTOMER_TEXT } }, "listener failed");
  expect(lines.join("")).not.toContain("Matti");
});
