// Unit tests for authority that grows: the evidence window, when the app proposes a higher usual
// limit and which, the rules people say got in their way, and reading a suggestion back from a button.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type AnsweredCall,
  evidenceWindow,
  prefillableRaise,
  proposeRaise,
  RAISE_MIN_ANSWERED,
  roundUp,
  rulesInTheWay,
  suggestLimit,
} from "../../src/domain/authority.ts";
import { catalogues } from "../../src/domain/i18n.ts";
import type { PatternCall } from "../../src/domain/patterns.ts";
import type { Money, Outcome } from "../../src/domain/types.ts";
import { LIMITS, ruleAnswer, validateGoodCallForm } from "../../src/domain/validate.ts";

const eur = (units: number): Money => ({ cents: units * 100, currency: "EUR" });
const answered = (units: number, outcome: Outcome, currency = "EUR"): AnsweredCall => ({
  value: { cents: units * 100, currency },
  outcome,
});

describe("evidenceWindow", () => {
  it("reaches back three months on the team's calendar, across a change of clocks", () => {
    // Fri 27 Nov 2026 15:00 in Helsinki (UTC+2) back to 27 Aug 15:00 (UTC+3).
    const end = new Date("2026-11-27T13:00:00Z");
    expect(evidenceWindow(end, "Europe/Helsinki")).toEqual({
      start: new Date("2026-08-27T12:00:00Z"),
      end,
    });
  });
});

describe("roundUp", () => {
  it.each([
    [1, 100],
    [800, 800],
    [801, 900],
    [1000, 1000],
    [1001, 1500],
    [2300, 2500],
    [5700, 6000],
    [9999, 10000],
    [12000, 15000],
    [48000, 50000],
    [123400, 150000],
  ])("%i cents → %i", (cents, rounded) => {
    expect(roundUp(cents)).toBe(rounded);
  });

  it("never rounds down, always lands on whole units, and leaves a round amount as it is", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: LIMITS.maxAmountCents }), (cents) => {
        const rounded = roundUp(cents);
        expect(rounded).toBeGreaterThanOrEqual(cents);
        expect(rounded % 100).toBe(0);
        expect(roundUp(rounded)).toBe(rounded);
      }),
    );
  });
});

describe("suggestLimit", () => {
  it("covers at least 4 in 5 of the helped calls with a round amount", () => {
    // Helped at 25, 30, 30, 35, 40, 45, 90: 4 in 5 of 7 is 6 calls, the 6th is 45.
    expect(suggestLimit(eur(20), [2500, 3000, 3000, 3500, 4000, 4500, 9000])).toEqual(eur(45));
    expect(suggestLimit(eur(20), [2100, 2200, 2300, 2400, 2600])).toEqual(eur(25));
  });

  it("stays within the largest amount GoodCall takes", () => {
    const max = LIMITS.maxAmountCents;
    expect(suggestLimit({ cents: max - 100, currency: "EUR" }, [max, max, max, max, max])).toEqual({
      cents: max,
      currency: "EUR",
    });
    expect(suggestLimit({ cents: max, currency: "EUR" }, [max, max, max, max, max])).toBeNull();
  });
});

describe("proposeRaise", () => {
  it("proposes a higher limit when 7 of 8 calls above it helped and none backfired", () => {
    const calls = [
      ...[25, 30, 30, 35, 40, 45, 50].map((units) => answered(units, "helped")),
      answered(28, "no_change"),
    ];
    expect(proposeRaise(eur(20), calls)).toEqual({
      current: eur(20),
      // 4 in 5 of the 7 helped calls are at most 45 EUR.
      suggested: eur(45),
      answered: 8,
      helped: 7,
    });
  });

  it("stays quiet after a single backfire, however many helped", () => {
    const calls = [...Array.from({ length: 20 }, () => answered(30, "helped")), answered(30, "backfired")];
    expect(proposeRaise(eur(20), calls)).toBeNull();
  });

  it("needs 5 answers above the limit, and 4 in 5 of them helped", () => {
    const helped = (n: number) => Array.from({ length: n }, () => answered(30, "helped"));
    expect(proposeRaise(eur(20), helped(4))).toBeNull();
    expect(proposeRaise(eur(20), helped(5))).not.toBeNull();
    expect(proposeRaise(eur(20), [...helped(4), answered(30, "no_change")])).not.toBeNull();
    expect(
      proposeRaise(eur(20), [...helped(3), answered(30, "no_change"), answered(30, "no_change")]),
    ).toBeNull();
  });

  it("counts only calls above the limit, in its own currency, with an answer", () => {
    const others = [
      ...Array.from({ length: 5 }, () => answered(20, "helped")),
      ...Array.from({ length: 5 }, () => answered(300, "helped", "SEK")),
      ...Array.from({ length: 5 }, () => ({ value: eur(30), outcome: null })),
      ...Array.from({ length: 5 }, () => ({ value: null, outcome: "helped" as const })),
      // Below the limit: a backfire there says nothing about the room above it.
      answered(10, "backfired"),
    ];
    expect(proposeRaise(eur(20), others)).toBeNull();
    const above = Array.from({ length: 5 }, () => answered(30, "helped"));
    expect(proposeRaise(eur(20), [...others, ...above])).toMatchObject({ answered: 5, helped: 5 });
  });

  it("never proposes anything for a team without a usual limit", () => {
    expect(
      proposeRaise(
        null,
        Array.from({ length: 9 }, () => answered(30, "helped")),
      ),
    ).toBeNull();
  });

  const limitArb = fc.record({
    cents: fc.integer({ min: 0, max: 10_000 }),
    currency: fc.constantFrom("EUR", "EUR", "EUR", "SEK"),
  });
  const callArb: fc.Arbitrary<AnsweredCall> = fc.record({
    value: fc.option(
      fc.record({ cents: fc.integer({ min: 0, max: 20_000 }), currency: fc.constantFrom("EUR", "SEK") }),
    ),
    outcome: fc.option(fc.constantFrom<Outcome>("helped", "no_change", "backfired")),
  });
  // Good quarters (helped, sometimes no change, never backfired) mixed with anything at all, so that
  // proposals are common enough to test what they say, and so is everything that must prevent one.
  const hopefulArb: fc.Arbitrary<AnsweredCall> = fc.record({
    value: fc.record({ cents: fc.integer({ min: 5_000, max: 20_000 }), currency: fc.constant("EUR") }),
    outcome: fc.oneof(
      { arbitrary: fc.constant<Outcome>("helped"), weight: 9 },
      { arbitrary: fc.constant<Outcome>("no_change"), weight: 1 },
    ),
  });
  const callsArb = fc
    .tuple(fc.array(callArb, { maxLength: 4 }), fc.array(hopefulArb, { minLength: 5, maxLength: 30 }))
    .map(([any, hopeful]) => [...any, ...hopeful]);
  let proposals = 0;

  it("never suggests a limit at or below the current one, nor in another currency", () => {
    fc.assert(
      fc.property(limitArb, callsArb, (limit, calls) => {
        const proposal = proposeRaise(limit, calls);
        if (proposal === null) return;
        proposals++;
        expect(proposal.suggested.currency).toBe(limit.currency);
        expect(proposal.suggested.cents).toBeGreaterThan(limit.cents);
        expect(proposal.suggested.cents).toBeLessThanOrEqual(LIMITS.maxAmountCents);
      }),
    );
    // A generator that never made a proposal would let the property pass without testing anything.
    expect(proposals).toBeGreaterThan(20);
  });

  it("never appears with a backfire above the limit, with fewer than 5 answers, or under 4 in 5 helped", () => {
    fc.assert(
      fc.property(limitArb, callsArb, (limit, calls) => {
        const above = calls.filter(
          (c) => c.outcome !== null && c.value?.currency === limit.currency && c.value.cents > limit.cents,
        );
        const helped = above.filter((c) => c.outcome === "helped").length;
        const proposal = proposeRaise(limit, calls);
        if (
          above.some((c) => c.outcome === "backfired") ||
          above.length < RAISE_MIN_ANSWERED ||
          helped * 5 < above.length * 4
        ) {
          expect(proposal).toBeNull();
        } else {
          expect(proposal).toMatchObject({ answered: above.length, helped });
        }
      }),
    );
  });

  it("suggests an amount that covers at least 4 in 5 of the helped calls above the limit", () => {
    fc.assert(
      fc.property(limitArb, callsArb, (limit, calls) => {
        const proposal = proposeRaise(limit, calls);
        if (proposal === null) return;
        const helped = calls.filter(
          (c) =>
            c.outcome === "helped" && c.value?.currency === limit.currency && c.value.cents > limit.cents,
        );
        const covered = helped.filter((c) => (c.value?.cents ?? 0) <= proposal.suggested.cents).length;
        expect(covered * 5).toBeGreaterThanOrEqual(helped.length * 4);
      }),
    );
  });
});

describe("prefillableRaise", () => {
  it.each<[string, Money | null, Money | null, Money | null]>([
    ["a higher limit in the same currency", eur(20), eur(50), eur(50)],
    ["the same limit", eur(20), eur(20), null],
    ["a lower limit", eur(20), eur(10), null],
    ["another currency", eur(20), { cents: 50_000, currency: "SEK" }, null],
    ["a team that has no limit any more", null, eur(50), null],
    ["more than GoodCall takes", eur(20), { cents: LIMITS.maxAmountCents + 100, currency: "EUR" }, null],
  ])("%s", (_name, current, suggested, expected) => {
    expect(prefillableRaise(current, suggested)).toEqual(expected);
  });
});

describe("ruleAnswer", () => {
  it.each([
    ["", null],
    ["   ", null],
    ["No", null],
    ["no.", null],
    ["None!", null],
    ["n/a", null],
    ["-", null],
    ["Ei", null],
    ["ei mitään", null],
    ["  Refunds over 20 EUR need approval  ", "Refunds over 20 EUR need approval"],
    ["No refunds without a receipt", "No refunds without a receipt"],
  ])("%j → %j", (text, expected) => {
    expect(ruleAnswer(text)).toBe(expected);
  });

  it("is part of the good-call form, at most 500 characters", () => {
    const t = catalogues.en;
    const form = (ruleInTheWay: string) =>
      validateGoodCallForm(
        {
          what: "Gave a voucher",
          why: null,
          tags: null,
          amount: null,
          currency: null,
          followUp: false,
          ruleInTheWay,
        },
        t,
      );
    expect(form(" Approval takes a day ")).toMatchObject({
      ok: true,
      value: { ruleInTheWay: "Approval takes a day" },
    });
    expect(form("nope")).toMatchObject({ ok: true, value: { ruleInTheWay: null } });
    expect(form("🚧".repeat(500))).toMatchObject({ ok: true });
    expect(form("🚧".repeat(501))).toEqual({ ok: false, errors: { ruleInTheWay: t.fieldTooLong(500, 501) } });
  });
});

describe("rulesInTheWay", () => {
  let nextId = 1;
  const call = (authorId: string, ruleInTheWay: string | null, minute = nextId): PatternCall => ({
    id: nextId++,
    authorId,
    what: "Helped a customer",
    why: null,
    tags: [],
    value: null,
    createdAt: new Date(Date.UTC(2026, 10, 23, 9, minute)),
    ruleInTheWay,
  });

  it("lists the rules most people met first, each in the newest author's words", () => {
    const calls = [
      call("a", "Refunds over 20 EUR need approval"),
      call("b", "Courier bookings only through the ticket system"),
      call("b", "Needed approval from the store manager"),
      call("c", "Waiting for approval took a day"),
      call("a", "No"),
      call("d", null),
    ];
    expect(rulesInTheWay(calls)).toEqual([
      { label: "approval", quote: "Waiting for approval took a day", count: 3, people: 3 },
      { label: null, quote: "Courier bookings only through the ticket system", count: 1, people: 1 },
    ]);
  });

  it("shows at most three, and lists an answer without keywords too", () => {
    const calls = [call("a", "KYC"), call("b", "Forms"), call("c", "Stock rules"), call("d", "Till codes")];
    const rules = rulesInTheWay(calls);
    expect(rules).toHaveLength(3);
    expect(rules.map((r) => r.quote)).toEqual(["Till codes", "Stock rules", "Forms"]);
    expect(rulesInTheWay([call("a", "KYC")])).toEqual([{ label: null, quote: "KYC", count: 1, people: 1 }]);
  });

  it("says nothing when nobody met a rule", () => {
    expect(rulesInTheWay([call("a", null), call("b", "ei")])).toEqual([]);
  });

  it("counts every answered call once, and never more than were answered", () => {
    const texts = ["approval", "approvals needed", "policy", "hyväksyntä puuttui", "no", "", "KYC"];
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ author: fc.constantFrom("a", "b", "c"), text: fc.option(fc.constantFrom(...texts)) }),
        ),
        (rows) => {
          const calls = rows.map((row) => call(row.author, row.text));
          const answeredCalls = calls.filter((c) => ruleAnswer(c.ruleInTheWay) !== null).length;
          const rules = rulesInTheWay(calls, 100);
          expect(rules.reduce((sum, r) => sum + r.count, 0)).toBe(answeredCalls);
          for (const rule of rules) {
            expect(rule.people).toBeLessThanOrEqual(rule.count);
            expect(rule.label === null).toBe(rule.count === 1);
          }
        },
      ),
    );
  });
});
