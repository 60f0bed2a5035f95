// Validation of what people submit (inline text and forms), with zod, into field-level messages
// in the person's language. Limits come from the product spec.
import { z } from "zod";
import type { Messages } from "./i18n.ts";
import { IMPROVEMENT_TITLE_MAX, IMPROVEMENT_TITLE_MIN, validateImprovementTitle } from "./improvement.ts";
import { normaliseTag } from "./parse.ts";
import { isValidTimeZone, parseTimeOfDay, parseWeekday } from "./period.ts";
import { parseRetentionMonths, RETENTION_MONTHS } from "./retention.ts";
import { LANGUAGES, type Money, type TeamSettings } from "./types.ts";

export const LIMITS = {
  whatMin: 3,
  whatMax: 1000,
  whyMax: 1000,
  storyMin: 10,
  storyMax: 3000,
  titleMax: 150,
  quoteMax: 1000,
  tagsMax: 20,
  /** A thanks note or an outcome note. */
  noteMax: 500,
  /** A proposed improvement's description. */
  descriptionMax: 2000,
  maxAmountCents: 1_000_000 * 100,
  /** The answer to "Did a rule or process get in the way?". */
  ruleMax: 500,
} as const;

export type FieldErrors<K extends string> = Partial<Record<K, string>>;
export type Validated<T, K extends string> = { ok: true; value: T } | { ok: false; errors: FieldErrors<K> };

/** "12,50", "12.50", "1 000" → cents; null when it is not a plain non-negative amount. */
export function parseAmountInput(input: string): number | null {
  const compact = input.trim().replace(/[\s\u00a0]/g, "");
  const match = /^(\d+)(?:[.,](\d{1,2}))?$/.exec(compact);
  if (!match) return null;
  const whole = Number(match[1]);
  const fraction = match[2] ? Number(match[2].padEnd(2, "0")) : 0;
  return whole * 100 + fraction;
}

/** Tags from a form field: "late-delivery, #voucher häiriö" → ["late-delivery", "voucher", "häiriö"]. */
export function parseTagsInput(input: string): { tags: string[]; invalid: string | null } {
  const tags: string[] = [];
  for (const raw of input.split(/[\s,;]+/).filter(Boolean)) {
    const tag = normaliseTag(raw);
    if (tag === null) return { tags, invalid: raw };
    if (!tags.includes(tag)) tags.push(tag);
  }
  return { tags, invalid: null };
}

const currency = z
  .string()
  .trim()
  .transform((c) => c.toUpperCase())
  .pipe(z.string().regex(/^[A-Z]{3}$/));

export function validateMoney(amount: string | null, currencyInput: string | null, t: Messages) {
  const hasAmount = amount !== null && amount.trim() !== "";
  if (!hasAmount) return { ok: true as const, value: null };
  const cents = parseAmountInput(amount);
  if (cents === null) return { ok: false as const, field: "amount" as const, message: t.amountInvalid };
  if (cents > LIMITS.maxAmountCents) {
    return { ok: false as const, field: "amount" as const, message: t.amountRange("1,000,000") };
  }
  const code = currency.safeParse(currencyInput ?? "");
  if (!code.success) return { ok: false as const, field: "currency" as const, message: t.currencyInvalid };
  return { ok: true as const, value: { cents, currency: code.data } satisfies Money };
}

/** For amounts picked out of inline text, which are never negative. */
export function checkMoneyRange(value: Money | null, t: Messages): string | null {
  return value !== null && value.cents > LIMITS.maxAmountCents ? t.amountRange("1,000,000") : null;
}

function length(text: string): number {
  return [...text].length;
}

export function checkWhat(what: string, t: Messages): string | null {
  const n = length(what.trim());
  if (n < LIMITS.whatMin) return t.whatTooShort(LIMITS.whatMin);
  if (n > LIMITS.whatMax) return t.whatTooLong(LIMITS.whatMax, n);
  return null;
}

export interface GoodCallForm {
  what: string;
  why: string | null;
  tags: string[];
  value: Money | null;
  followUp: boolean;
  ruleInTheWay: string | null;
}

type GoodCallField = "what" | "why" | "tags" | "amount" | "currency" | "ruleInTheWay";

// Answers that mean "nothing got in the way", in either language: an answer, not a rule to list.
const NOTHING_IN_THE_WAY = new Set([
  "-",
  "–",
  "—",
  "no",
  "nope",
  "none",
  "nothing",
  "n/a",
  "na",
  "ei",
  "eipä",
  "ei mitään",
  "ei mikään",
  "ei ollut",
  "ei yhtään",
  "ei ollenkaan",
]);

/** What the author said got in the way, or null for an empty answer or a plain "no". */
export function ruleAnswer(text: string | null | undefined): string | null {
  const trimmed = text?.trim() ?? "";
  const bare = trimmed
    .toLowerCase()
    .replace(/[.!]+$/u, "")
    .trim();
  return trimmed === "" || NOTHING_IN_THE_WAY.has(bare) ? null : trimmed;
}

export function validateGoodCallForm(
  raw: {
    what: string | null;
    why: string | null;
    tags: string | null;
    amount: string | null;
    currency: string | null;
    followUp: boolean;
    ruleInTheWay?: string | null;
  },
  t: Messages,
): Validated<GoodCallForm, GoodCallField> {
  const errors: FieldErrors<GoodCallField> = {};
  const what = (raw.what ?? "").trim();
  const whatError = checkWhat(what, t);
  if (whatError) errors.what = whatError;
  const why = raw.why?.trim() || null;
  if (why && length(why) > LIMITS.whyMax) errors.why = t.fieldTooLong(LIMITS.whyMax, length(why));
  const tags = parseTagsInput(raw.tags ?? "");
  if (tags.invalid !== null) errors.tags = t.tagsInvalid(tags.invalid);
  const money = validateMoney(raw.amount, raw.currency, t);
  if (!money.ok) errors[money.field] = money.message;
  const ruleInTheWay = ruleAnswer(raw.ruleInTheWay);
  if (ruleInTheWay && length(ruleInTheWay) > LIMITS.ruleMax)
    errors.ruleInTheWay = t.fieldTooLong(LIMITS.ruleMax, length(ruleInTheWay));
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      what,
      why,
      tags: tags.tags.slice(0, LIMITS.tagsMax),
      value: money.ok ? money.value : null,
      followUp: raw.followUp,
      ruleInTheWay,
    },
  };
}

export interface StoryForm {
  title: string;
  body: string;
  quote: string | null;
  goodCallId: number | null;
}

type StoryField = "title" | "body" | "quote";

export function validateStoryForm(
  raw: { title: string | null; body: string | null; quote: string | null; goodCallId: string | null },
  t: Messages,
): Validated<StoryForm, StoryField> {
  const errors: FieldErrors<StoryField> = {};
  const title = (raw.title ?? "").trim();
  if (title === "") errors.title = t.titleRequired;
  else if (length(title) > LIMITS.titleMax) errors.title = t.fieldTooLong(LIMITS.titleMax, length(title));
  const body = (raw.body ?? "").trim();
  if (length(body) < LIMITS.storyMin) errors.body = t.storyTooShort(LIMITS.storyMin);
  else if (length(body) > LIMITS.storyMax) errors.body = t.fieldTooLong(LIMITS.storyMax, length(body));
  const quote = raw.quote?.trim() || null;
  if (quote && length(quote) > LIMITS.quoteMax) errors.quote = t.fieldTooLong(LIMITS.quoteMax, length(quote));
  const goodCallId = raw.goodCallId && /^\d+$/.test(raw.goodCallId) ? Number(raw.goodCallId) : null;
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, value: { title, body, quote, goodCallId } };
}

export interface ImprovementForm {
  title: string;
  description: string | null;
}

/** The *Propose a fix* form: both fields checked at once, so every problem is told in one answer. */
export function validateImprovementForm(
  raw: { title: string | null; description: string | null },
  t: Messages,
): Validated<ImprovementForm, "title" | "description"> {
  const errors: FieldErrors<"title" | "description"> = {};
  const title = (raw.title ?? "").trim();
  const problem = validateImprovementTitle(title);
  if (problem === "empty") errors.title = t.titleTooShort(IMPROVEMENT_TITLE_MIN);
  if (problem === "too-long") errors.title = t.fieldTooLong(IMPROVEMENT_TITLE_MAX, length(title));
  const description = raw.description?.trim() || null;
  if (description && length(description) > LIMITS.descriptionMax)
    errors.description = t.fieldTooLong(LIMITS.descriptionMax, length(description));
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, value: { title, description } };
}

export type SettingsForm = TeamSettings;

type SettingsField =
  | "managers"
  | "timeZone"
  | "digestDay"
  | "digestTime"
  | "language"
  | "limitAmount"
  | "limitCurrency"
  | "followUpDays"
  | "retentionMonths";

export function validateSettingsForm(
  raw: {
    managerIds: string[];
    timeZone: string | null;
    digestDay: string | null;
    digestTime: string | null;
    language: string | null;
    feed: boolean;
    limitAmount: string | null;
    limitCurrency: string | null;
    followUpDays: string | null;
    retentionMonths: string | null;
  },
  t: Messages,
): Validated<SettingsForm, SettingsField> {
  const errors: FieldErrors<SettingsField> = {};
  const managerIds = [...new Set(raw.managerIds)].filter((id) => /^[UW][A-Z0-9]+$/.test(id));
  if (managerIds.length === 0) errors.managers = t.managersRequired;
  const timeZone = (raw.timeZone ?? "").trim();
  if (!isValidTimeZone(timeZone)) errors.timeZone = t.timeZoneInvalid(timeZone);
  const digestWeekday = parseWeekday(raw.digestDay ?? "");
  if (digestWeekday === null) errors.digestDay = t.labelDigestDay;
  const digestMinute = parseTimeOfDay(raw.digestTime ?? "");
  if (digestMinute === null) errors.digestTime = t.labelDigestTime;
  const language = LANGUAGES.find((l) => l === raw.language);
  if (!language) errors.language = t.labelLanguage;
  const money = validateMoney(raw.limitAmount, raw.limitCurrency, t);
  if (!money.ok) errors[money.field === "amount" ? "limitAmount" : "limitCurrency"] = money.message;
  const followUpDays = Number(raw.followUpDays);
  if (!Number.isInteger(followUpDays) || followUpDays < 1 || followUpDays > 60)
    errors.followUpDays = t.followUpDaysInvalid;
  const retentionMonths = parseRetentionMonths(raw.retentionMonths);
  if (retentionMonths === "invalid")
    errors.retentionMonths = t.retentionInvalid(RETENTION_MONTHS.min, RETENTION_MONTHS.max);
  if (
    Object.keys(errors).length > 0 ||
    digestWeekday === null ||
    digestMinute === null ||
    !language ||
    retentionMonths === "invalid"
  ) {
    return { ok: false, errors };
  }
  return {
    ok: true,
    value: {
      managerIds,
      timeZone,
      digestWeekday,
      digestMinute,
      language,
      feedEnabled: raw.feed,
      usualLimit: money.ok ? money.value : null,
      followUpDays,
      retentionMonths,
    },
  };
}
