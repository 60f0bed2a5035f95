// Unit tests for validating what people submit: amounts, tags, and the good call, story and settings forms.
import { describe, expect, it } from "vitest";
import { catalogues } from "../../src/domain/i18n.ts";
import { IMPROVEMENT_TITLE_MIN } from "../../src/domain/improvement.ts";
import {
  LIMITS,
  parseAmountInput,
  parseTagsInput,
  validateGoodCallForm,
  validateImprovementForm,
  validateSettingsForm,
  validateStoryForm,
} from "../../src/domain/validate.ts";

const t = catalogues.en;

describe("parseAmountInput", () => {
  it.each<[string, number | null]>([
    ["10", 1000],
    ["12,50", 1250],
    ["12.50", 1250],
    ["12.5", 1250],
    ["12,05", 1205],
    ["0", 0],
    ["1 000", 100000],
    ["1\u00a0000,5", 100050],
    ["  7  ", 700],
    ["-5", null],
    ["+5", null],
    ["1e3", null],
    ["12.505", null],
    ["12.", null],
    [".5", null],
    ["1,000.50", null],
    ["10€", null],
    ["ten", null],
    ["", null],
    ["   ", null],
  ])("%j → %j", (input, cents) => {
    expect(parseAmountInput(input)).toBe(cents);
  });
});

describe("parseTagsInput", () => {
  it.each<[string, string[]]>([
    ["late-delivery, #voucher häiriö", ["late-delivery", "voucher", "häiriö"]],
    ["a,b;c  d", ["a", "b", "c", "d"]],
    ["#Refund #refund REFUND", ["refund"]],
    ["##double_hash", ["double_hash"]],
    ["  ,, ", []],
    ["", []],
  ])("%j → %j", (input, tags) => {
    expect(parseTagsInput(input)).toEqual({ tags, invalid: null });
  });

  it.each<[string, string, string[]]>([
    ["voucher #42 refund", "#42", ["voucher"]],
    ["ok bad!tag", "bad!tag", ["ok"]],
    ["#", "#", []],
    [`${"x".repeat(41)}`, "x".repeat(41), []],
  ])("%j reports %j as invalid", (input, invalid, before) => {
    expect(parseTagsInput(input)).toEqual({ tags: before, invalid });
  });

  it("accepts a tag of exactly 40 characters", () => {
    expect(parseTagsInput("y".repeat(40)).tags).toEqual(["y".repeat(40)]);
  });
});

const goodCall = (over: Partial<Parameters<typeof validateGoodCallForm>[0]> = {}) =>
  validateGoodCallForm(
    { what: "Gave a voucher", why: null, tags: null, amount: null, currency: null, followUp: false, ...over },
    t,
  );

describe("validateGoodCallForm", () => {
  it("returns the cleaned-up form", () => {
    expect(
      goodCall({
        what: "  Gave a 10 EUR voucher  ",
        why: "  Parcel was late ",
        tags: "#late-delivery, voucher",
        amount: "12,50",
        currency: " eur ",
        followUp: true,
      }),
    ).toEqual({
      ok: true,
      value: {
        what: "Gave a 10 EUR voucher",
        why: "Parcel was late",
        tags: ["late-delivery", "voucher"],
        value: { cents: 1250, currency: "EUR" },
        followUp: true,
        ruleInTheWay: null,
      },
    });
  });

  it("turns a blank why into null", () => {
    expect(goodCall({ why: "   " })).toMatchObject({ ok: true, value: { why: null } });
  });

  it("has no value when there is no amount, even with a currency chosen", () => {
    expect(goodCall({ amount: "", currency: "EUR" })).toMatchObject({ ok: true, value: { value: null } });
    expect(goodCall({ amount: null, currency: "USD" })).toMatchObject({ ok: true, value: { value: null } });
  });

  it.each<[string, string | null, boolean]>([
    ["empty", "", false],
    ["null", null, false],
    ["two characters", "ab", false],
    ["two characters padded with spaces", "  ab  ", false],
    ["three characters", "abc", true],
    ["two emoji and a letter", "👍👍a", true],
    ["1000 characters", "x".repeat(1000), true],
  ])("what: %s → ok %s", (_name, what, ok) => {
    const result = goodCall({ what });
    expect(result.ok).toBe(ok);
    if (!result.ok) expect(result.errors).toEqual({ what: t.whatTooShort(3) });
  });

  it("counts what in characters, not UTF-16 units: 1000 emoji pass", () => {
    const what = "🎉".repeat(1000);
    expect(what.length).toBe(2000);
    expect(goodCall({ what })).toMatchObject({ ok: true, value: { what } });
  });

  it("refuses 1001 characters, naming the limit of 1000 and the count", () => {
    const result = goodCall({ what: "🎉".repeat(1001) });
    expect(result).toEqual({ ok: false, errors: { what: t.whatTooLong(1000, 1001) } });
    if (!result.ok) expect(result.errors.what).toContain("1000");
  });

  it("limits why to 1000 characters", () => {
    expect(goodCall({ why: "é".repeat(1000) }).ok).toBe(true);
    expect(goodCall({ why: "é".repeat(1001) })).toEqual({
      ok: false,
      errors: { why: t.fieldTooLong(1000, 1001) },
    });
  });

  it.each<[string, string, number]>([
    ["1000000", "EUR", 100_000_000],
    ["1 000 000,00", "EUR", 100_000_000],
    ["0", "EUR", 0],
  ])("accepts the amount %j", (amount, currency, cents) => {
    expect(goodCall({ amount, currency })).toMatchObject({ ok: true, value: { value: { cents, currency } } });
  });

  it.each<[string, string]>([
    ["1000000,01", t.amountRange("1,000,000")],
    ["99999999999", t.amountRange("1,000,000")],
    ["-5", t.amountInvalid],
    ["abc", t.amountInvalid],
    ["1e3", t.amountInvalid],
  ])("refuses the amount %j", (amount, message) => {
    expect(goodCall({ amount, currency: "EUR" })).toEqual({ ok: false, errors: { amount: message } });
  });

  it.each([["EURO"], ["E1R"], [""], [null], ["€"]])("refuses the currency %j with an amount", (currency) => {
    expect(goodCall({ amount: "10", currency })).toEqual({
      ok: false,
      errors: { currency: t.currencyInvalid },
    });
  });

  it("reports an invalid tag by name", () => {
    expect(goodCall({ tags: "voucher #42" })).toEqual({ ok: false, errors: { tags: t.tagsInvalid("#42") } });
  });

  it("keeps at most 20 tags", () => {
    const tags = Array.from({ length: 25 }, (_, i) => `tag${i}`);
    const result = goodCall({ tags: tags.join(" ") });
    expect(result).toMatchObject({ ok: true, value: { tags: tags.slice(0, LIMITS.tagsMax) } });
  });

  it("reports every bad field at once, in the person's language", () => {
    const result = validateGoodCallForm(
      { what: "x", why: "y".repeat(1001), tags: "!", amount: "lots", currency: "EUR", followUp: false },
      catalogues.fi,
    );
    expect(result).toEqual({
      ok: false,
      errors: {
        what: catalogues.fi.whatTooShort(3),
        why: catalogues.fi.fieldTooLong(1000, 1001),
        tags: catalogues.fi.tagsInvalid("!"),
        amount: catalogues.fi.amountInvalid,
      },
    });
  });
});

const story = (over: Partial<Parameters<typeof validateStoryForm>[0]> = {}) =>
  validateStoryForm(
    {
      title: "A happy customer",
      body: "She called back to say thanks.",
      quote: null,
      goodCallId: null,
      ...over,
    },
    t,
  );

describe("validateStoryForm", () => {
  it("returns the cleaned-up form", () => {
    expect(
      story({
        title: " Saved the wedding ",
        body: "  The dress arrived on time.  ",
        quote: " Thank you! ",
        goodCallId: "42",
      }),
    ).toEqual({
      ok: true,
      value: {
        title: "Saved the wedding",
        body: "The dress arrived on time.",
        quote: "Thank you!",
        goodCallId: 42,
      },
    });
  });

  it.each<[string, string | null, string | null]>([
    ["missing", null, t.titleRequired],
    ["blank", "   ", t.titleRequired],
    ["150 characters", "🌟".repeat(150), null],
    ["151 characters", "🌟".repeat(151), t.fieldTooLong(150, 151)],
  ])("title %s", (_name, title, error) => {
    const result = story({ title });
    if (error === null) expect(result.ok).toBe(true);
    else expect(result).toEqual({ ok: false, errors: { title: error } });
  });

  it.each<[string, string | null, string | null]>([
    ["missing", null, t.storyTooShort(10)],
    ["9 characters", "123456789", t.storyTooShort(10)],
    ["9 characters padded", "   123456789   ", t.storyTooShort(10)],
    ["10 characters", "1234567890", null],
    ["3000 characters", "ä".repeat(3000), null],
    ["3001 characters", "ä".repeat(3001), t.fieldTooLong(3000, 3001)],
  ])("story %s", (_name, body, error) => {
    const result = story({ body });
    if (error === null) expect(result.ok).toBe(true);
    else expect(result).toEqual({ ok: false, errors: { body: error } });
  });

  it("limits the quote to 1000 characters and turns a blank one into null", () => {
    expect(story({ quote: "q".repeat(1000) })).toMatchObject({
      ok: true,
      value: { quote: "q".repeat(1000) },
    });
    expect(story({ quote: "q".repeat(1001) })).toEqual({
      ok: false,
      errors: { quote: t.fieldTooLong(1000, 1001) },
    });
    expect(story({ quote: "  " })).toMatchObject({ ok: true, value: { quote: null } });
  });

  it.each<[string | null, number | null]>([
    ["7", 7],
    ["0012", 12],
    ["", null],
    [null, null],
    ["abc", null],
    ["-3", null],
    ["1.5", null],
  ])("related good call %j → %j", (goodCallId, id) => {
    expect(story({ goodCallId })).toMatchObject({ ok: true, value: { goodCallId: id } });
  });
});

const validSettings = {
  managerIds: ["U111", "W222"],
  timeZone: "Europe/Helsinki",
  digestDay: "5",
  digestTime: "15:00",
  language: "fi",
  feed: true,
  limitAmount: "50",
  limitCurrency: "EUR",
  followUpDays: "7",
  retentionMonths: "" as string | null,
};
const settings = (over: Partial<typeof validSettings> = {}) =>
  validateSettingsForm({ ...validSettings, ...over }, t);

describe("validateSettingsForm", () => {
  it("returns the settings", () => {
    expect(settings()).toEqual({
      ok: true,
      value: {
        managerIds: ["U111", "W222"],
        timeZone: "Europe/Helsinki",
        digestWeekday: 5,
        digestMinute: 15 * 60,
        language: "fi",
        feedEnabled: true,
        usualLimit: { cents: 5000, currency: "EUR" },
        followUpDays: 7,
        retentionMonths: null,
      },
    });
  });

  it("removes duplicate managers and ids that are not users", () => {
    expect(settings({ managerIds: ["U111", "U111", "C999", "x"] })).toMatchObject({
      ok: true,
      value: { managerIds: ["U111"] },
    });
  });

  it("has no usual limit when the amount is blank", () => {
    expect(settings({ limitAmount: "", limitCurrency: "EUR" })).toMatchObject({
      ok: true,
      value: { usualLimit: null },
    });
  });

  it.each<[string, Partial<typeof validSettings>, Record<string, string>]>([
    ["no managers", { managerIds: [] }, { managers: t.managersRequired }],
    ["only non-user managers", { managerIds: ["C123"] }, { managers: t.managersRequired }],
    ["an unknown time zone", { timeZone: "Mars/Base" }, { timeZone: t.timeZoneInvalid("Mars/Base") }],
    ["an empty time zone", { timeZone: "" }, { timeZone: t.timeZoneInvalid("") }],
    ["follow-up after 0 days", { followUpDays: "0" }, { followUpDays: t.followUpDaysInvalid }],
    ["follow-up after 61 days", { followUpDays: "61" }, { followUpDays: t.followUpDaysInvalid }],
    ["follow-up after abc days", { followUpDays: "abc" }, { followUpDays: t.followUpDaysInvalid }],
    ["follow-up after 2.5 days", { followUpDays: "2.5" }, { followUpDays: t.followUpDaysInvalid }],
    ["a limit that is not a number", { limitAmount: "lots" }, { limitAmount: t.amountInvalid }],
    ["a limit above 1,000,000", { limitAmount: "2000000" }, { limitAmount: t.amountRange("1,000,000") }],
    ["a limit in a bad currency", { limitCurrency: "EU" }, { limitCurrency: t.currencyInvalid }],
    ["language sv", { language: "sv" }, { language: t.labelLanguage }],
    ["language EN (case matters)", { language: "EN" }, { language: t.labelLanguage }],
    ["an unknown digest day", { digestDay: "someday" }, { digestDay: t.labelDigestDay }],
    ["a digest time of 25:00", { digestTime: "25:00" }, { digestTime: t.labelDigestTime }],
    ["retention of 5 months", { retentionMonths: "5" }, { retentionMonths: t.retentionInvalid(6, 60) }],
    ["retention of 61 months", { retentionMonths: "61" }, { retentionMonths: t.retentionInvalid(6, 60) }],
    ["retention of 0 months", { retentionMonths: "0" }, { retentionMonths: t.retentionInvalid(6, 60) }],
    ["retention of 12.5 months", { retentionMonths: "12.5" }, { retentionMonths: t.retentionInvalid(6, 60) }],
    ["retention of -12 months", { retentionMonths: "-12" }, { retentionMonths: t.retentionInvalid(6, 60) }],
    ["retention of a year", { retentionMonths: "a year" }, { retentionMonths: t.retentionInvalid(6, 60) }],
  ])("refuses %s", (_name, over, errors) => {
    expect(settings(over)).toEqual({ ok: false, errors });
  });

  it.each([["1"], ["60"]])("accepts follow-up after %s days", (followUpDays) => {
    expect(settings({ followUpDays })).toMatchObject({
      ok: true,
      value: { followUpDays: Number(followUpDays) },
    });
  });

  it.each([
    ["6", 6],
    ["60", 60],
    [" 12 ", 12],
    ["", null],
    [null, null],
  ])("accepts retention of %j months as %j (empty keeps everything)", (retentionMonths, expected) => {
    expect(settings({ retentionMonths })).toMatchObject({ ok: true, value: { retentionMonths: expected } });
  });

  it("says what retention accepts in Finnish too", () => {
    const fi = catalogues.fi;
    expect(validateSettingsForm({ ...validSettings, retentionMonths: "3" }, fi)).toEqual({
      ok: false,
      errors: {
        retentionMonths:
          "Käytä kokonaislukua väliltä 6–60 kuukautta tai jätä kenttä tyhjäksi, niin mitään ei poisteta.",
      },
    });
    expect(t.retentionInvalid(6, 60)).toBe(
      "Use a whole number of months from 6 to 60, or leave it empty to keep everything.",
    );
  });

  it("treats a missing follow-up value as invalid rather than as 0", () => {
    const result = validateSettingsForm({ ...validSettings, followUpDays: null }, t);
    expect(result).toEqual({ ok: false, errors: { followUpDays: t.followUpDaysInvalid } });
  });
});

describe("validateImprovementForm", () => {
  it("reports a short title and a long description together", () => {
    const result = validateImprovementForm(
      { title: " a ", description: "x".repeat(LIMITS.descriptionMax + 1) },
      t,
    );
    expect(result).toEqual({
      ok: false,
      errors: {
        title: t.titleTooShort(IMPROVEMENT_TITLE_MIN),
        description: t.fieldTooLong(LIMITS.descriptionMax, LIMITS.descriptionMax + 1),
      },
    });
  });

  it("trims both, and an empty description is none", () => {
    expect(validateImprovementForm({ title: "  Print return labels ", description: "  " }, t)).toEqual({
      ok: true,
      value: { title: "Print return labels", description: null },
    });
  });
});
