// Unit tests for reading /goodcall text: subcommands, tags and amounts.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  ideaTitleOf,
  normaliseAnyTag,
  normaliseTag,
  parseCommand,
  parseGoodCallText,
  parseSlackGoodCallText,
  THANKS_NOTE_MAX,
  writtenByPerson,
} from "../../src/domain/parse.ts";
import type { Money } from "../../src/domain/types.ts";
import { LIMITS } from "../../src/domain/validate.ts";

const eur = (cents: number): Money => ({ cents, currency: "EUR" });

describe("parseGoodCallText: what", () => {
  it("trims and collapses whitespace but keeps hashtags and amounts as written", () => {
    expect(parseGoodCallText("  Gave a  10€\tvoucher\n\n#late-delivery  ").what).toBe(
      "Gave a 10€ voucher #late-delivery",
    );
  });

  it("turns every run of whitespace of any kind into one space, for any text", () => {
    const spaced = fc
      .array(
        fc.oneof(
          fc.constantFrom(" ", "  ", "\t", "\n", "\r\n", "\u00A0", "\u2009", "\u3000", " \n "),
          fc.string({ unit: "grapheme", maxLength: 4 }),
        ),
        { maxLength: 20 },
      )
      .map((parts) => parts.join(""));
    fc.assert(
      fc.property(spaced, (text) => {
        expect(parseGoodCallText(text).what).toBe(text.trim().replace(/\s+/gu, " "));
      }),
      { numRuns: 2000 },
    );
  });

  it("returns an empty good call for empty text", () => {
    expect(parseGoodCallText("")).toEqual({ what: "", tags: [], value: null, amounts: [] });
    expect(parseGoodCallText(" \n ")).toEqual({ what: "", tags: [], value: null, amounts: [] });
  });

  it("survives emoji, shortcodes and Slack markup", () => {
    const parsed = parseGoodCallText(
      "🎉 :tada: :100: asiakas ilahtui <@U123|anna> <https://x.fi/a#b|link> #kiitos 🎉",
    );
    expect(parsed.tags).toEqual(["kiitos"]);
    expect(parsed.amounts).toEqual([]);
    expect(parsed.what).toContain("🎉 :tada:");
  });
});

describe("parseGoodCallText: tags", () => {
  it.each([
    ["#voucher", ["voucher"]],
    ["#Late-Delivery and #late-delivery again", ["late-delivery"]],
    ["#häiriö #Äänekoski", ["häiriö", "äänekoski"]],
    ["#b #a #b", ["b", "a"]],
    ["order #42 and #123456 are order numbers", []],
    ["#2026q1 is fine", ["2026q1"]],
    ["posted in <#C123|general> and <#C456>", []],
    ["see https://shop.fi/page#section and a&#39;b", []],
    ["(#refund), #lost. #late-", ["refund", "lost", "late"]],
    ["##double", []],
    ["#snake_case_tag!", ["snake_case_tag"]],
    [`#${"a".repeat(41)} is too long`, []],
    ["# not a tag", []],
  ])("%s → %j", (text, tags) => {
    expect(parseGoodCallText(text).tags).toEqual(tags);
  });
});

describe("parseGoodCallText: amounts", () => {
  it.each<[string, Money[]]>([
    ["gave 10€ voucher", [eur(1000)]],
    ["gave €10 voucher", [eur(1000)]],
    ["gave 10 € voucher", [eur(1000)]],
    ["gave 10 EUR", [eur(1000)]],
    ["gave 10 eur", [eur(1000)]],
    ["gave EUR 10", [eur(1000)]],
    ["hyvitin 15 euroa", [eur(1500)]],
    ["$5 coffee", [{ cents: 500, currency: "USD" }]],
    ["5 USD coffee", [{ cents: 500, currency: "USD" }]],
    ["£3 off", [{ cents: 300, currency: "GBP" }]],
    ["12,50 € alennus", [eur(1250)]],
    ["12.50€ refund", [eur(1250)]],
    ["12,5 €", [eur(1250)]],
    ["1 000 € goodwill", [eur(100000)]],
    ["1\u00a0000 € goodwill", [eur(100000)]],
    ["1,000.50 USD", [{ cents: 100050, currency: "USD" }]],
    ["1.000,50 €", [eur(100050)]],
    ["1,000 €", [eur(100000)]],
    [
      "25 SEK and 30 NOK and 40 DKK",
      [
        { cents: 2500, currency: "SEK" },
        { cents: 3000, currency: "NOK" },
        { cents: 4000, currency: "DKK" },
      ],
    ],
    ["CHF 20", [{ cents: 2000, currency: "CHF" }]],
    ["0 € but a smile", [eur(0)]],
    ["and 10 EUR", [eur(1000)]],
    ["in 2026 100 € was given", [eur(10000)]],
    ["€10 first then 5 USD", [eur(1000), { cents: 500, currency: "USD" }]],
  ])("%s", (text, amounts) => {
    expect(parseGoodCallText(text).amounts).toEqual(amounts);
  });

  it.each([
    "delivery due 2026-12-04",
    "called back at 15:00",
    "call 040 123 4567 or +358 40 123 4567",
    "order #42 and #123456",
    "waited 10 sek", // Finnish for seconds
    "TOP 10 customers this week",
    "10 PCS and 3 NEW ones",
    "10 EUROOPPALAISTA asiakasta",
    "5-10 € range is not one amount",
    "x10 EUR glued to a word",
    "1.2345 € has too many decimals",
    ":100: great",
  ])("finds no amount in %j", (text) => {
    expect(parseGoodCallText(text).amounts).toEqual([]);
  });

  it("reads EURO as euros, not as EUR followed by a stray letter", () => {
    expect(parseGoodCallText("10 EURO").amounts).toEqual([eur(1000)]);
  });

  it("uses the first amount as the value, never a sum", () => {
    const parsed = parseGoodCallText("gave 10 € voucher and saved them 50 €");
    expect(parsed.value).toEqual(eur(1000));
    expect(parsed.amounts).toEqual([eur(1000), eur(5000)]);
  });

  it("keeps cents integral", () => {
    fc.assert(
      fc.property(fc.nat({ max: 1_000_000 }), fc.nat({ max: 99 }), (whole, cents) => {
        const text = `gave ${whole},${String(cents).padStart(2, "0")} €`;
        expect(parseGoodCallText(text).value).toEqual(eur(whole * 100 + cents));
      }),
    );
  });

  it("never throws and always returns integer cents", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (text) => {
        const parsed = parseGoodCallText(text);
        for (const amount of parsed.amounts) expect(Number.isSafeInteger(amount.cents)).toBe(true);
        expect(parsed.value).toEqual(parsed.amounts[0] ?? null);
      }),
    );
  });
});

describe("parseCommand", () => {
  it.each([
    ["", { kind: "openModal" }],
    ["   ", { kind: "openModal" }],
    ["help", { kind: "help" }],
    ["HELP", { kind: "help" }],
    ["Help?", { kind: "help" }],
    ["ohje", { kind: "help" }],
    ["stats", { kind: "stats" }],
    ["stats for me", { kind: "stats" }],
    ["tilastot", { kind: "stats" }],
    ["setup", { kind: "setup" }],
    ["asetukset", { kind: "setup" }],
    ["digest preview", { kind: "digestPreview" }],
    ["Digest", { kind: "digestPreview" }],
    ["kooste", { kind: "digestPreview" }],
    ["export", { kind: "export" }],
    ["forget me", { kind: "forgetMe" }],
    ["Forget Me", { kind: "forgetMe" }],
    ["forget", { kind: "unknown", word: "forget" }],
    ["forget my data", { kind: "unknown", word: "forget" }],
    ["thanks <@U123|anna> great save!", { kind: "thanks", userId: "U123", note: "great save!" }],
    ["kiitos <@W0ABC> hienoa", { kind: "thanks", userId: "W0ABC", note: "hienoa" }],
    ["thanks <@U123>", { kind: "thanks", userId: "U123", note: "" }],
    ["thanks @anna for the help", { kind: "thanks", userId: null, note: "@anna for the help" }],
    ["thanks", { kind: "thanks", userId: null, note: "" }],
    ["idea  make refunds automatic ", { kind: "idea", text: "make refunds automatic" }],
    ["idea", { kind: "idea", text: "" }],
    ["stat", { kind: "unknown", word: "stat" }],
    ["exprot", { kind: "unknown", word: "exprot" }],
    ["häiriö", { kind: "unknown", word: "häiriö" }],
    ["constructor", { kind: "unknown", word: "constructor" }],
    ["refunded", { kind: "unknown", word: "refunded" }],
  ])("%j", (text, command) => {
    expect(parseCommand(text)).toEqual(command);
  });

  it.each([
    "helped a customer carry boxes",
    "Stayed on the line and walked her through the setup",
    "exported nothing, just gave 10€",
    "thanksgiving parcel arrived late so gave 5 €",
    "#voucher",
    "10€",
    "covid19",
    "supercalifragilisticexpialidocious",
    "digested? no: ideation session for the customer",
  ])("logs %j as a good call", (text) => {
    expect(parseCommand(`  ${text}  `)).toEqual({ kind: "log", text });
  });

  it("never throws on any input", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (text) => {
        expect(typeof parseCommand(text).kind).toBe("string");
      }),
    );
  });
});

// The user trial: "/goodcall thanks to the storm we delivered late, gave $5 off #late" answered
// "Mention who to thank" and saved nothing. A subcommand counts only in its own form.
describe("parseCommand: a subcommand word starting a good call", () => {
  it.each([
    "thanks to the storm we delivered late, gave $5 off #late",
    "Thanks to her patience we found the missing parcel",
    "kiitos-kortti mukaan ja 10 € alennus myöhästyneestä toimituksesta",
    "Kiitos asiakkaalle kärsivällisyydestä, hyvitin 5 € toimitusmaksusta",
    "stats showed the parcel was lost, so I sent a new one at our cost",
    "Tilastot näyttivät paketin kadonneen, lähetin uuden omalla kustannuksella",
    "export papers were missing so I filled them in for the customer",
    "setup the new router for her over the phone, no charge",
    "Asetukset olivat sekaisin, nollasin puhelimen asiakkaan kanssa",
    "help desk was closed so I drove the charger to her house",
    "Help with the boxes to the car for an elderly customer",
    "Ohje puuttui paketista, tulostin sen asiakkaalle",
    "digest of the complaint: sent a written apology and 10 € voucher",
    "Kooste asiakkaan toiveista välitetty tuotekehitykseen, annoin 5 € lahjakortin",
    "forget the fee, waived the 15 € redelivery charge for her",
  ])("logs %j as a good call", (text) => {
    expect(parseCommand(text)).toEqual({ kind: "log", text });
  });

  it.each([
    ["stats", { kind: "stats" }],
    ["Stats please", { kind: "stats" }],
    ["tilastot", { kind: "stats" }],
    ["help", { kind: "help" }],
    ["ohje", { kind: "help" }],
    ["setup", { kind: "setup" }],
    ["asetukset", { kind: "setup" }],
    ["export", { kind: "export" }],
    ["export my data", { kind: "export" }],
    ["digest preview", { kind: "digestPreview" }],
    ["kooste", { kind: "digestPreview" }],
    ["forget me", { kind: "forgetMe" }],
    [
      "thanks <@U2|anna> for covering my shift",
      { kind: "thanks", userId: "U2", note: "for covering my shift" },
    ],
    ["kiitos <@U2> avusta", { kind: "thanks", userId: "U2", note: "avusta" }],
    ["idea make refunds automatic", { kind: "idea", text: "make refunds automatic" }],
    ["idea: soita asiakkaille takaisin", { kind: "idea", text: "soita asiakkaille takaisin" }],
    [
      "idea automaattiset hyvitykset myöhästyneistä",
      { kind: "idea", text: "automaattiset hyvitykset myöhästyneistä" },
    ],
  ])("still reads %j as the subcommand", (text, command) => {
    expect(parseCommand(text)).toEqual(command);
  });

  it.each([
    "idea to call back customers who waited over an hour",
    "Idea oli soittaa jonottaneille asiakkaille takaisin",
    "idea that worked: gave the customer a 5 € voucher",
    "idea of a free coffee for waiting customers came from me",
    "idea gave 10 € credit instead of a refund",
  ])("logs %j and offers it as an idea", (text) => {
    expect(parseCommand(text)).toEqual({ kind: "log", text, offer: "idea" });
  });

  it("logs thanks with a note longer than any thank-you as a good call, so the text is kept", () => {
    const text = `thanks <@U2> ${"for the long story of what we did ".repeat(20)}`.trim();
    expect(parseCommand(text)).toEqual({ kind: "log", text });
  });

  it("knows the thanks note limit the validation uses", () => {
    expect(THANKS_NOTE_MAX).toBe(LIMITS.noteMax);
  });

  it.each([
    ["idea to call back customers who waited over an hour", "Call back customers who waited over an hour"],
    ["Idea: free coffee", "Free coffee"],
    ["Idea oli soittaa takaisin", "Soittaa takaisin"],
    ["ideally we would refund", "Ideally we would refund"],
    ["Gave a refund", "Gave a refund"],
  ])("the idea in %j is %j", (what, title) => {
    expect(ideaTitleOf(what)).toBe(title);
  });
});

describe("parseSlackGoodCallText: channel links", () => {
  it("keeps a channel link readable but never makes it a tag", () => {
    expect(parseSlackGoodCallText("moved the question to <#C0OTHER|random>, gave 5 € off #late")).toEqual({
      what: "moved the question to #random, gave 5 € off #late",
      tags: ["late"],
      value: { cents: 500, currency: "EUR" },
      amounts: [{ cents: 500, currency: "EUR" }],
    });
  });

  it.each([
    ["asked in <#C0OTHER|random> and <#C0SALES>", "asked in #random and #C0SALES", []],
    ["fish &amp; chips on us #food", "fish & chips on us #food", ["food"]],
    ["<@U1|maija> helped, 10 EUR #team", "@maija helped, 10 EUR #team", ["team"]],
    ["kysyin kanavalla <#C1|tuki> #myöhässä", "kysyin kanavalla #tuki #myöhässä", ["myöhässä"]],
  ])("%j", (text, what, tags) => {
    const parsed = parseSlackGoodCallText(text);
    expect(parsed.what).toBe(what);
    expect(parsed.tags).toEqual(tags);
  });
});

describe("normaliseTag", () => {
  it.each([
    ["#Voucher", "voucher"],
    ["  #late-delivery ", "late-delivery"],
    ["HÄIRIÖ", "häiriö"],
    ["ha\u0308irio\u0308", "häiriö"],
    ["q1_2026", "q1_2026"],
    ["", null],
    ["#", null],
    ["42", null],
    ["#123456", null],
    ["late delivery", null],
    ["a".repeat(40), "a".repeat(40)],
    ["a".repeat(41), null],
    ["c++", null],
    ["-", null],
  ])("%j → %j", (raw, tag) => {
    expect(normaliseTag(raw)).toBe(tag);
  });

  it("reads a plain ASCII tag as the general way reads it", () => {
    const character = fc.constantFrom(..."aZq09_-#  Ää\u0308é\t.@\u00a0", "\r", "\u007f", "\u0010");
    fc.assert(
      fc.property(fc.array(character, { maxLength: 45 }), (chars) => {
        const raw = chars.join("");
        expect(normaliseTag(raw)).toBe(normaliseAnyTag(raw));
      }),
      { numRuns: 2000 },
    );
  });
});

describe("Finnish words that only look like subcommands", () => {
  // "Vie" (took) and "Apua" (help for …) open ordinary Finnish sentences, so they are not aliases.
  it.each(["Vie paketti asiakkaalle kotiin", "Apua asiakkaalle laturin kanssa"])("logs %j", (text) => {
    expect(parseCommand(text)).toEqual({ kind: "log", text });
  });
});

describe("text that once made the amount scanner loop forever", () => {
  it.each(["𝒜𝒜𝒜 10", "𝒜𝒜𝒜 10 𝒜𝒜𝒜 20 EUR", "a𝒜𝒜𝒜 5"])("%j finishes", (text) => {
    expect(parseGoodCallText(text).amounts.length).toBeLessThanOrEqual(1);
  });
});

describe("writtenByPerson", () => {
  it.each([
    [{ user: "U2", text: "thanks!" }, true],
    [{ type: "member_joined_channel", user: "U2" }, true],
    [{ bot_id: "B2", subtype: "bot_message" }, false],
    [{ subtype: "bot_message", username: "Zapier" }, false],
    [{ user: "U9", bot_id: "B9" }, false],
    [{ user: "UBOT" }, false],
    [{ user: "UBOT", bot_id: "B1" }, false],
  ])("%j → %s", (authored, person) => {
    expect(writtenByPerson(authored, "UBOT")).toBe(person);
  });
});
