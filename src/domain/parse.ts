// Reads what people type after `/goodcall`: which subcommand they meant, and the tags and amounts in a good call.
import { decodeSlackText, slackTextToPlain } from "./escape.ts";
import type { Money, Visibility } from "./types.ts";

export interface ParsedGoodCall {
  what: string;
  tags: string[];
  value: Money | null;
  amounts: Money[];
}

export type Command =
  | { kind: "log"; text: string; offer?: Offer; visibility?: Visibility }
  /** `/goodcall private` with nothing after it: a good call needs its text. `word` is the word used. */
  | { kind: "privateWithoutText"; word: string }
  | { kind: "openModal" }
  | { kind: "help" }
  | { kind: "stats" }
  | { kind: "setup" }
  | { kind: "digestPreview" }
  | { kind: "export" }
  | { kind: "forgetMe" }
  | { kind: "report" }
  | { kind: "thanks"; userId: string | null; note: string }
  | { kind: "idea"; text: string }
  | { kind: "unknown"; word: string };

/** The other reading of a text that was logged as a good call, offered as a button. */
export type Offer = "idea";

const MAX_TAG_LENGTH = 40;
const MAX_UNKNOWN_WORD_LENGTH = 20;
/** LIMITS.noteMax, the longest thanks note (validate.ts imports this module, so it cannot be imported here). */
export const THANKS_NOTE_MAX = 500;

/** Returns the canonical form of a tag (`#Late-Delivery` → `late-delivery`), or null when it is not a usable tag. */
export function normaliseTag(raw: string): string | null {
  const plain = plainTag(raw);
  return plain === undefined ? normaliseAnyTag(raw) : plain;
}

/** normaliseTag without its shortcut for plain ASCII tags: exported so tests compare the two. */
export function normaliseAnyTag(raw: string): string | null {
  // NFC so that "ä" typed as a + combining diaeresis and as one code point make the same tag.
  const tag = raw.trim().replace(/^#+/u, "").trim().normalize("NFC").toLowerCase();
  if (tag === "" || [...tag].length > MAX_TAG_LENGTH) return null;
  if (!/^[\p{L}\p{N}\p{M}_-]+$/u.test(tag)) return null;
  // A tag needs a letter: `#42` is an order number and `#-` is punctuation, neither is a theme.
  if (!/\p{L}/u.test(tag)) return null;
  return tag;
}

/**
 * normaliseTag for a tag that is plain ASCII letters, digits, `_` and `-` (most are, as Slack sends
 * them: "late-delivery"), without its Unicode steps; undefined for any other text, which takes the
 * general way. A property test compares the two.
 */
function plainTag(raw: string): string | null | undefined {
  if (raw.length === 0 || raw.length > MAX_TAG_LENGTH) return undefined;
  let letter = false;
  for (let i = 0; i < raw.length; i++) {
    const code = raw.charCodeAt(i);
    if ((code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a)) letter = true;
    else if (!((code >= 0x30 && code <= 0x39) || code === 0x5f || code === 0x2d)) return undefined;
  }
  // A tag needs a letter: `42` is an order number and `-` is punctuation, neither is a theme.
  return letter ? raw.toLowerCase() : null;
}

// NOTE: the lookbehind keeps URL fragments (`page#top`, `/#/x`), HTML entities (`&#39;`) and `##` out.
const HASHTAG = /(?<![\p{L}\p{N}\p{M}_&/#-])#([\p{L}\p{N}\p{M}_-]+)/gu;

// Slack markup (`<#C123|name>`, `<@U123>`, `<https://…|label>`) and emoji shortcodes (`:100:`) carry
// ids and digits that are not tags or amounts, so they are blanked out before scanning.
const SLACK_MARKUP = /<[^<>]*>/gu;
const EMOJI_SHORTCODE = /(?<![\p{L}\p{N}]):[a-z0-9_+'-]+:/gu;

// Active ISO 4217 codes. Codes that are also everyday upper-case words ("TOP 10", "ALL 3", "TRY 2",
// "PHP 8", "SOS") are left out: a false amount in someone's good call is worse than a missed one.
const ISO_CURRENCIES = new Set(
  (
    "AED AFN AMD ANG AOA ARS AUD AWG AZN BBD BDT BGN BHD BIF BMD BND BRL BSD BTN BWP BYN BZD " +
    "CAD CDF CHF CLP CNY COP CRC CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GHS GIP GMD " +
    "GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD " +
    "KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MRU MUR MVR MWK MXN MYR MZN NAD NGN " +
    "NIO NOK NPR NZD OMR PAB PGK PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE " +
    "SRD SSP STN SVC SYP SZL THB TJS TMT TND TTD TWD TZS UAH UGX USD UYU UZS VES VND VUV WST XAF " +
    "XCD XOF XPF YER ZAR ZMW ZWL"
  ).split(" "),
);

// Words accepted in any letter case. Finnish teams write "10 euroa"; "sek" is deliberately absent
// because in Finnish it means seconds ("odotti 10 sek").
const CURRENCY_WORDS = new Map<string, string>([
  ["eur", "EUR"],
  ["euro", "EUR"],
  ["euros", "EUR"],
  ["euroa", "EUR"],
  ["euron", "EUR"],
  ["eurolla", "EUR"],
  ["eurosta", "EUR"],
  ["usd", "USD"],
  ["gbp", "GBP"],
]);

const CURRENCY_SYMBOLS = new Map<string, string>([
  ["€", "EUR"],
  ["$", "USD"],
  ["£", "GBP"],
]);

// A number with optional thousands grouping ("1 000", "1,000", "1.000") and 1–2 decimals after a comma
// or a point. Three digits after a separator are a thousands group, never decimals. The grouping and
// decimal separators must differ, so "1,000.50" and "1.000,50" both read as 1000.50.
const NUMBER = String.raw`(?:\d{1,3}(?: \d{3})+(?:[.,]\d{1,2})?|\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d{1,3}(?:\.\d{3})+(?:,\d{1,2})?|\d+(?:[.,]\d{1,2})?)(?![.,]?\d)`;

// The lookbehind keeps the tails of dates (2026-12-04), times (15:00), order numbers (#42), phone numbers
// (+358 …) and decimals from starting an amount of their own.
const AMOUNT = new RegExp(
  [
    `(?<preSymbol>[€$£]) ?(?<preSymbolNumber>${NUMBER})`,
    String.raw`(?<![\p{L}\p{N}])(?<preCode>\p{L}{3}) ?(?<preCodeNumber>${NUMBER})`,
    String.raw`(?<![\p{L}\p{N}_.,:/#+-])(?<number>${NUMBER}) ?(?:(?<symbol>[€$£])|(?<word>\p{L}+)(?![\p{L}\p{N}]))`,
  ].join("|"),
  "gu",
);

function currencyOf(word: string): string | null {
  if (ISO_CURRENCIES.has(word)) return word;
  return CURRENCY_WORDS.get(word.toLowerCase()) ?? null;
}

function toCents(number: string): number | null {
  const decimals = /[.,](\d{1,2})$/u.exec(number);
  const whole = (decimals ? number.slice(0, decimals.index) : number).replace(/\D/gu, "");
  const fraction = (decimals?.[1] ?? "").padEnd(2, "0");
  const cents = Number(whole) * 100 + Number(fraction);
  return Number.isSafeInteger(cents) ? cents : null;
}

function readAmount(groups: Record<string, string | undefined>): Money | null {
  let currency: string | null = null;
  let number: string | undefined;
  if (groups.preSymbol !== undefined) {
    currency = CURRENCY_SYMBOLS.get(groups.preSymbol) ?? null;
    number = groups.preSymbolNumber;
  } else if (groups.preCode !== undefined) {
    currency = currencyOf(groups.preCode);
    number = groups.preCodeNumber;
  } else if (groups.symbol !== undefined) {
    currency = CURRENCY_SYMBOLS.get(groups.symbol) ?? null;
    number = groups.number;
  } else if (groups.word !== undefined) {
    currency = currencyOf(groups.word);
    number = groups.number;
  }
  if (currency === null || number === undefined) return null;
  const cents = toCents(number);
  return cents === null ? null : { cents, currency };
}

function findAmounts(text: string): Money[] {
  const amounts: Money[] = [];
  // Every amount has a digit; the pattern is the costliest step of reading a good call.
  if (!/\d/u.test(text)) return amounts;
  // The one pattern, rewound: nothing else runs while this loop does.
  const pattern = AMOUNT;
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    const amount = match.groups ? readAmount(match.groups) : null;
    if (amount) {
      amounts.push(amount);
    } else {
      // "and 10 EUR": the candidate "and 10" is rejected, and the real amount starts inside it.
      // Step over one whole code point: with the "u" flag, an index inside a surrogate pair is moved
      // back to its start, so stepping one unit past an astral letter ("𝒜𝒜𝒜 10") would loop forever.
      pattern.lastIndex = match.index + ((text.codePointAt(match.index) ?? 0) > 0xffff ? 2 : 1);
    }
  }
  return amounts;
}

function findTags(text: string): string[] {
  const tags: string[] = [];
  if (!text.includes("#")) return tags;
  for (const match of text.matchAll(HASHTAG)) {
    // A dash right after a tag is sentence punctuation ("#late- and #lost"), not part of it.
    const tag = normaliseTag((match[1] ?? "").replace(/-+$/u, ""));
    if (tag !== null && !tags.includes(tag)) tags.push(tag);
  }
  return tags;
}

function scan(what: string, scannable: string): ParsedGoodCall {
  const unmarked = withoutMarkup(scannable);
  // Every shortcode has a colon; most texts have none, and are not scanned for one.
  const cleaned = unmarked.includes(":") ? unmarked.replace(EMOJI_SHORTCODE, " ") : unmarked;
  const amounts = findAmounts(cleaned);
  // NOTE: value is simply the first amount, never a sum: "gave 10 € and saved them 50 €" must not
  // become 60 €, and guessing which amount was "given" would surprise people more than this rule.
  return { what, tags: findTags(cleaned), value: amounts[0] ?? null, amounts };
}

/** Slack's markup blanked out; most texts have none, and are not scanned for it. */
function withoutMarkup(text: string): string {
  return text.includes("<") ? text.replace(SLACK_MARKUP, " ") : text;
}

// Each run of whitespace becomes one space; a lone space is left as it is, so most texts are not copied.
const UNTIDY_SPACE = /\s{2,}|[^\S ]/gu;

function tidy(text: string): string {
  return text.trim().replace(UNTIDY_SPACE, " ");
}

/**
 * Picks tags and amounts out of a good call typed inline. The text itself is kept as written (only
 * whitespace is tidied): people wrote the hashtags and amounts as part of their sentence.
 */
export function parseGoodCallText(text: string): ParsedGoodCall {
  const what = tidy(text);
  return scan(what, what);
}

/**
 * The same for text as Slack sends it (`&lt;`, `<#C123|random>`, `<@U1|anna>`). The stored text is
 * plain and readable ("see #random"), but tags and amounts are read with Slack's markup blanked
 * out first: a channel link names a channel, not a theme, so `#random` must not feed patterns.
 */
export function parseSlackGoodCallText(slackText: string): ParsedGoodCall {
  const tidied = tidy(slackText);
  return scan(tidy(slackTextToPlain(tidied)), decodeSlackText(withoutMarkup(tidied)));
}

// What a subcommand looks like in its own form. Anything else that starts with one of these words
// ("thanks to the storm…", "help the customer…", "stats show…") is a good call: its text is never lost.
const NO_ARGUMENT_COMMANDS = new Map<string, Command>([
  ["help", { kind: "help" }],
  ["ohje", { kind: "help" }],
  ["stats", { kind: "stats" }],
  ["tilastot", { kind: "stats" }],
  ["setup", { kind: "setup" }],
  ["asetukset", { kind: "setup" }],
  ["digest", { kind: "digestPreview" }],
  ["kooste", { kind: "digestPreview" }],
  ["export", { kind: "export" }],
  ["report", { kind: "report" }],
  ["raportti", { kind: "report" }],
]);

/**
 * People add a word or two to a subcommand ("stats for me", "digest preview", "help please"); a
 * good call needs more than that to say what was done for whom. Digits, tags, mentions and links
 * are what good calls carry, never these requests.
 */
const MAX_EXTRA_WORDS = 2;

// Slack escapes user mentions as `<@U123|name>` (or `<@U123>`); plain `@name` carries no id.
const LEADING_MENTION = /^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>/u;
// `thanks @anna …` typed without Slack turning it into a mention is still a thank-you, to someone
// Slack did not recognise; the reply asks for a real mention instead of logging "thanks @anna".
const LEADING_PLAIN_MENTION = /^@[\p{L}\p{N}._-]+/u;

/**
 * Words that make "idea" the subject of a sentence ("Idea to call back customers who waited…",
 * "Idea oli soittaa…") rather than the `/goodcall idea <title>` subcommand: both readings are fair.
 */
const IDEA_AS_SUBJECT = new Set([
  "to",
  "that",
  "of",
  "was",
  "is",
  "came",
  "from",
  "worked",
  "oli",
  "on",
  "että",
  "tuli",
  "toimi",
  "jonka",
]);

function words(text: string): string[] {
  return text.split(/\s+/u).filter((word) => word !== "");
}

/** What words(text)[0] is, without splitting the whole text. */
function leadingWord(text: string): string {
  return /\S+/u.exec(text)?.[0] ?? "";
}

function firstWord(text: string): string {
  // "Help?" and "stats," are still the subcommand the person meant.
  return leadingWord(text)
    .toLowerCase()
    .replace(/[.,:;!?]+$/u, "");
}

/** A short request after a subcommand word, as opposed to the rest of a good call. */
function isShortTail(rest: string): boolean {
  return words(rest).length <= MAX_EXTRA_WORDS && !/[\d#<@€$£]/u.test(rest);
}

/**
 * `/goodcall private <what you did>` (`yksityinen` in Finnish): the one word asks for a good call only
 * its author and the team's managers see. Only the whole first word counts, so "privately…" or
 * "yksityisasiakas…" start ordinary good calls.
 */
const PRIVATE_WORDS = new Set(["private", "yksityinen"]);

function log(text: string, offer?: Offer): Command {
  return offer ? { kind: "log", text, offer } : { kind: "log", text };
}

function parseThanks(trimmed: string, rest: string): Command {
  if (rest === "" || LEADING_PLAIN_MENTION.test(rest)) return { kind: "thanks", userId: null, note: rest };
  const mention = LEADING_MENTION.exec(rest);
  if (!mention) return log(trimmed);
  const note = rest.slice(mention[0].length).trim();
  // A note longer than any thank-you may be is an account of something done: keep it as a good call.
  if ([...note].length > THANKS_NOTE_MAX) return log(trimmed);
  return { kind: "thanks", userId: mention[1] ?? null, note };
}

function parseIdea(trimmed: string, head: string, rest: string): Command {
  // "idea:" and "idea -" say plainly that a title follows.
  const separated = /[:\-–]$/u.test(head) || /^[:\-–]\s/u.test(rest);
  const title = rest.replace(/^[:\-–]\s*/u, "");
  if (rest === "" || separated) return { kind: "idea", text: title };
  const next = firstWord(rest);
  // An amount is what good calls carry ("idea to waive the 5 € fee worked"); ideas rarely do.
  const readsLikeGoodCall = IDEA_AS_SUBJECT.has(next) || parseGoodCallText(rest).value !== null;
  return readsLikeGoodCall ? log(trimmed, "idea") : { kind: "idea", text: title };
}

/**
 * Decides what `/goodcall <text>` asks for. A subcommand counts only in its own form (`stats`,
 * `thanks @someone …`, `idea <title>`, `forget me`, …); anything else is a good call to log. Where a
 * text reads both ways it is logged, with `offer` naming the other reading for the confirmation.
 */
export function parseCommand(text: string): Command {
  const trimmed = text.trim();
  if (trimmed === "") return { kind: "openModal" };
  const first = leadingWord(trimmed);
  const word = firstWord(trimmed);
  const rest = trimmed.slice(first.length).trim();

  // Whole-word match only, so "helped a customer…" stays a good call.
  const command = NO_ARGUMENT_COMMANDS.get(word);
  if (command) return isShortTail(rest) ? { ...command } : log(trimmed);
  if (word === "forget") {
    // Deleting someone's data needs the exact phrase; another short "forget …" gets the usage message.
    if (firstWord(rest) === "me" && words(rest).length === 1) return { kind: "forgetMe" };
    return isShortTail(rest) ? { kind: "unknown", word: first } : log(trimmed);
  }
  if (PRIVATE_WORDS.has(word)) {
    // Everything after the word is the good call, whatever it starts with: it is never a subcommand.
    return rest === ""
      ? { kind: "privateWithoutText", word }
      : { kind: "log", text: rest, visibility: "private" };
  }
  if (word === "thanks" || word === "kiitos") return parseThanks(trimmed, rest);
  if (word === "idea") return parseIdea(trimmed, first, rest);

  // A lone short word is far more likely a mistyped subcommand ("stat") than a good call.
  const isLoneWord = !/[\s#\d]/u.test(trimmed) && [...trimmed].length <= MAX_UNKNOWN_WORD_LENGTH;
  return isLoneWord ? { kind: "unknown", word: trimmed } : log(trimmed);
}

/**
 * The improvement a good call logged as `idea …` proposes: its text without the leading "idea", a
 * ":" or "-" after it, and the "to" or "oli" that makes it a sentence ("idea to call back…" proposes "Call back…"). A call
 * that does not start with "idea" proposes its whole text.
 */
export function ideaTitleOf(what: string): string {
  const title = what
    .trim()
    .replace(/^idea(?![\p{L}\p{N}])\s*[:\-–]?\s*(?:(?:to|oli)\s+)?/iu, "")
    .trim();
  return title.charAt(0).toUpperCase() + title.slice(1);
}

/**
 * Whether a person wrote a message or caused an event: not another app's post (`bot_id`, `subtype:
 * "bot_message"`), and not GoodCall's own (its bot user, `selfUserId`). Bots' footers and our own
 * digests are not good calls, stories or team members; recognition bots that count them end up
 * thanking themselves. Takes any Slack payload, since every event and message type may carry these.
 */
export function writtenByPerson(authored: object, selfUserId: string | undefined): boolean {
  const botId = "bot_id" in authored ? authored.bot_id : undefined;
  if (typeof botId === "string" && botId !== "") return false;
  if ("subtype" in authored && authored.subtype === "bot_message") return false;
  const user = "user" in authored ? authored.user : undefined;
  return selfUserId === undefined || user !== selfUserId;
}
