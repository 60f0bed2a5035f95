// Unit tests for spotting and masking customer personal data.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { findPii, maskPii, type PiiKind } from "../../src/domain/pii.ts";

describe("findPii and maskPii: positives", () => {
  it.each<[string, string, PiiKind[]]>([
    ["Asiakas matti.meikalainen@example.fi soitti", "Asiakas [email] soitti", ["email"]],
    [
      "mail <mailto:anna+tilaus@posti.co.uk|anna+tilaus@posti.co.uk>",
      "mail <mailto:[email]|[email]>",
      ["email"],
    ],
    ["pörrö.äijä@yritys.fi", "[email]", ["email"]],
    ["Soita +358 40 123 4567 huomenna", "Soita [phone] huomenna", ["phone"]],
    ["+358401234567", "[phone]", ["phone"]],
    ["+358 (0)40 123 4567", "[phone]", ["phone"]],
    ["call +1 (555) 123-4567 today", "call [phone] today", ["phone"]],
    ["+1-555-123-4567", "[phone]", ["phone"]],
    ["numero 040 123 4567.", "numero [phone].", ["phone"]],
    ["numero 0401234567", "numero [phone]", ["phone"]],
    ["puh. 040-1234567", "puh. [phone]", ["phone"]],
    ["Helsinki 09 123 4567", "Helsinki [phone]", ["phone"]],
    ["070-123 45 67", "[phone]", ["phone"]],
    ["US 555-123-4567", "US [phone]", ["phone"]],
    ["(555) 123-4567", "[phone]", ["phone"]],
    ["555.123.4567", "[phone]", ["phone"]],
    ["kortti 4111 1111 1111 1111 exp 12/27", "kortti [card] exp 12/27", ["card"]],
    ["4111-1111-1111-1111", "[card]", ["card"]],
    ["4111111111111111", "[card]", ["card"]],
    ["amex 3782 822463 10005", "amex [card]", ["card"]],
    ["visa13 4222222222222", "visa13 [card]", ["card"]],
    ["4111 1111 1111 1111 12", "[card] 12", ["card"]],
    ["a@b.fi, 040 123 4567 ja 5555 5555 5555 4444", "[email], [phone] ja [card]", ["email", "phone", "card"]],
    ["card 4111 1111 1111 1111 then mail x@y.com", "card [card] then mail [email]", ["email", "card"]],
    ["two: a@b.fi c@d.fi", "two: [email] [email]", ["email"]],
  ])("%j", (text, masked, kinds) => {
    expect(maskPii(text)).toBe(masked);
    expect(findPii(text)).toEqual(kinds);
  });

  it("masks every digit and letter of the original", () => {
    const masked = maskPii("x anna@example.fi 040 123 4567 4111 1111 1111 1111");
    expect(masked).toBe("x [email] [phone] [card]");
    expect(masked).not.toMatch(/\d/u);
  });
});

describe("findPii and maskPii: negatives", () => {
  it.each([
    "Annoin 10 EUR lahjakortin",
    "hyvitys 1 000 € ja 1 000 000 000 €",
    "12,50 € and $5",
    "vuonna 2026",
    "toimitus 2026-12-04 klo 15:00",
    "04.12.2026 15.00",
    "tilaus #123456 ja #0401234567",
    "order 1234567890123", // 13 digits failing Luhn: an order number, not a card
    "tracking 4111 1111 1111 1112", // one digit off: Luhn fails
    "short numbers 12345 and 123 456",
    "postinumero 00100 Helsinki",
    "ref ABC0401234567",
    "@anna and @here in text",
    "times 15:00-16:30",
    "score 3-2, room 101",
    "",
    "🎉 :tada: hienoa",
  ])("%j", (text) => {
    expect(findPii(text)).toEqual([]);
    expect(maskPii(text)).toBe(text);
  });
});

// Fragments that make up phone numbers, cards, e-mails and their near misses, so the properties
// explore boundaries far more often than random strings would.
const piiish = fc
  .array(
    fc.oneof(
      fc.constantFrom(" ", "-", ".", ",", "+", "(", ")", "#", "@", ":", "/", "[", "]", "0", "\n", "€"),
      fc.constantFrom("040 123 4567", "+358 40 123 4567", "4111 1111 1111 1111", "a@b.fi", "555-123-4567"),
      fc.constantFrom("[email]", "[phone]", "[card]", "fi", "com", "EUR", "x"),
      fc.stringMatching(/^\d{1,8}$/u),
      fc.string({ unit: "grapheme", maxLength: 3 }),
    ),
    { maxLength: 20 },
  )
  .map((parts) => parts.join(""));

describe("maskPii properties", () => {
  it("is idempotent", () => {
    fc.assert(
      fc.property(fc.oneof(piiish, fc.string({ unit: "grapheme" })), (text) => {
        const once = maskPii(text);
        expect(maskPii(once)).toBe(once);
      }),
      { numRuns: 2000 },
    );
  });

  it("leaves nothing findPii would report", () => {
    fc.assert(
      fc.property(fc.oneof(piiish, fc.string({ unit: "grapheme" })), (text) => {
        expect(findPii(maskPii(text))).toEqual([]);
      }),
      { numRuns: 2000 },
    );
  });

  it("reports a kind exactly when masking inserted its marker", () => {
    fc.assert(
      fc.property(piiish, (text) => {
        const masked = maskPii(text);
        const kinds = findPii(text);
        expect(kinds).toEqual([...new Set(kinds)]);
        if (kinds.length === 0) expect(masked).toBe(text);
        else expect(masked).not.toBe(text);
      }),
    );
  });
});
