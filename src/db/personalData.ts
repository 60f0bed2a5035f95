// A person's own data, to hand back to them (export) or delete on request (forget me).
import type { Db } from "./client.ts";

export interface PersonalData {
  userId: string;
  exportedAt: string;
  goodCalls: unknown[];
  stories: unknown[];
  appreciationsGiven: unknown[];
  appreciationsReceived: unknown[];
  improvementsProposed: unknown[];
  teams: Array<{ teamId: string; manager: boolean }>;
}

export function personalDataRepository(db: Db) {
  return {
    /**
     * NOTE: unlike the CSV export (src/cli.ts), this JSON is not neutralised against spreadsheet
     * formulas: a spreadsheet reads JSON only through an import (Excel's Power Query, Sheets add-ons)
     * that keeps strings as text and never evaluates them, and a person's own copy of their data must
     * hold their words exactly as stored.
     */
    async export(userId: string, now: Date): Promise<PersonalData> {
      const [goodCalls, stories, given, received, improvements, memberships, managed] = await Promise.all([
        db.goodCall.findMany({ where: { authorId: userId }, orderBy: { createdAt: "asc" } }),
        db.story.findMany({ where: { authorId: userId }, orderBy: { createdAt: "asc" } }),
        db.appreciation.findMany({ where: { fromUserId: userId }, orderBy: { createdAt: "asc" } }),
        db.appreciation.findMany({ where: { toUserId: userId }, orderBy: { createdAt: "asc" } }),
        db.improvement.findMany({ where: { proposerId: userId }, orderBy: { createdAt: "asc" } }),
        db.teamMember.findMany({ where: { userId } }),
        db.teamManager.findMany({ where: { userId } }),
      ]);
      const teams = new Map<string, boolean>();
      for (const m of memberships) teams.set(m.teamId, false);
      for (const m of managed) teams.set(m.teamId, true);
      return {
        userId,
        exportedAt: now.toISOString(),
        goodCalls,
        stories,
        appreciationsGiven: given,
        appreciationsReceived: received,
        improvementsProposed: improvements,
        teams: [...teams.entries()].map(([teamId, manager]) => ({ teamId, manager })),
      };
    },

    /**
     * Deletes what the person logged and the thanks they gave, and their memberships. Manager roles
     * stay (a team must keep one); the person is told so and can hand the role over in settings.
     */
    async forget(userId: string): Promise<{ goodCalls: number; stories: number; appreciations: number }> {
      return db.$transaction(async (tx) => {
        const appreciations = await tx.appreciation.deleteMany({
          where: { OR: [{ fromUserId: userId }, { toUserId: userId }] },
        });
        const stories = await tx.story.deleteMany({ where: { authorId: userId } });
        const goodCalls = await tx.goodCall.deleteMany({ where: { authorId: userId } });
        await tx.teamMember.deleteMany({ where: { userId } });
        await tx.person.deleteMany({ where: { id: userId } });
        return { goodCalls: goodCalls.count, stories: stories.count, appreciations: appreciations.count };
      });
    },
  };
}
export type PersonalDataRepository = ReturnType<typeof personalDataRepository>;
