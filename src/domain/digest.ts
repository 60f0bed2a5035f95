// The weekly recognition digest as data: what a period's good calls and stories add up to, and who to thank.
import { sumByCurrency } from "./money.ts";
import { findPatterns, type Pattern } from "./patterns.ts";
import type { Period } from "./period.ts";
import { type PatternText, recurrence } from "./recurrence.ts";
import type { DigestCall, GoodCall, Language, Money, Story } from "./types.ts";

export interface PeriodTotals {
  goodCalls: number;
  /** Distinct authors of good calls or stories. */
  people: number;
  stories: number;
  /** Appreciations the period's good calls and stories received: the hearts the digest shows, added up. */
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
  /** Outcomes recorded within the period, oldest first; `visibility` is the good call's. */
  outcomes: Array<{ outcome: string | null; note: string | null; visibility: string }>;
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
  /** The previous period's totals, whether or not the team existed through it. */
  previous: PeriodTotals;
  previousPeriod: Period;
  /** When the team was set up: a team younger than the previous period has no "last week" to compare with. */
  teamCreatedAt: Date;
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
  goodCalls: DigestCall[];
  /** Created within the period. */
  stories: Story[];
  /** Appreciations of this period's good calls and stories (see PeriodTotals.appreciations). */
  appreciations: number;
  /** The previous period's totals, for the change; null when there is no previous period to compare with. */
  previous: PeriodTotals | null;
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
  /** Null when there was no previous period to compare with: then no change is shown. */
  previous: PeriodTotals | null;
  /** Everyone who made a good call or shared a story; most entries first, then by user id. Thanks, not a ranking. */
  thanks: Thanks[];
  firstTimers: string[];
  /** Up to 3 stories: most appreciated first, then newest. */
  spotlight: Story[];
  /** Up to 5 good calls chosen by chooseNotable. */
  notable: DigestCall[];
  sections: DigestSection[];
}

/** A good call as a digest reads it: what digests.weeks loads for every good call of the week. */
export function digestCallOf(call: GoodCall): DigestCall {
  return {
    id: call.id,
    authorId: call.authorId,
    what: call.what,
    why: call.why,
    tags: call.tags,
    value: call.value,
    visibility: call.visibility,
    createdAt: call.createdAt,
    appreciationCount: call.appreciationCount,
    outcome: call.outcome ?? null,
    ruleInTheWay: call.ruleInTheWay ?? null,
  };
}

export const SPOTLIGHT_MAX = 3;
export const NOTABLE_MAX = 5;

// NOTE: a digest run composes every team's digest, so nothing here makes a function per call (sort
// orders and mappers are functions of the module, or loops): see README, Performance.
export function totalsOf(facts: TotalsFacts): PeriodTotals {
  const people = new Set<string>(facts.storyAuthors);
  const values: Array<Money | null> = [];
  for (const call of facts.goodCalls) {
    people.add(call.authorId);
    values.push(call.value);
  }
  return {
    goodCalls: facts.goodCalls.length,
    people: people.size,
    stories: facts.storyAuthors.length,
    appreciations: facts.appreciations,
    valueGiven: sumByCurrency(values),
  };
}

export function periodTotals(goodCalls: DigestCall[], stories: Story[], appreciations: number): PeriodTotals {
  const storyAuthors: string[] = [];
  for (const story of stories) storyAuthors.push(story.authorId);
  return totalsOf({ goodCalls, storyAuthors, appreciations });
}

function count<T>(list: readonly T[], value: T): number {
  let n = 0;
  for (const item of list) if (item === value) n++;
  return n;
}

/** The digest's sections that close the loop: outcomes, promises, patterns, improvements. */
export function loopSections(loop: LoopFacts, goodCalls: DigestCall[]): DigestSection[] {
  const outcomes: Array<LoopFacts["outcomes"][number]["outcome"]> = [];
  let quote: string | null = null;
  for (const o of loop.outcomes) {
    outcomes.push(o.outcome);
    // A private good call's outcome counts, but its note is never quoted to the team.
    if (quote === null && o.outcome === "helped" && o.note && o.visibility !== "private") quote = o.note;
  }
  return [
    {
      kind: "outcomes",
      followedUp: loop.outcomes.length,
      helped: count(outcomes, "helped"),
      noChange: count(outcomes, "no_change"),
      backfired: count(outcomes, "backfired"),
      quote,
    },
    {
      kind: "promises",
      kept: count(loop.promiseStatuses, "kept"),
      broken: count(loop.promiseStatuses, "broken"),
      open: count(loop.promiseStatuses, "pending"),
    },
    {
      kind: "patterns",
      patterns: findPatterns(goodCalls).map(patternSummary),
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

/**
 * The digest's input from the facts: last week's totals by the same arithmetic as this week's. A change
 * is worth showing only against a real last week: one with entries, or one the team existed through.
 * Otherwise a team's first digest would read "▲ 9 from last week" about a week it did not exist in.
 */
export function digestInput(facts: WeekFacts): DigestInput {
  const { previous: totals, previousPeriod, teamCreatedAt, loop, ...rest } = facts;
  const hadData = totals.goodCalls + totals.stories + totals.appreciations > 0;
  const existed = teamCreatedAt.getTime() <= previousPeriod.start.getTime();
  return {
    ...rest,
    previous: hadData || existed ? totals : null,
    extras: loopSections(loop, facts.goodCalls),
  };
}

/** "kept 4 of 5 (80 %)": the share of settled promises kept, in whole percent; null while none is settled. */
export function promiseRate(kept: number, broken: number): { settled: number; percent: number } | null {
  const settled = kept + broken;
  return settled === 0 ? null : { settled, percent: Math.round((kept / settled) * 100) };
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
    notable: chooseNotable(input.goodCalls, NOTABLE_MAX),
    sections: input.extras ?? [],
  };
}

function thanksFor(goodCalls: DigestCall[], stories: Story[]): Thanks[] {
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
  return [...byAuthor.values()].sort(byEntriesThenId);
}

function byEntriesThenId(a: Thanks, b: Thanks): number {
  return b.goodCalls + b.stories - (a.goodCalls + a.stories) || compareStrings(a.userId, b.userId);
}

/** Most appreciated first, then newest; the id breaks ties so the order never depends on the input's. */
function mostAppreciatedFirst<T extends { id: number; createdAt: Date; appreciationCount: number }>(
  entries: T[],
): T[] {
  return [...entries].sort(byAppreciationThenNewest);
}

function byAppreciationThenNewest(
  a: { id: number; createdAt: Date; appreciationCount: number },
  b: { id: number; createdAt: Date; appreciationCount: number },
): number {
  return (
    b.appreciationCount - a.appreciationCount || b.createdAt.getTime() - a.createdAt.getTime() || b.id - a.id
  );
}

/** At most this many notable good calls from one person: the section celebrates the team, not a star. */
export const NOTABLE_PER_PERSON = 2;

/** Why a good call stands out: what people can see in it, in the order the digest's context line says. */
function standing(call: DigestCall): number[] {
  return [
    call.appreciationCount,
    call.value && call.value.cents > 0 ? 1 : 0,
    call.outcome === "helped" ? 1 : 0,
  ];
}

/**
 * The digest's notable good calls, by a rule a person can check against the digest: the most
 * appreciated first, then those where value was given, then those whose follow-up says it helped.
 * Among equals, someone not yet shown comes first, then a call with a tag not yet shown, then the
 * newest. A call with none of the three signs is left out: every call is already thanked by name,
 * and the newest unappreciated one is often a test entry. Never more than two from one person.
 * A private call is never one: it is counted and its author thanked by name, never quoted.
 */
export function chooseNotable<T extends DigestCall>(calls: T[], max: number = NOTABLE_MAX): T[] {
  // NOTE: a digest run chooses for every team; a call's standing does not change between rounds, so
  // it is worked out once, and each round compares in place rather than building a key per call.
  const candidates: Array<{ call: T; standing: number[] }> = [];
  for (const call of calls) {
    if (call.visibility === "private") continue;
    const signs = standing(call);
    if (signs.some(isPositive)) candidates.push({ call, standing: signs });
  }
  const chosen: T[] = [];
  const taken = new Set<T>();
  const perPerson = new Map<string, number>();
  const tagsShown = new Set<string>();
  while (chosen.length < max) {
    // The best by its standing, then someone not yet shown, then a tag not yet shown, then the
    // newest; the tie-breaks are worked out only for a call whose standing equals the best's.
    let best: T | null = null;
    let bestSigns: number[] = [];
    let bestUnshown = 0;
    let bestNewTag = 0;
    for (const { call, standing: signs } of candidates) {
      const shown = perPerson.get(call.authorId) ?? 0;
      if (shown >= NOTABLE_PER_PERSON || taken.has(call)) continue;
      let order = best ? compareKeys(signs, bestSigns) : 1;
      if (order < 0) continue;
      const unshown = shown === 0 ? 1 : 0;
      const newTag = hasTagNotIn(call.tags, tagsShown) ? 1 : 0;
      if (best && order === 0)
        order =
          unshown - bestUnshown ||
          newTag - bestNewTag ||
          call.createdAt.getTime() - best.createdAt.getTime() ||
          call.id - best.id;
      if (order > 0) {
        best = call;
        bestSigns = signs;
        bestUnshown = unshown;
        bestNewTag = newTag;
      }
    }
    if (!best) break;
    chosen.push(best);
    taken.add(best);
    perPerson.set(best.authorId, (perPerson.get(best.authorId) ?? 0) + 1);
    for (const tag of best.tags) tagsShown.add(tag);
  }
  return chosen;
}

/** Lexicographic order of two number lists, over the first's length (a prefix of the second compares by that prefix). */
function compareKeys(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

// Code-unit order, not localeCompare: the order must not change with the server's locale.
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function patternSummary(p: Pattern) {
  return { key: p.key, label: p.label, count: p.count, people: p.people.length, valueGiven: p.valueGiven };
}

function isPositive(n: number): boolean {
  return n > 0;
}

function hasTagNotIn(tags: readonly string[], shown: ReadonlySet<string>): boolean {
  for (const tag of tags) if (!shown.has(tag)) return true;
  return false;
}
