// Errors from the real Prisma client, logged the way listeners log them: no one's words in the line.
import { afterAll, beforeAll, expect, it } from "vitest";
import { type Db, openDatabase } from "../../src/db/client.ts";
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
  await db.$disconnect();
  db.sql.close();
});

/** A logger writing into an array, one parsed line per entry, and the raw text for grepping. */
function capture() {
  const lines: string[] = [];
  const logger = createLogger("debug", { write: (line: string) => void lines.push(line) });
  return { logger, lines, parsed: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

/** What a payload with an unexpected type does: `why` arrives as a number, and Prisma refuses the query. */
async function validationError(): Promise<Error> {
  const error = await db.goodCall
    .create({
      data: { teamId: "C1", authorId: "U1", what: CUSTOMER_TEXT, why: 42 as unknown as string },
    })
    .then(
      () => null,
      (e: unknown) => e,
    );
  if (!(error instanceof Error)) throw new Error("expected Prisma to refuse the query");
  return error;
}

it("logs a Prisma validation error by class and stack, without the query Prisma quotes", async () => {
  const error = await validationError();
  // The premise: Prisma's message carries what the person typed.
  expect(error.message).toContain(CUSTOMER_TEXT);
  expect(error.name).toBe("PrismaClientValidationError");

  const { logger, lines, parsed } = capture();
  logger.error({ err: error, userId: "U1" }, "listener failed");
  logger.error(error);
  logger.warn({ error }, "feed post failed");

  expect(lines).toHaveLength(3);
  for (const line of lines) {
    expect(line).not.toContain("Matti");
    expect(line).not.toContain("Kotikatu");
    expect(line).not.toContain("320 EUR");
    expect(line).not.toContain("Invalid `");
  }
  const [first, second] = parsed();
  expect(first?.err).toMatchObject({
    type: "PrismaClientValidationError",
    name: "PrismaClientValidationError",
  });
  const stack = (first?.err as { stack?: string } | undefined)?.stack ?? "";
  expect(stack.split("\n").every((frame) => frame.startsWith("    at "))).toBe(true);
  expect(stack).toContain("errorLogging.test.ts");
  expect(second?.msg).toBe("PrismaClientValidationError");
});

it("logs a Prisma request error with its code and no values", async () => {
  // A good call in a team that does not exist breaks the foreign key.
  const error = await db.goodCall
    .create({ data: { teamId: "C-NO-SUCH", authorId: "U1", what: CUSTOMER_TEXT } })
    .then(
      () => null,
      (e: unknown) => e,
    );
  expect(error).toBeInstanceOf(Error);
  const { logger, lines, parsed } = capture();
  logger.error({ err: error }, "listener failed");
  expect(lines.join("")).not.toContain("Matti");
  expect(parsed()[0]?.err).toMatchObject({ type: "PrismaClientKnownRequestError", prismaCode: "P2003" });
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
