// Unit tests for composing the weekly digest: totals, change, who is thanked, and what is spotlighted.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  change,
  chooseNotable,
  composeDigest,
  type DigestInput,
  type DigestSection,
  digestInput,
  type LoopFacts,
  loopSections,
  NOTABLE_MAX,
  periodTotals,
  promiseRate,
  totalsOf,
  type WeekFacts,
} from "../../src/domain/digest.ts";
import type { GoodCall } from "../../src/domain/types.ts";
import { at, goodCall, NONE, PERIOD, story } from "../support/fixtures.ts";

function input(overrides: Partial<DigestInput> = {}): DigestInput {
  return {
    teamId: "T1",
    language: "en",
    timeZone: "Europe/Helsinki",
    period: PERIOD,
    late: false,
    goodCalls: [],
    stories: [],
    appreciations: 0,
    previous: NONE,
    firstTimers: [],
    ...overrides,
  };
}

describe("periodTotals", () => {
  it("counts people once across good calls and stories", () => {
    const totals = periodTotals(
      [goodCall({ authorId: "U1" }), goodCall({ authorId: "U2" }), goodCall({ authorId: "U1" })],
      [story({ authorId: "U2" }), story({ authorId: "U3" })],
      7,
    );
    expect(totals).toEqual({ goodCalls: 3, people: 3, stories: 2, appreciations: 7, valueGiven: [] });
  });

  it("sums value per currency, sorted by currency, leaving out currencies that add up to nothing", () => {
    const totals = periodTotals(
      [
        goodCall({ value: { cents: 1000, currency: "USD" } }),
        goodCall({ value: { cents: 1250, currency: "EUR" } }),
        goodCall({ value: null }),
        goodCall({ value: { cents: 750, currency: "EUR" } }),
        goodCall({ value: { cents: 0, currency: "SEK" } }),
      ],
      [],
      0,
    );
    expect(totals.valueGiven).toEqual([
      { cents: 2000, currency: "EUR" },
      { cents: 1000, currency: "USD" },
    ]);
  });

  it("is all zeros for nothing", () => {
    expect(periodTotals([], [], 0)).toEqual(NONE);
  });
});

describe("change", () => {
  it.each([
    [12, 9, 3, "up"],
    [4, 10, -6, "down"],
    [5, 5, 0, "same"],
    [0, 0, 0, "same"],
    [1, 0, 1, "up"],
  ] as const)("%i against %i → %i %s", (current, previous, delta, direction) => {
    expect(change(current, previous)).toEqual({ delta, direction });
  });
});

describe("composeDigest", () => {
  it("thanks everyone, most entries first and then by user id, counting calls and stories apiece", () => {
    const digest = composeDigest(
      input({
        goodCalls: [
          goodCall({ authorId: "U3" }),
          goodCall({ authorId: "U2" }),
          goodCall({ authorId: "U2" }),
          goodCall({ authorId: "U9" }),
        ],
        stories: [story({ authorId: "U1" }), story({ authorId: "U3" }), story({ authorId: "U5" })],
      }),
    );
    expect(digest.thanks).toEqual([
      { userId: "U2", goodCalls: 2, stories: 0 },
      { userId: "U3", goodCalls: 1, stories: 1 },
      { userId: "U1", goodCalls: 0, stories: 1 },
      { userId: "U5", goodCalls: 0, stories: 1 },
      { userId: "U9", goodCalls: 1, stories: 0 },
    ]);
    expect(digest.totals.people).toBe(5);
  });

  it("passes first timers through, once each, and carries the period, language and previous totals", () => {
    const previous = { ...NONE, goodCalls: 4 };
    const digest = composeDigest(
      input({
        goodCalls: [goodCall({ authorId: "U7" })],
        firstTimers: ["U7", "U9", "U7"],
        previous,
        late: true,
        language: "fi",
      }),
    );
    expect(digest.firstTimers).toEqual(["U7", "U9"]);
    expect(digest).toMatchObject({ teamId: "T1", language: "fi", late: true, period: PERIOD, previous });
  });

  it("spotlights up to 3 stories, most appreciated first, then newest", () => {
    const stories = [
      story({ id: 1, appreciationCount: 0, createdAt: at(50) }),
      story({ id: 2, appreciationCount: 4, createdAt: at(1) }),
      story({ id: 3, appreciationCount: 1, createdAt: at(2) }),
      story({ id: 4, appreciationCount: 1, createdAt: at(3) }),
      story({ id: 5, appreciationCount: 0, createdAt: at(60) }),
    ];
    expect(composeDigest(input({ stories })).spotlight.map((s) => s.id)).toEqual([2, 4, 3]);
    expect(composeDigest(input({ stories: stories.slice(0, 2) })).spotlight.map((s) => s.id)).toEqual([2, 1]);
  });

  it("in a first week with no appreciations, picks the calls where value was given, not the newest entry", () => {
    const goodCalls = [
      goodCall({ id: 1, authorId: "U1", value: { cents: 1000, currency: "EUR" }, createdAt: at(1) }),
      goodCall({ id: 2, authorId: "U2", value: { cents: 590, currency: "EUR" }, createdAt: at(2) }),
      goodCall({ id: 3, authorId: "U3", what: "Walked her through the router setup", createdAt: at(3) }),
      goodCall({ id: 4, authorId: "U1", what: "asdf", createdAt: at(99) }),
    ];
    expect(composeDigest(input({ goodCalls })).notable.map((c) => c.id)).toEqual([2, 1]);
  });

  it("ranks by appreciations, then value given, then a follow-up that helped", () => {
    const goodCalls = [
      goodCall({ id: 1, authorId: "U1", outcome: "helped", createdAt: at(9) }),
      goodCall({ id: 2, authorId: "U2", value: { cents: 500, currency: "EUR" }, createdAt: at(1) }),
      goodCall({ id: 3, authorId: "U3", appreciationCount: 1, createdAt: at(0) }),
      goodCall({ id: 4, authorId: "U4", appreciationCount: 3, createdAt: at(0) }),
      goodCall({ id: 5, authorId: "U5", outcome: "backfired", createdAt: at(50) }),
    ];
    expect(chooseNotable(goodCalls).map((c) => c.id)).toEqual([4, 3, 2, 1]);
  });

  it("shows at most two calls from one person, and among equals prefers someone, then a tag, not shown yet", () => {
    const star = (id: number, tags: string[] = []) =>
      goodCall({ id, authorId: "U1", appreciationCount: 4, tags, createdAt: at(id) });
    const goodCalls = [
      star(1),
      star(2),
      star(3),
      goodCall({ id: 4, authorId: "U2", appreciationCount: 1, tags: ["late"], createdAt: at(40) }),
      goodCall({ id: 5, authorId: "U3", appreciationCount: 1, tags: ["late"], createdAt: at(30) }),
      goodCall({ id: 6, authorId: "U4", appreciationCount: 1, tags: ["refund"], createdAt: at(10) }),
      goodCall({ id: 7, authorId: "U2", appreciationCount: 1, tags: ["refund"], createdAt: at(5) }),
    ];
    // 3 and 2 are U1's newest; 4 is the newest of the equals; then 6 (a new person with a new tag) before
    // 5 (a new person, a tag already shown) and 7 (U2 again).
    expect(chooseNotable(goodCalls).map((c) => c.id)).toEqual([3, 2, 4, 6, 5]);
  });

  it("never more than two per person, only calls with a sign, the same whatever the input order", () => {
    const user = fc.constantFrom("U1", "U2", "U3", "U4");
    const call = fc.record({
      authorId: user,
      appreciationCount: fc.nat(3),
      hasValue: fc.boolean(),
      outcome: fc.constantFrom(null, "helped", "no_change", "backfired"),
      tags: fc.subarray(["late", "refund", "voucher"]),
      minute: fc.nat(100),
    });
    fc.assert(
      fc.property(fc.array(call, { maxLength: 25 }), fc.nat(), (raw, shift) => {
        const calls = raw.map(({ hasValue, minute, ...c }, id) =>
          goodCall({
            ...c,
            id,
            value: hasValue ? { cents: 100, currency: "EUR" } : null,
            createdAt: at(minute),
          }),
        );
        const chosen = chooseNotable(calls);
        const rotated = [
          ...calls.slice(shift % (calls.length || 1)),
          ...calls.slice(0, shift % (calls.length || 1)),
        ];
        expect(chooseNotable(rotated)).toEqual(chosen);
        expect(chooseNotable([...calls].reverse())).toEqual(chosen);
        expect(chosen.length).toBeLessThanOrEqual(NOTABLE_MAX);
        for (const person of new Set(chosen.map((c) => c.authorId))) {
          expect(chosen.filter((c) => c.authorId === person).length).toBeLessThanOrEqual(2);
        }
        for (const c of chosen) {
          expect(c.appreciationCount > 0 || c.value !== null || c.outcome === "helped").toBe(true);
        }
        const eligible = calls.filter(
          (c) => c.appreciationCount > 0 || c.value !== null || c.outcome === "helped",
        );
        const reachable = [...new Set(eligible.map((c) => c.authorId))].reduce(
          (n, person) => n + Math.min(2, eligible.filter((c) => c.authorId === person).length),
          0,
        );
        expect(chosen.length).toBe(Math.min(NOTABLE_MAX, reachable));
      }),
    );
  });

  it("chooses as the rule reads: each round, the best key of every call still allowed", () => {
    // The rule as the doc comment states it, built a key per call and round, to check the faster
    // chooseNotable against.
    const byRule = (calls: GoodCall[]): GoodCall[] => {
      const signs = (c: GoodCall) => [
        c.appreciationCount,
        c.value && c.value.cents > 0 ? 1 : 0,
        c.outcome === "helped" ? 1 : 0,
      ];
      const greater = (a: number[], b: number[]) => {
        for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return (a[i] ?? 0) > (b[i] ?? 0);
        return false;
      };
      const chosen: GoodCall[] = [];
      const tagsShown = new Set<string>();
      while (chosen.length < NOTABLE_MAX) {
        let best: { call: GoodCall; key: number[] } | null = null;
        for (const call of calls) {
          const shown = chosen.filter((c) => c.authorId === call.authorId).length;
          if (call.visibility === "private" || !signs(call).some((s) => s > 0)) continue;
          if (shown >= 2 || chosen.includes(call)) continue;
          const key = [
            ...signs(call),
            shown === 0 ? 1 : 0,
            call.tags.some((t) => !tagsShown.has(t)) ? 1 : 0,
            call.createdAt.getTime(),
            call.id,
          ];
          if (!best || greater(key, best.key)) best = { call, key };
        }
        if (!best) break;
        chosen.push(best.call);
        for (const t of best.call.tags) tagsShown.add(t);
      }
      return chosen;
    };
    const call = fc.record({
      authorId: fc.constantFrom("U1", "U2", "U3", "U4", "U5"),
      appreciationCount: fc.nat(3),
      hasValue: fc.boolean(),
      cents: fc.constantFrom(0, 100),
      outcome: fc.constantFrom(null, "helped", "no_change"),
      visibility: fc.constantFrom<GoodCall["visibility"]>("team", "team", "private"),
      tags: fc.subarray(["late", "refund", "voucher"]),
      minute: fc.nat(20),
    });
    fc.assert(
      fc.property(fc.array(call, { maxLength: 40 }), (raw) => {
        const calls = raw.map(({ hasValue, cents, minute, ...c }, id) =>
          goodCall({
            ...c,
            id,
            value: hasValue ? { cents, currency: "EUR" } : null,
            createdAt: at(minute),
          }),
        );
        expect(chooseNotable(calls)).toEqual(byRule(calls));
      }),
      { numRuns: 300 },
    );
  });

  it("marks a period with no good calls and no stories as empty, even with appreciations and extras", () => {
    const extras: DigestSection[] = [{ kind: "patterns", patterns: [] }];
    const digest = composeDigest(input({ appreciations: 3, extras }));
    expect(digest).toMatchObject({ empty: true, thanks: [], spotlight: [], notable: [], sections: extras });
    expect(composeDigest(input({ stories: [story()] })).empty).toBe(false);
    expect(composeDigest(input({ goodCalls: [goodCall()] })).empty).toBe(false);
    expect(composeDigest(input()).sections).toEqual([]);
  });

  it("thanks exactly the set of authors, each with their own counts", () => {
    const user = fc.constantFrom("U1", "U2", "U3", "U4", "U5", "W6");
    fc.assert(
      fc.property(
        fc.array(fc.record({ authorId: user, appreciationCount: fc.nat(5) }), { maxLength: 30 }),
        fc.array(fc.record({ authorId: user, appreciationCount: fc.nat(5) }), { maxLength: 10 }),
        (calls, stories) => {
          const digest = composeDigest(
            input({
              goodCalls: calls.map((c, id) => goodCall({ ...c, id })),
              stories: stories.map((s, id) => story({ ...s, id })),
            }),
          );
          const authors = new Set([...calls, ...stories].map((entry) => entry.authorId));
          expect(new Set(digest.thanks.map((entry) => entry.userId))).toEqual(authors);
          expect(digest.thanks).toHaveLength(authors.size);
          expect(digest.totals.people).toBe(authors.size);
          for (const entry of digest.thanks) {
            expect(entry.goodCalls).toBe(calls.filter((c) => c.authorId === entry.userId).length);
            expect(entry.stories).toBe(stories.filter((s) => s.authorId === entry.userId).length);
          }
          const totals = digest.thanks.map((entry) => entry.goodCalls + entry.stories);
          expect(totals).toEqual([...totals].sort((a, b) => b - a));
          expect(digest.empty).toBe(authors.size === 0);
        },
      ),
    );
  });
});

const LAST_WEEK = { start: new Date(PERIOD.start.getTime() - 7 * 24 * 3600_000), end: PERIOD.start };

const NO_LOOP: LoopFacts = { outcomes: [], promiseStatuses: [], proposed: [], completed: [] };

describe("digestInput", () => {
  function facts(overrides: Partial<WeekFacts> = {}): WeekFacts {
    const { previous: _previous, extras: _extras, ...rest } = input();
    return {
      ...rest,
      previous: NONE,
      previousPeriod: LAST_WEEK,
      teamCreatedAt: new Date(LAST_WEEK.start.getTime() - 60_000),
      loop: NO_LOOP,
      ...overrides,
    };
  }

  it("sums a week's totals as last week's are summed: nothing given is no currency, not 0", () => {
    const previous = {
      goodCalls: [
        { authorId: "U1", value: { cents: 0, currency: "EUR" } },
        { authorId: "U2", value: { cents: 500, currency: "USD" } },
      ],
      storyAuthors: ["U3"],
      appreciations: 2,
    };
    expect(totalsOf(previous)).toEqual({
      goodCalls: 2,
      people: 3,
      stories: 1,
      appreciations: 2,
      valueGiven: [{ cents: 500, currency: "USD" }],
    });
  });

  it("compares with last week only when last week had entries or the team existed through it", () => {
    const newTeam = { teamCreatedAt: new Date(LAST_WEEK.start.getTime() + 3600_000) };
    expect(digestInput(facts(newTeam)).previous).toBeNull();
    expect(digestInput(facts()).previous).toEqual(NONE);
    const busy = { ...NONE, goodCalls: 1, people: 1 };
    expect(digestInput(facts({ ...newTeam, previous: busy })).previous).toMatchObject({ goodCalls: 1 });
  });

  it("decides the loop sections from the facts", () => {
    expect(digestInput(facts()).extras).toEqual(loopSections(NO_LOOP, []));
  });
});

describe("promiseRate", () => {
  it.each([
    [4, 1, { settled: 5, percent: 80 }],
    [2, 1, { settled: 3, percent: 67 }],
    [0, 3, { settled: 3, percent: 0 }],
    [0, 0, null],
  ] as const)("%i kept, %i broken → %j", (kept, broken, rate) => {
    expect(promiseRate(kept, broken)).toEqual(rate);
  });
});

describe("loopSections", () => {
  it("counts outcomes and quotes the first helpful note", () => {
    const [outcomes] = loopSections(
      {
        ...NO_LOOP,
        outcomes: [
          { outcome: "helped", note: null, visibility: "team" },
          { outcome: "backfired", note: "they were angrier", visibility: "team" },
          { outcome: "helped", note: "she wrote back to thank us", visibility: "team" },
          { outcome: "no_change", note: null, visibility: "team" },
          { outcome: "helped", note: "later note", visibility: "team" },
        ],
      },
      [],
    );
    expect(outcomes).toEqual({
      kind: "outcomes",
      followedUp: 5,
      helped: 3,
      noChange: 1,
      backfired: 1,
      quote: "she wrote back to thank us",
    });
  });

  it("counts promises by status", () => {
    const sections = loopSections(
      { ...NO_LOOP, promiseStatuses: ["kept", "pending", "kept", "broken", null] },
      [],
    );
    expect(sections.find((s) => s.kind === "promises")).toEqual({
      kind: "promises",
      kept: 2,
      broken: 1,
      open: 1,
    });
  });

  it("finds the period's patterns with their value given", () => {
    const calls = ["U1", "U2", "U1"].map((authorId, i) =>
      goodCall({ id: i + 1, authorId, tags: ["late"], value: { cents: 100 * (i + 1), currency: "EUR" } }),
    );
    const patterns = loopSections(NO_LOOP, calls).find((s) => s.kind === "patterns");
    expect(patterns).toEqual({
      kind: "patterns",
      patterns: [
        {
          key: "tag:late",
          label: "#late",
          count: 3,
          people: 2,
          valueGiven: [{ cents: 600, currency: "EUR" }],
        },
      ],
    });
  });

  it("reports a completed improvement with its people once each and its recurrence", () => {
    const improvements = loopSections(
      {
        ...NO_LOOP,
        proposed: [{ id: 9, title: "Check parcels", ownerId: "U9" }],
        completed: [
          {
            id: 4,
            title: "Courier SLA",
            linked: [
              { id: 1, authorId: "U2" },
              { id: 2, authorId: "U1" },
              { id: 3, authorId: "U2" },
            ],
            patternKey: "tag:late",
            calls: {
              before: [
                { what: "a", why: null, tags: ["late"] },
                { what: "b", why: null, tags: ["late"] },
              ],
              since: [{ what: "c", why: null, tags: [] }],
            },
          },
          { id: 5, title: "No pattern", linked: [], patternKey: null, calls: null },
        ],
      },
      [],
    ).find((s) => s.kind === "improvements");
    expect(improvements).toEqual({
      kind: "improvements",
      proposed: [{ id: 9, title: "Check parcels", ownerId: "U9" }],
      completed: [
        {
          id: 4,
          title: "Courier SLA",
          goodCallIds: [1, 2, 3],
          people: ["U1", "U2"],
          recurrenceBefore: 2,
          recurrenceSince: 0,
        },
        { id: 5, title: "No pattern", goodCallIds: [], people: [] },
      ],
    });
  });
});
