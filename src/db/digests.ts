// Loads what a team's digest and its managers' summaries are made of, as facts for src/domain to
// decide on, for one team or for many at once. Every query is a range on a (teamId, createdAt)
// index per team, so composing stays fast with years of history.

import { sql } from "kysely";
import {
  digestCallOf,
  type LoopFacts,
  type PeriodTotals,
  type TotalsFacts,
  totalsOf,
  type WeekFacts,
} from "../domain/digest.ts";
import type { SummaryFacts } from "../domain/managerSummary.ts";
import { sumByCurrency } from "../domain/money.ts";
import type { Period } from "../domain/period.ts";
import type { DigestCall, Money, Story, Team } from "../domain/types.ts";
import type { Db } from "./client.ts";
import type { EntryRepository } from "./entries.ts";
import {
  byPosition,
  inTeamPeriod,
  jsonArrays,
  jsonDistinctOf,
  jsonListOf,
  jsonRowsOf,
  listTable,
  spanOf,
  type TeamPeriod,
  teamPeriods,
} from "./lists.ts";
import type { LoopRepository } from "./loop.ts";
import type { RetentionRepository } from "./retention.ts";
import { sharedStory } from "./visibility.ts";

/** One team's digest to load: its period, the period before (for its totals), and whether it is late. */
export interface WeekRequest {
  team: Team;
  period: Period;
  previous: Period;
  late: boolean;
}

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
  async function appreciationsIn(teamId: string, period: Period): Promise<number> {
    // One query: each count walks the period's entries on their (teamId, createdAt) index and their
    // appreciations on the (goodCallId, …) and (storyId, …) unique indexes.
    const row = await db
      .selectNoFrom((eb) =>
        eb(
          eb
            .selectFrom("Appreciation as a")
            .innerJoin("GoodCall as g", "g.id", "a.goodCallId")
            .select((eb) => eb.fn.countAll<number>().as("n"))
            .where("g.teamId", "=", teamId)
            .where("g.createdAt", ">=", period.start)
            .where("g.createdAt", "<", period.end),
          "+",
          eb
            .selectFrom("Appreciation as a")
            .innerJoin("Story", "Story.id", "a.storyId")
            .select((eb) => eb.fn.countAll<number>().as("n"))
            .where("Story.teamId", "=", teamId)
            .where(sharedStory)
            .where("Story.createdAt", ">=", period.start)
            .where("Story.createdAt", "<", period.end),
        ).as("n"),
      )
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** A period's good calls, story authors and appreciations: what its totals are summed from. */
  async function totalsFacts(teamId: string, period: Period): Promise<TotalsFacts> {
    // A digest asks this for the previous period too, and 1,000 teams' digests are composed at once:
    // three range queries on the (teamId, createdAt) indexes, no rows beyond the period's.
    const [calls, stories, appreciations] = await Promise.all([
      db
        .selectFrom("GoodCall")
        .select(["authorId", "valueCents", "currency"])
        .where("teamId", "=", teamId)
        .where("createdAt", ">=", period.start)
        .where("createdAt", "<", period.end)
        .orderBy("createdAt")
        .orderBy("id")
        .execute(),
      db
        .selectFrom("Story")
        .select("authorId")
        .where("teamId", "=", teamId)
        .where(sharedStory)
        .where("createdAt", ">=", period.start)
        .where("createdAt", "<", period.end)
        .orderBy("createdAt")
        .orderBy("id")
        .execute(),
      appreciationsIn(teamId, period),
    ]);
    return {
      goodCalls: calls.map((c) => ({
        authorId: c.authorId,
        value:
          c.currency !== null && c.valueCents !== null ? { cents: c.valueCents, currency: c.currency } : null,
      })),
      storyAuthors: stories.map((s) => s.authorId),
      appreciations,
    };
  }

  /**
   * Which of these authors had logged a good call in the team before `before`. One query of one
   * EXISTS per author, each a probe of the (teamId, authorId, createdAt) index that stops at the first
   * earlier call. NOTE: not a query over the period's good calls: asked that way, SQLite reads the
   * team's whole history from that index.
   */
  async function loggedBefore(teamId: string, authors: string[], before: Date): Promise<Set<string>> {
    if (authors.length === 0) return new Set();
    const row: Record<string, unknown> = await db
      .selectNoFrom((eb) =>
        authors.map((authorId, i) =>
          eb
            .exists(
              eb
                .selectFrom("GoodCall")
                .select("id")
                .where("teamId", "=", teamId)
                .where("authorId", "=", authorId)
                .where("createdAt", "<", before),
            )
            .as(`a${i}`),
        ),
      )
      .executeTakeFirstOrThrow();
    // SQLite answers EXISTS with 1 or 0, PostgreSQL with true or false.
    return new Set(authors.filter((_, i) => Boolean(row[`a${i}`])));
  }

  /**
   * A period's totals for many teams at once, each with its own period, added up in the query: a
   * few values a team (one set per currency) instead of one row per good call, read from the
   * (teamId, createdAt, …) index alone; the good calls' appreciations counted from their ids in
   * `appreciated` (see digestCallsInPeriods). With them, who logged a good call in the period.
   */
  async function totalsOfPeriods(
    periods: readonly TeamPeriod[],
    appreciated: Promise<Map<number, number>[]>,
  ): Promise<Array<{ totals: PeriodTotals; callAuthors: Set<string> }>> {
    const span = spanOf(periods);
    // NOTE: one subquery per team rather than a join grouped by team and currency: grouped, SQLite
    // sorts every good call of the chunk in a temporary B-tree first. The calls' appreciations are
    // counted from their ids, as digestCallsInPeriods counts them: one index range per team.
    const [calls, stories, appreciations] = await Promise.all([
      db
        .selectFrom(teamPeriods(db, periods))
        .select("p.i")
        .select((eb) =>
          eb
            .selectFrom((inner) =>
              inner
                .selectFrom("GoodCall")
                .select("GoodCall.currency")
                .select((c) => [
                  c.fn.countAll<number | string>().as("calls"),
                  c.fn.sum<number | string | null>("GoodCall.valueCents").as("cents"),
                  jsonDistinctOf(db, sql.ref("GoodCall.authorId")).as("authors"),
                  jsonListOf(db, sql.ref("GoodCall.id")).as("ids"),
                ])
                .where(inTeamPeriod("GoodCall", "createdAt", span))
                .groupBy("GoodCall.currency")
                .as("c"),
            )
            .select(
              jsonRowsOf(db, [
                sql.ref("c.currency"),
                sql.ref("c.calls"),
                sql.ref("c.cents"),
                sql.ref("c.authors"),
                sql.ref("c.ids"),
              ]).as("currencies"),
            )
            .as("currencies"),
        )
        .execute(),
      db
        .selectFrom(teamPeriods(db, periods))
        .crossJoin("Story")
        .select(["p.i", "authorId"])
        .select((eb) =>
          eb
            .selectFrom("Appreciation")
            .select((a) => a.fn.countAll<number>().as("n"))
            .whereRef("Appreciation.storyId", "=", "Story.id")
            .as("appreciations"),
        )
        .where(inTeamPeriod("Story", "createdAt", span))
        .where(sharedStory)
        .execute(),
      appreciated,
    ]);
    const totals: Array<{
      goodCalls: number;
      callAuthors: Set<string>;
      people: Set<string>;
      stories: number;
      appreciations: number;
      values: Money[];
    }> = [];
    for (let i = 0; i < periods.length; i++) {
      totals.push({
        goodCalls: 0,
        callAuthors: new Set(),
        people: new Set(),
        stories: 0,
        appreciations: 0,
        values: [],
      });
    }
    // NOTE: PostgreSQL's count and sum are bigint, which the pg driver hands over as text.
    for (const row of calls) {
      const team = totals[row.i];
      if (!team) continue;
      const counts = appreciations[row.i];
      // [currency, calls, cents, authors, ids] per currency; SQLite hands the arrays over as JSON
      // text (a subquery's value loses its JSON type), PostgreSQL as arrays.
      for (const [currency, count, cents, authors, ids] of jsonArrays<
        [string | null, number, number | null, unknown, unknown]
      >(row.currencies)) {
        team.goodCalls += Number(count);
        for (const id of jsonArrays<number>(ids)) team.appreciations += counts?.get(id) ?? 0;
        for (const author of jsonArrays<string>(authors)) {
          team.callAuthors.add(author);
          team.people.add(author);
        }
        if (currency !== null && cents !== null) team.values.push({ cents: Number(cents), currency });
      }
    }
    for (const row of stories) {
      const team = totals[row.i];
      if (!team) continue;
      team.stories += 1;
      team.people.add(row.authorId);
      team.appreciations += Number(row.appreciations ?? 0);
    }
    const found: Array<{ totals: PeriodTotals; callAuthors: Set<string> }> = [];
    for (const t of totals) {
      found.push({
        totals: {
          goodCalls: t.goodCalls,
          people: t.people.size,
          stories: t.stories,
          appreciations: t.appreciations,
          valueGiven: sumByCurrency(t.values),
        },
        callAuthors: t.callAuthors,
      });
    }
    return found;
  }

  /**
   * loggedBefore for many teams at once: one query over a list of (team, author, before), each row
   * asking EXISTS of the (teamId, authorId, createdAt) index. NOTE: asked in the select list, each
   * EXISTS stays a probe per row on both databases; in the WHERE clause PostgreSQL may turn it into
   * an anti-join that reads the whole table.
   */
  async function veteransOf(probes: ReadonlyArray<{ teamId: string; authorId: string; before: Date }>) {
    if (probes.length === 0) return [];
    const rowsOfList: Array<{ i: number; team: string; author: string; before: Date }> = [];
    for (const [i, p] of probes.entries())
      rowsOfList.push({ i, team: p.teamId, author: p.authorId, before: p.before });
    const list = listTable(
      db,
      "q",
      { i: "integer", team: "text", author: "text", before: "timestamp" },
      rowsOfList,
    );
    const rows = await db
      .selectFrom(list)
      .select("q.i")
      .select((eb) =>
        eb
          .exists(
            eb
              .selectFrom("GoodCall")
              .select("id")
              .whereRef("GoodCall.teamId", "=", "q.team")
              .whereRef("GoodCall.authorId", "=", "q.author")
              .whereRef("GoodCall.createdAt", "<", "q.before"),
          )
          .as("seen"),
      )
      .execute();
    const seen = new Array<boolean>(probes.length).fill(false);
    // SQLite answers EXISTS with 1 or 0, PostgreSQL with true or false.
    for (const row of rows) seen[row.i] = Boolean(row.seen);
    return seen;
  }

  return {
    /** A period's totals, for App Home's week at a glance; the same arithmetic as the digest's. */
    async totals(teamId: string, period: Period): Promise<PeriodTotals> {
      return totalsOf(await totalsFacts(teamId, period));
    },

    /** What a manager's summary needs beyond the digest's week: who was thanked and how fast, what retention deleted. */
    async summaryFacts(teamId: string, period: Period, goodCallIds: number[]): Promise<SummaryFacts> {
      const [thanked, firsts, open, deleted] = await Promise.all([
        db
          .selectFrom("Appreciation")
          .select("toUserId")
          .distinct()
          .where("teamId", "=", teamId)
          .where("createdAt", ">=", period.start)
          .where("createdAt", "<", period.end)
          .execute(),
        goodCallIds.length
          ? db
              .selectFrom("Appreciation")
              .select((eb) => ["goodCallId", eb.fn.min("createdAt").as("first")])
              .where("goodCallId", "in", goodCallIds)
              .groupBy("goodCallId")
              .execute()
          : [],
        loop.openImprovements(teamId),
        retention.deletedIn(teamId, period),
      ]);
      const firstThanksAt = new Map<number, Date>();
      // NOTE: an aliased column is not converted on SQLite (src/db/dialect.ts): there it is text.
      for (const row of firsts)
        if (row.goodCallId !== null && row.first !== null)
          firstThanksAt.set(row.goodCallId, new Date(row.first as string | Date));
      return {
        firstThanksAt,
        thankedPeople: new Set(thanked.map((a) => a.toUserId)),
        openImprovements: open.length,
        retention: deleted,
      };
    },

    /** Everything a team's digest for `period` is made of; `previous` only for its totals. */
    async week(team: Team, period: Period, previous: Period, late: boolean): Promise<WeekFacts> {
      const [goodCalls, stories, loopFacts, appreciations, previousFacts] = await Promise.all([
        entries.goodCallsIn(team.id, period).then((calls) => calls.map(digestCallOf)),
        entries.storiesIn(team.id, period),
        loop.facts(team.id, period),
        appreciationsIn(team.id, period),
        totalsFacts(team.id, previous).then(totalsOf),
      ]);
      const authors = [...new Set(goodCalls.map((c) => c.authorId))];
      const veterans = await loggedBefore(team.id, authors, period.start);
      return weekFacts(
        { team, period, previous, late },
        {
          goodCalls,
          stories,
          appreciations,
          previous: previousFacts,
          firstTimers: authors.filter((a) => !veterans.has(a)).sort(),
          loop: loopFacts,
        },
      );
    },

    /**
     * `week` for many teams at once, each with its own periods (teams in one run usually share them,
     * but need not): a dozen queries however many teams, each an index range per team. The caller
     * decides how many at a time (memory grows with them); `requests[i]`'s facts are at position i,
     * made when asked for (see digestCallsInPeriods: until then its good calls are held as text).
     */
    async weeks(requests: readonly WeekRequest[]): Promise<Array<() => WeekFacts>> {
      if (requests.length === 0) return [];
      // NOTE: loops rather than callbacks made per chunk: see README, Performance.
      const periods: TeamPeriod[] = [];
      const previous: TeamPeriod[] = [];
      const either: TeamPeriod[] = [];
      for (const r of requests) {
        periods.push({ teamId: r.team.id, start: r.period.start, end: r.period.end });
        previous.push({ teamId: r.team.id, start: r.previous.start, end: r.previous.end });
        either.push({
          teamId: r.team.id,
          start: r.previous.start < r.period.start ? r.previous.start : r.period.start,
          end: r.previous.end > r.period.end ? r.previous.end : r.period.end,
        });
      }
      // The appreciations of both periods' good calls, read once: those given since the earlier start.
      const appreciated = entries.goodCallAppreciationsSince(either);
      const [goodCalls, stories, loopFacts, previousFacts] = await Promise.all([
        entries.digestCallsInPeriods(periods, appreciated),
        entries.storiesInPeriods(periods),
        loop.factsOf(periods),
        totalsOfPeriods(previous, appreciated),
      ]);
      // An author who logged a good call in the previous period (over before this one starts) is no
      // first-timer, and most authors did: only the others are asked of the team's history.
      const probes: Array<{ i: number; teamId: string; authorId: string; before: Date }> = [];
      for (const [i, { team, period, previous: before }] of requests.entries()) {
        const known =
          before.end.getTime() <= period.start.getTime() ? previousFacts[i]?.callAuthors : undefined;
        for (const authorId of goodCalls[i]?.authors ?? [])
          if (!known?.has(authorId)) probes.push({ i, teamId: team.id, authorId, before: period.start });
      }
      const seen = await veteransOf(probes);
      const unseen: typeof probes = [];
      for (const [j, probe] of probes.entries()) if (!seen[j]) unseen.push(probe);
      const firstTimers = byPosition(requests.length, unseen, authorIdOf);
      const loaded: LoadedWeeks = { requests, goodCalls, stories, loopFacts, previousFacts, firstTimers };
      // NOTE: bound to a function of the module rather than a closure per team (see README, Performance).
      const weeks: Array<() => WeekFacts> = [];
      for (let i = 0; i < requests.length; i++) weeks.push(weekFactsOf.bind(null, loaded, i));
      return weeks;
    },
  };
}

/** What `weeks` loaded for a chunk of teams, each team's at its position. */
interface LoadedWeeks {
  requests: readonly WeekRequest[];
  goodCalls: Array<{ calls: () => DigestCall[]; authors: string[] }>;
  stories: Story[][];
  loopFacts: LoopFacts[];
  previousFacts: Array<{ totals: PeriodTotals }>;
  firstTimers: string[][];
}

/** The facts of the week at position `i` of what `weeks` loaded; its good calls are decoded now. */
function weekFactsOf(loaded: LoadedWeeks, i: number): WeekFacts {
  const calls = loaded.goodCalls[i]?.calls() ?? [];
  const shared = loaded.stories[i] ?? [];
  let appreciations = 0;
  // The appreciations of the period's entries are the sum of their counts: no query of its own.
  for (const call of calls) appreciations += call.appreciationCount;
  for (const story of shared) appreciations += story.appreciationCount;
  return weekFacts(loaded.requests[i] as WeekRequest, {
    goodCalls: calls,
    stories: shared,
    appreciations,
    previous: (loaded.previousFacts[i] as { totals: PeriodTotals }).totals,
    firstTimers: (loaded.firstTimers[i] ?? []).sort(),
    loop: loaded.loopFacts[i] as LoopFacts,
  });
}

/** A team's week from what was loaded for it, with the team's and the request's own fields: both loaders build it here. */
function weekFacts(
  { team, period, previous, late }: WeekRequest,
  loaded: Pick<WeekFacts, "goodCalls" | "stories" | "appreciations" | "previous" | "firstTimers" | "loop">,
): WeekFacts {
  return {
    teamId: team.id,
    language: team.language,
    timeZone: team.timeZone,
    period,
    late,
    goodCalls: loaded.goodCalls,
    stories: loaded.stories,
    appreciations: loaded.appreciations,
    previous: loaded.previous,
    previousPeriod: previous,
    teamCreatedAt: team.createdAt,
    firstTimers: loaded.firstTimers,
    loop: loaded.loop,
  };
}

function authorIdOf(probe: { authorId: string }): string {
  return probe.authorId;
}

export type DigestRepository = ReturnType<typeof digestRepository>;
