// The improvement loop's data: outcomes of followed-up good calls, customer promises, and
// improvements with the good calls that led to them.
import type { Selectable } from "kysely";
import type { LoopFacts } from "../domain/digest.ts";
import type { ImprovementStatus } from "../domain/improvement.ts";
import type { Period } from "../domain/period.ts";
import { type PatternText, RECURRENCE_TRACKING_MS, recurrenceWindows } from "../domain/recurrence.ts";
import { decodeTags } from "../domain/tags.ts";
import type { GoodCall, Outcome } from "../domain/types.ts";
import type { DB } from "../generated/kysely/types.ts";
import type { Db } from "./client.ts";
import type { EntryRepository } from "./entries.ts";
import { byPosition, inTeamPeriod, listTable, spanOf, type TeamPeriod, teamPeriods } from "./lists.ts";

export interface Improvement {
  id: number;
  teamId: string;
  title: string;
  description: string | null;
  ownerId: string;
  proposerId: string;
  status: ImprovementStatus;
  declineReason: string | null;
  patternKey: string | null;
  patternLabel: string | null;
  doneAt: Date | null;
  messageTs: string | null;
  createdAt: Date;
}

type ImprovementRow = Selectable<DB["Improvement"]>;

function itself<T>(row: T): T {
  return row;
}

function idRow(id: number): { id: number } {
  return { id };
}

function outcomeOf(row: { outcome: string | null; note: string | null; visibility: string }) {
  return { outcome: row.outcome, note: row.note, visibility: row.visibility };
}

function promiseStatusOf(row: { promiseStatus: string | null }): string | null {
  return row.promiseStatus;
}

/** Each team's first IMPROVEMENTS_LISTED improvements. */
function listed(rows: ImprovementRow[][]): Improvement[][] {
  const lists: Improvement[][] = [];
  for (const list of rows) lists.push(list.slice(0, IMPROVEMENTS_LISTED).map(toImprovement));
  return lists;
}

function toImprovement(row: ImprovementRow): Improvement {
  return {
    id: row.id,
    teamId: row.teamId,
    title: row.title,
    description: row.description,
    ownerId: row.ownerId,
    proposerId: row.proposerId,
    status: row.status as ImprovementStatus,
    declineReason: row.declineReason,
    patternKey: row.patternKey,
    patternLabel: row.patternLabel,
    doneAt: row.doneAt,
    messageTs: row.messageTs,
    createdAt: row.createdAt,
  };
}

function toPatternText(row: {
  what: string;
  why: string | null;
  tags: string;
  ruleInTheWay: string | null;
}): PatternText {
  return { what: row.what, why: row.why, tags: decodeTags(row.tags), ruleInTheWay: row.ruleInTheWay };
}

/** The most a digest lists of the improvements proposed, and of those done, in a period. */
const IMPROVEMENTS_LISTED = 10;

export type OutcomeResult = "recorded" | "already" | "not-author" | "missing";

/** Built on the entry repository it is handed, so each repository exists once. */
export function loopRepository(db: Db, entries: EntryRepository) {
  // NOTE: every update sets updatedAt: from the caller's time where it gives one, else from the wall
  // clock, as Prisma's @updatedAt did.

  // The queries below run for every digest; each is a range on one of the team's indexes (see
  // prisma/schema.prisma), so it reads only the period's rows however long the team's history.
  async function outcomesIn(teamId: string, period: Period): Promise<LoopFacts["outcomes"]> {
    return db
      .selectFrom("GoodCall")
      .select(["outcome", "outcomeNote as note", "visibility"])
      .where("teamId", "=", teamId)
      .where("outcomeAt", ">=", period.start)
      .where("outcomeAt", "<", period.end)
      .orderBy("outcomeAt")
      .orderBy("id")
      .execute();
  }

  /** The status of each promise due within a period (by its reminder time). */
  async function promiseStatusesIn(teamId: string, period: Period): Promise<Array<string | null>> {
    const rows = await db
      .selectFrom("GoodCall")
      .select("promiseStatus")
      .where("teamId", "=", teamId)
      .where("promiseRemindAt", ">=", period.start)
      .where("promiseRemindAt", "<", period.end)
      .orderBy("promiseRemindAt")
      .orderBy("id")
      .execute();
    return rows.map((r) => r.promiseStatus);
  }

  async function proposedIn(teamId: string, period: Period): Promise<Improvement[]> {
    const rows = await db
      .selectFrom("Improvement")
      .selectAll()
      .where("teamId", "=", teamId)
      .where("createdAt", ">=", period.start)
      .where("createdAt", "<", period.end)
      .orderBy("createdAt")
      .orderBy("id")
      .limit(IMPROVEMENTS_LISTED)
      .execute();
    return rows.map(toImprovement);
  }

  /** Improvements done since `since` (this period and the weeks after, to report recurrence). */
  async function doneSince(teamId: string, since: Date, until: Date): Promise<Improvement[]> {
    const rows = await db
      .selectFrom("Improvement")
      .selectAll()
      .where("teamId", "=", teamId)
      .where("doneAt", ">=", since)
      .where("doneAt", "<", until)
      .where("status", "=", "done")
      .orderBy("doneAt")
      .orderBy("id")
      .limit(IMPROVEMENTS_LISTED)
      .execute();
    return rows.map(toImprovement);
  }

  async function linkedGoodCalls(improvementId: number): Promise<Array<{ id: number; authorId: string }>> {
    return db
      .selectFrom("ImprovementGoodCall as link")
      .innerJoin("GoodCall as g", "g.id", "link.goodCallId")
      .select(["g.id", "g.authorId"])
      .where("link.improvementId", "=", improvementId)
      .orderBy("link.goodCallId")
      .execute();
  }

  /** A team's good calls within a time range, for counting how often a pattern recurs. */
  async function callsIn(teamId: string, range: Period): Promise<PatternText[]> {
    const rows = await db
      .selectFrom("GoodCall")
      .select(["what", "why", "tags", "ruleInTheWay"])
      .where("teamId", "=", teamId)
      .where("createdAt", ">=", range.start)
      .where("createdAt", "<", range.end)
      .orderBy("createdAt")
      .orderBy("id")
      .execute();
    return rows.map(toPatternText);
  }

  /** The good call's author and promise, to tell a stranger's click or a settled promise from ours. */
  function goodCall(id: number) {
    return db
      .selectFrom("GoodCall")
      .select(["authorId", "promiseStatus"])
      .where("id", "=", id)
      .executeTakeFirst();
  }

  return {
    /** What closes the loop in a period's digest: outcomes, promises, improvements proposed and done. */
    async facts(teamId: string, period: Period): Promise<LoopFacts> {
      const tracked = new Date(period.start.getTime() - RECURRENCE_TRACKING_MS);
      const [outcomes, promiseStatuses, proposed, done] = await Promise.all([
        outcomesIn(teamId, period),
        promiseStatusesIn(teamId, period),
        proposedIn(teamId, period),
        doneSince(teamId, tracked, period.end),
      ]);
      const completed = await Promise.all(
        done.map(async (improvement) => {
          const doneAt = improvement.doneAt ?? period.end;
          const windows = recurrenceWindows(doneAt, period.end);
          const [linked, before, since] = await Promise.all([
            // Only a fix done within this period is reported with the good calls that led to it.
            doneAt >= period.start ? linkedGoodCalls(improvement.id) : [],
            improvement.patternKey ? callsIn(teamId, windows.before) : [],
            improvement.patternKey ? callsIn(teamId, windows.since) : [],
          ]);
          return {
            id: improvement.id,
            title: improvement.title,
            linked,
            patternKey: improvement.patternKey,
            calls: improvement.patternKey ? { before, since } : null,
          };
        }),
      );
      return { outcomes, promiseStatuses, proposed, completed };
    },

    /**
     * `facts` for many teams at once, each with its own period: a few queries for them all, each an
     * index range per team as `facts` runs, the facts of `periods[i]` at position i.
     */
    async factsOf(periods: readonly TeamPeriod[]): Promise<LoopFacts[]> {
      if (periods.length === 0) return [];
      // NOTE: loops rather than callbacks made per chunk of digests: see README, Performance.
      const tracked: TeamPeriod[] = [];
      for (const p of periods)
        tracked.push({
          teamId: p.teamId,
          start: new Date(p.start.getTime() - RECURRENCE_TRACKING_MS),
          end: p.end,
        });
      const span = spanOf(periods);
      const trackedSpan = spanOf(tracked);
      const [outcomes, promises, proposed, done] = await Promise.all([
        db
          .selectFrom(teamPeriods(db, periods))
          .crossJoin("GoodCall")
          .select(["p.i", "outcome", "outcomeNote as note", "visibility"])
          .where(inTeamPeriod("GoodCall", "outcomeAt", span))
          .orderBy("p.i")
          .orderBy("GoodCall.outcomeAt")
          .orderBy("GoodCall.id")
          .execute(),
        db
          .selectFrom(teamPeriods(db, periods))
          .crossJoin("GoodCall")
          .select(["p.i", "promiseStatus"])
          .where(inTeamPeriod("GoodCall", "promiseRemindAt", span))
          .orderBy("p.i")
          .orderBy("GoodCall.promiseRemindAt")
          .orderBy("GoodCall.id")
          .execute(),
        db
          .selectFrom(teamPeriods(db, periods))
          .crossJoin("Improvement")
          .select("p.i")
          .selectAll("Improvement")
          .where(inTeamPeriod("Improvement", "createdAt", span))
          .orderBy("p.i")
          .orderBy("Improvement.createdAt")
          .orderBy("Improvement.id")
          .execute(),
        db
          .selectFrom(teamPeriods(db, tracked))
          .crossJoin("Improvement")
          .select("p.i")
          .selectAll("Improvement")
          .where(inTeamPeriod("Improvement", "doneAt", trackedSpan))
          .where("Improvement.status", "=", "done")
          .orderBy("p.i")
          .orderBy("Improvement.doneAt")
          .orderBy("Improvement.id")
          .execute(),
      ]);
      const count = periods.length;
      // What each improvement done needs: its good calls when done within the period, the team's
      // calls around it when it came from a pattern; loaded for all of them at once below.
      const windows: TeamPeriod[] = [];
      const linkedIds = new Set<number>();
      const plans: Array<Array<{ improvement: Improvement; withLinks: boolean; window: number | null }>> = [];
      for (const [i, list] of listed(byPosition(count, done, itself)).entries()) {
        const planned: (typeof plans)[number] = [];
        for (const improvement of list) {
          const period = periods[i] as TeamPeriod;
          const doneAt = improvement.doneAt ?? period.end;
          const around = recurrenceWindows(doneAt, period.end);
          const window = improvement.patternKey ? windows.length : null;
          if (improvement.patternKey) {
            windows.push(
              { teamId: period.teamId, ...around.before },
              { teamId: period.teamId, ...around.since },
            );
          }
          const withLinks = doneAt >= period.start;
          if (withLinks) linkedIds.add(improvement.id);
          planned.push({ improvement, withLinks, window });
        }
        plans.push(planned);
      }
      const windowSpan = spanOf(windows);
      const [linkedRows, windowCalls] = await Promise.all([
        linkedIds.size === 0
          ? []
          : db
              .selectFrom(listTable(db, "l", { id: "integer" }, [...linkedIds].map(idRow)))
              .innerJoin("ImprovementGoodCall as link", "link.improvementId", "l.id")
              .innerJoin("GoodCall as g", "g.id", "link.goodCallId")
              .select(["link.improvementId", "g.id", "g.authorId"])
              .orderBy("link.improvementId")
              .orderBy("link.goodCallId")
              .execute(),
        windows.length === 0
          ? []
          : db
              .selectFrom(teamPeriods(db, windows))
              .crossJoin("GoodCall")
              .select(["p.i", "what", "why", "tags", "ruleInTheWay"])
              .where(inTeamPeriod("GoodCall", "createdAt", windowSpan))
              .orderBy("p.i")
              .orderBy("GoodCall.createdAt")
              .orderBy("GoodCall.id")
              .execute()
              .then((rows) => byPosition(windows.length, rows, toPatternText)),
      ]);
      const linked = new Map<number, Array<{ id: number; authorId: string }>>();
      for (const row of linkedRows) {
        const list = linked.get(row.improvementId) ?? [];
        list.push({ id: row.id, authorId: row.authorId });
        linked.set(row.improvementId, list);
      }
      const outcomesOf = byPosition(count, outcomes, outcomeOf);
      const promisesOf = byPosition(count, promises, promiseStatusOf);
      const proposedOf = listed(byPosition(count, proposed, itself));
      const facts: LoopFacts[] = [];
      for (const [i, list] of plans.entries()) {
        const completed: LoopFacts["completed"] = [];
        for (const { improvement, withLinks, window } of list) {
          completed.push({
            id: improvement.id,
            title: improvement.title,
            linked: withLinks ? (linked.get(improvement.id) ?? []) : [],
            patternKey: improvement.patternKey,
            calls:
              window === null
                ? null
                : { before: windowCalls[window] ?? [], since: windowCalls[window + 1] ?? [] },
          });
        }
        facts.push({
          outcomes: outcomesOf[i] ?? [],
          promiseStatuses: promisesOf[i] ?? [],
          proposed: proposedOf[i] ?? [],
          completed,
        });
      }
      return facts;
    },

    linkedGoodCalls,

    // Outcomes. Each answer is a conditional update, so of two clicks (two instances) exactly one
    // records it and the other is told it is already recorded.
    async recordOutcome(
      goodCallId: number,
      userId: string,
      outcome: Outcome,
      now: Date,
    ): Promise<OutcomeResult> {
      const call = await goodCall(goodCallId);
      if (!call) return "missing";
      if (call.authorId !== userId) return "not-author";
      const result = await db
        .updateTable("GoodCall")
        .set({ outcome, outcomeAt: now, updatedAt: now })
        .where("id", "=", goodCallId)
        .where("outcome", "is", null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1 ? "recorded" : "already";
    },

    async setOutcomeNote(goodCallId: number, userId: string, note: string): Promise<boolean> {
      const result = await db
        .updateTable("GoodCall")
        .set({ outcomeNote: note, updatedAt: new Date() })
        .where("id", "=", goodCallId)
        .where("authorId", "=", userId)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    /** Good calls whose "did it help?" DM is due (and not older than `since`). */
    async dueFollowUps(now: Date, since: Date): Promise<GoodCall[]> {
      const rows = await db
        .selectFrom("GoodCall")
        .select("id")
        .where("followUpDueAt", "<=", now)
        .where("followUpDueAt", ">=", since)
        .where("outcome", "is", null)
        .orderBy("followUpDueAt")
        .execute();
      const calls = await Promise.all(rows.map((r) => entries.findGoodCall(r.id)));
      return calls.filter((c): c is GoodCall => c !== null);
    },

    // Promises
    async duePromiseReminders(now: Date, since: Date) {
      return db
        .selectFrom("GoodCall")
        .select(["id", "teamId", "authorId", "promiseRemindAt"])
        .where("promiseStatus", "=", "pending")
        .where("promiseRemindAt", "<=", now)
        .where("promiseRemindAt", ">=", since)
        .orderBy("promiseRemindAt")
        .execute();
    },

    async setPromiseStatus(
      goodCallId: number,
      userId: string,
      status: "kept" | "broken",
      now: Date,
    ): Promise<OutcomeResult> {
      const call = await goodCall(goodCallId);
      if (!call || call.promiseStatus === null) return "missing";
      if (call.authorId !== userId) return "not-author";
      const result = await db
        .updateTable("GoodCall")
        .set({ promiseStatus: status, promiseAt: now, updatedAt: now })
        .where("id", "=", goodCallId)
        .where("promiseStatus", "=", "pending")
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1 ? "recorded" : "already";
    },

    /**
     * *Not a promise*: a pending promise read from the text is removed, with its reminder. A settled
     * one stays: it records what happened. The caller has checked that the author asked.
     */
    async dropPromise(goodCallId: number): Promise<Exclude<OutcomeResult, "not-author">> {
      if (!(await goodCall(goodCallId))) return "missing";
      const result = await db
        .updateTable("GoodCall")
        .set({
          promiseDue: null,
          promiseRemindAt: null,
          promiseStatus: null,
          promiseAt: null,
          updatedAt: new Date(),
        })
        .where("id", "=", goodCallId)
        .where("promiseStatus", "=", "pending")
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1 ? "recorded" : "already";
    },

    async remindPromiseLater(goodCallId: number, userId: string, at: Date): Promise<OutcomeResult> {
      const call = await goodCall(goodCallId);
      if (!call || call.promiseStatus === null) return "missing";
      if (call.authorId !== userId) return "not-author";
      const result = await db
        .updateTable("GoodCall")
        .set({ promiseRemindAt: at, updatedAt: new Date() })
        .where("id", "=", goodCallId)
        .where("promiseStatus", "=", "pending")
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1 ? "recorded" : "already";
    },

    // Improvements
    async createImprovement(
      input: {
        teamId: string;
        title: string;
        description: string | null;
        ownerId: string;
        proposerId: string;
        patternKey: string | null;
        patternLabel: string | null;
        goodCallIds: number[];
      },
      now: Date,
    ): Promise<Improvement> {
      // The improvement and its links are written together or not at all (a linked good call may
      // have been deleted meanwhile, and then its foreign key refuses the whole improvement).
      return db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto("Improvement")
          .values({
            teamId: input.teamId,
            title: input.title,
            description: input.description,
            ownerId: input.ownerId,
            proposerId: input.proposerId,
            patternKey: input.patternKey,
            patternLabel: input.patternLabel,
            createdAt: now,
            updatedAt: now,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        const goodCallIds = [...new Set(input.goodCallIds)];
        if (goodCallIds.length > 0) {
          await trx
            .insertInto("ImprovementGoodCall")
            .values(goodCallIds.map((goodCallId) => ({ improvementId: row.id, goodCallId })))
            .execute();
        }
        return toImprovement(row);
      });
    },

    async findImprovement(id: number): Promise<Improvement | null> {
      const row = await db.selectFrom("Improvement").selectAll().where("id", "=", id).executeTakeFirst();
      return row ? toImprovement(row) : null;
    },

    async setImprovementStatus(
      id: number,
      status: ImprovementStatus,
      reason: string | null,
      now: Date,
    ): Promise<Improvement> {
      const row = await db
        .updateTable("Improvement")
        .set({
          status,
          declineReason: status === "declined" ? reason : null,
          doneAt: status === "done" ? now : null,
          updatedAt: now,
        })
        .where("id", "=", id)
        .returningAll()
        .executeTakeFirstOrThrow();
      return toImprovement(row);
    },

    async setImprovementMessage(id: number, messageTs: string): Promise<void> {
      // Returning the id makes an improvement that is gone an error, as before.
      await db
        .updateTable("Improvement")
        .set({ messageTs, updatedAt: new Date() })
        .where("id", "=", id)
        .returning("id")
        .executeTakeFirstOrThrow();
    },

    async openImprovements(teamId: string): Promise<Improvement[]> {
      const rows = await db
        .selectFrom("Improvement")
        .selectAll()
        .where("teamId", "=", teamId)
        .where("status", "in", ["proposed", "in_progress"])
        .orderBy("createdAt", "desc")
        .limit(20)
        .execute();
      return rows.map(toImprovement);
    },
  };
}

export type LoopRepository = ReturnType<typeof loopRepository>;
