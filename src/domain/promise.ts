// Customer promises with a due date: "by Friday" / "will call back on Friday" / "lupasin perjantaina" in a text, a due-date field, reminders.
import { DateTime } from "luxon";
import { isValidTimeZone, parseWeekday } from "./period.ts";
import type { PromiseStatus } from "./types.ts";

export interface ParsedPromise {
  /** ISO date YYYY-MM-DD in the team's zone. */
  dueDate: string;
  /** The phrase found, as written, e.g. "by Friday". */
  matched: string;
}

/** Reminders for a promise go out at this local time on its due date. */
export const PROMISE_REMINDER_MINUTE = 9 * 60;

// How far ahead "29.2." may look for a year that has that date.
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

/** The next `weekday` (1 = Monday) strictly after `today`: on a Friday, "by Friday" means a week later. */
function nextWeekday(today: DateTime, weekday: number): DateTime {
  const ahead = (weekday - today.weekday + 7) % 7 || 7;
  return today.plus({ days: ahead });
}

/** A calendar date, or null when it does not exist (31.2.). */
function calendarDate(year: number, month: number, day: number, today: DateTime): DateTime | null {
  const date = DateTime.fromObject({ year, month, day }, { zone: today.zone });
  return date.isValid ? date : null;
}

/** "4.12." with no year: its next occurrence, today or later. */
function nextOccurrence(today: DateTime, month: number, day: number): DateTime | null {
  for (let year = today.year; year <= today.year + YEARS_AHEAD_FOR_DATE; year++) {
    const date = calendarDate(year, month, day, today);
    if (date && date >= today) return date;
  }
  return null;
}

// "2026-12-04", "4.12.2026", "4.12." — in running text the month needs its dot, so "by 4.12 EUR" is no date.
const DATE = String.raw`(?:\d{4}-\d{2}-\d{2}|\d{1,2}\.\d{1,2}\.(?:\d{4})?)`;

/** A date as written in DATE (or "4.12" in a form field); null when it is not a date, or in the past. */
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
// Illative ("perjantaihin mennessä") and essive ("perjantaina") forms of the Finnish day names.
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
  // Abbreviations: the first three letters name the day unambiguously.
  return WEEKDAYS_EN.findIndex((day) => day.startsWith(lower.slice(0, 3))) + 1;
}

type Resolve = (groups: Record<string, string | undefined>, today: DateTime) => DateTime | null;

// NOTE: the patterns below read a plain copy of the text (plainView), not the text itself. Written
// for the text, each would test "a letter or a digit" with Unicode's classes (\p{L}, \p{N}) under
// case folding: some 800 ranges, which V8 compiles anew for every pattern, first to bytecode and then
// to machine code, and again for text with characters beyond Latin-1 ("€"). Three of them in each of
// some twenty patterns took about 100 ms of CPU on the first promise after a start. In the plain
// copy each character is one that its class here stands for, so the classes are a handful of
// characters and the copy is always one-byte text.

/** Letters in the plain view (with the patterns' `i` flag: either case). */
const LETTER = "a-zäö";
/** Digits, and "²" for every other number. */
const NUMBER = "0-9²";

/**
 * What a character that is not plain ASCII, "ä" or "ö" becomes in the plain view: the character
 * that the patterns, as they were written for the text, treat the same. Case folding (`i` with `u`)
 * makes the Kelvin sign a "k" and the long s an "s"; "’" is an apostrophe; the Greek iota subscript,
 * a combining mark, folds to a letter; other letters are "Q" when upper case (a sentence starts with
 * one) and "q" otherwise; numbers are "²", spaces " ", and everything else "#". No pattern names
 * "q", "²" or "#". test/unit/promisePlainView.test.ts checks every code point.
 */
function standInFor(char: string): string {
  const folded = FOLDS_INTO_A_WORD[char];
  if (folded !== undefined) return folded;
  if (IS_LETTER.test(char)) return IS_UPPER_CASE.test(char) ? "Q" : "q";
  if (IS_NUMBER.test(char)) return "²";
  return IS_SPACE.test(char) ? " " : "#";
}

const FOLDS_INTO_A_WORD: Readonly<Record<string, string>> = { "\u212a": "K", "\u017f": "s", "’": "'" };
// The classes the patterns were written with, each compiled once, for characters seldom met.
const IS_LETTER = /\p{L}/iu;
const IS_UPPER_CASE = /\p{Lu}/u;
const IS_NUMBER = /\p{N}/u;
const IS_SPACE = /\s/u;

// Each character met is worked out once; a text of made-up characters cannot make this grow without end.
const STAND_INS_KEPT = 1024;
const standIns = new Map<string, string>();

function standIn(char: string): string {
  let standing = standIns.get(char);
  if (standing === undefined) {
    standing = standInFor(char);
    if (standIns.size < STAND_INS_KEPT) standIns.set(char, standing);
  }
  return standing;
}

/**
 * The text as the patterns read it: as long as the text, character by character, with every
 * character other than ASCII, "ä" and "ö" replaced by its stand-in (one for each UTF-16 unit: a
 * character beyond the Basic Multilingual Plane, two units, becomes two stand-ins). A match in it is
 * a match at the same place in the text.
 */
export function plainView(text: string): string {
  let plain = "";
  let copiedUpTo = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80 || code === 0xe4 || code === 0xf6 || code === 0xc4 || code === 0xd6) continue;
    const char = String.fromCodePoint(text.codePointAt(i) ?? code);
    plain += text.slice(copiedUpTo, i) + standIn(char).repeat(char.length);
    i += char.length - 1;
    copiedUpTo = i + 1;
  }
  return copiedUpTo === 0 ? text : plain + text.slice(copiedUpTo);
}

interface Phrase {
  pattern: RegExp;
  resolve: Resolve;
  /** A deadline ("by Friday", "viimeistään") promises by itself; a bare day needs a promise word near it. */
  deadline: boolean;
}

// Whole words only: letters or digits right before or after a phrase make it part of something else.
const START = `(?<![${LETTER}${NUMBER}])`;
// "by Friday's storm" and "tomorrow's delivery" talk about that day; they promise nothing.
const END = `(?![${LETTER}${NUMBER}]|'s(?![${LETTER}]))`;

// `d`: a group's place, for reading it from the text rather than from the plain view.
function deadline(source: string, resolve: Resolve): Phrase {
  return { pattern: new RegExp(source, "gid"), resolve, deadline: true };
}

function day(source: string, resolve: Resolve): Phrase {
  return { pattern: new RegExp(source, "gid"), resolve, deadline: false };
}

const anyOf = (words: string[]) => words.join("|");
const byWeekday: Resolve = ({ weekday }, today) => nextWeekday(today, weekdayOf(weekday ?? ""));
const byDate: Resolve = ({ date }, today) => readDate(date ?? "", today);
const inDays =
  (days: number): Resolve =>
  (_groups, today) =>
    today.plus({ days });

/**
 * The day phrases, case-insensitive, whole words. Deadlines are promises by themselves:
 * - English: "by Friday" / "by fri" (also "by the end of Friday"), "by 2026-12-04" / "by 4.12." /
 *   "by 4.12.2026", "by the day after tomorrow", "by tomorrow", and "by today", "by tonight",
 *   "by (the) end of (the) day", "by EOD" for today.
 * - Finnish: "perjantaihin mennessä", "viimeistään perjantaina", "viimeistään 4.12." / "4.12. mennessä",
 *   "viimeistään huomenna", "huomiseen mennessä", "tänään mennessä".
 * A bare day is a promise only with a promise word in the same sentence (PROMISE_WORD): "on Friday" /
 * "Friday" (full names only, since "on sat" and "on sun" are ordinary words), "on 4.12." or a bare date,
 * "tomorrow", "the day after tomorrow", "later today"; "perjantaina", "huomenna", "ylihuomenna",
 * "vielä tänään", "myöhemmin tänään". So "free re-delivery on Saturday" is no promise, while "will call
 * back on Saturday" and "soitan lauantaina" are.
 * Never a promise: a possessive ("by Friday's storm"), "last Friday" / "viime perjantaina". Not
 * recognised: "next Friday" (people disagree which Friday that is), "next week", month names, US 12/4.
 */
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

/**
 * Words that make a day a promise: English future and promise verbs ("will", "I'll", "promised",
 * "going to", "agreed", "call back", "get back to", "follow up"), and Finnish promise verbs and the
 * first-person present tense Finnish uses for "I will" with the things service staff promise
 * ("lupasin", "sovimme", "palaan asiaan", "soitan takaisin", "lähetän", "toimitamme", "hyvitän", …).
 */
const PROMISE_WORD = new RegExp(
  [
    String.raw`${START}(?:will|shall|promis(?:e|es|ed|ing)|going\s+to|gonna|agreed|committed|call(?:ing)?\s+(?:[${LETTER}]+\s+)?back|get(?:ting)?\s+back|follow(?:ing)?\s+up)${END}`,
    `(?<=[${LETTER}])'ll${END}`,
    `${START}(?:lupa(?:sin|simme|an|amme|us|ttiin)|luvat(?:tiin|tu)|sov(?:in|imme|ittiin|ittu))${END}`,
    `${START}(?:palaa|soita|lähetä|toimita|hoida|korjaa|ilmoita|tarkista|hyvitä|palauta|vaihda|tuo|korvaa|maksa|selvitä|tilaa)(?:n|mme)${END}`,
    String.raw`${START}(?:otan|otamme)\s+yhteyttä${END}`,
  ].join("|"),
  "i",
);

// A promise word counts within its own sentence: a line, or text up to ! ? ; or a full stop that ends
// a sentence (not the dots of "4.12.").
const SENTENCE_END = /[\n!?;]|\.(?=\s+[A-ZÄÖ])/g;

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

// "last Friday" / "viime perjantaina" look back, whatever the preposition or case.
const LOOKS_BACK = new RegExp(String.raw`(?:^|[^${LETTER}])(?:last|viime)\s+(?:on\s+)?$`, "i");

interface Found extends ParsedPromise {
  index: number;
}

/**
 * What every phrase in PHRASES starts a word with, matched the same way (case-insensitive, plain view):
 * a date, an English weekday (its first three letters, as in its abbreviation), a Finnish weekday's
 * stem, or one of the other day words. Most good calls have none of these, and for them the twenty
 * phrase patterns, the costliest step of parsing a quick log, never run.
 */
const MIGHT_NAME_A_DAY = new RegExp(
  String.raw`${START}(?:\d{4}-\d{2}-\d{2}|\d{1,2}\.\d|mon|tue|wed|thu|fri|sat|sun|tomorrow|today|tonight|eod|end|maanantai|tiistai|keskiviikko|torstai|perjantai|lauantai|sunnuntai|huom|ylihuom|tänään)`,
  "i",
);

/** A match's named groups as written in the text: the plain view has stand-ins where the text has a "ſ". */
function groupsIn(text: string, match: RegExpExecArray): Record<string, string | undefined> {
  const groups: Record<string, string | undefined> = {};
  for (const [name, at] of Object.entries(match.indices?.groups ?? {})) {
    groups[name] = at && text.slice(at[0], at[1]);
  }
  return groups;
}

function findDue(text: string, now: Date, timeZone: string, needsPromiseWord: boolean): ParsedPromise | null {
  const normalised = text.normalize("NFC");
  const plain = plainView(normalised);
  if (!MIGHT_NAME_A_DAY.test(plain)) return null;
  // Most good calls promise nothing: the time-zone arithmetic waits until a phrase matches.
  let today: DateTime | null = null;
  let best: Found | null = null;
  for (const { pattern, resolve, deadline: isDeadline } of PHRASES) {
    for (const match of plain.matchAll(pattern)) {
      if (LOOKS_BACK.test(plain.slice(0, match.index))) continue;
      if (needsPromiseWord && !isDeadline && !PROMISE_WORD.test(sentenceAround(plain, match.index))) {
        continue;
      }
      today ??= todayIn(now, timeZone);
      const due = resolve(groupsIn(normalised, match), today);
      if (due === null) continue;
      const matched = normalised.slice(match.index, match.index + match[0].length);
      const found = { dueDate: isoDate(due), matched, index: match.index };
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

/**
 * The promise in a text, if it has one: a deadline, or a day with a promise word in its sentence (see
 * PHRASES). Weekdays mean the next such day strictly after today in `timeZone`; dates without a year
 * their next occurrence, today or later; a date already past is ignored. With several phrases, the
 * earliest due date wins (then the first one written): a reminder on the first promise is the one that
 * must not be missed.
 */
export function parsePromiseDue(text: string, now: Date, timeZone: string): ParsedPromise | null {
  assertZone(timeZone);
  return findDue(text, now, timeZone, true);
}

/**
 * A due-date form field: "2026-12-04", "4.12.2026", "4.12." or "4.12", a weekday name or abbreviation
 * in English or Finnish ("friday", "fri", "perjantai", "pe"), "today"/"tänään", "tomorrow"/"huomenna",
 * "ylihuomenna", or any day phrase ("by Friday", "on Friday"). Returns the ISO date, or null for anything else
 * and for dates in the past.
 */
export function parseDueDateInput(input: string, now: Date, timeZone: string): string | null {
  assertZone(timeZone);
  const today = todayIn(now, timeZone);
  const text = input.normalize("NFC").trim().toLowerCase().replace(/\s+/gu, " ");
  if (text === "") return null;
  // In running text a bare "today" is no promise ("called today"); in a due-date field it is.
  if (text === "today" || text === "tänään") return isoDate(today);
  if (/^[\d.-]+$/u.test(text)) {
    const date = readDate(text, today);
    return date && isoDate(date);
  }
  const weekday = parseWeekday(text);
  if (weekday !== null) return isoDate(nextWeekday(today, weekday));
  // The field itself says a promise is meant, so a bare day ("on friday", "huomenna") is enough here.
  return findDue(text, now, timeZone, false)?.dueDate ?? null;
}

/**
 * When a promise's reminder is due: its local date at `minute` (default 09:00) in `timeZone`. A time that
 * a DST change skips moves forward by the gap (luxon's rule); a repeated one takes its first occurrence.
 */
export function promiseDueAt(dueDate: string, timeZone: string, minute = PROMISE_REMINDER_MINUTE): Date {
  assertZone(timeZone);
  if (!Number.isInteger(minute) || minute < 0 || minute > 1439) {
    throw new RangeError(`Invalid minute of day: ${minute}`);
  }
  const date = /^\d{4}-\d{2}-\d{2}$/u.test(dueDate) ? DateTime.fromISO(dueDate, { zone: timeZone }) : null;
  if (!date?.isValid) throw new RangeError(`Invalid due date: ${dueDate}`);
  const wall = date.set({ hour: Math.floor(minute / 60), minute: minute % 60 });
  let earliest = wall;
  for (const candidate of wall.getPossibleOffsets()) {
    if (candidate.toMillis() < earliest.toMillis()) earliest = candidate;
  }
  return earliest.toJSDate();
}

/** What the author answers to a promise reminder. */
export const PROMISE_ANSWERS = ["kept", "later", "broken"] as const;
export type PromiseAnswer = (typeof PROMISE_ANSWERS)[number];

/** "Remind me later" asks again this long after the click. */
export const REMIND_AGAIN_AFTER_MS = 24 * 3600_000;

export function remindAgainAt(now: Date): Date {
  return new Date(now.getTime() + REMIND_AGAIN_AFTER_MS);
}

export type PromiseChange =
  | { kind: "keep" }
  | { kind: "clear" }
  | { kind: "set"; due: string; remindAt: Date }
  | { kind: "in-past" };

/**
 * What the due date in the good-call form does to the call's promise (`existing` is null for a new
 * call). A newly entered date must be a real date, today or later in the team's zone. An unchanged
 * date is kept whatever it is, so a call whose promise date has passed can still be edited, and a
 * snoozed reminder keeps its time. A settled (kept or broken) promise stays as it is: it records
 * what happened.
 */
export function promiseFromForm(
  entered: string | null,
  existing: { promiseDue?: string | null; promiseStatus?: PromiseStatus | null } | null,
  now: Date,
  timeZone: string,
): PromiseChange {
  assertZone(timeZone);
  const due = entered?.trim() || null;
  if (existing && (due === (existing.promiseDue ?? null) || isSettled(existing.promiseStatus))) {
    return { kind: "keep" };
  }
  if (due === null) return { kind: "clear" };
  const date = /^\d{4}-\d{2}-\d{2}$/u.test(due) ? readDate(due, todayIn(now, timeZone)) : null;
  if (!date) return { kind: "in-past" };
  const iso = isoDate(date);
  return { kind: "set", due: iso, remindAt: promiseDueAt(iso, timeZone) };
}

function isSettled(status: PromiseStatus | null | undefined): boolean {
  return status === "kept" || status === "broken";
}
