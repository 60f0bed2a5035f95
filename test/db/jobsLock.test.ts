// The scheduler's lock across instances: on PostgreSQL one tick at a time, released when its holder
// finishes or dies; on SQLite every tick runs (the claims decide).
import { sql } from "kysely";
import pg from "pg";
import { expect, it } from "vitest";
import { closeDatabase, openDatabase } from "../../src/db/client.ts";
import { JOBS_LOCK, whileHoldingJobsLock } from "../../src/db/jobsLock.ts";
import { freshDatabaseUrl, testDatabaseKind } from "../support/db.ts";

it("lets one instance run the scheduled jobs at a time, and the next once it is done or gone", async () => {
  const url = await freshDatabaseUrl();
  const [one, two] = await Promise.all([openDatabase(url), openDatabase(url)]);
  try {
    let release = () => {};
    const holding = new Promise<void>((resolve) => {
      release = resolve;
    });
    let started = () => {};
    const running = new Promise<void>((resolve) => {
      started = resolve;
    });
    const first = whileHoldingJobsLock(one, async () => {
      started();
      await holding;
      return "ran";
    });
    await running;
    const second = await whileHoldingJobsLock(two, async () => "ran");
    expect(second).toBe(testDatabaseKind() === "postgresql" ? "busy" : "ran");
    release();
    expect(await first).toBe("ran");
    expect(await whileHoldingJobsLock(two, async () => "ran")).toBe("ran");

    // An instance that dies mid-tick (its connection cut, as when the process is killed) frees it.
    if (testDatabaseKind() === "postgresql") {
      const other = new pg.Client({ connectionString: url });
      other.on("error", () => {});
      await other.connect();
      await other.query("SELECT pg_advisory_lock($1)", [JOBS_LOCK]);
      expect(await whileHoldingJobsLock(two, async () => "ran")).toBe("busy");
      // NOTE: advisory locks belong to a database; other test files' apps hold theirs meanwhile.
      await sql`SELECT pg_terminate_backend(pid) FROM pg_locks
        WHERE locktype = 'advisory' AND objid = ${JOBS_LOCK} AND granted
          AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`.execute(two);
      // pg_terminate_backend only signals: the lock goes when that backend has exited.
      for (let i = 0; i < 100; i++) {
        const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_locks
          WHERE locktype = 'advisory' AND objid = ${JOBS_LOCK} AND granted
            AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`.execute(two);
        if (rows[0]?.n === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(await whileHoldingJobsLock(two, async () => "ran")).toBe("ran");
      await other.end().catch(() => {});
    }
  } finally {
    await closeDatabase(one);
    await closeDatabase(two);
  }
});
