// Retention's data: deleting a team's entries older than its setting, once per team and local day,
// through the same path as "forget me" (src/db/erasure.ts), and what was deleted, for the summary.
import type { Period } from "../domain/period.ts";
import type { RetentionDeleted } from "../domain/retention.ts";
import type { Db } from "./client.ts";
import { type Erasure, eraseEntries, scrubFile } from "./erasure.ts";
import { toDbDate } from "./sql.ts";

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
      const done = await db.retentionRun.findUnique({
        where: { teamId_day: { teamId, day: run.day } },
        select: { day: true },
      });
      if (done) return null;
      const erasure = await db.$transaction(async (tx) => {
        // NOTE: a write as the transaction's first statement takes SQLite's write lock at once, so two
        // instances queue on busy_timeout instead of both reading "not run yet".
        const claimed =
          await tx.$executeRaw`INSERT OR IGNORE INTO RetentionRun (teamId, day, months, goodCalls, stories, ranAt) VALUES (${teamId}, ${run.day}, ${run.months}, 0, 0, ${toDbDate(run.now)})`;
        if (claimed === 0) return null;
        const old = { teamId, createdAt: { lt: run.cutoff } };
        const [calls, stories] = await Promise.all([
          tx.goodCall.findMany({ where: old, select: { id: true } }),
          tx.story.findMany({ where: old, select: { id: true } }),
        ]);
        const erased = await eraseEntries(tx, {
          goodCallIds: calls.map((c) => c.id),
          storyIds: stories.map((s) => s.id),
        });
        await tx.retentionRun.update({
          where: { teamId_day: { teamId, day: run.day } },
          data: { goodCalls: erased.goodCalls, stories: erased.stories },
        });
        return { ...erased, recounted: [], improvements: [] };
      });
      if (erasure && erasure.goodCalls + erasure.stories > 0) scrubFile(db);
      return erasure;
    },

    /** What retention deleted from the team within the period; null when it deleted nothing. */
    async deletedIn(teamId: string, period: Period): Promise<RetentionDeleted | null> {
      const runs = await db.retentionRun.findMany({
        where: { teamId, ranAt: { gte: period.start, lt: period.end } },
        orderBy: { ranAt: "asc" },
      });
      const goodCalls = runs.reduce((sum, r) => sum + r.goodCalls, 0);
      const stories = runs.reduce((sum, r) => sum + r.stories, 0);
      const last = runs.at(-1);
      return last && goodCalls + stories > 0 ? { months: last.months, goodCalls, stories } : null;
    },
  };
}

export type RetentionRepository = ReturnType<typeof retentionRepository>;
