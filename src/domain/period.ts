// Periods and schedules: when weekly digests and daily roundups are due, and what time each covers.
import { DateTime, IANAZone } from "luxon";

/** A team's weekly digest slot: an ISO weekday (1 = Monday … 7 = Sunday) and a local time, in an IANA zone. */
export interface Schedule {
  timeZone: string;
  weekday: number;
  /** Minutes after local midnight, 0..1439. */
  minute: number;
}

/** A span of time, start inclusive, end exclusive. */
export interface Period {
  start: Date;
  end: Date;
}

/** A team's digest schedule, read from its settings. */
export function scheduleOf(team: {
  timeZone: string;
  digestWeekday: number;
  digestMinute: number;
}): Schedule {
  return { timeZone: team.timeZone, weekday: team.digestWeekday, minute: team.digestMinute };
}

export const DEFAULT_SCHEDULE: Omit<Schedule, "timeZone"> = { weekday: 5, minute: 900 };

/** A digest posted this long after its slot is marked late (the app was down or slow). */
const LATE_AFTER_MS = 15 * 60_000;

/** Whole IANA names only: Intl would also accept offsets such as "+02:00", which have no DST rules. */
const ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/;

export function isValidTimeZone(tz: string): boolean {
  // IANAZone.create caches zones, and with them the validity check, which builds an Intl formatter.
  return ZONE_NAME.test(tz) && IANAZone.create(tz).isValid;
}

function assertSchedule(schedule: Schedule): void {
  assertZone(schedule.timeZone);
  if (!Number.isInteger(schedule.weekday) || schedule.weekday < 1 || schedule.weekday > 7) {
    throw new RangeError(`Invalid schedule weekday: ${schedule.weekday}`);
  }
  assertMinute(schedule.minute);
}

function assertZone(timeZone: string): void {
  if (!isValidTimeZone(timeZone)) throw new RangeError(`Invalid time zone: ${timeZone}`);
}

function assertMinute(minute: number): void {
  if (!Number.isInteger(minute) || minute < 0 || minute > 1439) {
    throw new RangeError(`Invalid minute of day: ${minute}`);
  }
}

interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

/** Calendar arithmetic in UTC, where every day has 24 hours, so adding days never meets a DST change. */
function addDays({ year, month, day }: CalendarDate, days: number): CalendarDate {
  const d = new Date(Date.UTC(year, month - 1, day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/**
 * The instant when the wall clock in `zone` reads `date` at `millisOfDay`.
 * NOTE: DST makes some wall times not exist and others happen twice; both are pinned here:
 * - A time in a spring-forward gap is moved forward by the length of the gap (luxon's behaviour):
 *   Sunday 03:30 on 2026-03-29 in Helsinki becomes 04:30 EEST. The slot still happens that day.
 * - A time in a fall-back overlap resolves to its first occurrence (the earlier instant). luxon alone
 *   would pick by whatever offset it guessed first, which depends on the clock, so we choose explicitly.
 * Both rules are monotonic in wall time, so consecutive slots stay in order and periods tile.
 */
function atWallTime(zone: string, date: CalendarDate, millisOfDay: number): DateTime {
  const wall = DateTime.fromObject(
    {
      ...date,
      hour: Math.floor(millisOfDay / 3_600_000),
      minute: Math.floor(millisOfDay / 60_000) % 60,
      second: Math.floor(millisOfDay / 1000) % 60,
      millisecond: millisOfDay % 1000,
    },
    { zone },
  );
  let earliest = wall;
  for (const candidate of wall.getPossibleOffsets()) {
    if (candidate.toMillis() < earliest.toMillis()) earliest = candidate;
  }
  return earliest;
}

/** The same local wall time `days` local days before `instant`, resolved by the rules of atWallTime. */
function sameWallTimeDaysBefore(zone: string, instant: Date, days: number): Date {
  const local = DateTime.fromJSDate(instant, { zone });
  const millisOfDay = ((local.hour * 60 + local.minute) * 60 + local.second) * 1000 + local.millisecond;
  return atWallTime(zone, addDays(local, -days), millisOfDay).toJSDate();
}

/** Slot k of a series: the k-th recurrence, counted from the one on `at`'s own local date. */
type SlotSeries = (k: number) => number;

/**
 * Instants recurring every `stepDays` local days at the same wall time, numbered from the one whose
 * date is `firstDate` of `at`'s local date. Numbering is strictly increasing in time, because both DST
 * rules in atWallTime are monotonic. Memoized: the searches below ask for the same k more than once.
 */
function slotSeries(
  zone: string,
  at: Date,
  firstDate: (local: DateTime) => CalendarDate,
  stepDays: number,
  millisOfDay: number,
): SlotSeries {
  const base = firstDate(DateTime.fromJSDate(at, { zone }));
  const cache = new Map<number, number>();
  return (k) => {
    let ms = cache.get(k);
    if (ms === undefined) {
      ms = atWallTime(zone, addDays(base, k * stepDays), millisOfDay).toMillis();
      cache.set(k, ms);
    }
    return ms;
  };
}

function weeklySeries(schedule: Schedule, at: Date): SlotSeries {
  assertSchedule(schedule);
  return slotSeries(
    schedule.timeZone,
    at,
    (local) => addDays(local, schedule.weekday - local.weekday),
    7,
    schedule.minute * 60_000,
  );
}

// Slot 0 is usually the answer or its neighbour, but a slot moved forward by a DST gap, or a local date
// repeated by a fall-back, can put it on the other side of `at`; so walk until `at` is bracketed.
function latestAtOrBefore(slot: SlotSeries, at: Date): Date {
  let k = 0;
  while (slot(k) > at.getTime()) k--;
  while (slot(k + 1) <= at.getTime()) k++;
  return new Date(slot(k));
}

function earliestAfter(slot: SlotSeries, at: Date): Date {
  let k = 0;
  while (slot(k) <= at.getTime()) k++;
  while (slot(k - 1) > at.getTime()) k--;
  return new Date(slot(k));
}

/** The latest slot <= at. */
export function slotAtOrBefore(schedule: Schedule, at: Date): Date {
  return latestAtOrBefore(weeklySeries(schedule, at), at);
}

/** The earliest slot > at. */
export function slotAfter(schedule: Schedule, at: Date): Date {
  return earliestAfter(weeklySeries(schedule, at), at);
}

/** The latest slot < slot (works for any instant, not only slots). */
export function slotBefore(schedule: Schedule, slot: Date): Date {
  return slotAtOrBefore(schedule, new Date(slot.getTime() - 1));
}

function isLate(now: Date, end: Date): boolean {
  return now.getTime() - end.getTime() > LATE_AFTER_MS;
}

/**
 * Digest slots that are due at `now`: every slot s with lastEnd < s <= now (lastEnd = end of the last
 * posted/claimed period, or null for a team with none), restricted to slots not older than graceMs
 * (older ones are skipped), oldest first, each with its period.
 * Period start = the previous slot, except the period ending at the first slot after lastEnd, which
 * starts at lastEnd: after a schedule change that is not a slot of the new schedule, and starting there
 * leaves no gap. If that first slot was skipped (older than grace), the skipped time stays undigested.
 * The first period after a schedule change may be short (e.g. Friday 15:00 → Saturday 09:00); it is
 * still posted on its own slot rather than merged into the next, to keep the rule simple.
 * For a team with no digest yet (lastEnd null): only the latest slot <= now, if it is within graceMs of
 * now and after teamCreatedAt; its period starts at the previous slot, so the first digest covers the
 * whole week even if the team was set up mid-week.
 */
export function dueDigestPeriods(
  schedule: Schedule,
  lastEnd: Date | null,
  now: Date,
  graceMs: number,
  teamCreatedAt: Date,
): Array<Period & { late: boolean }> {
  const oldestAllowed = now.getTime() - graceMs;
  if (lastEnd === null) {
    const slot = slotAtOrBefore(schedule, now);
    if (slot.getTime() < oldestAllowed || slot.getTime() <= teamCreatedAt.getTime()) return [];
    return [{ start: slotBefore(schedule, slot), end: slot, late: isLate(now, slot) }];
  }
  const firstAfterLastEnd = slotAfter(schedule, lastEnd);
  const due: Array<Period & { late: boolean }> = [];
  // Start the walk at the grace boundary, so a team idle for years costs a few steps, not hundreds.
  const from = Math.max(lastEnd.getTime(), oldestAllowed - 1);
  for (
    let slot = slotAfter(schedule, new Date(from));
    slot.getTime() <= now.getTime();
    slot = slotAfter(schedule, slot)
  ) {
    const start = slot.getTime() === firstAfterLastEnd.getTime() ? lastEnd : slotBefore(schedule, slot);
    due.push({ start, end: slot, late: isLate(now, slot) });
  }
  return due;
}

/**
 * The digests dueDigestPeriods will never return: those whose slot passed more than `graceMs` ago
 * with nothing claimed for it, as one span (first missed period's start to last one's end), so the
 * team's managers can be told once. Null when none were missed.
 */
export function missedDigestSpan(
  schedule: Schedule,
  lastEnd: Date | null,
  now: Date,
  graceMs: number,
  teamCreatedAt: Date,
): Period | null {
  // dueDigestPeriods still posts every slot at or after this moment.
  const oldestAllowed = now.getTime() - graceMs;
  const since = lastEnd && lastEnd.getTime() > teamCreatedAt.getTime() ? lastEnd : teamCreatedAt;
  const first = slotAfter(schedule, since);
  const last = slotAtOrBefore(schedule, new Date(oldestAllowed - 1));
  if (first.getTime() > last.getTime()) return null;
  const start =
    lastEnd && first.getTime() === slotAfter(schedule, lastEnd).getTime()
      ? lastEnd
      : slotBefore(schedule, first);
  return { start, end: last };
}

/**
 * The period before `period`, for "change against the previous period".
 * If period.start is a slot: [slotBefore(start), start). Otherwise (the first period after a schedule
 * change starts at an old slot) the 7 local days before it, at the same wall time across DST.
 */
export function previousPeriod(schedule: Schedule, period: Period): Period {
  if (slotAtOrBefore(schedule, period.start).getTime() === period.start.getTime()) {
    return { start: slotBefore(schedule, period.start), end: period.start };
  }
  return { start: sameWallTimeDaysBefore(schedule.timeZone, period.start, 7), end: period.start };
}

/** The current, still-running period for a preview at `now`: [slotAtOrBefore(now), slotAfter(now)). */
export function currentPeriod(schedule: Schedule, now: Date): Period {
  return { start: slotAtOrBefore(schedule, now), end: slotAfter(schedule, now) };
}

/** The latest daily roundup slot <= at, at local `minute` in `timeZone`; DST rules as for weekly slots. */
export function dailySlotAtOrBefore(timeZone: string, minute: number, at: Date): Date {
  assertZone(timeZone);
  assertMinute(minute);
  return latestAtOrBefore(
    slotSeries(timeZone, at, (local) => local, 1, minute * 60_000),
    at,
  );
}

/**
 * [the previous day's same local time, slot). Pass the roundup's `minute` when you have it: a roundup
 * set inside a DST gap (03:30 on Helsinki's spring-forward day) runs at 04:30, and without the minute
 * this period would start at 04:30 the day before, leaving the hour after that day's 03:30 slot uncovered.
 */
export function dailyPeriodEnding(timeZone: string, slot: Date, minute?: number): Period {
  assertZone(timeZone);
  const start =
    minute === undefined
      ? sameWallTimeDaysBefore(timeZone, slot, 1)
      : dailySlotAtOrBefore(timeZone, minute, new Date(slot.getTime() - 1));
  return { start, end: slot };
}

/** The week (Monday 00:00 local .. next Monday 00:00) containing `at`, for "this week" stats. */
export function weekContaining(timeZone: string, at: Date): Period {
  return currentPeriod({ timeZone, weekday: 1, minute: 0 }, at);
}

// Fixed English abbreviations: Intl's en-GB output changed ("Sep" → "Sept") between ICU versions.
const MONTHS_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/**
 * "13–20 Nov 2026" / "13.–20.11.2026"; across months "27 Nov – 4 Dec 2026" / "27.11.–4.12.2026"; across
 * years "25 Dec 2026 – 1 Jan 2027" / "25.12.2026–1.1.2027". The end shown is the last covered day: the
 * period ends exclusively, so that is the local day of the instant just before the end.
 */
export function formatPeriod(period: Period, timeZone: string, locale: "en" | "fi"): string {
  // NOTE: a digest run formats the same few periods for thousands of teams, and the zone arithmetic
  // costs more than composing a digest: the answers of the last few are kept (it is a pure function).
  const key = `${period.start.getTime()} ${period.end.getTime()} ${timeZone} ${locale}`;
  let text = formattedPeriods.get(key);
  if (text === undefined) {
    text = periodText(period, timeZone, locale);
    if (formattedPeriods.size >= FORMATTED_PERIODS_MAX) formattedPeriods.clear();
    formattedPeriods.set(key, text);
  }
  return text;
}

const FORMATTED_PERIODS_MAX = 64;
const formattedPeriods = new Map<string, string>();

function periodText(period: Period, timeZone: string, locale: "en" | "fi"): string {
  assertZone(timeZone);
  const first = DateTime.fromJSDate(period.start, { zone: timeZone });
  const last = DateTime.fromJSDate(new Date(Math.max(period.start.getTime(), period.end.getTime() - 1)), {
    zone: timeZone,
  });
  const sameYear = first.year === last.year;
  const sameMonth = sameYear && first.month === last.month;
  if (locale === "fi") {
    const full = (d: DateTime) => `${d.day}.${d.month}.${d.year}`;
    if (sameMonth && first.day === last.day) return full(last);
    if (sameMonth) return `${first.day}.–${full(last)}`;
    if (sameYear) return `${first.day}.${first.month}.–${full(last)}`;
    return `${full(first)}–${full(last)}`;
  }
  const month = (d: DateTime) => MONTHS_EN[d.month - 1];
  const full = (d: DateTime) => `${d.day} ${month(d)} ${d.year}`;
  if (sameMonth && first.day === last.day) return full(last);
  if (sameMonth) return `${first.day}–${full(last)}`;
  if (sameYear) return `${first.day} ${month(first)} – ${full(last)}`;
  return `${full(first)} – ${full(last)}`;
}

// Index 0 = Monday. Finnish day names are lower case; the two-letter forms are the standard abbreviations.
const WEEKDAY_NAMES: readonly (readonly string[])[] = [
  ["monday", "maanantai"],
  ["tuesday", "tiistai"],
  ["wednesday", "keskiviikko"],
  ["thursday", "torstai"],
  ["friday", "perjantai"],
  ["saturday", "lauantai"],
  ["sunday", "sunnuntai"],
];
// People write "on Fridays" / "perjantaina" / "perjantaisin" as often as the bare name.
const WEEKDAY_SUFFIXES = ["s", "na", "sin"];

/**
 * "friday", "fri", "perjantai", "pe", "5" → 5. Any prefix of at least two letters of an English or
 * Finnish day name is accepted when it names one day ("th" → 4, "t" → null), plus the plural/essive forms.
 */
export function parseWeekday(input: string): number | null {
  const text = input.trim().toLowerCase().replace(/\.$/, "");
  if (/^[1-7]$/.test(text)) return Number(text);
  if (text.length < 2) return null;
  const matches = new Set<number>();
  WEEKDAY_NAMES.forEach((names, index) => {
    for (const name of names) {
      const isPrefix = name.startsWith(text);
      const isInflected = WEEKDAY_SUFFIXES.some((suffix) => text === name + suffix);
      if (isPrefix || isInflected) matches.add(index + 1);
    }
  });
  const [only, ...others] = matches;
  return only !== undefined && others.length === 0 ? only : null;
}

/**
 * "15:00", "15.00", "klo 15", "3pm", "3:30 p.m.", "9" → minutes after midnight; anything else → null.
 * With am/pm the hour is 1..12 (12am = 00:00, 12pm = 12:00); without, 0..23.
 */
export function parseTimeOfDay(input: string): number | null {
  const match = /^(?:klo\.?\s*)?(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?$/.exec(
    input.trim().toLowerCase(),
  );
  if (!match) return null;
  const [, hourText = "", minuteText = "0", meridiem] = match;
  const hour = Number(hourText);
  const minute = Number(minuteText);
  if (minute > 59) return null;
  if (meridiem === undefined) return hour <= 23 ? hour * 60 + minute : null;
  if (hour < 1 || hour > 12) return null;
  const afternoon = meridiem.startsWith("p");
  return ((hour % 12) + (afternoon ? 12 : 0)) * 60 + minute;
}

/** 900 → "15:00". */
export function formatTimeOfDay(minute: number): string {
  assertMinute(minute);
  const hh = String(Math.floor(minute / 60)).padStart(2, "0");
  const mm = String(minute % 60).padStart(2, "0");
  return `${hh}:${mm}`;
}
