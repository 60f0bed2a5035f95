// The improvement loop's data: outcomes of followed-up good calls, customer promises, and
// improvements with the good calls that led to them.
import type { LoopFacts } from "../domain/digest.ts";
import type { ImprovementStatus } from "../domain/improvement.ts";
import type { Period } from "../domain/period.ts";
import { type PatternText, RECURRENCE_TRACKING_MS, recurrenceWindows } from "../domain/recurrence.ts";
import { decodeTags } from "../domain/tags.ts";
import type { GoodCall, Outcome } from "../domain/types.ts";
import type { Db } from "./client.ts";
import type { EntryRepository } from "./entries.ts";
import { statement, toDbDate } from "./sql.ts";

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

type ImprovementRow = NonNullable<Awaited<ReturnType<Db["improvement"]["findUnique"]>>>;

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

export type OutcomeResult = "recorded" | "already" | "not-author" | "missing";

/** Built on the entry repository it is handed, so each repository exists once. */
export function loopRepository(db: Db, entries: EntryRepository) {
  // The queries below run for every digest, so they are prepared statements, and the improvement
  // lists (usually empty) ask SQLite whether there is anything before asking Prisma.
  function outcomesIn(teamId: string, period: Period) {
    return statement(
      db,
      "SELECT outcome, outcomeNote AS note FROM GoodCall WHERE teamId = ? AND outcomeAt >= ? AND outcomeAt < ? ORDER BY outcomeAt",
    ).all(teamId, toDbDate(period.start), toDbDate(period.end)) as LoopFacts["outcomes"];
  }

  /** The status of each promise due within a period (by its reminder time). */
  function promiseStatusesIn(teamId: string, period: Period): Array<string | null> {
    const rows = statement(
      db,
      "SELECT promiseStatus FROM GoodCall WHERE teamId = ? AND promiseRemindAt >= ? AND promiseRemindAt < ?",
    ).all(teamId, toDbDate(period.start), toDbDate(period.end)) as Array<{ promiseStatus: string | null }>;
    return rows.map((r) => r.promiseStatus);
  }

  async function proposedIn(teamId: string, period: Period): Promise<Improvement[]> {
    const any = statement(
      db,
      "SELECT 1 FROM Improvement WHERE teamId = ? AND createdAt >= ? AND createdAt < ? LIMIT 1",
    );
    if (any.get(teamId, toDbDate(period.start), toDbDate(period.end)) === undefined) return [];
    const rows = await db.improvement.findMany({
      where: { teamId, createdAt: { gte: period.start, lt: period.end } },
      orderBy: { createdAt: "asc" },
      take: 10,
    });
    return rows.map(toImprovement);
  }

  /** Improvements done since `since` (this period and the weeks after, to report recurrence). */
  async function doneSince(teamId: string, since: Date, until: Date): Promise<Improvement[]> {
    const any = statement(
      db,
      "SELECT 1 FROM Improvement WHERE teamId = ? AND doneAt >= ? AND doneAt < ? LIMIT 1",
    );
    if (any.get(teamId, toDbDate(since), toDbDate(until)) === undefined) return [];
    const rows = await db.improvement.findMany({
      where: { teamId, status: "done", doneAt: { gte: since, lt: until } },
      orderBy: { doneAt: "asc" },
      take: 10,
    });
    return rows.map(toImprovement);
  }

  async function linkedGoodCalls(improvementId: number): Promise<Array<{ id: number; authorId: string }>> {
    const rows = await db.improvementGoodCall.findMany({
      where: { improvementId },
      include: { goodCall: { select: { id: true, authorId: true } } },
    });
    return rows.map((r) => r.goodCall);
  }

  /** A team's good calls within a time range, for counting how often a pattern recurs. */
  async function callsIn(teamId: string, range: Period): Promise<PatternText[]> {
    const rows = await db.goodCall.findMany({
      where: { teamId, createdAt: { gte: range.start, lt: range.end } },
      select: { what: true, why: true, tags: true },
    });
    return rows.map((r) => ({ what: r.what, why: r.why, tags: decodeTags(r.tags) }));
  }

  return {
    /** What closes the loop in a period's digest: outcomes, promises, improvements proposed and done. */
    async facts(teamId: string, period: Period): Promise<LoopFacts> {
      const tracked = new Date(period.start.getTime() - RECURRENCE_TRACKING_MS);
      const [proposed, done] = await Promise.all([
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
      return {
        outcomes: outcomesIn(teamId, period),
        promiseStatuses: promiseStatusesIn(teamId, period),
        proposed,
        completed,
      };
    },

    linkedGoodCalls,

    // Outcomes
    async recordOutcome(
      goodCallId: number,
      userId: string,
      outcome: Outcome,
      now: Date,
    ): Promise<OutcomeResult> {
      const call = await db.goodCall.findUnique({ where: { id: goodCallId }, select: { authorId: true } });
      if (!call) return "missing";
      if (call.authorId !== userId) return "not-author";
      const { count } = await db.goodCall.updateMany({
        where: { id: goodCallId, outcome: null },
        data: { outcome, outcomeAt: now },
      });
      return count === 1 ? "recorded" : "already";
    },

    async setOutcomeNote(goodCallId: number, userId: string, note: string): Promise<boolean> {
      const { count } = await db.goodCall.updateMany({
        where: { id: goodCallId, authorId: userId },
        data: { outcomeNote: note },
      });
      return count === 1;
    },

    /** Good calls whose "did it help?" DM is due (and not older than `since`). */
    async dueFollowUps(now: Date, since: Date): Promise<GoodCall[]> {
      const rows = await db.goodCall.findMany({
        where: { followUpDueAt: { lte: now, gte: since }, outcome: null },
        select: { id: true },
        orderBy: { followUpDueAt: "asc" },
      });
      const calls = await Promise.all(rows.map((r) => entries.findGoodCall(r.id)));
      return calls.filter((c): c is GoodCall => c !== null);
    },

    // Promises
    async duePromiseReminders(now: Date, since: Date) {
      return db.goodCall.findMany({
        where: { promiseStatus: "pending", promiseRemindAt: { lte: now, gte: since } },
        select: { id: true, teamId: true, authorId: true, promiseRemindAt: true },
        orderBy: { promiseRemindAt: "asc" },
      });
    },

    async setPromiseStatus(
      goodCallId: number,
      userId: string,
      status: "kept" | "broken",
      now: Date,
    ): Promise<OutcomeResult> {
      const call = await db.goodCall.findUnique({
        where: { id: goodCallId },
        select: { authorId: true, promiseStatus: true },
      });
      if (!call || call.promiseStatus === null) return "missing";
      if (call.authorId !== userId) return "not-author";
      const { count } = await db.goodCall.updateMany({
        where: { id: goodCallId, promiseStatus: "pending" },
        data: { promiseStatus: status, promiseAt: now },
      });
      return count === 1 ? "recorded" : "already";
    },

    /**
     * *Not a promise*: a pending promise read from the text is removed, with its reminder. A settled
     * one stays: it records what happened. The caller has checked that the author asked.
     */
    async dropPromise(goodCallId: number): Promise<Exclude<OutcomeResult, "not-author">> {
      const call = await db.goodCall.findUnique({
        where: { id: goodCallId },
        select: { promiseStatus: true },
      });
      if (!call) return "missing";
      const { count } = await db.goodCall.updateMany({
        where: { id: goodCallId, promiseStatus: "pending" },
        data: { promiseDue: null, promiseRemindAt: null, promiseStatus: null, promiseAt: null },
      });
      return count === 1 ? "recorded" : "already";
    },

    async remindPromiseLater(goodCallId: number, userId: string, at: Date): Promise<OutcomeResult> {
      const call = await db.goodCall.findUnique({
        where: { id: goodCallId },
        select: { authorId: true, promiseStatus: true },
      });
      if (!call || call.promiseStatus === null) return "missing";
      if (call.authorId !== userId) return "not-author";
      const { count } = await db.goodCall.updateMany({
        where: { id: goodCallId, promiseStatus: "pending" },
        data: { promiseRemindAt: at },
      });
      return count === 1 ? "recorded" : "already";
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
      const row = await db.improvement.create({
        data: {
          teamId: input.teamId,
          title: input.title,
          description: input.description,
          ownerId: input.ownerId,
          proposerId: input.proposerId,
          patternKey: input.patternKey,
          patternLabel: input.patternLabel,
          createdAt: now,
          goodCalls: { create: [...new Set(input.goodCallIds)].map((goodCallId) => ({ goodCallId })) },
        },
      });
      return toImprovement(row);
    },

    async findImprovement(id: number): Promise<Improvement | null> {
      const row = await db.improvement.findUnique({ where: { id } });
      return row ? toImprovement(row) : null;
    },

    async setImprovementStatus(
      id: number,
      status: ImprovementStatus,
      reason: string | null,
      now: Date,
    ): Promise<Improvement> {
      const row = await db.improvement.update({
        where: { id },
        data: {
          status,
          declineReason: status === "declined" ? reason : null,
          doneAt: status === "done" ? now : null,
        },
      });
      return toImprovement(row);
    },

    async setImprovementMessage(id: number, messageTs: string): Promise<void> {
      await db.improvement.update({ where: { id }, data: { messageTs } });
    },

    async openImprovements(teamId: string): Promise<Improvement[]> {
      const rows = await db.improvement.findMany({
        where: { teamId, status: { in: ["proposed", "in_progress"] } },
        orderBy: { createdAt: "desc" },
        take: 20,
      });
      return rows.map(toImprovement);
    },
  };
}

export type LoopRepository = ReturnType<typeof loopRepository>;
