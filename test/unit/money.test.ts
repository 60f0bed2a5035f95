// Unit tests for money: per-currency sums, never a zero, always in the same order.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sumByCurrency } from "../../src/domain/money.ts";
import type { Money } from "../../src/domain/types.ts";

describe("sumByCurrency", () => {
  it("sums per currency, sorted by code, skipping amounts that are not there", () => {
    expect(
      sumByCurrency([
        { cents: 1000, currency: "USD" },
        null,
        { cents: 1250, currency: "EUR" },
        undefined,
        { cents: 750, currency: "EUR" },
      ]),
    ).toEqual([
      { cents: 2000, currency: "EUR" },
      { cents: 1000, currency: "USD" },
    ]);
  });

  it("leaves out a currency that adds up to nothing", () => {
    expect(sumByCurrency([{ cents: 0, currency: "EUR" }])).toEqual([]);
    expect(
      sumByCurrency([
        { cents: 0, currency: "SEK" },
        { cents: 5, currency: "EUR" },
      ]),
    ).toEqual([{ cents: 5, currency: "EUR" }]);
  });

  it("orders by code unit, whatever the server's locale thinks of case", () => {
    expect(
      sumByCurrency([
        { cents: 1, currency: "eur" },
        { cents: 1, currency: "USD" },
      ]).map((m) => m.currency),
    ).toEqual(["USD", "eur"]);
  });

  const amount: fc.Arbitrary<Money> = fc.record({
    cents: fc.nat({ max: 100_000_000 }),
    currency: fc.constantFrom("EUR", "USD", "SEK", "GBP"),
  });

  it("keeps every cent, in one entry per currency, none zero, whatever the input order", () => {
    fc.assert(
      fc.property(fc.array(fc.option(amount, { nil: null })), (amounts) => {
        const sums = sumByCurrency(amounts);
        const given = amounts.filter((a): a is Money => a !== null);
        const total = (list: Money[]) => list.reduce((n, m) => n + m.cents, 0);
        expect(total(sums)).toBe(total(given));
        expect(sums.every((m) => m.cents !== 0)).toBe(true);
        expect(new Set(sums.map((m) => m.currency)).size).toBe(sums.length);
        expect(sums.map((m) => m.currency)).toEqual(sums.map((m) => m.currency).sort());
        expect(sumByCurrency([...amounts].reverse())).toEqual(sums);
      }),
    );
  });
});
