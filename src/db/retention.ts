// Retention's data: deleting a team's entries older than its setting, once per team and local day,
// through the same path as "forget me" (src/db/erasure.ts), and what was deleted, for the summary.
import type { Period } from "../domain/period.ts";
import type { RetentionDeleted } from "../domain/retention.ts";
import type { Db } from "./client.ts";
import { type Erasure, eraseEntries, scrubFile } from "./erasure.ts";

export function retentionRepository(db: Db) {
  return {
    /**
     * Deletes the team's good calls and stories created before `cutoff`. The run's row is the claim:
     * inserted first in the same transaction, so a second run on the same local day (another tick,
     * another instance) deletes nothing and returns null.
     */
    async expire(
      teamId: string,
      run: { day: string; months: number; cutoff: Date; now: Date },
    ): Promise<Erasure | null> {
      // Asked every minute: a read settles the usual case without taking the write lock.
      const done = await db
        .selectFrom("RetentionRun")
        .select("day")
        .where("teamId", "=", teamId)
        .where("day", "=", run.day)
        .executeTakeFirst();
      if (done) return null;
      const erasure = await db.transaction().execute(async (trx) => {
        // NOTE: the claim is the transaction's first statement. On SQLite a write takes the write lock
        // at once, so two instances queue on busy_timeout instead of both reading "not run yet"; on
        // PostgreSQL the second insert of the same key waits for the first transaction and then
        // inserts nothing. Either way only one run gets a row back.
        const claimed = await trx
          .insertInto("RetentionRun")
          .values({ teamId, day: run.day, months: run.months, goodCalls: 0, stories: 0, ranAt: run.now })
          .onConflict((oc) => oc.columns(["teamId", "day"]).doNothing())
          .returning("day")
          .executeTakeFirst();
        if (!claimed) return null;
        const [calls, stories] = await Promise.all([
          trx
            .selectFrom("GoodCall")
            .select("id")
            .where("teamId", "=", teamId)
            .where("createdAt", "<", run.cutoff)
            .execute(),
          trx
            .selectFrom("Story")
            .select("id")
            .where("teamId", "=", teamId)
            .where("createdAt", "<", run.cutoff)
            .execute(),
        ]);
        const erased = await eraseEntries(trx, {
          goodCallIds: calls.map((c) => c.id),
          storyIds: stories.map((s) => s.id),
        });
        await trx
          .updateTable("RetentionRun")
          .set({ goodCalls: erased.goodCalls, stories: erased.stories })
          .where("teamId", "=", teamId)
          .where("day", "=", run.day)
          .execute();
        return { ...erased, recounted: [], improvements: [] };
      });
      if (erasure && erasure.goodCalls + erasure.stories > 0) await scrubFile(db);
      return erasure;
    },

    /** What retention deleted from the team within the period; null when it deleted nothing. */
    async deletedIn(teamId: string, period: Period): Promise<RetentionDeleted | null> {
      const runs = await db
        .selectFrom("RetentionRun")
        .select(["months", "goodCalls", "stories"])
        .where("teamId", "=", teamId)
        .where("ranAt", ">=", period.start)
        .where("ranAt", "<", period.end)
        .orderBy("ranAt")
        .execute();
      const goodCalls = runs.reduce((sum, r) => sum + r.goodCalls, 0);
      const stories = runs.reduce((sum, r) => sum + r.stories, 0);
      const last = runs.at(-1);
      return last && goodCalls + stories > 0 ? { months: last.months, goodCalls, stories } : null;
    },
  };
}

export type RetentionRepository = ReturnType<typeof retentionRepository>;
