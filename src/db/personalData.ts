// A person's own data, to hand back to them (export) or delete on request (forget me).

import { messages } from "../domain/i18n.ts";
import { forgottenImprovementTitle } from "../domain/improvement.ts";
import type { EntryRef } from "../domain/types.ts";
import type { Db } from "./client.ts";
import { type Erasure, eraseEntries, scrubFile } from "./erasure.ts";

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
     * Deletes or anonymises every row that holds the person's id or words: what they logged (through
     * the same path as retention), the thanks they gave and received, their memberships and Person
     * row, and the deliveries addressed to them. Improvements stay the team's: the proposer's words
     * give way to a neutral title, and ownership passes to another manager. Manager roles stay (a team
     * must keep one); the person is told so and can hand the role over in settings. Ends with the file
     * scrubbed, so the words cannot be read back from the SQLite file or its WAL.
     */
    async forget(userId: string): Promise<Erasure> {
      const erasure = await db.$transaction(async (tx) => {
        const [calls, stories, given] = await Promise.all([
          tx.goodCall.findMany({ where: { authorId: userId }, select: { id: true } }),
          tx.story.findMany({ where: { authorId: userId }, select: { id: true } }),
          tx.appreciation.findMany({
            where: { fromUserId: userId },
            select: { goodCallId: true, storyId: true },
          }),
        ]);
        const erased = await eraseEntries(tx, {
          goodCallIds: calls.map((c) => c.id),
          storyIds: stories.map((s) => s.id),
        });
        const own = new Set([...calls.map((c) => `gc:${c.id}`), ...stories.map((s) => `st:${s.id}`)]);
        const recounted: EntryRef[] = given.flatMap((a): EntryRef[] => {
          if (a.goodCallId !== null && !own.has(`gc:${a.goodCallId}`))
            return [{ kind: "goodCall", id: a.goodCallId }];
          if (a.storyId !== null && !own.has(`st:${a.storyId}`)) return [{ kind: "story", id: a.storyId }];
          return [];
        });
        // Thanks they gave on others' entries, and any received that were not on their own entries.
        const rest = await tx.appreciation.deleteMany({
          where: { OR: [{ fromUserId: userId }, { toUserId: userId }] },
        });

        const managedTeams = await tx.teamManager.findMany({ where: { userId }, select: { teamId: true } });
        const managed = new Set(managedTeams.map((m) => m.teamId));
        const otherManagers = async (teamId: string) => {
          const rows = await tx.teamManager.findMany({
            where: { teamId, userId: { not: userId } },
            orderBy: { createdAt: "asc" },
            select: { userId: true },
          });
          return rows[0]?.userId ?? "";
        };

        const improvements = await tx.improvement.findMany({
          where: { OR: [{ proposerId: userId }, { ownerId: userId }] },
          include: { team: { select: { language: true } } },
        });
        for (const improvement of improvements) {
          const proposed = improvement.proposerId === userId;
          const t = messages(improvement.team.language === "fi" ? "fi" : "en");
          await tx.improvement.update({
            where: { id: improvement.id },
            data: {
              ownerId:
                improvement.ownerId === userId
                  ? await otherManagers(improvement.teamId)
                  : improvement.ownerId,
              // NOTE: the proposer becomes nobody rather than a manager, whom the announcement would
              // otherwise name as having proposed something they did not.
              ...(proposed
                ? {
                    proposerId: "",
                    title: forgottenImprovementTitle(t, improvement.patternLabel),
                    description: null,
                  }
                : {}),
            },
          });
        }

        const created = await tx.team.findMany({ where: { createdById: userId }, select: { id: true } });
        for (const team of created) {
          await tx.team.update({
            where: { id: team.id },
            data: { createdById: await otherManagers(team.id) },
          });
        }

        // Summaries and DMs they still receive as a manager keep their claims, so none is sent twice.
        await tx.delivery.deleteMany({ where: { recipientId: userId, teamId: { notIn: [...managed] } } });
        await tx.teamMember.deleteMany({ where: { userId } });
        await tx.person.deleteMany({ where: { id: userId } });
        return {
          ...erased,
          appreciations: erased.appreciations + rest.count,
          recounted,
          improvements: improvements.filter((i) => i.messageTs !== null).map((i) => i.id),
        };
      });
      scrubFile(db);
      return erasure;
    },
  };
}
export type PersonalDataRepository = ReturnType<typeof personalDataRepository>;
