// Unit tests for the message catalogues: English and Finnish say the same things, and money reads naturally in both.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  catalogues,
  counted,
  formatMoney,
  languageFromLocale,
  type Messages,
} from "../../src/domain/i18n.ts";

const { en, fi } = catalogues;

type Fn = (...args: never[]) => string;
type FunctionKey = { [K in keyof Messages]: Messages[K] extends Fn ? K : never }[keyof Messages];

// Sample arguments, typed by the catalogue: numbers are tried as 1 and 2 (singular and plural
// branches), strings as "X". A message function added later without samples here is still called,
// with generic arguments (see argumentsFor), so the catalogue can grow without this file.
const samples: Partial<{ [K in FunctionKey]: Array<Parameters<Messages[K]>> }> = {
  logged: [["X"]],
  loggedTo: [["X"]],
  whatTooShort: [[1], [2]],
  whatTooLong: [[1, 2]],
  fieldTooLong: [[1, 2]],
  storyTooShort: [[1], [2]],
  amountRange: [["X"]],
  tagsInvalid: [["X"]],
  setupDone: [["X"]],
  accessNotManager: [["X"]],
  timeZoneInvalid: [["X"]],
  feedGoodCall: [["X"]],
  feedStory: [["X"]],
  appreciations: [[1], [2]],
  statGoodCalls: [[1], [2]],
  statStories: [[1], [2]],
  statAppreciations: [[1], [2]],
  statValue: [["X"]],
  unknownCommand: [["X"]],
  digestPeople: [[1], [2]],
  digestValueGiven: [["X"]],
  digestUp: [["X"]],
  digestDown: [["X"]],
  digestMoreInHome: [[1], [2]],
  digestAndMore: [[1], [2]],
  digestFirstTimers: [["X"]],
  digestBy: [["X"]],
  digestOutcomes: [
    [1, 1],
    [1, 2],
  ],
  digestOutcomesDetail: [[1, 2]],
  digestPattern: [
    [1, 1],
    [2, 2],
  ],
  digestCompleted: [
    [1, "X", "X"],
    [2, "X", "X"],
  ],
  digestCompletedAlone: [["X"]],
  digestRecurrence: [[1, 2]],
  digestEntries: [
    [2, 1],
    [3, 2],
  ],
  promisesKeptRate: [[4, 5, 80, 1]],
  followUpAsk: [["X"]],
  statsSince: [["X"]],
};

/** The sample argument lists for a message function, and whether every argument must show in the text. */
function argumentsFor(key: FunctionKey): { lists: unknown[][]; mustShow: boolean } {
  const known = samples[key] as unknown[][] | undefined;
  if (known) return { lists: known, mustShow: true };
  const arity = en[key].length;
  return { lists: [Array.from({ length: arity }, (_, i) => i + 1), Array(arity).fill("X")], mustShow: false };
}

const keys = Object.keys(en).sort() as Array<keyof Messages>;
const functionKeys = keys.filter((key) => typeof en[key] === "function") as FunctionKey[];

function strings(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (typeof value === "object" && value !== null) return Object.values(value).flatMap(strings);
  return [];
}

describe("catalogues", () => {
  it("English and Finnish have exactly the same keys", () => {
    expect(Object.keys(fi).sort()).toEqual(keys);
    expect(keys.length).toBeGreaterThanOrEqual(90);
  });

  it("has samples only for message functions that exist", () => {
    for (const key of Object.keys(samples)) expect(functionKeys).toContain(key);
    expect(functionKeys.length).toBeGreaterThanOrEqual(19);
  });

  it.each(keys)("%s has the same shape in both languages", (key) => {
    const a = en[key];
    const b = fi[key];
    expect(typeof b).toBe(typeof a);
    expect(Array.isArray(b)).toBe(Array.isArray(a));
    if (typeof a === "function" && typeof b === "function") expect(b.length).toBe(a.length);
    if (Array.isArray(a) && Array.isArray(b)) expect(b.length).toBe(a.length);
    if (typeof a === "object" && !Array.isArray(a))
      expect(Object.keys(b).sort()).toEqual(Object.keys(a).sort());
  });

  it.each(["en", "fi"] as const)("%s has no empty or blank strings", (language) => {
    const texts = keys.flatMap((key) => strings(catalogues[language][key]));
    expect(texts.length).toBeGreaterThanOrEqual(80);
    for (const text of texts) expect(text.trim()).not.toBe("");
  });

  it.each(
    (["en", "fi"] as const).flatMap((language) =>
      functionKeys.flatMap((key) => {
        const { lists, mustShow } = argumentsFor(key);
        return lists.map((args) => [language, key, args, mustShow] as const);
      }),
    ),
  )("%s.%s%j says something with its arguments in it", (language, key, args, mustShow) => {
    const fn = catalogues[language][key] as (...a: unknown[]) => unknown;
    const text = fn(...args);
    expect(typeof text).toBe("string");
    expect(String(text).trim()).not.toBe("");
    if (mustShow) for (const arg of args) expect(text).toContain(String(arg));
  });

  it("speaks Finnish for most messages", () => {
    const same = keys.filter((key) => {
      const a = en[key];
      const b = fi[key];
      return typeof a === "function" ? false : JSON.stringify(a) === JSON.stringify(b);
    });
    expect(same).toContain("homeTitle");
    expect(same.length, same.join(", ")).toBeLessThanOrEqual(3);
  });

  it("translates the important messages", () => {
    expect(fi.logged("<@U1>")).not.toBe(en.logged("<@U1>"));
    expect(fi.logged("<@U1>")).toBe("Kiitos, <@U1>! Hyvä ratkaisusi on tallennettu.");
    expect(fi.noTeam).not.toBe(en.noTeam);
    expect(fi.noTeam).toContain("`/goodcall setup`");
    expect(en.noTeam).toContain("`/goodcall setup`");
    expect(fi.helpText).not.toBe(en.helpText);
    expect(fi.helpText.split("\n")).toHaveLength(en.helpText.split("\n").length);
    expect(fi.appreciations(2)).toBe("2 arvostusta");
    expect(en.appreciations(1)).toBe("1 appreciation");
    expect(en.appreciations(2)).toBe("2 appreciations");
  });

  it.each(["en", "fi"] as const)("%s modal titles and buttons fit Slack's 24 characters", (language) => {
    const t = catalogues[language];
    for (const text of [
      t.goodCallModalTitle,
      t.storyModalTitle,
      t.settingsModalTitle,
      t.savedModalTitle,
      t.save,
      t.cancel,
      t.close,
    ]) {
      expect([...text].length, text).toBeLessThanOrEqual(24);
    }
  });

  it.each(["en", "fi"] as const)("%s has seven weekdays, Monday first", (language) => {
    expect(catalogues[language].weekdays).toHaveLength(7);
    expect(catalogues[language].weekdays[0]).toBe(language === "en" ? "Monday" : "maanantai");
  });
});

describe("languageFromLocale", () => {
  it.each<[string | null | undefined, "en" | "fi" | null]>([
    ["fi-FI", "fi"],
    ["fi", "fi"],
    ["FI_fi", "fi"],
    ["en-US", "en"],
    ["en-GB", "en"],
    ["sv-SE", null],
    ["", null],
    [null, null],
    [undefined, null],
  ])("%j → %j", (locale, language) => {
    expect(languageFromLocale(locale)).toBe(language);
  });
});

describe("formatMoney", () => {
  it.each<[number, string, string, string]>([
    [1250, "EUR", "12.50 EUR", "12,50 EUR"],
    [1000, "EUR", "10 EUR", "10 EUR"],
    [5, "USD", "0.05 USD", "0,05 USD"],
    [0, "EUR", "0 EUR", "0 EUR"],
    [1205, "SEK", "12.05 SEK", "12,05 SEK"],
    [123456789, "EUR", "1,234,567.89 EUR", "1\u00a0234\u00a0567,89 EUR"],
  ])("%i cents %s → %j / %j", (cents, currency, english, finnish) => {
    expect(formatMoney({ cents, currency }, "en")).toBe(english);
    expect(formatMoney({ cents, currency }, "fi")).toBe(finnish);
  });

  it("gives each amount its own text in each language, however often and in whatever order asked", () => {
    const direct = (cents: number, language: "en" | "fi") =>
      new Intl.NumberFormat(language === "fi" ? "fi-FI" : "en-GB", {
        minimumFractionDigits: cents % 100 === 0 ? 0 : 2,
        maximumFractionDigits: 2,
      }).format(cents / 100);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: -10_000_000, max: 10_000_000 }), fc.constantFrom("en", "fi")), {
          maxLength: 400,
        }),
        (asked) => {
          // Repeats, both languages, and more amounts than are remembered.
          for (const [cents, language] of [...asked, ...asked])
            expect(formatMoney({ cents, currency: "EUR" }, language)).toBe(`${direct(cents, language)} EUR`);
        },
      ),
      { numRuns: 50 },
    );
  });
});

describe("counted", () => {
  it.each([
    [0, "0 good calls"],
    [1, "1 good call"],
    [2, "2 good calls"],
    [21, "21 good calls"],
  ])("English: %i → %s", (n, text) => {
    expect(counted("en", n, { one: "good call", other: "good calls" })).toBe(text);
  });

  it.each([
    [0, "0 hyvää ratkaisua"],
    [1, "1 hyvä ratkaisu"],
    [2, "2 hyvää ratkaisua"],
    [21, "21 hyvää ratkaisua"],
  ])("Finnish: %i → %s", (n, text) => {
    expect(counted("fi", n, { one: "hyvä ratkaisu", other: "hyvää ratkaisua" })).toBe(text);
  });

  it("says what forget me deleted with each count in its own form", () => {
    expect(en.forgetDone(1, 1, 1)).toBe(
      "Done. Deleted: 1 good call, 1 story and 1 appreciation given or received.",
    );
    expect(en.forgetDone(2, 0, 3)).toBe(
      "Done. Deleted: 2 good calls, 0 stories and 3 appreciations given or received.",
    );
    expect(fi.forgetDone(1, 1, 1)).toBe(
      "Valmis. Poistettu: 1 hyvä ratkaisu, 1 tarina ja 1 annettu tai saatu arvostus.",
    );
    expect(fi.forgetDone(2, 0, 3)).toBe(
      "Valmis. Poistettu: 2 hyvää ratkaisua, 0 tarinaa ja 3 annettua tai saatua arvostusta.",
    );
  });

  it("says what retention deleted this week in both languages", () => {
    expect(en.summaryRetention(12, 14, 2)).toBe(
      "Older than 12 months: 14 good calls and 2 stories deleted this week",
    );
    expect(en.summaryRetention(6, 1, 1)).toBe(
      "Older than 6 months: 1 good call and 1 story deleted this week",
    );
    expect(fi.summaryRetention(12, 14, 2)).toBe(
      "Yli 12 kuukautta vanhoja: 14 hyvää ratkaisua ja 2 tarinaa poistettu tällä viikolla",
    );
    expect(fi.summaryRetention(6, 1, 1)).toBe(
      "Yli 6 kuukautta vanhoja: 1 hyvä ratkaisu ja 1 tarina poistettu tällä viikolla",
    );
  });
});

describe("the Finnish catalogue, read by a native speaker", () => {
  // Every Finnish message with every sample: a place where a rule must hold for all of them.
  const allFinnish = (): string[] =>
    (Object.keys(fi) as Array<keyof Messages>).flatMap((key) => {
      const value = fi[key];
      if (typeof value === "string") return [value];
      if (typeof value !== "function") return [];
      const args = (samples as Record<string, unknown[][] | undefined>)[key] ?? [["X", "X", "X", "X"]];
      return args.map((a) => (value as (...x: unknown[]) => string)(...a));
    });

  it("says who has not been thanked as people not yet thanked, not people who have not thanked", () => {
    expect(fi.summaryUnthanked("@Sara")).toBe(
      "*Tällä viikolla ei ole vielä saanut kiitosta:* @Sara. Pieni kiitos merkitsee paljon.",
    );
  });

  it("puts a Finnish date where it cannot end a sentence with a second full stop", () => {
    expect(fi.promiseAsk("pe 4.12.")).toBe(
      "Lupasit asiakkaalle jotain pe 4.12. mennessä. Onko lupaus pidetty?",
    );
    expect(fi.promiseNoted("pe 4.12.")).toBe(
      "Lupaus kirjattu (pe 4.12. mennessä). Muistutan sinua sinä aamuna.",
    );
    expect(fi.followUpAsk("pe 4.12.")).not.toContain("..");
  });

  it("counts one pattern call in the singular", () => {
    expect(fi.improvementFrom("#myöhästyminen", 1)).toBe(
      "Toistuvasta aiheesta #myöhästyminen (1 hyvä ratkaisu)",
    );
    expect(en.improvementFrom("#late", 1)).toBe("From the pattern #late (1 good call)");
  });

  it("talks to the reader as sinä, and asks people to give a command rather than to run it", () => {
    expect(fi.thanksSelf).toBe("Itseäsi et voi kiittää, mutta työstäsi saat olla ylpeä!");
    for (const text of allFinnish()) {
      expect(text).not.toMatch(/\bAja\b|\bajamaan\b|itseään|klikkau/);
    }
  });

  it("uses one word for each thing: parannusehdotus, Koti-välilehti, hyvitysraja", () => {
    const text = allFinnish().join("\n");
    expect(text).not.toMatch(/korjausehdotus|kotinäkymä|kulutusraja|Kääntyi huonoksi/i);
  });

  it("writes percentages the way each language does", () => {
    expect(en.promisesKeptRate(4, 5, 80, 0)).toBe("Promises to customers: kept 4 of 5 (80%)");
    expect(fi.promisesKeptRate(4, 5, 80, 0)).toBe("Lupaukset asiakkaille: pidetty 4/5 (80 %)");
  });
});
