// The quarterly loop report as data: calendar quarters in a team's time zone, when each quarter's
// report is due, and what a quarter's good calls, thanks, outcomes, promises, patterns and fixes add up to.
import { DateTime } from "luxon";
import type { ImprovementStatus } from "./improvement.ts";
import { median } from "./managerSummary.ts";
import { findPatterns, type PatternCall } from "./patterns.ts";
import type { Period } from "./period.ts";
import { type PatternText, RECURRENCE_LOOKBACK_MS, recurrence } from "./recurrence.ts";

const DAY_MS = 24 * 3600_000;

/** A calendar quarter on a team's local calendar: Q1 is January to March. */
export interface Quarter {
  year: number;
  /** 1..4 */
  quarter: number;
  /** Local midnight of its first day, and of the next quarter's first day (exclusive). */
  start: Date;
  end: Date;
}

/** The quarter `quarter` (1..4) of `year` on the local calendar of `timeZone`. */
export function quarterOf(year: number, quarter: number, timeZone: string): Quarter {
  const start = DateTime.fromObject({ year, month: (quarter - 1) * 3 + 1, day: 1 }, { zone: timeZone });
  if (!start.isValid || !Number.isInteger(quarter) || quarter < 1 || quarter > 4) {
    throw new RangeError(`No quarter ${quarter} of ${year} in ${timeZone}`);
  }
  return { year, quarter, start: start.toJSDate(), end: start.plus({ months: 3 }).toJSDate() };
}

/** The quarter the instant falls in, on the team's local calendar. */
export function quarterContaining(timeZone: string, at: Date): Quarter {
  const local = DateTime.fromJSDate(at, { zone: timeZone });
  return quarterOf(local.year, Math.ceil(local.month / 3), timeZone);
}

export function quarterBefore(quarter: Quarter, timeZone: string): Quarter {
  return quarter.quarter === 1
    ? quarterOf(quarter.year - 1, 4, timeZone)
    : quarterOf(quarter.year, quarter.quarter - 1, timeZone);
}

/** "2026-Q3", "2026q3" or "Q3-2026" → { year, quarter }; null for anything else. */
export function parseQuarter(text: string): { year: number; quarter: number } | null {
  const trimmed = text.trim();
  const yearFirst = /^(\d{4})-?q([1-4])$/i.exec(trimmed);
  if (yearFirst) return { year: Number(yearFirst[1]), quarter: Number(yearFirst[2]) };
  const quarterFirst = /^q([1-4])[-/ ]?(\d{4})$/i.exec(trimmed);
  if (quarterFirst) return { year: Number(quarterFirst[2]), quarter: Number(quarterFirst[1]) };
  return null;
}

/** What a report covers: the quarter, or the quarter up to `until` while it runs. */
export function reportSpan(quarter: Quarter, until: Date): Period {
  return {
    start: quarter.start,
    end: new Date(Math.max(quarter.start.getTime(), Math.min(quarter.end.getTime(), until.getTime()))),
  };
}

/** A quarter's report goes out on the first day of the next quarter at this local time. */
export const REPORT_MINUTE = 9 * 60;

/**
 * The quarter whose report is due at `now`: the one that ended at the start of the current quarter,
 * once it is REPORT_MINUTE there and for `graceMs` after the quarter ended (a report missed while the
 * app was down longer is not sent). Null at any other time.
 */
export function dueReportQuarter(timeZone: string, now: Date, graceMs: number): Quarter | null {
  const previous = quarterBefore(quarterContaining(timeZone, now), timeZone);
  const dueAt = DateTime.fromJSDate(previous.end, { zone: timeZone }).plus({ minutes: REPORT_MINUTE });
  const late = now.getTime() - previous.end.getTime() > graceMs;
  return now.getTime() >= dueAt.toMillis() && !late ? previous : null;
}

/** One bar of the weekly chart: a Monday-to-Monday local week, cut to the quarter and the report's end. */
export interface WeekBucket extends Period {
  /** Its first day on the local calendar, YYYY-MM-DD. */
  day: string;
}

/** The weeks of [span.start, span.end), Monday 00:00 local to Monday 00:00, the first and last cut to the span. */
export function weeksOf(span: Period, timeZone: string): WeekBucket[] {
  const weeks: WeekBucket[] = [];
  let start = DateTime.fromJSDate(span.start, { zone: timeZone });
  while (start.toMillis() < span.end.getTime()) {
    const next = start.startOf("week").plus({ weeks: 1 });
    const end = Math.min(next.toMillis(), span.end.getTime());
    weeks.push({ start: start.toJSDate(), end: new Date(end), day: start.toISODate() ?? "" });
    start = next;
  }
  return weeks;
}

/**
 * The two equally long spans a fix's recurrence compares: up to four weeks before it was done and as
 * long after, but never past `until` (the report's end), in whole days. Equal spans, so a fix done a
 * week before the quarter ended is not credited with the calls four weeks would have brought.
 */
export function fixWindows(doneAt: Date, until: Date): { days: number; before: Period; after: Period } {
  const days = Math.max(
    0,
    Math.min(RECURRENCE_LOOKBACK_MS / DAY_MS, Math.floor((until.getTime() - doneAt.getTime()) / DAY_MS)),
  );
  const length = days * DAY_MS;
  return {
    days,
    before: { start: new Date(doneAt.getTime() - length), end: doneAt },
    after: { start: doneAt, end: new Date(doneAt.getTime() + length) },
  };
}

/** A quarter as the database has it, for composeReport to add up. */
export interface ReportFacts {
  /** Good calls created within the report's span. */
  goodCalls: PatternCall[];
  /** When each of those was first appreciated or thanked, if ever (by good call id). */
  firstThanksAt: Map<number, Date>;
  /** Outcomes recorded within the span (the digest counts them the same way, week by week). */
  outcomes: Array<string | null>;
  /** The status of each promise whose reminder fell within the span. */
  promiseStatuses: Array<string | null>;
  /** Improvements proposed within the span. */
  proposed: Array<{ id: number; title: string; status: ImprovementStatus }>;
  /** Improvements done within the span, oldest first. */
  done: Array<{
    id: number;
    title: string;
    patternKey: string | null;
    patternLabel: string | null;
    doneAt: Date;
    /** The team's good calls in the fix's windows (fixWindows), when it came from a pattern. */
    calls: { before: PatternText[]; after: PatternText[] } | null;
  }>;
  /** The team's improvements that came from a pattern, to tell which patterns found led to a fix. */
  patternImprovements: Array<{ patternKey: string; status: ImprovementStatus }>;
}

export interface ReportFix {
  id: number;
  title: string;
  patternLabel: string | null;
  doneAt: Date;
  /** The local day it was done, YYYY-MM-DD. */
  doneDay: string;
  /** Days in each compared window (see fixWindows); 0 when it was done too recently to compare. */
  windowDays: number;
  /** Good calls of its pattern in the window before and after; null without a pattern or a window. */
  before: number | null;
  after: number | null;
}

export interface QuarterlyReport {
  teamId: string;
  teamName: string;
  timeZone: string;
  quarter: Quarter;
  /** What the figures cover: the quarter, or the quarter so far. */
  span: Period;
  complete: boolean;
  weeks: Array<WeekBucket & { goodCalls: number }>;
  goodCalls: number;
  people: number;
  thanks: { acknowledged: number; total: number; medianMs: number | null };
  outcomes: { followedUp: number; helped: number; noChange: number; backfired: number };
  promises: { kept: number; broken: number; open: number };
  /** Recurring themes of the quarter (as the digest finds them, over the whole span), most calls first. */
  patterns: Array<{
    key: string;
    label: string;
    count: number;
    people: number;
    fix: ImprovementStatus | null;
  }>;
  improvements: {
    proposed: Array<{ id: number; title: string; status: ImprovementStatus }>;
    done: number;
  };
  fixes: ReportFix[];
}

/** At most this many patterns are reported: the report is a look at the loop, not a list. */
export const REPORT_PATTERNS_MAX = 5;
/** Proposed improvements named in the report; the rest are counted. */
export const REPORT_PROPOSED_MAX = 10;

// A pattern with several improvements shows the furthest along.
const STATUS_RANK: Record<ImprovementStatus, number> = { declined: 0, proposed: 1, in_progress: 2, done: 3 };

export function composeReport(input: {
  team: { id: string; name: string; timeZone: string };
  quarter: Quarter;
  /** The report's end: the quarter's end, or now while it runs. */
  until: Date;
  facts: ReportFacts;
}): QuarterlyReport {
  const { team, quarter, facts } = input;
  const span = reportSpan(quarter, input.until);
  const weeks = weeksOf(span, team.timeZone).map((week) => ({
    ...week,
    goodCalls: facts.goodCalls.filter((c) => c.createdAt >= week.start && c.createdAt < week.end).length,
  }));
  const delays: number[] = [];
  for (const call of facts.goodCalls) {
    const first = facts.firstThanksAt.get(call.id);
    if (first) delays.push(Math.max(0, first.getTime() - call.createdAt.getTime()));
  }
  const count = <T>(list: T[], value: T) => list.filter((item) => item === value).length;
  const fixFor = new Map<string, ImprovementStatus>();
  for (const { patternKey, status } of facts.patternImprovements) {
    const known = fixFor.get(patternKey);
    if (known === undefined || STATUS_RANK[status] > STATUS_RANK[known]) fixFor.set(patternKey, status);
  }
  return {
    teamId: team.id,
    teamName: team.name,
    timeZone: team.timeZone,
    quarter,
    span,
    complete: span.end.getTime() === quarter.end.getTime(),
    weeks,
    goodCalls: facts.goodCalls.length,
    people: new Set(facts.goodCalls.map((c) => c.authorId)).size,
    thanks: { acknowledged: delays.length, total: facts.goodCalls.length, medianMs: median(delays) },
    outcomes: {
      followedUp: facts.outcomes.length,
      helped: count(facts.outcomes, "helped"),
      noChange: count(facts.outcomes, "no_change"),
      backfired: count(facts.outcomes, "backfired"),
    },
    promises: {
      kept: count(facts.promiseStatuses, "kept"),
      broken: count(facts.promiseStatuses, "broken"),
      open: count(facts.promiseStatuses, "pending"),
    },
    patterns: findPatterns(facts.goodCalls, { limit: REPORT_PATTERNS_MAX }).map((p) => ({
      key: p.key,
      label: p.label,
      count: p.count,
      people: p.people.length,
      fix: fixFor.get(p.key) ?? null,
    })),
    improvements: { proposed: facts.proposed, done: facts.done.length },
    fixes: facts.done.map((fix) => {
      const { days } = fixWindows(fix.doneAt, span.end);
      const counted =
        fix.patternKey && fix.calls && days > 0
          ? recurrence(fix.patternKey, { before: fix.calls.before, since: fix.calls.after })
          : null;
      return {
        id: fix.id,
        title: fix.title,
        patternLabel: fix.patternLabel,
        doneAt: fix.doneAt,
        doneDay: DateTime.fromJSDate(fix.doneAt, { zone: team.timeZone }).toISODate() ?? "",
        windowDays: days,
        before: counted?.recurrenceBefore ?? null,
        after: counted?.recurrenceSince ?? null,
      };
    }),
  };
}
