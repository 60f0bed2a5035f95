// Folding for detection: plain text takes a shorter way, which must fold exactly as the general one.
import fc from "fast-check";
import { expect, it } from "vitest";
import { mightHoldPii } from "../../src/domain/pii.ts";
import {
  type Folded,
  foldEveryCharacter,
  foldForDetection,
  plainCharacter,
} from "../../src/domain/unicodeFold.ts";

/** Plain characters, and some that folding changes or that need Unicode lookups, among them. */
const ALPHABET = [
  ..."abcXYZ09 @.+-#€£éÄöåÿ×‘’“”\n\r",
  "\t",
  "\u00a0", // no-break space
  "\u2009", // thin space
  "\u0301", // combining acute accent
  "\u200b", // zero-width space
  "\u2013", // en dash
  "\u2212", // minus sign
  "\uff11", // full-width 1
  "\uff20", // full-width @
  "\u00b2", // superscript 2
  "\u2026", // ellipsis (NFKC: three dots)
  "\u{1f600}", // an emoji: a surrogate pair
];
const texts = fc.array(fc.constantFrom(...ALPHABET), { maxLength: 30 }).map((chars) => chars.join(""));

function expectSameFolding(fast: Folded, general: Folded): void {
  expect(fast.text).toBe(general.text);
  const n = fast.text.length;
  for (let start = 0; start <= n; start++)
    for (let end = start; end <= n + 1; end++)
      expect(fast.origin({ start, end })).toEqual(general.origin({ start, end }));
}

it("folds every text as the general way folds it, and traces every span back alike", () => {
  fc.assert(
    fc.property(texts, (text) => {
      expectSameFolding(foldForDetection(text), foldEveryCharacter(text));
    }),
    { numRuns: 500 },
  );
});

it("replaces spans in a plain text as the general way does", () => {
  fc.assert(
    fc.property(
      texts,
      fc.nat(),
      fc.nat(),
      fc.constantFrom("[phone]", "[email]", "x"),
      (text, a, b, marker) => {
        const fast = foldForDetection(text);
        const general = foldEveryCharacter(text);
        if (fast.text.length === 0) return;
        const start = a % fast.text.length;
        const end = start + 1 + (b % (fast.text.length - start));
        expectSameFolding(fast.replace([{ start, end }], marker), general.replace([{ start, end }], marker));
      },
    ),
    { numRuns: 300 },
  );
});

it("takes as plain only characters that fold to themselves and hold no digit or at sign beyond ASCII", () => {
  // What the general way changes, one character at a time (a run of plain spaces aside).
  const folds = /[\p{M}\p{Cf}\t\u2212]|(?!-)\p{Pd}|(?! )\p{Zs}/u;
  const digitOrAt = /[\p{N}@＠﹫]/u;
  let plain = 0;
  for (let code = 0; code <= 0xffff; code++) {
    if (!plainCharacter(code)) continue;
    plain++;
    const character = String.fromCharCode(code);
    expect(character.normalize("NFKC"), `U+${code.toString(16)}`).toBe(character);
    expect(folds.test(character), `U+${code.toString(16)}`).toBe(false);
    if (code >= 0x7f) expect(digitOrAt.test(character), `U+${code.toString(16)}`).toBe(false);
    // Nothing composes with it: it is no mark, and a mark after it takes the general way.
    expect(foldForDetection(`${character}\u0301`).text).toBe(`${character}\u0301`.normalize("NFKC"));
  }
  // Printable ASCII, two line breaks, Latin-1's letters, £, € and six quotes.
  expect(plain).toBe(95 + 2 + 64 + 2 + 6);
});

it("looks for digits and at signs as the Unicode pattern does", () => {
  fc.assert(
    fc.property(texts, (text) => {
      expect(mightHoldPii(text)).toBe(/[\p{N}@＠﹫]/u.test(text));
    }),
    { numRuns: 500 },
  );
});
