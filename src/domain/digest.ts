// The weekly recognition digest as data: what a period's good calls and stories add up to, and who to thank.
import type { Period } from "./period.ts";
import type { GoodCall, Language, Money, Story } from "./types.ts";

export interface PeriodTotals {
  goodCalls: number;
  /** Distinct authors of good calls or stories. */
  people: number;
  stories: number;
  appreciations: number;
  /** Summed per currency, sorted by currency code. */
  valueGiven: Money[];
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
  /** Later features (outcomes, patterns, improvements) add sections here. */
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

export function periodTotals(goodCalls: GoodCall[], stories: Story[], appreciations: number): PeriodTotals {
  const people = new Set([...goodCalls, ...stories].map((entry) => entry.authorId));
  const cents = new Map<string, number>();
  for (const call of goodCalls) {
    if (call.value) cents.set(call.value.currency, (cents.get(call.value.currency) ?? 0) + call.value.cents);
  }
  const valueGiven = [...cents]
    // A currency that only ever appeared as 0 says nothing was given; "0 EUR given" would read as a complaint.
    .filter(([, total]) => total !== 0)
    .map(([currency, total]) => ({ cents: total, currency }))
    .sort((a, b) => compareStrings(a.currency, b.currency));
  return {
    goodCalls: goodCalls.length,
    people: people.size,
    stories: stories.length,
    appreciations,
    valueGiven,
  };
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
