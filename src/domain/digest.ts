// The weekly recognition digest as data: what a period's good calls and stories add up to, and who to thank.
import { sumByCurrency } from "./money.ts";
import { findPatterns } from "./patterns.ts";
import type { Period } from "./period.ts";
import { type PatternText, recurrence } from "./recurrence.ts";
import type { GoodCall, Language, Money, Story } from "./types.ts";

export interface PeriodTotals {
  goodCalls: number;
  /** Distinct authors of good calls or stories. */
  people: number;
  stories: number;
  appreciations: number;
  /** Summed per currency, sorted by currency code (see sumByCurrency). */
  valueGiven: Money[];
}

/** A period's entries as the database has them, for its totals: the same arithmetic for every week. */
export interface TotalsFacts {
  goodCalls: Array<{ authorId: string; value: Money | null }>;
  storyAuthors: string[];
  appreciations: number;
}

/** What closes the loop in a period, as rows: the digest's outcome, promise and improvement sections come from it. */
export interface LoopFacts {
  /** Outcomes recorded within the period, oldest first. */
  outcomes: Array<{ outcome: string | null; note: string | null }>;
  /** The status of each promise whose reminder falls within the period. */
  promiseStatuses: Array<string | null>;
  proposed: Array<{ id: number; title: string; ownerId: string }>;
  /** Improvements done within the period or the weeks before it (see RECURRENCE_TRACKING_MS). */
  completed: Array<{
    id: number;
    title: string;
    /** The good calls that led to it; loaded only when it was done within the period. */
    linked: Array<{ id: number; authorId: string }>;
    patternKey: string | null;
    /** The team's good calls before and since the fix, when it came from a pattern. */
    calls: { before: PatternText[]; since: PatternText[] } | null;
  }>;
}

/** Everything the database knows about a team's period that its digest is made of. */
export interface WeekFacts extends Omit<DigestInput, "previous" | "extras"> {
  previous: TotalsFacts;
  loop: LoopFacts;
}

export type DigestSection =
  | {
      kind: "outcomes";
      followedUp: number;
      helped: number;
      noChange: number;
      backfired: number;
      quote: string | null;
    }
  | { kind: "promises"; kept: number; broken: number; open: number }
  | {
      kind: "patterns";
      patterns: Array<{ key: string; label: string; count: number; people: number; valueGiven: Money[] }>;
    }
  | {
      kind: "improvements";
      proposed: Array<{ id: number; title: string; ownerId: string }>;
      completed: Array<{
        id: number;
        title: string;
        goodCallIds: number[];
        people: string[];
        recurrenceBefore?: number;
        recurrenceSince?: number;
      }>;
    };

export interface DigestInput {
  teamId: string;
  language: Language;
  timeZone: string;
  period: Period;
  late: boolean;
  /** Created within the period. */
  goodCalls: GoodCall[];
  /** Created within the period. */
  stories: Story[];
  /** Appreciations given within the period, to anything. */
  appreciations: number;
  /** The previous period's totals, for the change. */
  previous: PeriodTotals;
  /** Authors whose first-ever good call falls in this period. */
  firstTimers: string[];
  /** The sections that close the loop (see loopSections). */
  extras?: DigestSection[];
}

export interface Thanks {
  userId: string;
  goodCalls: number;
  stories: number;
}

export interface Digest {
  teamId: string;
  language: Language;
  timeZone: string;
  period: Period;
  late: boolean;
  /** No good calls and no stories: the view posts a short encouraging message instead. */
  empty: boolean;
  totals: PeriodTotals;
  previous: PeriodTotals;
  /** Everyone who made a good call or shared a story; most entries first, then by user id. Thanks, not a ranking. */
  thanks: Thanks[];
  firstTimers: string[];
  /** Up to 3 stories: most appreciated first, then newest. */
  spotlight: Story[];
  /** Up to 5 good calls: most appreciated first, then newest (so unappreciated ones only fill empty places). */
  notable: GoodCall[];
  sections: DigestSection[];
}

export const SPOTLIGHT_MAX = 3;
export const NOTABLE_MAX = 5;

export function totalsOf(facts: TotalsFacts): PeriodTotals {
  const people = new Set([...facts.goodCalls.map((c) => c.authorId), ...facts.storyAuthors]);
  return {
    goodCalls: facts.goodCalls.length,
    people: people.size,
    stories: facts.storyAuthors.length,
    appreciations: facts.appreciations,
    valueGiven: sumByCurrency(facts.goodCalls.map((call) => call.value)),
  };
}

export function periodTotals(goodCalls: GoodCall[], stories: Story[], appreciations: number): PeriodTotals {
  return totalsOf({ goodCalls, storyAuthors: stories.map((s) => s.authorId), appreciations });
}

/** The digest's sections that close the loop: outcomes, promises, patterns, improvements. */
export function loopSections(loop: LoopFacts, goodCalls: GoodCall[]): DigestSection[] {
  const count = <T>(list: T[], value: T) => list.filter((item) => item === value).length;
  const outcomes = loop.outcomes.map((o) => o.outcome);
  return [
    {
      kind: "outcomes",
      followedUp: loop.outcomes.length,
      helped: count(outcomes, "helped"),
      noChange: count(outcomes, "no_change"),
      backfired: count(outcomes, "backfired"),
      quote: loop.outcomes.find((o) => o.outcome === "helped" && o.note)?.note ?? null,
    },
    {
      kind: "promises",
      kept: count(loop.promiseStatuses, "kept"),
      broken: count(loop.promiseStatuses, "broken"),
      open: count(loop.promiseStatuses, "pending"),
    },
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
      proposed: loop.proposed.map(({ id, title, ownerId }) => ({ id, title, ownerId })),
      completed: loop.completed.map((done) => ({
        id: done.id,
        title: done.title,
        goodCallIds: done.linked.map((c) => c.id),
        people: [...new Set(done.linked.map((c) => c.authorId))].sort(compareStrings),
        ...(done.patternKey && done.calls ? recurrence(done.patternKey, done.calls) : {}),
      })),
    },
  ];
}

/** The digest's input from the facts: last week's totals by the same arithmetic as this week's. */
export function digestInput(facts: WeekFacts): DigestInput {
  const { previous, loop, ...rest } = facts;
  return { ...rest, previous: totalsOf(previous), extras: loopSections(loop, facts.goodCalls) };
}

export function change(
  current: number,
  previous: number,
): { delta: number; direction: "up" | "down" | "same" } {
  const delta = current - previous;
  return { delta, direction: delta > 0 ? "up" : delta < 0 ? "down" : "same" };
}

export function composeDigest(input: DigestInput): Digest {
  return {
    teamId: input.teamId,
    language: input.language,
    timeZone: input.timeZone,
    period: input.period,
    late: input.late,
    empty: input.goodCalls.length === 0 && input.stories.length === 0,
    totals: periodTotals(input.goodCalls, input.stories, input.appreciations),
    previous: input.previous,
    thanks: thanksFor(input.goodCalls, input.stories),
    firstTimers: [...new Set(input.firstTimers)],
    spotlight: mostAppreciatedFirst(input.stories).slice(0, SPOTLIGHT_MAX),
    // Appreciated calls sort ahead of the rest, so the first five are the appreciated ones topped up with the newest.
    notable: mostAppreciatedFirst(input.goodCalls).slice(0, NOTABLE_MAX),
    sections: input.extras ?? [],
  };
}

function thanksFor(goodCalls: GoodCall[], stories: Story[]): Thanks[] {
  const byAuthor = new Map<string, Thanks>();
  const entryFor = (userId: string): Thanks => {
    let entry = byAuthor.get(userId);
    if (!entry) {
      entry = { userId, goodCalls: 0, stories: 0 };
      byAuthor.set(userId, entry);
    }
    return entry;
  };
  for (const call of goodCalls) entryFor(call.authorId).goodCalls++;
  for (const story of stories) entryFor(story.authorId).stories++;
  return [...byAuthor.values()].sort(
    (a, b) => b.goodCalls + b.stories - (a.goodCalls + a.stories) || compareStrings(a.userId, b.userId),
  );
}

/** Most appreciated first, then newest; the id breaks ties so the order never depends on the input's. */
function mostAppreciatedFirst<T extends { id: number; createdAt: Date; appreciationCount: number }>(
  entries: T[],
): T[] {
  return [...entries].sort(
    (a, b) =>
      b.appreciationCount - a.appreciationCount ||
      b.createdAt.getTime() - a.createdAt.getTime() ||
      b.id - a.id,
  );
}

// Code-unit order, not localeCompare: the order must not change with the server's locale.
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
