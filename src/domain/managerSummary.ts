// What a manager's weekly summary says: the team's numbers, who has not been thanked, good calls
// worth talking over, and whether thanks happen at all (share acknowledged, time to first thanks).
import type { Digest, DigestInput, PeriodTotals } from "./digest.ts";
import type { Period } from "./period.ts";
import type { RetentionDeleted } from "./retention.ts";
import type { DigestCall, Language, ManagerPreference, Money } from "./types.ts";

export interface SummaryInput {
  teamId: string;
  language: Language;
  timeZone: string;
  period: Period;
  totals: PeriodTotals;
  /** Null when there is no previous period to compare with (see digestInput). */
  previous: PeriodTotals | null;
  goodCalls: DigestCall[];
  /** Authors of this period's stories, who count as contributors to thank. */
  storyAuthors: string[];
  /** When each good call was first appreciated, if ever (by good call id). */
  firstThanksAt: Map<number, Date>;
  /** People who received any appreciation within the period. */
  thankedPeople: Set<string>;
  usualLimit: Money | null;
  /** Managers Slack could not reach (left the workspace), to tell the others. */
  unreachableManagers: string[];
  /** The manager this summary is for: not asked to thank themselves. */
  managerId: string;
  /** What the team's retention deleted within the period, if anything. */
  retention: RetentionDeleted | null;
}

/** What a manager's summary needs beyond the digest's week, as the database has it. */
export interface SummaryFacts {
  /** When each of the period's good calls was first appreciated, if ever (by good call id). */
  firstThanksAt: Map<number, Date>;
  /** People who received any appreciation within the period. */
  thankedPeople: Set<string>;
  /** The team's open improvements (proposed or in progress), counted up to a page. */
  openImprovements: number;
  /** What the team's retention deleted within the period, if anything. */
  retention: RetentionDeleted | null;
}

/** A summary's input from the week its digest was composed from, so the week is loaded once for both. */
export function summaryInput(
  week: { input: DigestInput; digest: Digest },
  facts: Pick<SummaryFacts, "firstThanksAt" | "thankedPeople" | "retention">,
  recipient: { managerId: string; usualLimit: Money | null; unreachableManagers: string[] },
): SummaryInput {
  const { input, digest } = week;
  return {
    teamId: input.teamId,
    language: input.language,
    timeZone: input.timeZone,
    period: input.period,
    totals: digest.totals,
    previous: digest.previous,
    goodCalls: input.goodCalls,
    storyAuthors: input.stories.map((s) => s.authorId),
    firstThanksAt: facts.firstThanksAt,
    thankedPeople: facts.thankedPeople,
    retention: facts.retention,
    ...recipient,
  };
}

/** The loop part of a summary: the digest's patterns and promises, and how many improvements are open. */
export function summaryLoop(digest: Digest, openImprovements: number) {
  const patterns = digest.sections.flatMap((s) => (s.kind === "patterns" ? s.patterns : []));
  const promises = digest.sections.find((s) => s.kind === "promises") ?? { kept: 0, broken: 0, open: 0 };
  return {
    patterns: patterns.map(({ key, label, count, people }) => ({ key, label, count, people })),
    openImprovements,
    promises: { kept: promises.kept, broken: promises.broken, open: promises.open },
  };
}

export interface ManagerSummary {
  teamId: string;
  language: Language;
  timeZone: string;
  period: Period;
  totals: PeriodTotals;
  previous: PeriodTotals | null;
  unthanked: string[];
  aboveLimit: DigestCall[];
  /** The period's private good calls, oldest first: the digest counts them, so managers read them here. */
  privateCalls: DigestCall[];
  acknowledged: { count: number; total: number };
  medianMsToFirstThanks: number | null;
  unreachableManagers: string[];
  retention: RetentionDeleted | null;
}

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Above the usual limit only in the limit's own currency: amounts are never converted. */
export function isAboveLimit(value: Money | null, limit: Money | null): boolean {
  return value !== null && limit !== null && value.currency === limit.currency && value.cents > limit.cents;
}

export function composeManagerSummary(input: SummaryInput): ManagerSummary {
  const contributors = new Set([...input.goodCalls.map((c) => c.authorId), ...input.storyAuthors]);
  const unthanked = [...contributors]
    .filter((person) => !input.thankedPeople.has(person) && person !== input.managerId)
    .sort();
  const delays: number[] = [];
  for (const call of input.goodCalls) {
    const first = input.firstThanksAt.get(call.id);
    if (first) delays.push(Math.max(0, first.getTime() - call.createdAt.getTime()));
  }
  return {
    teamId: input.teamId,
    language: input.language,
    timeZone: input.timeZone,
    period: input.period,
    totals: input.totals,
    previous: input.previous,
    unthanked,
    aboveLimit: input.goodCalls
      .filter((call) => isAboveLimit(call.value, input.usualLimit))
      .sort((a, b) => (b.value?.cents ?? 0) - (a.value?.cents ?? 0)),
    privateCalls: input.goodCalls.filter((call) => call.visibility === "private"),
    acknowledged: { count: delays.length, total: input.goodCalls.length },
    medianMsToFirstThanks: median(delays),
    unreachableManagers: input.unreachableManagers.filter((m) => m !== input.managerId).sort(),
    retention: input.retention,
  };
}

/** Who gets a DM about a new entry right away: instant-preference managers other than its author. */
export function instantRecipients(
  managers: Array<{ userId: string; preference: ManagerPreference; unreachable: boolean }>,
  authorId: string,
): string[] {
  return managers
    .filter((m) => m.preference === "instant" && !m.unreachable && m.userId !== authorId)
    .map((m) => m.userId);
}

/** Who gets the weekly summary: every manager who has not turned DMs off. */
export function summaryRecipients(
  managers: Array<{ userId: string; preference: ManagerPreference; unreachable: boolean }>,
): string[] {
  return managers.filter((m) => m.preference !== "off" && !m.unreachable).map((m) => m.userId);
}

/** Rounds a duration for people: "45 min", "3 h", "2 days". */
export function roundDuration(ms: number): { unit: "min" | "h" | "d"; value: number } {
  const minutes = ms / 60_000;
  if (minutes < 90) return { unit: "min", value: Math.max(1, Math.round(minutes)) };
  const hours = minutes / 60;
  if (hours < 36) return { unit: "h", value: Math.round(hours) };
  return { unit: "d", value: Math.round(hours / 24) };
}
