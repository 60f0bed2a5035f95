// A person's own data, to hand back to them (export) or delete on request (forget me).

import { messages } from "../domain/i18n.ts";
import { forgottenImprovementTitle } from "../domain/improvement.ts";
import type { EntryRef } from "../domain/types.ts";
import { LookupCache } from "./cache.ts";
import type { Db } from "./client.ts";
import { deleted, type Erasure, eraseEntries, scrubFile } from "./erasure.ts";

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

export function personalDataRepository(db: Db, cache = new LookupCache()) {
  return {
    /**
     * NOTE: unlike the CSV export (src/cli.ts), this JSON is not neutralised against spreadsheet
     * formulas: a spreadsheet reads JSON only through an import (Excel's Power Query, Sheets add-ons)
     * that keeps strings as text and never evaluates them, and a person's own copy of their data must
     * hold their words exactly as stored.
     */
    async export(userId: string, now: Date): Promise<PersonalData> {
      const [goodCalls, stories, given, received, improvements, memberships, managed] = await Promise.all([
        db
          .selectFrom("GoodCall")
          .selectAll()
          .where("authorId", "=", userId)
          .orderBy("createdAt")
          .orderBy("id")
          .execute(),
        db
          .selectFrom("Story")
          .selectAll()
          .where("authorId", "=", userId)
          .orderBy("createdAt")
          .orderBy("id")
          .execute(),
        db
          .selectFrom("Appreciation")
          .selectAll()
          .where("fromUserId", "=", userId)
          .orderBy("createdAt")
          .orderBy("id")
          .execute(),
        db
          .selectFrom("Appreciation")
          .selectAll()
          .where("toUserId", "=", userId)
          .orderBy("createdAt")
          .orderBy("id")
          .execute(),
        db
          .selectFrom("Improvement")
          .selectAll()
          .where("proposerId", "=", userId)
          .orderBy("createdAt")
          .orderBy("id")
          .execute(),
        db.selectFrom("TeamMember").select("teamId").where("userId", "=", userId).execute(),
        db.selectFrom("TeamManager").select("teamId").where("userId", "=", userId).execute(),
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
      const now = new Date();
      const erasure = await db.transaction().execute(async (trx) => {
        const [calls, stories, given] = await Promise.all([
          trx.selectFrom("GoodCall").select("id").where("authorId", "=", userId).execute(),
          trx.selectFrom("Story").select("id").where("authorId", "=", userId).execute(),
          trx
            .selectFrom("Appreciation")
            .select(["goodCallId", "storyId"])
            .where("fromUserId", "=", userId)
            .execute(),
        ]);
        const erased = await eraseEntries(trx, {
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
        const rest = await trx
          .deleteFrom("Appreciation")
          .where((eb) => eb.or([eb("fromUserId", "=", userId), eb("toUserId", "=", userId)]))
          .executeTakeFirst();

        const managedTeams = await trx
          .selectFrom("TeamManager")
          .select("teamId")
          .where("userId", "=", userId)
          .execute();
        const managed = managedTeams.map((m) => m.teamId);
        const otherManagers = async (teamId: string) => {
          const row = await trx
            .selectFrom("TeamManager")
            .select("userId")
            .where("teamId", "=", teamId)
            .where("userId", "!=", userId)
            .orderBy("createdAt")
            .orderBy("userId")
            .executeTakeFirst();
          return row?.userId ?? "";
        };

        const improvements = await trx
          .selectFrom("Improvement as i")
          .innerJoin("Team as t", "t.id", "i.teamId")
          .select([
            "i.id",
            "i.teamId",
            "i.ownerId",
            "i.proposerId",
            "i.patternLabel",
            "i.messageTs",
            "t.language",
          ])
          .where((eb) => eb.or([eb("i.proposerId", "=", userId), eb("i.ownerId", "=", userId)]))
          .orderBy("i.id")
          .execute();
        for (const improvement of improvements) {
          const proposed = improvement.proposerId === userId;
          const t = messages(improvement.language === "fi" ? "fi" : "en");
          await trx
            .updateTable("Improvement")
            .set({
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
              updatedAt: now,
            })
            .where("id", "=", improvement.id)
            .execute();
        }

        const created = await trx.selectFrom("Team").select("id").where("createdById", "=", userId).execute();
        for (const team of created) {
          await trx
            .updateTable("Team")
            .set({ createdById: await otherManagers(team.id), updatedAt: now })
            .where("id", "=", team.id)
            .execute();
        }

        // Summaries and DMs they still receive as a manager keep their claims, so none is sent twice.
        let deliveries = trx.deleteFrom("Delivery").where("recipientId", "=", userId);
        if (managed.length > 0) deliveries = deliveries.where("teamId", "not in", managed);
        await deliveries.execute();
        await trx.deleteFrom("TeamMember").where("userId", "=", userId).execute();
        await trx.deleteFrom("Person").where("id", "=", userId).execute();
        return {
          ...erased,
          appreciations: erased.appreciations + deleted(rest),
          recounted,
          improvements: improvements.filter((i) => i.messageTs !== null).map((i) => i.id),
        };
      });
      cache.forgetPerson(userId);
      await scrubFile(db);
      return erasure;
    },
  };
}
export type PersonalDataRepository = ReturnType<typeof personalDataRepository>;
