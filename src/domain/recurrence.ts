// Whether a pattern keeps coming back after the improvement that was meant to fix it.
import { matchesPattern, type PatternCall } from "./patterns.ts";
import type { Period } from "./period.ts";

const WEEK_MS = 7 * 24 * 3600_000;
/** How long after an improvement is done the digests keep reporting whether its pattern recurs. */
export const RECURRENCE_TRACKING_MS = 8 * WEEK_MS;
/** The weeks before a fix that its "before" count covers. */
export const RECURRENCE_LOOKBACK_MS = 4 * WEEK_MS;

/** What a good call says, as far as matching it to a pattern goes. */
export type PatternText = Pick<PatternCall, "what" | "why" | "tags" | "ruleInTheWay">;

/** The two time ranges compared for an improvement done at `doneAt`, reported in a period ending at `periodEnd`. */
export function recurrenceWindows(doneAt: Date, periodEnd: Date): { before: Period; since: Period } {
  return {
    before: { start: new Date(doneAt.getTime() - RECURRENCE_LOOKBACK_MS), end: doneAt },
    since: { start: doneAt, end: periodEnd },
  };
}

/** How many good calls of the pattern there were in the weeks before the fix, and since. */
export function recurrence(
  patternKey: string,
  calls: { before: PatternText[]; since: PatternText[] },
): { recurrenceBefore: number; recurrenceSince: number } {
  const count = (list: PatternText[]) => list.filter((call) => matchesPattern(call, patternKey)).length;
  return { recurrenceBefore: count(calls.before), recurrenceSince: count(calls.since) };
}
