// Unit tests for patterns: tag and keyword themes, their thresholds, stemming in English and Finnish.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  findPatterns,
  keywordGroups,
  keywordsOf,
  matchesPattern,
  PATTERN_MIN_CALLS,
  PATTERN_MIN_PEOPLE,
  type PatternCall,
  stem,
} from "../../src/domain/patterns.ts";
import type { Money } from "../../src/domain/types.ts";

const eur = (cents: number): Money => ({ cents, currency: "EUR" });

function setup() {
  let nextId = 1;
  const call = (authorId: string, what: string, extra: Partial<PatternCall> = {}): PatternCall => {
    const id = extra.id ?? nextId++;
    return {
      id,
      authorId,
      what,
      why: null,
      tags: [],
      value: null,
      createdAt: new Date(Date.UTC(2026, 10, 16, 9, id)),
      ...extra,
    };
  };
  return { call };
}

describe("stem", () => {
  it.each([
    ["English plurals and past tense", ["delivery", "deliveries", "delivered", "Delivery", "delivering"]],
    ["refunds", ["refund", "refunds", "refunded"]],
    ["vouchers", ["voucher", "vouchers"]],
    [
      "Finnish -us nouns through -kse-",
      [
        "toimitus",
        "toimituksen",
        "toimitukset",
        "toimituksesta",
        "toimitusta",
        "toimituksia",
        "toimitukseen",
      ],
    ],
    ["Finnish past tense and participle", ["myöhästyi", "myöhästynyt", "myöhästyneet"]],
    [
      "Finnish consonant gradation",
      ["lahjakortti", "lahjakortin", "lahjakortteja", "lahjakorttia", "lahjakortilla"],
    ],
    ["Finnish -as nouns", ["asiakas", "asiakkaan", "asiakkaalle"]],
  ])("groups %s", (_name, words) => {
    expect(new Set(words.map(stem)).size).toBe(1);
  });

  it("keeps unrelated words apart", () => {
    const stems = ["delivery", "refund", "voucher", "toimitus", "lahjakortti", "parcel", "discount"].map(
      stem,
    );
    expect(new Set(stems).size).toBe(stems.length);
  });

  it("keeps a short -ks word at three letters (a counterexample fast-check found)", () => {
    expect(stem("äöksä")).toBe("äöks");
  });

  it("never strips a word below three letters", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-zäö]{3,12}$/), (word) => {
        expect(stem(word).length).toBeGreaterThanOrEqual(3);
      }),
    );
  });
});

describe("keywordsOf", () => {
  it("drops stop words, short words, numbers and Slack markup, and stems the rest once each", () => {
    expect(
      keywordsOf("Gave a 10 € voucher because the delivery was late, deliveries are <@U123ABC> :tada:"),
    ).toEqual(["voucher", stem("delivery"), stem("late")]);
    expect(keywordsOf("Annoin asiakkaalle lahjakortin, koska toimitus myöhästyi")).toEqual([
      stem("asiakas"),
      stem("lahjakortti"),
      stem("toimitus"),
      stem("myöhästyi"),
    ]);
  });

  it("returns nothing for text without keywords", () => {
    expect(keywordsOf("")).toEqual([]);
    expect(keywordsOf("so I did it for her 🎉")).toEqual([]);
  });
});

describe("findPatterns: thresholds", () => {
  const tagged = (authors: string[]) => {
    const { call } = setup();
    return authors.map((author) => call(author, "x", { tags: ["late-delivery"] }));
  };

  it.each([
    ["exactly 3 calls from 2 people", ["a", "a", "b"], 1],
    ["2 calls", ["a", "b"], 0],
    ["3 calls from one person", ["a", "a", "a"], 0],
    ["many calls from one person", ["a", "a", "a", "a", "a", "a"], 0],
    ["4 calls from 3 people", ["a", "b", "c", "a"], 1],
  ])("%s", (_name, authors, expected) => {
    expect(findPatterns(tagged(authors))).toHaveLength(expected);
  });

  it("finds nothing in an empty period", () => {
    expect(findPatterns([])).toEqual([]);
  });

  it("exports the thresholds the spec names", () => {
    expect([PATTERN_MIN_CALLS, PATTERN_MIN_PEOPLE]).toEqual([3, 2]);
  });
});

describe("findPatterns: tag patterns", () => {
  it("describes a tag pattern: people, value per currency, newest examples, all call ids", () => {
    const { call } = setup();
    const calls = [
      call("bob", "a", {
        id: 4,
        tags: ["voucher"],
        value: eur(1000),
        createdAt: new Date("2026-11-16T09:00:00Z"),
      }),
      call("ann", "b", {
        id: 2,
        tags: ["voucher"],
        value: eur(550),
        createdAt: new Date("2026-11-19T09:00:00Z"),
      }),
      call("bob", "c", {
        id: 9,
        tags: ["voucher"],
        value: { cents: 2000, currency: "SEK" },
        createdAt: new Date("2026-11-17T09:00:00Z"),
      }),
      call("cai", "d", { id: 7, tags: ["voucher"], createdAt: new Date("2026-11-18T09:00:00Z") }),
      call("ann", "e", { id: 1, tags: ["other"], value: eur(99) }),
    ];
    expect(findPatterns(calls)).toEqual([
      {
        key: "tag:voucher",
        label: "#voucher",
        kind: "tag",
        count: 4,
        people: ["ann", "bob", "cai"],
        valueGiven: [eur(1550), { cents: 2000, currency: "SEK" }],
        exampleIds: [2, 7, 9],
        callIds: [2, 4, 7, 9],
      },
    ]);
  });

  it("lets a call with two tags count toward both, and treats tags as exact strings", () => {
    const { call } = setup();
    const calls = [
      call("a", "x", { tags: ["late", "voucher"] }),
      call("b", "x", { tags: ["late", "voucher"] }),
      call("a", "x", { tags: ["late", "voucher", "late-delivery"] }),
      call("b", "x", { tags: ["late-delivery"] }),
    ];
    expect(findPatterns(calls).map((p) => p.key)).toEqual(["tag:late", "tag:voucher"]);
  });

  it("orders by count, then people, then key, and keeps the first `limit`", () => {
    const { call } = setup();
    const many = (tag: string, authors: string[]) =>
      authors.map((author) => call(author, "x", { tags: [tag] }));
    const calls = [
      ...many("c-three", ["a", "b", "a"]),
      ...many("b-three-more-people", ["a", "b", "c"]),
      ...many("a-three", ["a", "b", "b"]),
      ...many("z-four", ["a", "b", "a", "a"]),
    ];
    expect(findPatterns(calls, { limit: 10 }).map((p) => p.key)).toEqual([
      "tag:z-four",
      "tag:b-three-more-people",
      "tag:a-three",
      "tag:c-three",
    ]);
    expect(findPatterns(calls).map((p) => p.key)).toEqual([
      "tag:z-four",
      "tag:b-three-more-people",
      "tag:a-three",
    ]);
    expect(findPatterns(calls, { limit: 1 })).toHaveLength(1);
    expect(findPatterns(calls, { limit: 0 })).toEqual([]);
  });
});

describe("findPatterns: keyword patterns", () => {
  it("groups English plurals and tenses, labelled with the most common word", () => {
    const { call } = setup();
    const calls = [
      call("a", "Refunded the shipping after a late delivery"),
      call("b", "Deliveries were stuck again, sent a voucher"),
      call("c", "Free delivery next time"),
      call("a", "Apologised for the delivery"),
    ];
    const [pattern, ...rest] = findPatterns(calls);
    expect(rest).toEqual([]);
    expect(pattern).toMatchObject({
      key: "kw:deliver",
      label: "delivery",
      kind: "keyword",
      count: 4,
      people: ["a", "b", "c"],
    });
  });

  it("groups Finnish inflections", () => {
    const { call } = setup();
    const calls = [
      call("a", "Annoin lahjakortin, koska toimitus myöhästyi"),
      call("b", "Toimituksen viivästys, hyvitin postikulut"),
      call("c", "Toimitukset olivat jumissa, soitin perään", { why: "Asiakas odotti toimituksesta tietoa" }),
    ];
    expect(findPatterns(calls)).toEqual([
      expect.objectContaining({
        key: `kw:${stem("toimitus")}`,
        label: "toimitus",
        count: 3,
        callIds: [1, 2, 3],
      }),
    ]);
  });

  it("groups Finnish consonant gradation, labelled by the most common word", () => {
    const { call } = setup();
    const calls = [
      call("a", "Lahjakortti pahoitteluna"),
      call("b", "Annoin lahjakortin"),
      call("a", "Lähetimme lahjakortteja kaikille odottaneille"),
      call("b", "Vielä yksi lahjakortti"),
    ];
    expect(findPatterns(calls).map((p) => [p.key, p.label, p.count])).toEqual([
      [`kw:${stem("lahjakortti")}`, "lahjakortti", 4],
    ]);
  });

  it("gives each call to one keyword pattern only, so shared words do not repeat the same calls", () => {
    const { call } = setup();
    const calls = ["a", "b", "a"].map((author) => call(author, "voucher for a late delivery"));
    const patterns = findPatterns(calls, { limit: 10 });
    expect(patterns.map((p) => p.key)).toEqual(["kw:deliver"]);
  });

  it("lets tags beat keywords: tagged calls saying the same words give only the tag pattern", () => {
    const { call } = setup();
    const calls = ["a", "b", "c"].map((author) =>
      call(author, "Gave a voucher, the delivery was late", { tags: ["late-delivery"] }),
    );
    expect(findPatterns(calls, { limit: 10 }).map((p) => p.key)).toEqual(["tag:late-delivery"]);
  });

  it("takes keywords only from calls no tag pattern covers", () => {
    const { call } = setup();
    const calls = [
      ...["a", "b", "c"].map((author) => call(author, "refund for the broken parcel", { tags: ["broken"] })),
      call("a", "parcel lost, sent a new one"),
      call("b", "parcel stuck at the depot", { tags: ["rare-tag"] }),
    ];
    // Only two uncovered calls mention a parcel: not a pattern, although five calls do.
    expect(findPatterns(calls, { limit: 10 }).map((p) => p.key)).toEqual(["tag:broken"]);
    const third = call("c", "Parcels delayed by the storm");
    // Equal count and people: the key decides.
    expect(findPatterns([...calls, third], { limit: 10 }).map((p) => p.key)).toEqual([
      "kw:parcel",
      "tag:broken",
    ]);
  });

  it("does not make a pattern of one person's words", () => {
    const { call } = setup();
    const calls = [call("a", "delivery"), call("a", "delivery"), call("a", "delivery"), call("b", "refund")];
    expect(findPatterns(calls)).toEqual([]);
  });
});

describe("findPatterns: rules in the way", () => {
  it("makes a theme of a rule several people say got in their way, whatever their calls' tags", () => {
    const { call } = setup();
    const calls = [
      call("a", "Refunded a broken kettle", {
        tags: ["refund"],
        ruleInTheWay: "Refunds over 20 EUR need approval",
      }),
      call("b", "Swapped a cracked phone", { ruleInTheWay: "Needed an approval from the store manager" }),
      call("c", "Sent a courier", { tags: ["courier"], ruleInTheWay: "Approvals take a day" }),
    ];
    expect(findPatterns(calls, { limit: 10 })).toEqual([
      expect.objectContaining({
        key: `rule:${stem("approval")}`,
        label: "approval",
        kind: "rule",
        count: 3,
        people: ["a", "b", "c"],
        callIds: [1, 2, 3],
      }),
    ]);
  });

  it("counts a call toward one rule theme only, and keeps it out of keyword themes as a tag would", () => {
    const { call } = setup();
    const calls = ["a", "b", "c"].map((author) =>
      call(author, "Delivery was late again, sent a voucher", {
        ruleInTheWay: "Store manager approval for every voucher",
      }),
    );
    const patterns = findPatterns(calls, { limit: 10 });
    expect(patterns.map((p) => p.kind)).toEqual(["rule"]);
  });

  it("does not mix what people did with what got in their way", () => {
    const { call } = setup();
    const calls = [
      call("a", "Approval granted by the customer", { ruleInTheWay: "none of the usual forms" }),
      call("b", "Sent a voucher", { ruleInTheWay: "Approval needed" }),
      call("c", "Sent a voucher", { ruleInTheWay: "Waiting for approval" }),
    ];
    // Two rule answers mention approval (and the third call's "approval" is what was done): no rule theme.
    expect(findPatterns(calls, { limit: 10 })).toEqual([]);
  });
});

describe("matchesPattern", () => {
  it.each([
    [{ what: "x", why: null, tags: ["late-delivery"] }, "tag:late-delivery", true],
    [{ what: "x", why: null, tags: ["late-delivery-2"] }, "tag:late-delivery", false],
    [{ what: "Deliveries late again", why: null, tags: [] }, "kw:deliver", true],
    [{ what: "Sent a voucher", why: "the delivery was late", tags: [] }, "kw:deliver", true],
    [{ what: "Toimituksesta puuttui osa", why: null, tags: [] }, `kw:${stem("toimitus")}`, true],
    [{ what: "Sent a voucher", why: null, tags: ["deliver"] }, "kw:deliver", false],
    [{ what: "delivery", why: null, tags: [] }, "deliver", false],
    [
      { what: "x", why: null, tags: [], ruleInTheWay: "Approvals take a day" },
      `rule:${stem("approval")}`,
      true,
    ],
    [{ what: "Approval needed", why: null, tags: [] }, `rule:${stem("approval")}`, false],
    [
      { what: "x", why: null, tags: [], ruleInTheWay: "Approvals take a day" },
      `kw:${stem("approval")}`,
      false,
    ],
  ])("%o matches %s: %s", (call, key, expected) => {
    expect(matchesPattern(call, key)).toBe(expected);
  });
});

describe("findPatterns: properties", () => {
  const WORDS = [
    "delivery",
    "deliveries",
    "refund",
    "refunded",
    "voucher",
    "toimitus",
    "toimituksen",
    "lahjakortin",
  ];
  const callsArb = fc
    .array(
      fc.record({
        authorId: fc.constantFrom("a", "b", "c", "d"),
        words: fc.array(fc.constantFrom(...WORDS), { maxLength: 3 }),
        tags: fc.uniqueArray(fc.constantFrom("late", "voucher", "broken"), { maxLength: 2 }),
        value: fc.option(
          fc.record({ cents: fc.integer({ min: 0, max: 5000 }), currency: fc.constantFrom("EUR", "SEK") }),
        ),
        minute: fc.integer({ min: 0, max: 10_000 }),
        rule: fc.option(
          fc.array(fc.constantFrom("approval", "approvals", "policy", "hyväksyntä"), { maxLength: 2 }),
        ),
      }),
      { maxLength: 25 },
    )
    .map((rows) =>
      rows.map(
        (row, index): PatternCall => ({
          id: index + 1,
          authorId: row.authorId,
          what: row.words.join(" "),
          why: null,
          tags: row.tags,
          value: row.value,
          createdAt: new Date(Date.UTC(2026, 10, 16) + row.minute * 60_000),
          ruleInTheWay: row.rule?.join(" ") ?? null,
        }),
      ),
    );

  it("only returns groups of at least 3 calls from at least 2 people, drawn from the input", () => {
    fc.assert(
      fc.property(callsArb, fc.integer({ min: 0, max: 6 }), (calls, limit) => {
        const byId = new Map(calls.map((c) => [c.id, c]));
        const patterns = findPatterns(calls, { limit });
        expect(patterns.length).toBeLessThanOrEqual(limit);
        for (const pattern of patterns) {
          expect(pattern.count).toBe(pattern.callIds.length);
          expect(pattern.count).toBeGreaterThanOrEqual(PATTERN_MIN_CALLS);
          expect(pattern.people.length).toBeGreaterThanOrEqual(PATTERN_MIN_PEOPLE);
          const members = pattern.callIds.map((id) => byId.get(id));
          expect(members.every((c) => c !== undefined && matchesPattern(c, pattern.key))).toBe(true);
          expect(pattern.people).toEqual([...new Set(members.map((c) => c?.authorId))].sort());
          expect(pattern.exampleIds.every((id) => pattern.callIds.includes(id))).toBe(true);
        }
        const keys = patterns.map((p) => p.key);
        expect(new Set(keys).size).toBe(keys.length);
      }),
    );
  });

  it("keeps calls a tag or rule pattern covers out of keyword patterns, and others in at most one", () => {
    fc.assert(
      fc.property(callsArb, (calls) => {
        const patterns = findPatterns(calls, { limit: 100 });
        const tagKeys = new Set(patterns.filter((p) => p.kind === "tag").map((p) => p.key.slice(4)));
        const keywordIds = patterns.filter((p) => p.kind === "keyword").flatMap((p) => p.callIds);
        const ruleIds = patterns.filter((p) => p.kind === "rule").flatMap((p) => p.callIds);
        expect(new Set(keywordIds).size).toBe(keywordIds.length);
        expect(new Set(ruleIds).size).toBe(ruleIds.length);
        for (const id of keywordIds) {
          expect(calls[id - 1]?.tags.some((tag) => tagKeys.has(tag))).toBe(false);
          expect(ruleIds).not.toContain(id);
        }
      }),
    );
  });
});

describe("keywordGroups and keywordsOf against the rule written out", () => {
  // The rule as the doc comment of keywordGroups states it, with nothing kept between rounds: each
  // round makes every group of the calls not yet taken, takes the strongest that qualifies (most
  // calls, then most people, then stem), labelled with its most written word (then the shortest,
  // then code-unit order).
  function referenceGroups(
    calls: PatternCall[],
    qualifiesAsGroup: (group: PatternCall[]) => boolean,
  ): Array<{ stem: string; label: string; ids: number[] }> {
    // Slack markup and emoji shortcodes carry ids, not words.
    const wordsOf = (call: PatternCall) =>
      [
        ...`${call.what} ${call.why ?? ""}`
          .normalize("NFC")
          .replace(/<[^<>]*>/g, " ")
          .replace(/:[a-z0-9_+'-]+:/g, " ")
          .toLowerCase()
          .matchAll(/[\p{L}\p{M}]+/gu),
      ]
        .map(([word]) => word)
        .map((word) => ({ word, stem: keywordsOf(word)[0] }))
        .filter((token): token is { word: string; stem: string } => token.stem !== undefined);
    const found: Array<{ stem: string; label: string; ids: number[] }> = [];
    let left = calls;
    for (;;) {
      const groups = new Map<string, PatternCall[]>();
      for (const call of left) {
        for (const stem of new Set(wordsOf(call).map((token) => token.stem))) {
          groups.set(stem, [...(groups.get(stem) ?? []), call]);
        }
      }
      const ranked = [...groups]
        .filter(([, group]) => qualifiesAsGroup(group))
        .map(([stem, group]) => ({ stem, group, people: new Set(group.map((c) => c.authorId)).size }))
        .sort((a, b) => b.group.length - a.group.length || b.people - a.people || (a.stem < b.stem ? -1 : 1));
      const best = ranked[0];
      if (!best) return found;
      const counts = new Map<string, number>();
      for (const call of best.group)
        for (const token of wordsOf(call))
          if (token.stem === best.stem) counts.set(token.word, (counts.get(token.word) ?? 0) + 1);
      const [label] = [...counts].sort(
        ([a, x], [b, y]) => y - x || a.length - b.length || (a < b ? -1 : a > b ? 1 : 0),
      )[0] as [string, number];
      found.push({ stem: best.stem, label, ids: best.group.map((c) => c.id) });
      left = left.filter((call) => !best.group.includes(call));
    }
  }

  const WORDS = [
    "delivery",
    "deliveries",
    "Delivered",
    "refund",
    "refunds",
    "voucher",
    "toimitus",
    "toimituksen",
    "lahjakortti",
    "lahjakortin",
    "asiakkaalle",
    "café",
    "cafés",
    "the",
    "and",
    "<@U1>",
    ":tada:",
  ];
  const callsArb = fc
    .array(
      fc.record({
        authorId: fc.constantFrom("a", "b", "c"),
        words: fc.array(fc.constantFrom(...WORDS), { maxLength: 4 }),
        why: fc.option(fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 2 })),
      }),
      { maxLength: 20 },
    )
    .map((rows) =>
      rows.map(
        (row, index): PatternCall => ({
          id: index + 1,
          authorId: row.authorId,
          what: row.words.join(" "),
          why: row.why?.join(" ") ?? null,
          tags: [],
          value: null,
          createdAt: new Date(Date.UTC(2026, 10, 16, 9, index)),
        }),
      ),
    );

  it("shows the strongest `limit` keyword groups as patterns (found only that far)", () => {
    const strict = (group: PatternCall[]) =>
      group.length >= PATTERN_MIN_CALLS && new Set(group.map((c) => c.authorId)).size >= PATTERN_MIN_PEOPLE;
    fc.assert(
      fc.property(callsArb, fc.integer({ min: 0, max: 6 }), (calls, limit) => {
        // No tags and no rules here: every pattern is a keyword group.
        expect(findPatterns(calls, { limit }).map((p) => ({ key: p.key, ids: p.callIds }))).toEqual(
          referenceGroups(calls, strict)
            .slice(0, limit)
            .map((g) => ({ key: `kw:${g.stem}`, ids: [...g.ids].sort((a, b) => a - b) })),
        );
      }),
      { numRuns: 300 },
    );
  });

  it("groups as the rule says, round by round", () => {
    const atLeastTwo = (group: PatternCall[]) => group.length >= 2;
    fc.assert(
      fc.property(callsArb, fc.boolean(), (calls, strict) => {
        const qualifiesAsGroup = strict
          ? (group: PatternCall[]) =>
              group.length >= PATTERN_MIN_CALLS &&
              new Set(group.map((c) => c.authorId)).size >= PATTERN_MIN_PEOPLE
          : atLeastTwo;
        const groups = keywordGroups(
          calls,
          (call) => (call.why ? `${call.what}\n${call.why}` : call.what),
          qualifiesAsGroup,
        );
        expect(groups.map((g) => ({ stem: g.stem, label: g.label, ids: g.calls.map((c) => c.id) }))).toEqual(
          referenceGroups(calls, qualifiesAsGroup),
        );
      }),
      { numRuns: 300 },
    );
  });

  it("finds the same keywords in plain ASCII as when the text also holds other letters", () => {
    // Plain ASCII takes a faster path (no normalising, letters a-z): a word of other letters added
    // sends it down the general one, and must add nothing but that word's own keyword.
    fc.assert(
      fc.property(
        fc
          .array(
            fc.tuple(
              // Stop words too: each path must leave them out.
              fc.oneof(
                fc.stringMatching(/^[A-Za-z]{1,10}$/),
                fc.constantFrom("about", "With", "THEY", "have", "something"),
              ),
              fc.constantFrom(" ", ", ", "\n", "\t", "<", ">", ":", "-", "'", "7", "_", "\u0001"),
            ),
            { maxLength: 12 },
          )
          .map((parts) => parts.flat().join("")),
        (text) => {
          expect(keywordsOf(`${text} é`)).toEqual(keywordsOf(text));
          expect(keywordsOf(`${text} äänekäs`)).toEqual(
            [...keywordsOf(text), ...keywordsOf("äänekäs")].filter((stem, i, all) => all.indexOf(stem) === i),
          );
        },
      ),
      { numRuns: 500 },
    );
  });
});
