// Private good calls in the pure core and the views: `/goodcall private` read apart from every other
// good call, counted but never quoted to the team, shown to managers marked private, and refused to
// the rest of the team.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type AccessRequest, type Actor, decideAccess, entryRequest } from "../../src/domain/access.ts";
import { composeDigest, type DigestInput, type LoopFacts, loopSections } from "../../src/domain/digest.ts";
import { catalogues } from "../../src/domain/i18n.ts";
import { composeManagerSummary, type SummaryInput } from "../../src/domain/managerSummary.ts";
import { parseCommand } from "../../src/domain/parse.ts";
import { findPatterns, patternExamples } from "../../src/domain/patterns.ts";
import type { GoodCall, Team, Visibility } from "../../src/domain/types.ts";
import { renderDigest, renderDigestPreview } from "../../src/views/digest.ts";
import { goodCallConfirmation, goodCallModal, removedEntry } from "../../src/views/goodCall.ts";
import { homeView } from "../../src/views/home.ts";
import { Field } from "../../src/views/ids.ts";
import { proposeFixModal } from "../../src/views/loop.ts";
import { instantGoodCallDm, managerSummaryDm, roundupDm } from "../../src/views/managers.ts";
import { checkMessage, checkView } from "../support/blockKit.ts";
import { at, goodCall, NONE, PERIOD } from "../support/fixtures.ts";

const { en, fi } = catalogues;

/** Words no team member may read: every test searches the output for them. */
const SECRET = "whose husband had just died";

const TEAM: Team = {
  id: "C1",
  name: "support",
  timeZone: "Europe/Helsinki",
  digestWeekday: 5,
  digestMinute: 900,
  language: "en",
  feedEnabled: true,
  usualLimit: { cents: 2000, currency: "EUR" },
  followUpDays: 7,
  retentionMonths: null,
  managerIds: ["UM"],
  createdAt: PERIOD.start,
};

function secretCall(overrides: Partial<GoodCall> = {}): GoodCall {
  return goodCall({
    id: 99,
    authorId: "U2",
    what: `Waived the late fee for a customer ${SECRET}`,
    why: `Her message said ${SECRET}`,
    value: { cents: 2500, currency: "EUR" },
    appreciationCount: 4,
    outcome: "helped",
    tags: ["fee"],
    visibility: "private",
    ...overrides,
  });
}

function digestInput(goodCalls: GoodCall[], extras: DigestInput["extras"] = []): DigestInput {
  return {
    teamId: "C1",
    language: "en",
    timeZone: "Europe/Helsinki",
    period: PERIOD,
    late: false,
    goodCalls,
    stories: [],
    appreciations: 0,
    previous: NONE,
    firstTimers: [...new Set(goodCalls.map((c) => c.authorId))],
    extras,
  };
}

describe("parseCommand: /goodcall private", () => {
  it.each([
    ["private Waived the fee for a grieving customer", "Waived the fee for a grieving customer"],
    ["Private: waived the fee, 25 € #fee", "waived the fee, 25 € #fee"],
    ["PRIVATE   gave   a refund", "gave   a refund"],
    ["yksityinen Annoin 20 € hyvityksen", "Annoin 20 € hyvityksen"],
    ["Yksityinen, annoin maksun anteeksi", "annoin maksun anteeksi"],
    // After the word nothing is a subcommand: it is all the good call's text.
    ["private stats", "stats"],
    ["private thanks <@U2> for the cover", "thanks <@U2> for the cover"],
    ["private idea to refund at once", "idea to refund at once"],
  ])("%j logs a private good call", (text, what) => {
    expect(parseCommand(text)).toEqual({ kind: "log", text: what, visibility: "private" });
  });

  it.each([
    ["private", "private"],
    ["  Private.  ", "private"],
    ["yksityinen", "yksityinen"],
    ["YKSITYINEN:", "yksityinen"],
  ])("%j alone asks for the words", (text, word) => {
    expect(parseCommand(text)).toEqual({ kind: "privateWithoutText", word });
  });

  it.each([
    "Privately arranged a discount for the delayed order",
    "privacy screen replaced for free",
    "Private-label charger swapped on the spot",
    "yksityisasiakas sai 10 € hyvityksen",
    "Yksityisesti sovimme korvauksesta",
    "gave a private tour of the showroom",
  ])("logs %j as an ordinary team good call", (text) => {
    expect(parseCommand(text)).toEqual({ kind: "log", text });
  });

  it("keeps whatever follows the word, trimmed, as the good call", () => {
    const word = fc
      .constantFrom("private", "yksityinen")
      .chain((w) => fc.constantFrom(w, w.toUpperCase(), `${w[0]?.toUpperCase()}${w.slice(1)}`, `${w}:`));
    const text = fc.string({ unit: "grapheme", minLength: 1 }).filter((t) => t.trim() !== "");
    fc.assert(
      fc.property(word, fc.constantFrom(" ", "  ", "\t", "\n"), text, (w, gap, rest) => {
        expect(parseCommand(`${w}${gap}${rest}`)).toEqual({
          kind: "log",
          text: rest.trim(),
          visibility: "private",
        });
      }),
    );
  });

  it("never makes a text private unless its first word is the word", () => {
    const notTheWord = fc
      .string({ unit: "grapheme" })
      .filter((t) => !/^\s*(private|yksityinen)(?![\p{L}\p{N}_-])/iu.test(t));
    // Texts that start like the word but are longer ("privately", "yksityisasiakas") or shorter.
    const lookalike = fc
      .tuple(
        fc.constantFrom("private", "yksityinen", "privat", "yksityi"),
        fc.stringMatching(/^[a-zäö]{1,6}$/u),
        fc.string({ unit: "grapheme" }),
      )
      .filter(([w, tail]) => !["private", "yksityinen"].includes(`${w}${tail}`))
      .map(([w, tail, rest]) => `${w}${tail} ${rest}`);
    fc.assert(
      fc.property(fc.oneof(notTheWord, lookalike), (text) => {
        const command = parseCommand(text);
        expect(command.kind).not.toBe("privateWithoutText");
        if (command.kind === "log") expect(command.visibility).toBeUndefined();
      }),
    );
  });
});

describe("the digest", () => {
  it("counts a private good call and thanks its author, but never chooses it as notable", () => {
    const team = goodCall({ id: 1, authorId: "U3", value: { cents: 1000, currency: "EUR" } });
    const digest = composeDigest(digestInput([secretCall(), team]));
    expect(digest.totals).toMatchObject({
      goodCalls: 2,
      people: 2,
      valueGiven: [{ cents: 3500, currency: "EUR" }],
    });
    expect(digest.thanks.map((t) => t.userId)).toEqual(["U2", "U3"]);
    expect(digest.notable.map((c) => c.id)).toEqual([1]);
  });

  it("counts a private call's outcome but never quotes its note", () => {
    const loop: LoopFacts = {
      outcomes: [
        { outcome: "helped", note: SECRET, visibility: "private" },
        { outcome: "helped", note: "she wrote back to thank us", visibility: "team" },
      ],
      promiseStatuses: [],
      proposed: [],
      completed: [],
    };
    const [outcomes] = loopSections(loop, []);
    expect(outcomes).toMatchObject({ followedUp: 2, helped: 2, quote: "she wrote back to thank us" });
    const [alone] = loopSections({ ...loop, outcomes: loop.outcomes.slice(0, 1) }, []);
    expect(alone).toMatchObject({ followedUp: 1, helped: 1, quote: null });
  });

  it("never shows a private call's words, in Slack or in the preview, whatever the week holds", () => {
    const call = fc.record({
      authorId: fc.constantFrom("U1", "U2", "U3"),
      appreciationCount: fc.nat(3),
      cents: fc.option(fc.integer({ min: 1, max: 10_000 }), { nil: null }),
      outcome: fc.constantFrom(null, "helped" as const),
      tags: fc.subarray(["late", "refund"]),
      visibility: fc.constantFrom<Visibility>("team", "private"),
    });
    fc.assert(
      fc.property(fc.array(call, { maxLength: 12 }), (raw) => {
        const calls = raw.map(({ cents, ...c }, id) =>
          goodCall({
            ...c,
            id,
            what: c.visibility === "private" ? `${SECRET} ${id}` : `Helped customer ${id}`,
            value: cents === null ? null : { cents, currency: "EUR" },
            createdAt: at(id),
          }),
        );
        const outcomes = calls.map((c) => ({
          outcome: c.outcome ?? null,
          note: c.what,
          visibility: c.visibility,
        }));
        const loop: LoopFacts = { outcomes, promiseStatuses: [], proposed: [], completed: [] };
        const digest = composeDigest(digestInput(calls, loopSections(loop, calls)));
        const shown = JSON.stringify(renderDigest(digest, en)) + renderDigestPreview(digest, fi);
        expect(shown).not.toContain(SECRET);
        expect(digest.totals.goodCalls).toBe(calls.length);
        expect(new Set(digest.thanks.map((t) => t.userId))).toEqual(new Set(calls.map((c) => c.authorId)));
        // A team call is chosen exactly as it would be if the private calls were not there at all.
        const teamOnly = composeDigest(digestInput(calls.filter((c) => c.visibility === "team")));
        expect(digest.notable).toEqual(teamOnly.notable);
      }),
    );
  });
});

describe("patterns", () => {
  const calls = [
    goodCall({ id: 1, authorId: "U1", what: "Voucher for a late parcel", tags: ["late"], createdAt: at(1) }),
    secretCall({ id: 2, authorId: "U2", tags: ["late"], createdAt: at(2) }),
    goodCall({ id: 3, authorId: "U1", what: "Re-delivered on Saturday", tags: ["late"], createdAt: at(3) }),
  ];

  it("take a private call part, and name it among the examples without its words", () => {
    const [pattern] = findPatterns(calls);
    expect(pattern).toMatchObject({ key: "tag:late", count: 3, people: ["U1", "U2"] });
    expect(patternExamples(pattern ?? { exampleIds: [] }, calls)).toEqual([
      { kind: "quoted", authorId: "U1", what: "Re-delivered on Saturday" },
      { kind: "private" },
      { kind: "quoted", authorId: "U1", what: "Voucher for a late parcel" },
    ]);
  });

  it("show the examples in the propose-a-fix form, a private one only as a private good call", () => {
    const [pattern] = findPatterns(calls);
    for (const t of [en, fi]) {
      const view = proposeFixModal(
        t,
        { teamId: "C1", patternKey: "tag:late", patternLabel: "#late", period: PERIOD },
        3,
        patternExamples(pattern ?? { exampleIds: [] }, calls),
      );
      expect(checkView(view)).toEqual([]);
      const text = JSON.stringify(view);
      expect(text).toContain(t.privateCalls.placeholder);
      expect(text).toContain("Re-delivered on Saturday");
      expect(text).not.toContain(SECRET);
    }
  });
});

describe("managers", () => {
  function summaryInput(goodCalls: GoodCall[]): SummaryInput {
    return {
      teamId: "C1",
      language: "en",
      timeZone: "Europe/Helsinki",
      period: PERIOD,
      totals: { ...NONE, goodCalls: goodCalls.length, people: 1 },
      previous: null,
      goodCalls,
      storyAuthors: [],
      firstThanksAt: new Map(),
      thankedPeople: new Set(),
      usualLimit: TEAM.usualLimit,
      unreachableManagers: [],
      managerId: "UM",
      retention: null,
    };
  }

  it("lists the week's private calls in the summary with their words, marked above the limit", () => {
    const team = goodCall({
      id: 1,
      authorId: "U3",
      what: "Gave a 30 EUR voucher",
      value: { cents: 3000, currency: "EUR" },
    });
    const summary = composeManagerSummary(summaryInput([secretCall(), team]));
    expect(summary.privateCalls.map((c) => c.id)).toEqual([99]);
    const dm = managerSummaryDm(en, summary, TEAM.usualLimit);
    expect(checkMessage(dm)).toEqual([]);
    const text = dm.blocks.flatMap((b) => (b.type === "section" && b.text ? [b.text.text] : [])).join("\n");
    expect(text).toContain(
      `• <@U3>: Gave a 30 EUR voucher (30 EUR)\n• <@U2>: Waived the late fee for a customer ${SECRET} (25 EUR) · 🔒 private`,
    );
    expect(text).toContain(
      `${en.privateCalls.summaryTitle}\n• <@U2>: Waived the late fee for a customer ${SECRET} (25 EUR)`,
    );
  });

  it("shows at most ten private calls in the summary, and says how many more", () => {
    const many = Array.from({ length: 13 }, (_, i) => secretCall({ id: i + 1, value: null }));
    const dm = managerSummaryDm(fi, composeManagerSummary(summaryInput(many)), null);
    expect(checkMessage(dm)).toEqual([]);
    const text = JSON.stringify(dm);
    expect(text.split("<@U2>:")).toHaveLength(11);
    expect(text).toContain("• ja 3 muuta");
  });

  it("leaves the summary as it was in a week without private calls", () => {
    const summary = composeManagerSummary(summaryInput([goodCall()]));
    expect(summary.privateCalls).toEqual([]);
    expect(JSON.stringify(managerSummaryDm(en, summary, null))).not.toContain("🔒");
  });

  it("marks a private call in the instant DM and the daily roundup, in the reader's language", () => {
    for (const [t, note] of [
      [en, "🔒 Private: only the team's managers and <@U2> see this."],
      [fi, "🔒 Yksityinen: tämän näkevät vain tiimin esihenkilöt ja <@U2>."],
    ] as const) {
      const instant = instantGoodCallDm(t, "en", TEAM, secretCall());
      const roundup = roundupDm(t, "en", TEAM, [secretCall(), goodCall({ id: 5 })], []);
      for (const message of [instant, roundup]) {
        expect(checkMessage(message)).toEqual([]);
        expect(JSON.stringify(message)).toContain(note);
        expect(JSON.stringify(message).split("🔒")).toHaveLength(2);
      }
    }
    expect(JSON.stringify(instantGoodCallDm(en, "en", TEAM, goodCall()))).not.toContain("🔒");
  });
});

describe("the author's own views", () => {
  it("confirms a private call with who can see it, and a team call as before", () => {
    const mine = goodCallConfirmation({
      t: fi,
      language: "fi",
      call: secretCall(),
      piiFound: false,
      teamName: null,
    });
    expect(JSON.stringify(mine)).toContain(fi.privateCalls.confirmation);
    const team = goodCallConfirmation({
      t: en,
      language: "en",
      call: goodCall(),
      piiFound: false,
      teamName: null,
    });
    expect(JSON.stringify(team)).not.toContain("🔒");
  });

  it("offers the choice in the form, the team by default and the call's own when editing", () => {
    const chosen = (draft: Parameters<typeof goodCallModal>[0]["draft"]) => {
      const view = goodCallModal({ t: en, metadata: {}, teams: null, draft, defaultCurrency: "EUR" });
      expect(checkView(view)).toEqual([]);
      const block = view.blocks.find((b) => b.block_id === Field.Visibility);
      return block && "element" in block && block.element.type === "radio_buttons"
        ? block.element.initial_option?.value
        : undefined;
    };
    expect(chosen({})).toBe("team");
    expect(chosen({ visibility: "team" })).toBe("team");
    expect(chosen({ visibility: "private" })).toBe("private");
  });

  it("marks the author's private calls in App Home", () => {
    const stats = { goodCalls: 2, stories: 0, appreciations: 0, valueGiven: [] };
    const home = homeView({
      t: en,
      language: "en",
      week: stats,
      allTime: stats,
      goodCalls: [secretCall({ appreciationCount: 1 }), goodCall({ id: 1 })],
      stories: [],
    });
    const text = JSON.stringify(home);
    expect(text).toContain(`${SECRET} · 🔒 private · 💛 1`);
    expect(text.split("🔒")).toHaveLength(2);
  });

  it("says why a feed post was emptied when its call was made private", () => {
    expect(removedEntry(fi, "private").text).toBe("(tekijä muutti tämän yksityiseksi)");
  });
});

describe("who may see and thank a private good call", () => {
  const actor = (userId: string, memberOf: string[] = [], manages: string[] = []): Actor => ({
    userId,
    memberOf: new Set(memberOf),
    manages: new Set(manages),
  });
  const call = entryRequest({ teamId: "C1", authorId: "UAUTHOR", visibility: "private" });

  it.each<[string, Actor, AccessRequest, boolean]>([
    ["its author", actor("UAUTHOR", ["C1"]), call, true],
    ["a manager of its team", actor("UM", [], ["C1"]), call, true],
    ["another member of its team", actor("UB", ["C1"]), call, false],
    ["a manager of another team", actor("UO", [], ["C2"]), call, false],
    [
      "another member, a team call",
      actor("UB", ["C1"]),
      entryRequest({ teamId: "C1", authorId: "UAUTHOR", visibility: "team" }),
      true,
    ],
  ])("%s", (_name, who, request, allowed) => {
    expect(decideAccess(who, request).ok).toBe(allowed);
  });

  it("tells a member it is private, and someone outside the team only that it is not theirs", () => {
    expect(decideAccess(actor("UB", ["C1"]), call)).toEqual({ ok: false, reason: "private" });
    expect(decideAccess(actor("UO"), call)).toEqual({ ok: false, reason: "not-member" });
  });
});
