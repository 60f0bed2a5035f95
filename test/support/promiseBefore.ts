// The day-phrase matching as it was before its patterns read a plain view of the text (src/domain/promise.ts, plainView): the oracle the current one is checked against.
import { DateTime } from "luxon";
import { isValidTimeZone, parseWeekday } from "../../src/domain/period.ts";
import type { ParsedPromise } from "../../src/domain/promise.ts";

const YEARS_AHEAD_FOR_DATE = 8;

function assertZone(timeZone: string): void {
  if (!isValidTimeZone(timeZone)) throw new RangeError(`Invalid time zone: ${timeZone}`);
}

function todayIn(now: Date, timeZone: string): DateTime {
  return DateTime.fromJSDate(now, { zone: timeZone }).startOf("day");
}

function isoDate(date: DateTime): string {
  return date.toISODate() ?? "";
}

function nextWeekday(today: DateTime, weekday: number): DateTime {
  const ahead = (weekday - today.weekday + 7) % 7 || 7;
  return today.plus({ days: ahead });
}

function calendarDate(year: number, month: number, day: number, today: DateTime): DateTime | null {
  const date = DateTime.fromObject({ year, month, day }, { zone: today.zone });
  return date.isValid ? date : null;
}

function nextOccurrence(today: DateTime, month: number, day: number): DateTime | null {
  for (let year = today.year; year <= today.year + YEARS_AHEAD_FOR_DATE; year++) {
    const date = calendarDate(year, month, day, today);
    if (date && date >= today) return date;
  }
  return null;
}

const DATE = String.raw`(?:\d{4}-\d{2}-\d{2}|\d{1,2}\.\d{1,2}\.(?:\d{4})?)`;

function readDate(text: string, today: DateTime): DateTime | null {
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const dotted = /^(\d{1,2})\.(\d{1,2})(?:\.(\d{4})?)?$/.exec(text);
  let date: DateTime | null = null;
  if (iso) {
    date = calendarDate(Number(iso[1]), Number(iso[2]), Number(iso[3]), today);
  } else if (dotted?.[3] !== undefined) {
    date = calendarDate(Number(dotted[3]), Number(dotted[2]), Number(dotted[1]), today);
  } else if (dotted) {
    date = nextOccurrence(today, Number(dotted[2]), Number(dotted[1]));
  }
  return date && date >= today ? date : null;
}

const WEEKDAYS_EN = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
const ABBREVIATION_EN = String.raw`(?:mon|tues?|wed|thu(?:rs?)?|fri|sat|sun)\.?`;
const WEEKDAYS_FI_ILLATIVE = [
  "maanantaihin",
  "tiistaihin",
  "keskiviikkoon",
  "torstaihin",
  "perjantaihin",
  "lauantaihin",
  "sunnuntaihin",
];
const WEEKDAYS_FI_ESSIVE = [
  "maanantaina",
  "tiistaina",
  "keskiviikkona",
  "torstaina",
  "perjantaina",
  "lauantaina",
  "sunnuntaina",
];

function weekdayOf(word: string): number {
  const lower = word.toLowerCase().replace(/\.$/u, "");
  for (const list of [WEEKDAYS_EN, WEEKDAYS_FI_ILLATIVE, WEEKDAYS_FI_ESSIVE]) {
    const index = list.indexOf(lower);
    if (index >= 0) return index + 1;
  }
  return WEEKDAYS_EN.findIndex((day) => day.startsWith(lower.slice(0, 3))) + 1;
}

type Resolve = (groups: Record<string, string | undefined>, today: DateTime) => DateTime | null;

interface Phrase {
  pattern: RegExp;
  resolve: Resolve;
  deadline: boolean;
}

const START = String.raw`(?<![\p{L}\p{N}])`;
const END = String.raw`(?![\p{L}\p{N}]|['’]s(?![\p{L}]))`;

function deadline(source: string, resolve: Resolve): Phrase {
  return { pattern: new RegExp(source, "giu"), resolve, deadline: true };
}

function day(source: string, resolve: Resolve): Phrase {
  return { pattern: new RegExp(source, "giu"), resolve, deadline: false };
}

const anyOf = (words: string[]) => words.join("|");
const byWeekday: Resolve = ({ weekday }, today) => nextWeekday(today, weekdayOf(weekday ?? ""));
const byDate: Resolve = ({ date }, today) => readDate(date ?? "", today);
const inDays =
  (days: number): Resolve =>
  (_groups, today) =>
    today.plus({ days });

const PHRASES: Phrase[] = [
  deadline(
    String.raw`${START}by\s+(?:the\s+)?(?:end\s+of\s+)?(?<weekday>${anyOf(WEEKDAYS_EN)}|${ABBREVIATION_EN})${END}`,
    byWeekday,
  ),
  deadline(String.raw`${START}by\s+(?<date>${DATE})${END}`, byDate),
  deadline(String.raw`${START}by\s+(?:the\s+)?day\s+after\s+tomorrow${END}`, inDays(2)),
  deadline(String.raw`${START}by\s+tomorrow${END}`, inDays(1)),
  deadline(
    String.raw`${START}by\s+(?:today|tonight|eod|(?:the\s+)?end\s+of\s+(?:the\s+)?day)${END}`,
    inDays(0),
  ),
  deadline(
    String.raw`${START}(?:viimeistään\s+)?(?<weekday>${anyOf(WEEKDAYS_FI_ILLATIVE)})\s+mennessä${END}`,
    byWeekday,
  ),
  deadline(String.raw`${START}viimeistään\s+(?<weekday>${anyOf(WEEKDAYS_FI_ESSIVE)})${END}`, byWeekday),
  deadline(String.raw`${START}viimeistään\s+(?<date>${DATE})${END}`, byDate),
  deadline(String.raw`${START}(?<date>${DATE})\s+mennessä${END}`, byDate),
  deadline(String.raw`${START}(?:viimeistään\s+huomenna|huomiseen\s+mennessä)${END}`, inDays(1)),
  deadline(String.raw`${START}tänään\s+mennessä${END}`, inDays(0)),
  day(String.raw`${START}(?<!by\s+)(?:on\s+)?(?<weekday>${anyOf(WEEKDAYS_EN)})${END}`, byWeekday),
  day(String.raw`${START}(?<!(?:by|viimeistään)\s+)(?:on\s+)?(?<date>${DATE})(?!\s+mennessä)${END}`, byDate),
  day(String.raw`${START}(?<!by\s+)(?:the\s+)?day\s+after\s+tomorrow${END}`, inDays(2)),
  day(String.raw`${START}(?<!(?:after|by)\s+)tomorrow${END}`, inDays(1)),
  day(String.raw`${START}later\s+today${END}`, inDays(0)),
  day(String.raw`${START}(?<!viimeistään\s+)(?<weekday>${anyOf(WEEKDAYS_FI_ESSIVE)})${END}`, byWeekday),
  day(`${START}ylihuomenna${END}`, inDays(2)),
  day(String.raw`${START}(?<!viimeistään\s+)huomenna${END}`, inDays(1)),
  day(String.raw`${START}(?:vielä|myöhemmin)\s+tänään${END}`, inDays(0)),
];

const PROMISE_WORD = new RegExp(
  [
    String.raw`${START}(?:will|shall|promis(?:e|es|ed|ing)|going\s+to|gonna|agreed|committed|call(?:ing)?\s+(?:\p{L}+\s+)?back|get(?:ting)?\s+back|follow(?:ing)?\s+up)${END}`,
    String.raw`(?<=\p{L})['’]ll${END}`,
    `${START}(?:lupa(?:sin|simme|an|amme|us|ttiin)|luvat(?:tiin|tu)|sov(?:in|imme|ittiin|ittu))${END}`,
    `${START}(?:palaa|soita|lähetä|toimita|hoida|korjaa|ilmoita|tarkista|hyvitä|palauta|vaihda|tuo|korvaa|maksa|selvitä|tilaa)(?:n|mme)${END}`,
    String.raw`${START}(?:otan|otamme)\s+yhteyttä${END}`,
  ].join("|"),
  "iu",
);

const SENTENCE_END = /[\n!?;]|\.(?=\s+\p{Lu})/gu;

function sentenceAround(text: string, index: number): string {
  let start = 0;
  let end = text.length;
  for (const boundary of text.matchAll(SENTENCE_END)) {
    if (boundary.index < index) start = boundary.index + boundary[0].length;
    else {
      end = boundary.index;
      break;
    }
  }
  return text.slice(start, end);
}

const LOOKS_BACK = /(?:^|[^\p{L}])(?:last|viime)\s+(?:on\s+)?$/iu;

interface Found extends ParsedPromise {
  index: number;
}

const MIGHT_NAME_A_DAY = new RegExp(
  String.raw`${START}(?:\d{4}-\d{2}-\d{2}|\d{1,2}\.\d|mon|tue|wed|thu|fri|sat|sun|tomorrow|today|tonight|eod|end|maanantai|tiistai|keskiviikko|torstai|perjantai|lauantai|sunnuntai|huom|ylihuom|tänään)`,
  "iu",
);

function findDue(text: string, now: Date, timeZone: string, needsPromiseWord: boolean): ParsedPromise | null {
  const normalised = text.normalize("NFC");
  if (!MIGHT_NAME_A_DAY.test(normalised)) return null;
  let today: DateTime | null = null;
  let best: Found | null = null;
  for (const { pattern, resolve, deadline: isDeadline } of PHRASES) {
    for (const match of normalised.matchAll(pattern)) {
      if (LOOKS_BACK.test(normalised.slice(0, match.index))) continue;
      if (needsPromiseWord && !isDeadline && !PROMISE_WORD.test(sentenceAround(normalised, match.index))) {
        continue;
      }
      today ??= todayIn(now, timeZone);
      const due = resolve(match.groups ?? {}, today);
      if (due === null) continue;
      const found = { dueDate: isoDate(due), matched: match[0], index: match.index };
      if (
        best === null ||
        found.dueDate < best.dueDate ||
        (found.dueDate === best.dueDate && found.index < best.index)
      ) {
        best = found;
      }
    }
  }
  return best && { dueDate: best.dueDate, matched: best.matched };
}

export function parsePromiseDueBefore(text: string, now: Date, timeZone: string): ParsedPromise | null {
  assertZone(timeZone);
  return findDue(text, now, timeZone, true);
}

export function parseDueDateInputBefore(input: string, now: Date, timeZone: string): string | null {
  assertZone(timeZone);
  const today = todayIn(now, timeZone);
  const text = input.normalize("NFC").trim().toLowerCase().replace(/\s+/gu, " ");
  if (text === "") return null;
  if (text === "today" || text === "tänään") return isoDate(today);
  if (/^[\d.-]+$/u.test(text)) {
    const date = readDate(text, today);
    return date && isoDate(date);
  }
  const weekday = parseWeekday(text);
  if (weekday !== null) return isoDate(nextWeekday(today, weekday));
  return findDue(text, now, timeZone, false)?.dueDate ?? null;
}
