// The manager summary's arithmetic: who is unthanked, what is above the limit, how fast thanks come.
import { describe, expect, it } from "vitest";
import { composeDigest, type PeriodTotals } from "../../src/domain/digest.ts";
import {
  composeManagerSummary,
  instantRecipients,
  isAboveLimit,
  median,
  roundDuration,
  type SummaryInput,
  summaryInput,
  summaryLoop,
  summaryRecipients,
} from "../../src/domain/managerSummary.ts";
import type { GoodCall, Money } from "../../src/domain/types.ts";

const HOUR = 3600_000;
const start = new Date("2026-11-13T13:00:00Z");
const zero: PeriodTotals = { goodCalls: 0, people: 0, stories: 0, appreciations: 0, valueGiven: [] };

function call(id: number, authorId: string, value: Money | null = null, hoursIn = id): GoodCall {
  return {
    id,
    teamId: "C1",
    authorId,
    what: `good call ${id}`,
    why: null,
    tags: [],
    value,
    followUp: false,
    source: "inline",
    flaggedPii: false,
    feedTs: null,
    visibility: "team",
    createdAt: new Date(start.getTime() + hoursIn * HOUR),
    appreciationCount: 0,
  };
}

function input(overrides: Partial<SummaryInput>): SummaryInput {
  return {
    teamId: "C1",
    language: "en",
    timeZone: "Europe/Helsinki",
    period: { start, end: new Date(start.getTime() + 7 * 24 * HOUR) },
    totals: zero,
    previous: zero,
    goodCalls: [],
    storyAuthors: [],
    firstThanksAt: new Map(),
    thankedPeople: new Set(),
    usualLimit: null,
    unreachableManagers: [],
    managerId: "UM",
    retention: null,
    ...overrides,
  };
}

describe("median", () => {
  it.each([
    [[], null],
    [[5], 5],
    [[3, 1, 2], 2],
    [[4, 1, 3, 2], 2.5],
  ])("median(%j) = %j", (values, expected) => {
    expect(median(values)).toBe(expected);
  });
});

describe("composeManagerSummary", () => {
  it("lists everyone not thanked this period, never the manager themselves", () => {
    const summary = composeManagerSummary(
      input({
        goodCalls: [call(1, "U2"), call(2, "U3"), call(3, "UM")],
        storyAuthors: ["U4"],
        thankedPeople: new Set(["U3"]),
      }),
    );
    expect(summary.unthanked).toEqual(["U2", "U4"]);
  });

  it("has no acknowledgement figures for an empty week", () => {
    const summary = composeManagerSummary(input({}));
    expect(summary.acknowledged).toEqual({ count: 0, total: 0 });
    expect(summary.medianMsToFirstThanks).toBeNull();
  });

  it("measures the share acknowledged and the median time to the first thanks", () => {
    const calls = [call(1, "U2"), call(2, "U3"), call(3, "U4")];
    const [first, second] = calls as [GoodCall, GoodCall, GoodCall];
    const firstThanksAt = new Map([
      [1, new Date(first.createdAt.getTime() + 2 * HOUR)],
      [2, new Date(second.createdAt.getTime() + 4 * HOUR)],
    ]);
    const summary = composeManagerSummary(input({ goodCalls: calls, firstThanksAt }));
    expect(summary.acknowledged).toEqual({ count: 2, total: 3 });
    expect(summary.medianMsToFirstThanks).toBe(3 * HOUR);
  });

  it("with one thanked call the median is that call's delay", () => {
    const only = call(1, "U2");
    const summary = composeManagerSummary(
      input({
        goodCalls: [only],
        firstThanksAt: new Map([[1, new Date(only.createdAt.getTime() + 30 * 60_000)]]),
      }),
    );
    expect(summary.medianMsToFirstThanks).toBe(30 * 60_000);
  });

  it("lists good calls above the usual limit, in that currency only, largest first", () => {
    const limit = { cents: 2000, currency: "EUR" };
    const summary = composeManagerSummary(
      input({
        usualLimit: limit,
        goodCalls: [
          call(1, "U2", { cents: 2500, currency: "EUR" }),
          call(2, "U3", { cents: 2000, currency: "EUR" }),
          call(3, "U4", { cents: 9000, currency: "USD" }),
          call(4, "U5", { cents: 5000, currency: "EUR" }),
          call(5, "U6", null),
        ],
      }),
    );
    expect(summary.aboveLimit.map((c) => c.id)).toEqual([4, 1]);
  });

  it("names unreachable managers to the others only", () => {
    expect(composeManagerSummary(input({ unreachableManagers: ["UX", "UM"] })).unreachableManagers).toEqual([
      "UX",
    ]);
  });
});

describe("who gets what", () => {
  const managers = [
    { userId: "U1", preference: "instant" as const, unreachable: false },
    { userId: "U2", preference: "daily" as const, unreachable: false },
    { userId: "U3", preference: "weekly" as const, unreachable: false },
    { userId: "U4", preference: "off" as const, unreachable: false },
    { userId: "U5", preference: "instant" as const, unreachable: true },
  ];

  it("sends instant DMs to instant managers other than the author, skipping the unreachable", () => {
    expect(instantRecipients(managers, "U9")).toEqual(["U1"]);
    expect(instantRecipients(managers, "U1")).toEqual([]);
  });

  it("sends the weekly summary to everyone who has not turned DMs off", () => {
    expect(summaryRecipients(managers)).toEqual(["U1", "U2", "U3"]);
  });

  it("compares limits only in the same currency", () => {
    expect(isAboveLimit({ cents: 2001, currency: "EUR" }, { cents: 2000, currency: "EUR" })).toBe(true);
    expect(isAboveLimit({ cents: 2000, currency: "EUR" }, { cents: 2000, currency: "EUR" })).toBe(false);
    expect(isAboveLimit({ cents: 9999, currency: "SEK" }, { cents: 2000, currency: "EUR" })).toBe(false);
    expect(isAboveLimit(null, { cents: 2000, currency: "EUR" })).toBe(false);
  });

  it.each([
    [30_000, { unit: "min", value: 1 }],
    [45 * 60_000, { unit: "min", value: 45 }],
    [3 * HOUR, { unit: "h", value: 3 }],
    [50 * HOUR, { unit: "d", value: 2 }],
  ])("rounds %i ms for people", (ms, expected) => {
    expect(roundDuration(ms)).toEqual(expected);
  });
});

describe("a summary from the digest's week", () => {
  const period = { start, end: new Date(start.getTime() + 7 * 24 * HOUR) };
  const goodCalls = [
    call(1, "U1", { cents: 0, currency: "EUR" }),
    call(2, "U2", { cents: 900, currency: "EUR" }),
  ];
  const digestInput = {
    teamId: "C1",
    language: "en" as const,
    timeZone: "Europe/Helsinki",
    period,
    late: false,
    goodCalls,
    stories: [],
    appreciations: 1,
    previous: zero,
    firstTimers: [],
    extras: [
      {
        kind: "patterns" as const,
        patterns: [{ key: "tag:late", label: "#late", count: 3, people: 2, valueGiven: [] }],
      },
      { kind: "promises" as const, kept: 1, broken: 0, open: 2 },
    ],
  };
  const week = { input: digestInput, digest: composeDigest(digestInput) };

  it("takes the digest's totals and entries, and the manager's own facts", () => {
    const facts = {
      firstThanksAt: new Map([[2, new Date(start.getTime() + 3 * HOUR)]]),
      thankedPeople: new Set(["U2"]),
      retention: { months: 12, goodCalls: 14, stories: 2 },
    };
    const made = summaryInput(week, facts, {
      managerId: "UM",
      usualLimit: null,
      unreachableManagers: ["UX"],
    });
    expect(made).toEqual(
      input({
        totals: week.digest.totals,
        goodCalls,
        firstThanksAt: facts.firstThanksAt,
        thankedPeople: facts.thankedPeople,
        unreachableManagers: ["UX"],
        retention: facts.retention,
      }),
    );
    expect(made.totals.valueGiven).toEqual([{ cents: 900, currency: "EUR" }]);
  });

  it("takes the patterns and promises from the digest's sections", () => {
    expect(summaryLoop(week.digest, 4)).toEqual({
      patterns: [{ key: "tag:late", label: "#late", count: 3, people: 2 }],
      openImprovements: 4,
      promises: { kept: 1, broken: 0, open: 2 },
    });
  });
});
