// Spots customer personal data pasted into good calls and stories, so it can be flagged and masked in posts.

export type PiiKind = "email" | "phone" | "card";

const KIND_ORDER: readonly PiiKind[] = ["email", "phone", "card"];
const MARKERS: Record<PiiKind, string> = { email: "[email]", phone: "[phone]", card: "[card]" };

// The local part is capped at its RFC 5321 maximum of 64 so that a long run of digits without an `@`
// costs linear time, not quadratic.
const EMAIL = /[\p{L}\p{N}._%+-]{1,64}@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;

// A digit run must stand on its own: not glued to a word, an order number (#123456), a decimal, a date
// (2026-12-04) or a marker we already put in (`]`/`[`), which keeps masking idempotent.
const NOT_AFTER = String.raw`(?<![\p{L}\p{N}_\]#+.,:/-])`;
// "1 000 000 000 €" has a digit group before it; a phone number never continues a number like that.
// A [phone] or [card] marker stands for digits, so it counts as one: masking twice changes nothing.
const NOT_AFTER_NUMBER = String.raw`(?<!(?:\d|\[(?:phone|card)\])[ .,])`;
const NOT_BEFORE = String.raw`(?![\p{L}\p{N}_\[]|[.,:/-]?\d)`;

// 13–19 digits with single spaces or dashes between groups; the Luhn check decides whether it is a card.
const CARD = new RegExp(String.raw`${NOT_AFTER}\d(?:[ -]?\d){12,18}${NOT_BEFORE}`, "gu");

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

const MIN_PHONE_DIGITS = 7;
const MAX_PHONE_DIGITS = 15; // E.164

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

/** The longest card number the candidate starts with: "4111 1111 1111 1111 12" still holds a card. */
function cardIn(candidate: string): string | null {
  for (let card = candidate; ; card = card.replace(/[ -]\d+$/u, "")) {
    const digits = card.replace(/\D/gu, "");
    if (digits.length < 13) return null;
    if (digits.length <= 19 && passesLuhn(digits)) return card;
    if (!/[ -]/u.test(card)) return null;
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

/**
 * Replaces what `accept` keeps of each match (a prefix of it) with the marker. After a rejected
 * candidate the search resumes one character later, since a real match may start inside it.
 */
function replaceAccepted(
  text: string,
  pattern: RegExp,
  accept: (match: string) => string | null,
  marker: string,
) {
  const regex = new RegExp(pattern.source, pattern.flags);
  let result = "";
  let copiedUpTo = 0;
  let found = false;
  for (let match = regex.exec(text); match !== null; match = regex.exec(text)) {
    const kept = accept(match[0]);
    if (kept !== null) {
      result += text.slice(copiedUpTo, match.index) + marker;
      copiedUpTo = match.index + kept.length;
      regex.lastIndex = copiedUpTo;
      found = true;
    } else {
      regex.lastIndex = match.index + 1;
    }
  }
  return { text: result + text.slice(copiedUpTo), found };
}

function scan(text: string): { masked: string; kinds: Set<PiiKind> } {
  const kinds = new Set<PiiKind>();
  // E-mail first: its local part may be all digits. Cards before phones: a card number is also a long
  // digit run, and calling it a phone would undersell it.
  const email = replaceAccepted(text, EMAIL, (match) => match, MARKERS.email);
  if (email.found) kinds.add("email");
  const card = replaceAccepted(email.text, CARD, cardIn, MARKERS.card);
  if (card.found) kinds.add("card");
  let masked = card.text;
  for (const pattern of PHONES) {
    const phone = replaceAccepted(masked, pattern, phoneIn, MARKERS.phone);
    if (phone.found) kinds.add("phone");
    masked = phone.text;
  }
  return { masked, kinds };
}

/** The kinds of personal data in the text, each once, always in the order email, phone, card. */
export function findPii(text: string): PiiKind[] {
  const { kinds } = scan(text);
  return KIND_ORDER.filter((kind) => kinds.has(kind));
}

/** The text with each e-mail, phone or card number replaced by `[email]`, `[phone]` or `[card]`. */
export function maskPii(text: string): string {
  return scan(text).masked;
}
