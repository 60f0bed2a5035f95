// Spots customer personal data pasted into good calls and stories, so it can be flagged and masked in posts.
import { createRequire } from "node:module";
import { type Folded, foldForDetection, plainCharacter } from "./unicodeFold.ts";

export type PiiKind = "email" | "phone" | "card" | "identityCode" | "iban";

// The order of `findPii`'s answer; the first three keep the order they have always had.
const KIND_ORDER: readonly PiiKind[] = ["email", "phone", "card", "identityCode", "iban"];
const MARKERS: Record<PiiKind, string> = {
  email: "[email]",
  phone: "[phone]",
  card: "[card]",
  identityCode: "[id]",
  iban: "[iban]",
};

// The local part is capped at its RFC 5321 maximum of 64 so that a long run of digits without an `@`
// costs linear time, not quadratic.
const EMAIL = /[\p{L}\p{N}._%+-]{1,64}@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;

// A digit run must stand on its own: not glued to a word, an order number (#123456), a decimal, a date
// (2026-12-04) or a marker we already put in (`]`/`[`), which keeps masking idempotent.
const NOT_AFTER = String.raw`(?<![\p{L}\p{N}_\]#+.,:/-])`;
// "1 000 000 000 €" has a digit group before it; a phone number never continues a number like that.
// A marker stands for digits, so it counts as one: masking twice changes nothing.
const NOT_AFTER_NUMBER = String.raw`(?<!(?:\d|\[(?:phone|card|id|iban)\])[ .,])`;
const NOT_BEFORE = String.raw`(?![\p{L}\p{N}_\[]|[.,:/-]?\d)`;

// 13–19 digits with single spaces, dots or dashes between groups; the Luhn check decides whether it is
// a card. (Runs of spaces of any kind are one space by now, see unicodeFold.ts.) No card number starts
// with 0, while 00358 50 3131320, a phone number, passes Luhn.
const CARD = new RegExp(String.raw`${NOT_AFTER}[1-9](?:[ .-]?\d){12,18}${NOT_BEFORE}`, "gu");

// A Finnish personal identity code: DDMMYY, the century sign (+ 1800s; - and Y–U 1900s; A–F 2000s,
// the letters other than - and A since 2023), a three-digit individual number and a check character.
const IDENTITY_CODE =
  /(?<![\p{L}\p{N}_])(\d{2})(\d{2})(\d{2})([-+A-FU-Y])(\d{3})([0-9A-Y])(?![\p{L}\p{N}_])/giu;
const IDENTITY_CHECK_CHARACTERS = "0123456789ABCDEFHJKLMNPRSTUVWXY";
const CENTURIES: Record<string, number> = { "+": 1800, "-": 1900, A: 2000 };
for (const sign of "YXWVU") CENTURIES[sign] = 1900;
for (const sign of "BCDEF") CENTURIES[sign] = 2000;

// An IBAN: country, two check digits, then the account in groups. Its length is fixed per country
// (SWIFT's IBAN registry) and the mod-97 check decides, so account-like codes are not masked.
const IBAN = /(?<![\p{L}\p{N}_])[A-Z]{2}\d{2}(?:[ -]?[A-Z0-9]){11,30}/gu;
const IBAN_LENGTHS = new Map(
  (
    "AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BR29 BY28 CH21 CR22 CY28 CZ24 DE22 DK18 DO28 EE20 " +
    "EG29 ES24 FI18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 GT28 HR21 HU28 IE22 IL23 IQ23 IS26 IT27 JO30 " +
    "KW30 KZ20 LB28 LC32 LI21 LT20 LU20 LV21 MC27 MD24 ME22 MK19 MR27 MT31 MU30 NL18 NO15 PK24 PL28 " +
    "PS29 PT25 QA29 RO24 RS22 SA24 SC31 SE24 SI19 SK24 SM27 ST25 SV28 TL23 TN24 TR26 UA29 VA22 VG24 XK20"
  )
    .split(" ")
    .map((entry) => [entry.slice(0, 2), Number(entry.slice(2))] as const),
);

const PHONES: readonly RegExp[] = [
  // International: +358 40 123 4567, +1 (555) 123-4567, +358 (0)40 1234567.
  new RegExp(
    String.raw`(?<![\p{L}\p{N}_\]#+])\+\d{1,3}(?:[ .-]?(?:\(\d{1,4}\)|\d{1,5})){1,6}${NOT_BEFORE}`,
    "gu",
  ),
  // National numbers start with 0: 040 123 4567, 0401234567, 09-123 4567, 070-123 45 67.
  new RegExp(String.raw`${NOT_AFTER}${NOT_AFTER_NUMBER}0\d{1,3}(?:[ -]?\d{2,4}){1,3}${NOT_BEFORE}`, "gu"),
  // North American: 555-123-4567, 555.123.4567, (555) 123-4567.
  new RegExp(
    String.raw`(?:${NOT_AFTER}${NOT_AFTER_NUMBER}\d{3}[ .-]|(?<![\p{L}\p{N}_\]])\(\d{3}\) ?)\d{3}[ .-]\d{4}${NOT_BEFORE}`,
    "gu",
  ),
];
// libphonenumber finds numbers written any way people write them (040/1234567, 00358 40 1234567,
// 040 - 123 4567) and checks them against each country's numbering plan; these keep its finds to
// numbers that stand on their own, like the patterns above.
const STANDS_BEFORE = new RegExp(`${NOT_AFTER}${NOT_AFTER_NUMBER}$`, "u");
const STANDS_AFTER = new RegExp(`^${NOT_BEFORE}`, "u");
// Dates read as numbers too: 04.12.2026 is a valid Finnish mobile number to libphonenumber.
const DATE = /^\d{1,4}([./-])\d{1,2}\1\d{2,4}$/u;
// After a dot or a slash a phone number goes on with at least three digits (040/1234567, 09.123 4567);
// "02/30 1000" is an expiry date and an amount, "04.12. 2026" a date.
const SHORT_AFTER_DOT_OR_SLASH = /[./]\d{1,2}(?!\d)/u;
// People write a phone number with its trunk 0 or an international prefix; without one, "1 000 000 000"
// or an order number would pass as a Finnish number (North American ones have their pattern above).
const DIALLED = /^\(?(?:\+|0)/u;

const MIN_PHONE_DIGITS = 7;
/** The shortest phone number written as people write one (trunk 0 or +, then the number) has six digits. */
const PHONE_MIN_DIGITS = 6;
const MAX_PHONE_DIGITS = 15; // E.164

function count(text: string, char: string): number {
  return text.split(char).length - 1;
}

function digitCount(text: string): number {
  return text.replace(/\D/gu, "").length;
}

function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/**
 * A card is written as one run of digits or in groups of three to six with one kind of separator;
 * "19.09.2069 7.10.2035" (two dates) and "610574314 8299" (an order number and an amount) are not
 * cards even when their digits pass Luhn.
 */
function isWrittenAsCard(candidate: string): boolean {
  const separators = new Set(candidate.match(/[ .-]/gu));
  if (separators.size === 0) return true;
  return (
    separators.size === 1 &&
    candidate.split(/[ .-]/u).every((group) => group.length >= 3 && group.length <= 6)
  );
}

/** The longest card number the candidate starts with: "4111 1111 1111 1111 12" still holds a card. */
function cardIn(candidate: string): string | null {
  for (let card = candidate; ; card = card.replace(/[ .-]\d+$/u, "")) {
    const digits = card.replace(/\D/gu, "");
    if (digits.length < 13) return null;
    if (digits.length <= 19 && isWrittenAsCard(card) && passesLuhn(digits)) return card;
    if (!/[ .-]/u.test(card)) return null;
  }
}

/** The longest phone number the candidate starts with; the pattern may run on into a following number. */
function phoneIn(candidate: string): string | null {
  for (let phone = candidate; ; phone = phone.replace(/[ .-]?(?:\(\d+\)|\d+)$/u, "")) {
    const count = digitCount(phone);
    if (count < MIN_PHONE_DIGITS) return null;
    if (count <= MAX_PHONE_DIGITS) return phone;
  }
}

/** Whether DDMMYY-ZZZQ is a real date and its check character matches. */
function isIdentityCode(match: RegExpExecArray): boolean {
  const [, day, month, year, sign, individual, check] = match;
  const century = CENTURIES[(sign ?? "").toUpperCase()];
  if (century === undefined) return false;
  const fullYear = century + Number(year);
  const date = new Date(Date.UTC(fullYear, Number(month) - 1, Number(day)));
  if (date.getUTCFullYear() !== fullYear || date.getUTCMonth() !== Number(month) - 1) return false;
  if (date.getUTCDate() !== Number(day) || Number(individual) < 2) return false;
  const expected = IDENTITY_CHECK_CHARACTERS[Number(`${day}${month}${year}${individual}`) % 31];
  return expected === (check ?? "").toUpperCase();
}

/** ISO 13616: move the first four characters to the end, letters to 10–35, and the number mod 97 is 1. */
function passesMod97(iban: string): boolean {
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const char of rearranged) {
    const value = Number.parseInt(char, 36);
    remainder = value > 9 ? (remainder * 100 + value) % 97 : (remainder * 10 + value) % 97;
  }
  return remainder === 1;
}

/** The IBAN the candidate starts with, at its country's length: it may run on into the next word. */
function ibanIn(candidate: string): string | null {
  const length = IBAN_LENGTHS.get(candidate.slice(0, 2));
  if (length === undefined) return null;
  let compact = 0;
  for (let end = 0; end < candidate.length; end++) {
    if (/[A-Z0-9]/u.test(candidate[end] ?? "")) compact++;
    if (compact === length) {
      const iban = candidate.slice(0, end + 1);
      const next = candidate[end + 1];
      // The account ends at a group boundary, not in the middle of a longer code.
      if (next !== undefined && /[A-Z0-9]/u.test(next)) return null;
      return passesMod97(iban.replace(/[ -]/gu, "")) ? iban : null;
    }
  }
  return null;
}

export interface Span {
  start: number;
  end: number;
}

/**
 * The spans of `text` that `accept` keeps of each match (a prefix of it). After a rejected candidate the
 * search resumes one character later, since a real match may start inside it.
 */
function accepted(text: string, regex: RegExp, accept: (match: RegExpExecArray) => string | null): Span[] {
  // The detector's own pattern, rewound: nothing else uses it while this loop runs.
  regex.lastIndex = 0;
  const spans: Span[] = [];
  for (let match = regex.exec(text); match !== null; match = regex.exec(text)) {
    const kept = accept(match);
    if (kept !== null) {
      spans.push({ start: match.index, end: match.index + kept.length });
      regex.lastIndex = match.index + kept.length;
    } else {
      regex.lastIndex = match.index + 1;
    }
  }
  return spans;
}

/** Whether what libphonenumber found is written as people write a phone number, not a date or amounts. */
function isWrittenAsPhone(candidate: string): boolean {
  return (
    DIALLED.test(candidate) &&
    !candidate.includes(",") &&
    (candidate.match(/\//gu) ?? []).length <= 1 &&
    !SHORT_AFTER_DOT_OR_SLASH.test(candidate) &&
    !DATE.test(candidate)
  );
}

type PhoneNumbers = typeof import("libphonenumber-js/max");
let library: PhoneNumbers | undefined;

/**
 * libphonenumber with its full metadata: about 70 ms and 10 MB to load, so it is loaded when first
 * needed rather than with this module; the app's start-up loads it before it listens
 * (preloadPhoneNumbers, src/warmup.ts), so that no request waits for it.
 */
export function loadPhoneNumbers(): PhoneNumbers {
  library ??= createRequire(import.meta.url)("libphonenumber-js/max") as PhoneNumbers;
  return library;
}

/**
 * NOTE: loaded with require, libphonenumber is some forty CommonJS files, each found, read and wrapped
 * on its own: most of its loading time. Imported, the build bundles it with the app (its code run only
 * when this runs), so start-up loads it that way, in under half the time.
 */
export async function preloadPhoneNumbers(): Promise<void> {
  library ??= await import("libphonenumber-js/max");
}

// NOTE: a number libphonenumber finds is digit groups with at most four punctuation characters
// between them (its PhoneNumberMatcher pattern; up to two opening parentheses or pluses, each with
// its punctuation, before the first digit), never letters. One we keep (isWrittenAsPhone) starts with
// a + or a trunk 0 that follows no digit and has PHONE_MIN_DIGITS digits. A text holding no such run
// (digits of any script, gaps of up to nine characters that are neither letters nor digits) has
// none to find, and most texts with a few digits ("€12", "order 1042") are spared libphonenumber,
// the costliest detector by far. test/unit/pii.test.ts checks that this never skips a text in which
// libphonenumber finds a number we keep.
const GAP = String.raw`[^\p{L}\p{Nd}]{0,9}\p{Nd}`;
const DIALLED_RUN = new RegExp(
  String.raw`(?<!\p{Nd})(?:\+(?:${GAP}){${PHONE_MIN_DIGITS}}|0(?:${GAP}){${PHONE_MIN_DIGITS - 1}})`,
  "u",
);

/** Whether the folded text has a run libphonenumber could find a dialled number in. */
export function mayHoldDialledNumber(text: string): boolean {
  return DIALLED_RUN.test(text);
}

/** The phone numbers libphonenumber finds in the folded text that stand and are written as people write them. */
export function dialledNumbers(text: string): Span[] {
  return loadPhoneNumbers()
    .findNumbers(text, { defaultCountry: "FI", v2: true })
    .map((found) => {
      // libphonenumber takes in an opening parenthesis that nothing closes: "(040 1234567" is the
      // parenthesis of the sentence.
      const written = text.slice(found.startsAt, found.endsAt);
      const unclosed = written.startsWith("(") && count(written, "(") > count(written, ")");
      return { start: found.startsAt + (unclosed ? 1 : 0), end: found.endsAt };
    })
    .filter(
      ({ start, end }) =>
        STANDS_BEFORE.test(text.slice(0, start)) &&
        STANDS_AFTER.test(text.slice(end)) &&
        isWrittenAsPhone(text.slice(start, end)),
    );
}

type Detector = {
  kind: PiiKind;
  find: (text: string) => Span[];
  /**
   * The fewest digits (0–9, in the folded text) anything it finds has, and whether that holds an at
   * sign: a text with fewer is not searched. Markers hold no digits, so the count before any of them
   * went in is enough.
   */
  needs: { digits: number; at?: boolean };
};

// E-mail first: its local part may be all digits. IBANs and identity codes before cards and phones: they
// hold digit runs that would otherwise be half masked as one. Cards before phones: a card number is
// also a long digit run, and calling it a phone would undersell it. Each detector sees the text with
// the earlier ones' finds already replaced by their markers.
const DETECTORS: readonly Detector[] = [
  { kind: "email", find: (text) => accepted(text, EMAIL, (m) => m[0]), needs: { digits: 0, at: true } },
  // Two check digits; the account may be all letters.
  { kind: "iban", find: (text) => accepted(text, IBAN, (m) => ibanIn(m[0])), needs: { digits: 2 } },
  {
    kind: "identityCode",
    find: (text) => accepted(text, IDENTITY_CODE, (m) => (isIdentityCode(m) ? m[0] : null)),
    // DDMMYY and the individual number.
    needs: { digits: 9 },
  },
  { kind: "card", find: (text) => accepted(text, CARD, (m) => cardIn(m[0])), needs: { digits: 13 } },
  // libphonenumber is the costliest detector by far; "10 EUR" or "3 days" cannot hold a phone number.
  {
    kind: "phone",
    find: (text) => (mayHoldDialledNumber(text) ? dialledNumbers(text) : []),
    needs: { digits: PHONE_MIN_DIGITS },
  },
  ...PHONES.map((pattern) => ({
    kind: "phone" as const,
    find: (text: string) => accepted(text, pattern, (m) => phoneIn(m[0])),
    needs: { digits: MIN_PHONE_DIGITS },
  })),
];

function countDigits(text: string): number {
  let digits = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 48 && code <= 57) digits++;
  }
  return digits;
}

interface Found extends Span {
  kind: PiiKind;
}

/** The spans of personal data in the original text, in order and apart. */
/**
 * Every kind needs a digit or an at sign (in any of their Unicode forms), and most good calls have
 * neither: those skip folding and the detectors, which cost more than the rest of a quick log.
 */
const MIGHT_HOLD_PII = /[\p{N}@＠﹫]/u;

/** MIGHT_HOLD_PII's test, a character code at a time while the text is plain (see plainCharacter). */
export function mightHoldPii(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if ((code >= 0x30 && code <= 0x39) || code === 0x40) return true;
    if (code >= 0x7f && !plainCharacter(code)) return MIGHT_HOLD_PII.test(text);
  }
  return false;
}

function scan(original: string): Found[] {
  if (!mightHoldPii(original)) return [];
  let folded: Folded = foldForDetection(original);
  const digits = countDigits(folded.text);
  const at = folded.text.includes("@");
  const found: Found[] = [];
  for (const detector of DETECTORS) {
    if (digits < detector.needs.digits || (detector.needs.at && !at)) continue;
    const spans = detector.find(folded.text);
    for (const span of spans) found.push({ ...folded.origin(span), kind: detector.kind });
    if (spans.length > 0) folded = folded.replace(spans, MARKERS[detector.kind]);
  }
  found.sort((a, b) => a.start - b.start);
  const merged: Found[] = [];
  for (const span of found) {
    const last = merged.at(-1);
    // A later detector never matches inside a marker, so overlaps come only from folding (one original
    // character standing for several); the earlier detector's kind names the whole.
    if (last && span.start < last.end) last.end = Math.max(last.end, span.end);
    else merged.push({ ...span });
  }
  return merged;
}

/**
 * How many texts' findings are kept. A quick log scans its text to flag it and again moments later to
 * mask it in the confirmation, with other requests' scans in between; a few dozen texts cover the
 * requests in flight at once.
 */
const RECENT_SCANS = 64;
const recentScans = new Map<string, readonly Found[]>();

/** scan, remembered for the last RECENT_SCANS texts (it is a function of the text alone). */
function scanned(text: string): readonly Found[] {
  const known = recentScans.get(text);
  if (known) return known;
  const found = scan(text);
  if (recentScans.size >= RECENT_SCANS) {
    const oldest = recentScans.keys().next();
    if (!oldest.done) recentScans.delete(oldest.value);
  }
  recentScans.set(text, found);
  return found;
}

/** The kinds of personal data in the text, each once, in the order email, phone, card, identity code, IBAN. */
export function findPii(text: string): PiiKind[] {
  const kinds = new Set(scanned(text).map((span) => span.kind));
  return KIND_ORDER.filter((kind) => kinds.has(kind));
}

/**
 * The text with each e-mail, phone or card number, Finnish identity code and IBAN replaced by `[email]`,
 * `[phone]`, `[card]`, `[id]` or `[iban]`. Detection sees the text folded (NFKC, every kind of space one
 * space, see unicodeFold.ts); the replacement happens in the text as typed, so nothing else changes.
 */
export function maskPii(text: string): string {
  let masked = "";
  let copiedUpTo = 0;
  for (const span of scanned(text)) {
    masked += text.slice(copiedUpTo, span.start) + MARKERS[span.kind];
    copiedUpTo = span.end;
  }
  return masked + text.slice(copiedUpTo);
}
