// Loads what a team's digest for one period is made of. Every query is a range on a
// (teamId, createdAt) index, so composing stays fast with years of history.
import type { DigestInput, DigestSection, PeriodTotals } from "../domain/digest.ts";
import type { SummaryInput } from "../domain/managerSummary.ts";
import { findPatterns, matchesPattern } from "../domain/patterns.ts";
import type { Period } from "../domain/period.ts";
import type { GoodCall, Team } from "../domain/types.ts";
import type { Db } from "./client.ts";
import { entryRepository } from "./entries.ts";
import { loopRepository } from "./loop.ts";
import { statement, toDbDate } from "./sql.ts";

const WEEK_MS = 7 * 24 * 3600_000;
/** How long after an improvement is done the digests keep reporting whether its pattern recurs. */
const RECURRENCE_TRACKING_MS = 8 * WEEK_MS;

export function digestRepository(db: Db) {
  const entries = entryRepository(db);
  const loop = loopRepository(db);

  /** Outcomes, promises, patterns and improvements: the parts of the digest that close the loop. */
  async function loopSections(
    teamId: string,
    period: Period,
    goodCalls: GoodCall[],
  ): Promise<DigestSection[]> {
    const [outcomes, promises, proposed, done] = await Promise.all([
      loop.outcomesIn(teamId, period),
      loop.promisesIn(teamId, period),
      loop.proposedIn(teamId, period),
      loop.doneSince(teamId, new Date(period.start.getTime() - RECURRENCE_TRACKING_MS), period.end),
    ]);
    const count = (o: string) => outcomes.filter((r) => r.outcome === o).length;
    const helpedNote = outcomes.find((r) => r.outcome === "helped" && r.outcomeNote)?.outcomeNote ?? null;
    const completed = await Promise.all(
      done.map(async (improvement) => {
        const doneAt = improvement.doneAt ?? period.end;
        const inThisPeriod = doneAt >= period.start;
        const linked = inThisPeriod ? await loop.linkedGoodCalls(improvement.id) : [];
        const recurrence = improvement.patternKey
          ? {
              recurrenceBefore: (
                await loop.callsBetween(teamId, new Date(doneAt.getTime() - 4 * WEEK_MS), doneAt)
              ).filter((c) =>
                matchesPattern({ ...c, tags: c.tags ? c.tags.split(" ") : [] }, improvement.patternKey ?? ""),
              ).length,
              recurrenceSince: (await loop.callsBetween(teamId, doneAt, period.end)).filter((c) =>
                matchesPattern({ ...c, tags: c.tags ? c.tags.split(" ") : [] }, improvement.patternKey ?? ""),
              ).length,
            }
          : {};
        return {
          id: improvement.id,
          title: improvement.title,
          goodCallIds: linked.map((c) => c.id),
          people: [...new Set(linked.map((c) => c.authorId))].sort(),
          ...recurrence,
        };
      }),
    );
    return [
      {
        kind: "outcomes",
        followedUp: outcomes.length,
        helped: count("helped"),
        noChange: count("no_change"),
        backfired: count("backfired"),
        quote: helpedNote,
      },
      { kind: "promises", ...promises },
      {
        kind: "patterns",
        patterns: findPatterns(goodCalls).map((p) => ({
          key: p.key,
          label: p.label,
          count: p.count,
          people: p.people.length,
          valueGiven: p.valueGiven,
        })),
      },
      {
        kind: "improvements",
        proposed: proposed.map((i) => ({ id: i.id, title: i.title, ownerId: i.ownerId })),
        completed,
      },
    ];
  }

  function appreciationsIn(range: string[]): number {
    const row = statement(
      db,
      "SELECT COUNT(*) AS n FROM Appreciation WHERE teamId = ? AND createdAt >= ? AND createdAt < ?",
    ).get(...range) as { n: number };
    return row.n;
  }

  async function totals(teamId: string, period: Period): Promise<PeriodTotals> {
    // Prepared statements: a digest asks this for two periods, and 1,000 teams' digests are composed at once.
    const range = [teamId, toDbDate(period.start), toDbDate(period.end)];
    const calls = statement(
      db,
      "SELECT authorId, valueCents, currency FROM GoodCall WHERE teamId = ? AND createdAt >= ? AND createdAt < ?",
    ).all(...range) as Array<{ authorId: string; valueCents: number | null; currency: string | null }>;
    const stories = statement(
      db,
      "SELECT authorId FROM Story WHERE teamId = ? AND pendingConsent = 0 AND createdAt >= ? AND createdAt < ?",
    ).all(...range) as Array<{ authorId: string }>;
    const appreciations = appreciationsIn(range);
    const people = new Set([...calls.map((c) => c.authorId), ...stories.map((s) => s.authorId)]);
    const value = new Map<string, number>();
    for (const c of calls) {
      if (c.currency !== null && c.valueCents !== null)
        value.set(c.currency, (value.get(c.currency) ?? 0) + c.valueCents);
    }
    return {
      goodCalls: calls.length,
      people: people.size,
      stories: stories.length,
      appreciations,
      valueGiven: [...value.entries()]
        .map(([currency, cents]) => ({ currency, cents }))
        .sort((a, b) => a.currency.localeCompare(b.currency)),
    };
  }

  return {
    totals,

    /** A manager's weekly summary: the digest's numbers plus who was thanked and how fast. */
    async summary(
      team: Team,
      period: Period,
      previous: Period,
      managerId: string,
      unreachable: string[],
    ): Promise<SummaryInput> {
      const createdAt = { gte: period.start, lt: period.end };
      const [goodCalls, stories, current, previousTotals, thanked] = await Promise.all([
        entries.goodCallsIn(team.id, period),
        db.story.findMany({
          where: { teamId: team.id, pendingConsent: false, createdAt },
          select: { authorId: true },
        }),
        totals(team.id, period),
        totals(team.id, previous),
        db.appreciation.findMany({
          where: { teamId: team.id, createdAt },
          distinct: ["toUserId"],
          select: { toUserId: true },
        }),
      ]);
      const firsts = goodCalls.length
        ? await db.appreciation.groupBy({
            by: ["goodCallId"],
            where: { goodCallId: { in: goodCalls.map((c) => c.id) } },
            _min: { createdAt: true },
          })
        : [];
      const firstThanksAt = new Map<number, Date>();
      for (const row of firsts)
        if (row.goodCallId !== null && row._min.createdAt)
          firstThanksAt.set(row.goodCallId, row._min.createdAt);
      return {
        teamId: team.id,
        language: team.language,
        timeZone: team.timeZone,
        period,
        totals: current,
        previous: previousTotals,
        goodCalls,
        storyAuthors: stories.map((s) => s.authorId),
        firstThanksAt,
        thankedPeople: new Set(thanked.map((a) => a.toUserId)),
        usualLimit: team.usualLimit,
        unreachableManagers: unreachable,
        managerId,
      };
    },

    async load(team: Team, period: Period, previous: Period, late: boolean): Promise<DigestInput> {
      const [goodCalls, stories, previousTotals] = await Promise.all([
        entries.goodCallsIn(team.id, period),
        entries.storiesIn(team.id, period),
        totals(team.id, previous),
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
        previous: previousTotals,
        firstTimers: authors.filter((a) => !veterans.has(a)).sort(),
        extras: await loopSections(team.id, period, goodCalls),
      };
    },
  };
}

export type DigestRepository = ReturnType<typeof digestRepository>;
