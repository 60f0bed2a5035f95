// The day-phrase patterns read a plain view of the text: every character stands for what it is to them, and they find what they found before in the text itself.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseDueDateInput, parsePromiseDue, plainView } from "../../src/domain/promise.ts";
import { parseDueDateInputBefore, parsePromiseDueBefore } from "../support/promiseBefore.ts";

const HELSINKI = "Europe/Helsinki";
// Wednesday 25 November 2026, 12:00 in Helsinki.
const WEDNESDAY = new Date("2026-11-25T10:00:00Z");

/**
 * What the patterns ask of a character, as they were written for the text (Unicode classes, case
 * folded) and as they are written for the plain view. The letters are those the patterns name: all
 * of a–z but "q", and "ä" and "ö".
 */
const QUESTIONS: ReadonlyArray<[string, RegExp, RegExp]> = [
  ["letter or number", /^[\p{L}\p{N}]$/iu, /^[a-zäö0-9²]$/i],
  ["letter", /^\p{L}$/iu, /^[a-zäö]$/i],
  ["upper-case letter", /^\p{Lu}$/u, /^[A-ZÄÖ]$/],
  ["space", /^\s$/u, /^\s$/],
  ["digit", /^\d$/u, /^\d$/],
  ["apostrophe", /^['’]$/iu, /^'$/i],
  ["punctuation a pattern names", /^[-.;!?\n]$/iu, /^[-.;!?\n]$/i],
  ["a letter a pattern names", /^[a-pr-zäö]$/iu, /^[a-pr-zäö]$/i],
];
const NAMED_LETTERS = [..."abcdefghijklmnoprstuvwxyzäö"].map(
  (letter) => [letter, new RegExp(`^${letter}$`, "iu"), new RegExp(`^${letter}$`, "i")] as const,
);

describe("plainView", () => {
  it("leaves ASCII, ä and ö as they are", () => {
    const text = "Soitan tänään, Hyvitän Ölyn & lähetän ÄÄNEN by Friday's 4.12.\n";
    expect(plainView(text)).toBe(text);
  });

  it("puts a stand-in of the same length in place of every other character", () => {
    expect(plainView("Café ſat\u00a0K’s 𝐀𝑏 ٣ € \u0345")).toBe("Cafq sat K's QQqq ² # q");
  });

  it("gives every code point a one-byte stand-in that answers every question as the code point does", () => {
    const wrong: string[] = [];
    for (let point = 0; point <= 0x10ffff; point++) {
      const char = String.fromCodePoint(point);
      const plain = plainView(char);
      const standIn = plain[0] ?? "";
      if (plain !== standIn.repeat(char.length) || standIn.charCodeAt(0) > 0xff) {
        wrong.push(`U+${point.toString(16)} → ${JSON.stringify(plain)}`);
        continue;
      }
      for (const [question, before, now] of QUESTIONS) {
        if (before.test(char) !== now.test(standIn)) wrong.push(`U+${point.toString(16)}: ${question}`);
      }
      if (/^[a-pr-zäö]$/iu.test(char)) {
        for (const [letter, before, now] of NAMED_LETTERS) {
          if (before.test(char) !== now.test(standIn)) wrong.push(`U+${point.toString(16)}: ${letter}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });
});

/** Pieces of day phrases and of what surrounds them, with the characters the plain view replaces. */
const PIECES = [
  "will call back by Friday",
  "by the end of the day",
  "will ring on Monday",
  "I'll send it tomorrow",
  "lupasin soittaa perjantaina",
  "viimeistään 4.12.",
  "4.12. mennessä",
  "hyvitän huomenna",
  "by",
  "By",
  "the",
  "end",
  "of",
  "day",
  "after",
  "tomorrow",
  "tomorrow's",
  "today",
  "tonight",
  "EOD",
  "later",
  "on",
  "last",
  "viime",
  "Friday",
  "friday’s",
  "fri.",
  "thurs",
  "tues",
  "ſat",
  "ſunday",
  "\u212aeskiviikkona",
  "perjantaihin",
  "PERJANTAINA",
  "torstaina",
  "mennessä",
  "MENNESSÄ",
  "viimeistään",
  "huomenna",
  "huomiseen",
  "ylihuomenna",
  "vielä",
  "myöhemmin",
  "tänään",
  "TÄNÄÄN",
  "will",
  "I'll",
  "we’ll",
  "call",
  "calling",
  "back",
  "get",
  "follow",
  "up",
  "promised",
  "gonna",
  "lupasin",
  "soitan",
  "hyvitämme",
  "otan",
  "yhteyttä",
  "4.12.",
  "4.12.2026",
  "2026-12-04",
  "31.2.",
  "1.1.2020",
  "12",
  "2",
  ".",
  ",",
  "!",
  ";",
  "?",
  "'s",
  "’s",
  "-",
  "Été",
  "Ödön",
  "é",
  "É",
  "ß",
  "\u0345",
  "²",
  "٣",
  "€",
  "😀",
  "𝐀",
  "𝑏",
  "\ud800",
  "\udc00",
];
const SEPARATORS = [
  " ",
  " ",
  " ",
  "",
  "\n",
  "\u00a0",
  "\u2028",
  ". ",
  ". Q",
  ". é",
  ". É",
  ". Ä",
  ". ö",
  "  ",
];

const soup = fc
  .array(fc.tuple(fc.constantFrom(...PIECES), fc.constantFrom(...SEPARATORS)), { maxLength: 12 })
  .map((parts) => parts.map(([piece, separator]) => piece + separator).join(""));
const anyText = fc.oneof(
  { arbitrary: soup, weight: 6 },
  { arbitrary: fc.string({ unit: "binary", maxLength: 40 }), weight: 1 },
  { arbitrary: fc.string({ maxLength: 40 }), weight: 1 },
);
const when = fc.constantFrom(
  WEDNESDAY,
  new Date("2026-11-27T21:59:00Z"),
  new Date("2027-02-27T12:00:00Z"),
  new Date("2028-02-28T23:30:00Z"),
);

describe("the day phrases find what they found when they read the text itself", () => {
  it("parsePromiseDue", () => {
    fc.assert(
      fc.property(anyText, when, (text, now) => {
        expect(parsePromiseDue(text, now, HELSINKI), text).toEqual(
          parsePromiseDueBefore(text, now, HELSINKI),
        );
      }),
      { numRuns: 3000 },
    );
  });

  it("parseDueDateInput", () => {
    fc.assert(
      fc.property(anyText, when, (text, now) => {
        expect(parseDueDateInput(text, now, HELSINKI), text).toBe(
          parseDueDateInputBefore(text, now, HELSINKI),
        );
      }),
      { numRuns: 3000 },
    );
  });

  it.each([
    "Will call back on ſaturday",
    "lupasin \u212aeskiviikkona",
    "will call on Friday’s",
    "will call on Friday'sä",
    "will call on Friday'sÖ",
    "Lupasin. Äiti soittaa perjantaina",
    "Lupasin. äiti soittaa perjantaina",
    "will ring é tomorrow",
    "Soitan torstaina. Éric said 4.12.",
    "Soitan torstaina. éric said 4.12.",
    "we’ll deliver on Friday",
    "by fri.𝐀",
    "by fri.²",
    "will call on Friday\u0345",
    "call 😀 back on Monday",
  ])("%s", (text) => {
    expect(parsePromiseDue(text, WEDNESDAY, HELSINKI)).toEqual(
      parsePromiseDueBefore(text, WEDNESDAY, HELSINKI),
    );
  });
});
