// What a team's quarterly loop report is made of, as facts for src/domain/report.ts: the span's good
// calls and their first thanks, outcomes, promises, improvements, and the calls around each fix.
import type { ImprovementStatus } from "../domain/improvement.ts";
import type { PatternCall } from "../domain/patterns.ts";
import type { Period } from "../domain/period.ts";
import type { PatternText } from "../domain/recurrence.ts";
import type { ReportFacts } from "../domain/report.ts";
import { decodeTags } from "../domain/tags.ts";
import type { Db } from "./client.ts";

/** Improvements done within a quarter that the report names; a team fixes far fewer in one. */
const DONE_MAX = 20;
const PROPOSED_MAX = 50;
/** Enough to tell which of a quarter's patterns led to a fix. */
const PATTERN_IMPROVEMENTS_MAX = 500;

export function reportRepository(db: Db) {
  /** A team's good calls within a span: a range on the (teamId, createdAt) index. */
  async function goodCallsIn(teamId: string, span: Period): Promise<PatternCall[]> {
    const rows = await db
      .selectFrom("GoodCall")
      .select(["id", "authorId", "what", "why", "tags", "valueCents", "currency", "createdAt"])
      .where("teamId", "=", teamId)
      .where("createdAt", ">=", span.start)
      .where("createdAt", "<", span.end)
      .orderBy("createdAt")
      .orderBy("id")
      .execute();
    return rows.map((r) => ({
      id: r.id,
      authorId: r.authorId,
      what: r.what,
      why: r.why,
      tags: decodeTags(r.tags),
      value:
        r.currency !== null && r.valueCents !== null ? { cents: r.valueCents, currency: r.currency } : null,
      createdAt: r.createdAt,
    }));
  }

  /** When each of the span's good calls was first appreciated or thanked. */
  async function firstThanksAt(teamId: string, span: Period): Promise<Map<number, Date>> {
    const rows = await db
      .selectFrom("Appreciation as a")
      .innerJoin("GoodCall as g", "g.id", "a.goodCallId")
      .select((eb) => ["a.goodCallId", eb.fn.min("a.createdAt").as("first")])
      .where("g.teamId", "=", teamId)
      .where("g.createdAt", ">=", span.start)
      .where("g.createdAt", "<", span.end)
      .groupBy("a.goodCallId")
      .execute();
    const firsts = new Map<number, Date>();
    // NOTE: an aliased column is not converted on SQLite (src/db/dialect.ts): there it is text.
    for (const row of rows)
      if (row.goodCallId !== null && row.first !== null)
        firsts.set(row.goodCallId, new Date(row.first as string | Date));
    return firsts;
  }

  return {
    /** The good calls of a time range as far as matching them to a pattern goes (a fix's windows). */
    async callsIn(teamId: string, range: Period): Promise<PatternText[]> {
      const rows = await db
        .selectFrom("GoodCall")
        .select(["what", "why", "tags"])
        .where("teamId", "=", teamId)
        .where("createdAt", ">=", range.start)
        .where("createdAt", "<", range.end)
        .execute();
      return rows.map((r) => ({ what: r.what, why: r.why, tags: decodeTags(r.tags) }));
    },

    /** Everything but the calls around each fix (ReportFacts.done[].calls, loaded once the windows are known). */
    async facts(teamId: string, span: Period): Promise<ReportFacts> {
      const [goodCalls, firsts, outcomes, promises, proposed, done, fromPatterns] = await Promise.all([
        goodCallsIn(teamId, span),
        firstThanksAt(teamId, span),
        db
          .selectFrom("GoodCall")
          .select("outcome")
          .where("teamId", "=", teamId)
          .where("outcomeAt", ">=", span.start)
          .where("outcomeAt", "<", span.end)
          .execute(),
        db
          .selectFrom("GoodCall")
          .select("promiseStatus")
          .where("teamId", "=", teamId)
          .where("promiseRemindAt", ">=", span.start)
          .where("promiseRemindAt", "<", span.end)
          .execute(),
        db
          .selectFrom("Improvement")
          .select(["id", "title", "status"])
          .where("teamId", "=", teamId)
          .where("createdAt", ">=", span.start)
          .where("createdAt", "<", span.end)
          .orderBy("createdAt")
          .orderBy("id")
          .limit(PROPOSED_MAX)
          .execute(),
        db
          .selectFrom("Improvement")
          .select(["id", "title", "patternKey", "patternLabel", "doneAt"])
          .where("teamId", "=", teamId)
          .where("status", "=", "done")
          .where("doneAt", ">=", span.start)
          .where("doneAt", "<", span.end)
          .orderBy("doneAt")
          .orderBy("id")
          .limit(DONE_MAX)
          .execute(),
        db
          .selectFrom("Improvement")
          .select(["patternKey", "status"])
          .where("teamId", "=", teamId)
          .where("patternKey", "is not", null)
          .where("createdAt", "<", span.end)
          .orderBy("createdAt", "desc")
          .limit(PATTERN_IMPROVEMENTS_MAX)
          .execute(),
      ]);
      return {
        goodCalls,
        firstThanksAt: firsts,
        outcomes: outcomes.map((r) => r.outcome),
        promiseStatuses: promises.map((r) => r.promiseStatus),
        proposed: proposed.map((r) => ({ id: r.id, title: r.title, status: r.status as ImprovementStatus })),
        done: done.flatMap((r) =>
          r.doneAt
            ? [
                {
                  id: r.id,
                  title: r.title,
                  patternKey: r.patternKey,
                  patternLabel: r.patternLabel,
                  doneAt: r.doneAt,
                  calls: null,
                },
              ]
            : [],
        ),
        patternImprovements: fromPatterns.flatMap((r) =>
          r.patternKey ? [{ patternKey: r.patternKey, status: r.status as ImprovementStatus }] : [],
        ),
      };
    },
  };
}

export type ReportRepository = ReturnType<typeof reportRepository>;
