// One scheduler tick at a time across app instances on PostgreSQL. Exactly-once never depends on
// it (every delivery is claimed under a unique key, src/db/deliveries.ts); it saves the other
// instances from composing the same digests only to find them claimed. A session-level advisory
// lock is PostgreSQL's own tool for this: it lives on one connection, so an instance that dies
// (killed, crashed, cut off) releases it with its connection, and nothing is left to expire.
import { sql } from "kysely";
import type { Db } from "./client.ts";

// NOTE: an arbitrary constant of ours (the bytes of "GdCl"); Prisma's migration lock is 72707369.
export const JOBS_LOCK = 0x4764436c;

/**
 * Runs `work` while holding the jobs lock, or returns "busy" at once when another instance holds it.
 * On SQLite, where instances share a file on one machine, it always runs: the claims decide there.
 */
export async function whileHoldingJobsLock<T>(db: Db, work: () => Promise<T>): Promise<T | "busy"> {
  if (db.kind !== "postgresql") return work();
  return db.connection().execute(async (connection) => {
    const { rows } = await sql<{
      locked: boolean;
    }>`SELECT pg_try_advisory_lock(${JOBS_LOCK}) AS locked`.execute(connection);
    if (!rows[0]?.locked) return "busy" as const;
    try {
      return await work();
    } finally {
      await sql`SELECT pg_advisory_unlock(${JOBS_LOCK})`.execute(connection);
    }
  });
}
