// Authority that grows: the room a team's usual limit gives people, the rules they say got in their
// way, and when the outcomes say the room could be wider. It informs managers; it never blocks anyone,
// and it never proposes a narrower room.
import { DateTime } from "luxon";
import { isAboveLimit } from "./managerSummary.ts";
import { keywordGroups, type PatternCall } from "./patterns.ts";
import type { Period } from "./period.ts";
import type { Money, Outcome } from "./types.ts";
import { LIMITS, ruleAnswer } from "./validate.ts";

/** How far back the outcomes behind a proposal to raise the limit reach. */
export const EVIDENCE_MONTHS = 3;
/** A proposal needs this many answered follow-ups above the limit: fewer is luck, not evidence. */
export const RAISE_MIN_ANSWERED = 5;
/** ...of which at least 4 in 5 helped, compared in whole numbers so no rounding decides it. */
export const RAISE_MIN_HELPED = { helped: 4, of: 5 } as const;
/** The summary lists this many rules that got in the way. */
export const RULES_SHOWN = 3;

/** The quarter before `end`, by the team's calendar: what a proposal's evidence is drawn from. */
export function evidenceWindow(end: Date, timeZone: string): Period {
  const start = DateTime.fromJSDate(end, { zone: timeZone }).minus({ months: EVIDENCE_MONTHS });
  return { start: start.toJSDate(), end };
}

/** A good call's value and what its author answered to "did it help?". */
export interface AnsweredCall {
  value: Money | null;
  outcome: Outcome | null;
}

export interface RaiseProposal {
  current: Money;
  suggested: Money;
  /** Follow-ups answered on calls above the current limit, and how many of them helped. */
  answered: number;
  helped: number;
}

/**
 * Whether the outcomes of the calls above the usual limit say people could decide more on their own:
 * at least RAISE_MIN_ANSWERED answered, at least 4 in 5 of them helped, and none backfired. One
 * backfire is enough to stay quiet: that is a conversation, not a reason to widen the room (and never
 * one to narrow it: this proposes only raising).
 */
export function proposeRaise(limit: Money | null, calls: readonly AnsweredCall[]): RaiseProposal | null {
  if (!limit) return null;
  const above = calls.filter((call) => call.outcome !== null && isAboveLimit(call.value, limit));
  if (above.length < RAISE_MIN_ANSWERED || above.some((call) => call.outcome === "backfired")) return null;
  const helped = above.flatMap((call) => (call.outcome === "helped" && call.value ? [call.value.cents] : []));
  if (helped.length * RAISE_MIN_HELPED.of < above.length * RAISE_MIN_HELPED.helped) return null;
  const suggested = suggestLimit(limit, helped);
  return suggested && { current: limit, suggested, answered: above.length, helped: helped.length };
}

/**
 * The limit to suggest: a round amount covering at least 4 in 5 of the helped calls above the current
 * limit (the amount at that share, rounded up by roundUp), at most the largest amount GoodCall takes.
 * Null when that would not be above the current limit.
 */
export function suggestLimit(current: Money, helpedCents: readonly number[]): Money | null {
  const sorted = [...helpedCents].sort((a, b) => a - b);
  const covering =
    sorted[Math.ceil((sorted.length * RAISE_MIN_HELPED.helped) / RAISE_MIN_HELPED.of) - 1] ?? null;
  if (covering === null) return null;
  const cents = Math.min(roundUp(covering), LIMITS.maxAmountCents);
  return cents > current.cents ? { cents, currency: current.currency } : null;
}

/**
 * Up to the next amount people would call round, in whole units of the currency: up to 10 a whole
 * unit, then steps of half the leading power of ten (23 → 25, 57 → 60, 120 → 150, 1,234 → 1,500).
 */
export function roundUp(cents: number): number {
  const units = Math.ceil(cents / 100);
  if (units <= 10) return units * 100;
  const step = 10 ** (String(units).length - 1) / 2;
  return Math.ceil(units / step) * step * 100;
}

/**
 * A suggestion read back from a button: a prefill only while it still widens the team's room in its
 * own currency. The value is a claim; a stale or forged one opens the settings as they are.
 */
export function prefillableRaise(current: Money | null, suggested: Money | null): Money | null {
  if (!current || !suggested || suggested.currency !== current.currency) return null;
  return suggested.cents > current.cents && suggested.cents <= LIMITS.maxAmountCents ? suggested : null;
}

/** A rule people said got in their way this period, as the summary lists it. */
export interface RuleInTheWay {
  /** The word people wrote most for it; null when it stands alone (one call, or no keyword). */
  label: string | null;
  /** The newest answer in its words. */
  quote: string;
  count: number;
  people: number;
}

/**
 * The rules that got in the way most: the period's answers grouped by keyword as patterns are
 * (each call in one group), most calls first, then most people. A single answer is a rule too: a
 * manager hears about it the first time, not the third.
 */
export function rulesInTheWay(calls: readonly PatternCall[], limit = RULES_SHOWN): RuleInTheWay[] {
  const answered = calls.filter((call) => ruleAnswer(call.ruleInTheWay) !== null);
  const groups = keywordGroups(
    answered,
    (call) => call.ruleInTheWay ?? "",
    () => true,
  );
  const grouped = new Set(groups.flatMap((group) => group.calls));
  const alone = answered.filter((call) => !grouped.has(call)).map((call) => ({ label: null, calls: [call] }));
  return [...groups, ...alone]
    .map(({ label, calls: members }) => {
      const newest = [...members].sort(
        (a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.id - a.id,
      )[0] as PatternCall;
      return {
        label: members.length > 1 ? label : null,
        quote: newest.ruleInTheWay ?? "",
        count: members.length,
        people: new Set(members.map((call) => call.authorId)).size,
        newest,
      };
    })
    .sort(
      (a, b) =>
        b.count - a.count ||
        b.people - a.people ||
        b.newest.createdAt.getTime() - a.newest.createdAt.getTime() ||
        b.newest.id - a.newest.id,
    )
    .slice(0, Math.max(0, limit))
    .map(({ newest: _newest, ...rule }) => rule);
}

/** What a manager's summary says about the team's room: the rules in the way, and a proposal to widen it. */
export interface AuthoritySection {
  rules: RuleInTheWay[];
  raise: RaiseProposal | null;
}

export function authoritySection(
  periodCalls: readonly PatternCall[],
  limit: Money | null,
  answered: readonly AnsweredCall[],
): AuthoritySection {
  return { rules: rulesInTheWay(periodCalls), raise: proposeRaise(limit, answered) };
}
