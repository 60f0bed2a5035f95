// Loads what a team's digest and its managers' summaries are made of, as facts for src/domain to
// decide on. Every query is a range on a (teamId, createdAt) index, so composing stays fast with
// years of history.
import { type PeriodTotals, type TotalsFacts, totalsOf, type WeekFacts } from "../domain/digest.ts";
import type { SummaryFacts } from "../domain/managerSummary.ts";
import type { Period } from "../domain/period.ts";
import type { Team } from "../domain/types.ts";
import type { Db } from "./client.ts";
import type { EntryRepository } from "./entries.ts";
import type { LoopRepository } from "./loop.ts";
import type { RetentionRepository } from "./retention.ts";
import { statement, toDbDate } from "./sql.ts";
import { SHARED_STORY_SQL } from "./visibility.ts";

/** Built on the entry and loop repositories it is handed, so each repository exists once. */
export function digestRepository(
  db: Db,
  entries: EntryRepository,
  loop: LoopRepository,
  retention: RetentionRepository,
) {
  /**
   * Appreciations of the good calls and (shared) stories created within the period, whenever given:
   * the hearts the digest shows next to them, so its headline adds up to what people see.
   */
  function appreciationsIn(range: string[]): number {
    const row = statement(
      db,
      `SELECT
         (SELECT COUNT(*) FROM Appreciation a JOIN GoodCall g ON g.id = a.goodCallId
           WHERE g.teamId = ? AND g.createdAt >= ? AND g.createdAt < ?)
       + (SELECT COUNT(*) FROM Appreciation a JOIN Story s ON s.id = a.storyId
           WHERE s.teamId = ? AND s.${SHARED_STORY_SQL} AND s.createdAt >= ? AND s.createdAt < ?) AS n`,
    ).get(...range, ...range) as { n: number };
    return row.n;
  }

  /** A period's good calls, story authors and appreciations: what its totals are summed from. */
  function totalsFacts(teamId: string, period: Period): TotalsFacts {
    // Prepared statements: a digest asks this for the previous period, and 1,000 teams' digests are composed at once.
    const range = [teamId, toDbDate(period.start), toDbDate(period.end)];
    const calls = statement(
      db,
      "SELECT authorId, valueCents, currency FROM GoodCall WHERE teamId = ? AND createdAt >= ? AND createdAt < ?",
    ).all(...range) as Array<{ authorId: string; valueCents: number | null; currency: string | null }>;
    const stories = statement(
      db,
      `SELECT authorId FROM Story WHERE teamId = ? AND ${SHARED_STORY_SQL} AND createdAt >= ? AND createdAt < ?`,
    ).all(...range) as Array<{ authorId: string }>;
    return {
      goodCalls: calls.map((c) => ({
        authorId: c.authorId,
        value:
          c.currency !== null && c.valueCents !== null ? { cents: c.valueCents, currency: c.currency } : null,
      })),
      storyAuthors: stories.map((s) => s.authorId),
      appreciations: appreciationsIn(range),
    };
  }

  return {
    /** A period's totals, for App Home's week at a glance; the same arithmetic as the digest's. */
    async totals(teamId: string, period: Period): Promise<PeriodTotals> {
      return totalsOf(totalsFacts(teamId, period));
    },

    /** What a manager's summary needs beyond the digest's week: who was thanked and how fast, what retention deleted. */
    async summaryFacts(teamId: string, period: Period, goodCallIds: number[]): Promise<SummaryFacts> {
      const [thanked, firsts, open, deleted] = await Promise.all([
        db.appreciation.findMany({
          where: { teamId, createdAt: { gte: period.start, lt: period.end } },
          distinct: ["toUserId"],
          select: { toUserId: true },
        }),
        goodCallIds.length
          ? db.appreciation.groupBy({
              by: ["goodCallId"],
              where: { goodCallId: { in: goodCallIds } },
              _min: { createdAt: true },
            })
          : [],
        loop.openImprovements(teamId),
        retention.deletedIn(teamId, period),
      ]);
      const firstThanksAt = new Map<number, Date>();
      for (const row of firsts)
        if (row.goodCallId !== null && row._min.createdAt)
          firstThanksAt.set(row.goodCallId, row._min.createdAt);
      return {
        firstThanksAt,
        thankedPeople: new Set(thanked.map((a) => a.toUserId)),
        openImprovements: open.length,
        retention: deleted,
      };
    },

    /** Everything a team's digest for `period` is made of; `previous` only for its totals. */
    async week(team: Team, period: Period, previous: Period, late: boolean): Promise<WeekFacts> {
      const [goodCalls, stories, loopFacts] = await Promise.all([
        entries.goodCallsIn(team.id, period),
        entries.storiesIn(team.id, period),
        loop.facts(team.id, period),
      ]);
      const appreciations = appreciationsIn([team.id, toDbDate(period.start), toDbDate(period.end)]);
      const authors = [...new Set(goodCalls.map((c) => c.authorId))];
      // One probe of the (teamId, authorId, createdAt) index per author: has this person logged before?
      const hasEarlier = statement(
        db,
        "SELECT 1 FROM GoodCall WHERE teamId = ? AND authorId = ? AND createdAt < ? LIMIT 1",
      );
      const start = toDbDate(period.start);
      const veterans = new Set(
        authors.filter((author) => hasEarlier.get(team.id, author, start) !== undefined),
      );
      return {
        teamId: team.id,
        language: team.language,
        timeZone: team.timeZone,
        period,
        late,
        goodCalls,
        stories,
        appreciations,
        previous: totalsFacts(team.id, previous),
        previousPeriod: previous,
        teamCreatedAt: team.createdAt,
        firstTimers: authors.filter((a) => !veterans.has(a)).sort(),
        loop: loopFacts,
      };
    },
  };
}

export type DigestRepository = ReturnType<typeof digestRepository>;
