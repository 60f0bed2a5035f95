// Start-up against a PostgreSQL server that is not there: it waits, says so, and then gives up
// with a message that names the server (never its password) and what to check.
import { expect, it } from "vitest";
import { DatabaseUnreachableError, migrateWhenReachable } from "../../src/db/migrate.ts";

it("waits for an unreachable PostgreSQL, reporting each wait, then names it and what to check", async () => {
  const waits: Array<[string, number]> = [];
  const started = Date.now();
  const error = await migrateWhenReachable(
    "postgresql://goodcall:s3cret@127.0.0.1:9/goodcall",
    (code, retryInMs) => waits.push([code, retryInMs]),
    2_500,
  ).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DatabaseUnreachableError);
  const message = (error as Error).message;
  expect(message).toContain(
    "Cannot reach PostgreSQL at postgresql://goodcall:***@127.0.0.1:9/goodcall (ECONNREFUSED)",
  );
  expect(message).toContain("check that the server runs");
  expect(message).not.toContain("s3cret");
  expect(waits).toEqual([["ECONNREFUSED", 1_000]]);
  expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
});
