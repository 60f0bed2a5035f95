// Unit tests for the digest's Block Kit and plain-text preview: content, language, escaping and Slack's limits.
import type { Button, KnownBlock } from "@slack/types";
import { describe, expect, it } from "vitest";
import { composeDigest, type DigestInput, type DigestSection } from "../../src/domain/digest.ts";
import { catalogues } from "../../src/domain/i18n.ts";
import { renderDigest, renderDigestPreview } from "../../src/views/digest.ts";
import { ActionId } from "../../src/views/ids.ts";
import { checkMessage } from "../support/blockKit.ts";
import { at, goodCall, NONE, PERIOD, story } from "../support/fixtures.ts";

const { en, fi } = catalogues;
function setup(overrides: Partial<DigestInput> = {}, language: "en" | "fi" = "en") {
  const digest = composeDigest({
    teamId: "T1",
    language,
    timeZone: "Europe/Helsinki",
    period: PERIOD,
    late: false,
    goodCalls: [],
    stories: [],
    appreciations: 0,
    previous: NONE,
    firstTimers: [],
    ...overrides,
  });
  const t = catalogues[language];
  const message = renderDigest(digest, t);
  return { digest, message, problems: checkMessage(message, "digest"), text: allText(message.blocks) };
}

/** Every text a person can see in the blocks, one per line. */
function allText(value: unknown): string {
  if (Array.isArray(value)) return value.map(allText).filter(Boolean).join("\n");
  if (typeof value !== "object" || value === null) return "";
  const record = value as Record<string, unknown>;
  const own = typeof record.text === "string" ? [record.text] : [];
  const nested = Object.entries(record)
    .filter(([key]) => key !== "text" || typeof record.text !== "string")
    .map(([, child]) => allText(child));
  return [...own, ...nested].filter(Boolean).join("\n");
}

function buttons(blocks: KnownBlock[]): Button[] {
  return blocks.flatMap((block): Button[] => {
    if (block.type === "actions") return block.elements.filter((e): e is Button => e.type === "button");
    if (block.type === "section" && block.accessory?.type === "button") return [block.accessory];
    return [];
  });
}

const EXTRAS: DigestSection[] = [
  { kind: "outcomes", followedUp: 9, helped: 7, noChange: 1, backfired: 1, quote: "They ordered again!" },
  {
    kind: "patterns",
    patterns: [
      {
        key: "late-delivery",
        label: "Late deliveries",
        count: 5,
        people: 3,
        valueGiven: [{ cents: 5000, currency: "EUR" }],
      },
      { key: "broken-lid", label: "Broken lids", count: 2, people: 1, valueGiven: [] },
    ],
  },
  {
    kind: "improvements",
    proposed: [{ id: 4, title: "Check lids before packing", ownerId: "U5" }],
    completed: [
      {
        id: 3,
        title: "free re-delivery is now standard",
        goodCallIds: [1, 2, 3, 4, 5],
        people: ["U1", "U2"],
        recurrenceBefore: 7,
        recurrenceSince: 1,
      },
    ],
  },
];

describe("renderDigest", () => {
  it("posts a short encouraging message with both buttons for an empty period", () => {
    const { message, problems, text } = setup({ appreciations: 2 });
    expect(problems).toEqual([]);
    expect(message.blocks.map((b) => b.type)).toEqual(["header", "section", "actions"]);
    expect(text).toContain(en.digestEmpty);
    expect(text).toContain("Good calls this week · 13–20 Nov 2026");
    expect(buttons(message.blocks)).toMatchObject([
      { action_id: ActionId.OpenGoodCallModal, value: "digest", text: { text: en.logGoodCall } },
      { action_id: ActionId.OpenStoryModal, value: "digest", text: { text: en.shareStory } },
    ]);
    expect(message.text).toBe("Good calls this week · 13–20 Nov 2026");
  });

  it("still reports a completed improvement in a quiet week", () => {
    const { problems, text } = setup({
      extras: [
        {
          kind: "improvements",
          proposed: [],
          completed: [
            {
              id: 1,
              title: "Free re-delivery",
              goodCallIds: [],
              people: [],
              recurrenceBefore: 7,
              recurrenceSince: 1,
            },
          ],
        },
      ],
    });
    expect(problems).toEqual([]);
    expect(text).toContain(en.digestEmpty);
    expect(text).toContain("Free re-delivery");
    expect(text).toContain(en.digestRecurrence(1, 7));
  });

  it("thanks one person by name and shows the headline numbers with their change", () => {
    const { message, problems, text } = setup({
      goodCalls: [
        goodCall({ value: { cents: 1000, currency: "EUR" }, appreciationCount: 2, tags: ["voucher"] }),
      ],
      appreciations: 2,
      previous: {
        goodCalls: 1,
        people: 2,
        stories: 0,
        appreciations: 0,
        valueGiven: [{ cents: 400, currency: "USD" }],
      },
    });
    expect(problems).toEqual([]);
    expect(text).toContain("• *1 good call* (same as last week)");
    expect(text).toContain("• *1 person* (▼ 1 from last week)");
    expect(text).toContain("• *0 stories* (same as last week)");
    expect(text).toContain(
      "• Value given: *10 EUR* (▲ 10 EUR from last week), *0 USD* (▼ 4 USD from last week)",
    );
    expect(text).toContain("• *2 appreciations* (▲ 2 from last week)");
    expect(text).toContain(`*${en.digestThanks}*\n<@U1>`);
    expect(text).not.toContain("×");
    expect(text).toContain("> Sent a replacement at once");
    expect(text).toContain("Value: 10 EUR");
    expect(text).toContain("💛 2 appreciations");
    expect(text).toContain("#voucher");
    expect(message.text).toBe("Good calls this week · 13–20 Nov 2026: 1 good call, 0 stories");
  });

  it("says what each person's entries are, without ranks, and welcomes first timers on their own line", () => {
    const { text, problems } = setup({
      goodCalls: [goodCall({ authorId: "U1" }), goodCall({ authorId: "U1" }), goodCall({ authorId: "U7" })],
      stories: [story({ authorId: "U1" }), story({ authorId: "U9" })],
      firstTimers: ["U7", "U9"],
      previous: { ...NONE, goodCalls: 1 },
    });
    expect(problems).toEqual([]);
    expect(text).toContain("<@U1> (2 good calls, 1 story), <@U7>, <@U9>");
    expect(text).not.toContain("×");
    expect(text).not.toMatch(/#1\b|1\.\s*<@/u);
    expect(text).toContain("First good calls ever: <@U7>, <@U9> — welcome!");
    expect(text).toContain("*3 good calls* (▲ 2 from last week)");
  });

  it("spotlights stories with title, shortened body, quote, appreciations, author and link", () => {
    const { message, text, problems } = setup({
      stories: [
        story({
          id: 1,
          title: "Saved the wedding cake",
          body: "word ".repeat(300),
          quote: "You saved\nour day",
          appreciationCount: 3,
          authorId: "U4",
          permalink: "https://example.slack.com/archives/C1/p123",
        }),
        story({ id: 2, title: "Bad link", permalink: "https://x.example/|<!channel>" }),
      ],
    });
    expect(problems).toEqual([]);
    expect(text).toContain("*Story spotlight*");
    expect(text).toContain("*Saved the wedding cake*");
    expect(text).toContain("> You saved our day");
    expect(text).toContain("by <@U4>");
    expect(text).toContain("💛 3 appreciations");
    expect(text).toContain("<https://example.slack.com/archives/C1/p123|Original message>");
    expect(text).not.toContain("x.example");
    const body = text.split("\n").find((line) => line.startsWith("word "));
    expect(body?.endsWith("…")).toBe(true);
    expect([...(body ?? "")].length).toBeLessThanOrEqual(500);
    expect(message.blocks.filter((b) => b.type === "context")).toHaveLength(2);
  });

  it("escapes and masks user text everywhere, and never cuts an entity in half", () => {
    const nasty = "<!channel> & <@U1>";
    const { text, problems } = setup({
      goodCalls: [
        goodCall({
          authorId: "U2",
          what: `${"&".repeat(400)} <!here>`,
          tags: ["<!everyone>"],
          appreciationCount: 1,
        }),
        goodCall({ id: 2, authorId: "U2", what: "Called back on anna@example.com", appreciationCount: 1 }),
      ],
      stories: [story({ authorId: "U2", title: nasty, body: `${"&".repeat(600)}`, quote: nasty })],
      extras: [
        { kind: "patterns", patterns: [{ key: "k", label: nasty, count: 2, people: 1, valueGiven: [] }] },
        {
          kind: "improvements",
          proposed: [{ id: 1, title: nasty, ownerId: "U2" }],
          completed: [{ id: 2, title: nasty, goodCallIds: [1], people: ["U2"] }],
        },
      ],
    });
    expect(problems).toEqual([]);
    expect(text).not.toContain("<!channel>");
    expect(text).not.toContain("<!here>");
    expect(text).not.toContain("<!everyone>");
    expect(text).not.toContain("<@U1>");
    expect(text).toContain("&lt;!channel&gt; &amp; &lt;@U1&gt;");
    expect(text.replace(/&(amp|lt|gt);/gu, "")).not.toContain("&");
    expect(text).toContain("Called back on [email]");
    expect(text).not.toContain("anna@example.com");
  });

  it("says when the digest is late", () => {
    const late = setup({ goodCalls: [goodCall()], late: true });
    expect(late.message.blocks[1]).toEqual({
      type: "context",
      elements: [{ type: "mrkdwn", text: en.digestLate }],
    });
    expect(setup({ goodCalls: [goodCall()] }).text).not.toContain(en.digestLate);
    expect(setup({ late: true }, "fi").text).toContain(fi.digestLate);
  });

  it("renders outcomes, patterns with a Propose-a-fix button, and improvements with the people behind them", () => {
    const { message, text, problems } = setup({ goodCalls: [goodCall()], extras: EXTRAS });
    expect(problems).toEqual([]);
    expect(text).toContain("7 of 9 followed-up good calls helped");
    expect(text).toContain("No change: 1 · Backfired: 1");
    expect(text).toContain("> They ordered again!");
    expect(text).toContain("*Late deliveries*\n5 good calls by 3 people · 50 EUR");
    expect(text).toContain("*Broken lids*\n2 good calls by 1 person");
    expect(buttons(message.blocks).filter((b) => b.action_id === ActionId.ProposeFix)).toMatchObject([
      { value: "pattern:late-delivery", text: { text: "Propose a fix" } },
      { value: "pattern:broken-lid", text: { text: "Propose a fix" } },
    ]);
    expect(text).toContain("Newly proposed:\n• Check lids before packing (<@U5>)");
    expect(text).toContain("5 good calls by <@U1>, <@U2> led to: *free re-delivery is now standard*");
    expect(text).toContain("Similar good calls since the fix: 1, before: 7");
    expect(message.blocks.at(-1)?.type).toBe("actions");
  });

  it("leaves out outcomes with nothing followed up, and recurrence that is not known", () => {
    const { text } = setup({
      goodCalls: [goodCall()],
      extras: [
        { kind: "outcomes", followedUp: 0, helped: 0, noChange: 0, backfired: 0, quote: null },
        {
          kind: "improvements",
          proposed: [],
          completed: [{ id: 1, title: "New packaging", goodCallIds: [], people: [], recurrenceBefore: 3 }],
        },
      ],
    });
    expect(text).not.toContain(en.digestOutcomesTitle);
    expect(text).toContain("Done: *New packaging*");
    expect(text).not.toContain("since the fix");
  });

  it("fits Slack's limits with 300 people, 2,000 good calls, 50 long stories and every section", () => {
    const long = (seed: number) => `${seed} <&> ${"Very long words & more ".repeat(200)}`;
    const people = Array.from({ length: 300 }, (_, i) => `U${String(i).padStart(10, "0")}`);
    const goodCalls = Array.from({ length: 2000 }, (_, i) =>
      goodCall({
        id: i,
        authorId: people[i % 300],
        what: long(i),
        tags: Array.from({ length: 12 }, (_, j) => `tag-${j}-${"x".repeat(30)}`),
        value: { cents: 1234, currency: i % 2 ? "EUR" : "USD" },
        appreciationCount: i % 7,
        createdAt: at(i),
      }),
    );
    const stories = Array.from({ length: 50 }, (_, i) =>
      story({
        id: i,
        authorId: people[(i * 7) % 300],
        title: long(i),
        body: long(i),
        quote: long(i),
        createdAt: at(i),
      }),
    );
    const many = Array.from({ length: 40 }, (_, i) => i);
    const { message, problems, text } = setup({
      goodCalls,
      stories,
      late: true,
      appreciations: 9000,
      firstTimers: people,
      extras: [
        { kind: "outcomes", followedUp: 900, helped: 800, noChange: 90, backfired: 10, quote: long(0) },
        {
          kind: "patterns",
          patterns: many.map((i) => ({ key: `k${i}`, label: long(i), count: 9, people: 4, valueGiven: [] })),
        },
        {
          kind: "improvements",
          proposed: many.map((i) => ({ id: i, title: long(i), ownerId: people[i] ?? "U1" })),
          completed: many.map((i) => ({
            id: i,
            title: long(i),
            goodCallIds: many,
            people,
            recurrenceBefore: 9,
            recurrenceSince: 1,
          })),
        },
        ...many.map(
          (): DigestSection => ({
            kind: "patterns",
            patterns: [{ key: "x", label: "x", count: 1, people: 1, valueGiven: [] }],
          }),
        ),
      ],
    });
    expect(problems).toEqual([]);
    expect(message.blocks.length).toBeLessThanOrEqual(50);
    expect(text).toContain("and 150 more; see everyone in GoodCall's App Home");
    expect(text.match(/<@U\d{10}>/gu)?.length).toBeGreaterThan(150);
    expect(message.text.length).toBeLessThan(150);
    expect(message.blocks.at(-1)?.type).toBe("actions");
    for (const block of message.blocks) {
      if (block.type === "context") expect(block.elements.length).toBeLessThanOrEqual(10);
    }
  });

  it("speaks Finnish throughout when the team does", () => {
    const { text, message, problems } = setup(
      {
        goodCalls: [
          goodCall({ value: { cents: 1250, currency: "EUR" }, appreciationCount: 1 }),
          goodCall({ authorId: "U2" }),
        ],
        stories: [story({ appreciationCount: 2, permalink: "https://example.slack.com/archives/C1/p1" })],
        firstTimers: ["U2"],
        previous: { ...NONE, goodCalls: 5 },
        extras: EXTRAS,
        late: true,
      },
      "fi",
    );
    expect(problems).toEqual([]);
    expect(text).toContain("Viikon hyvät ratkaisut · 13.–20.11.2026");
    expect(text).toContain("*2 hyvää ratkaisua* (▼ 3 vähemmän kuin edellisellä viikolla)");
    expect(text).toContain("Annettu arvo: *12,50 EUR* (▲ 12,50 EUR enemmän kuin edellisellä viikolla)");
    expect(text).toContain("5 hyvää ratkaisua (<@U1>, <@U2>) johti parannukseen");
    for (const english of [
      "good call",
      "Good calls",
      "from last week",
      "same as last week",
      "Thank you",
      "welcome",
      "Story spotlight",
      "appreciation",
      "Original message",
      "Propose a fix",
      "Share a story",
      "followed-up",
      "Newly proposed",
      "since the fix",
      " by ",
    ]) {
      expect(text).not.toContain(english);
    }
    expect(message.text).toContain("Viikon hyvät ratkaisut");
  });
});

describe("renderDigestPreview", () => {
  it("reads as plain text with the headline numbers and names", () => {
    const { digest } = setup({
      goodCalls: [
        goodCall({ authorId: "U1", value: { cents: 500, currency: "EUR" } }),
        goodCall({ authorId: "U1" }),
      ],
      stories: [story({ authorId: "U2", title: "Tom & Jerry", quote: "Thanks!" })],
      appreciations: 4,
      previous: { ...NONE, goodCalls: 1 },
      extras: EXTRAS,
    });
    const preview = renderDigestPreview(digest, en);
    expect(preview).toContain("Good calls this week · 13–20 Nov 2026");
    expect(preview).toContain("• 2 good calls (▲ 1 from last week)");
    expect(preview).toContain("• 2 people (▲ 2 from last week)");
    expect(preview).toContain("• Value given: 5 EUR (▲ 5 EUR from last week)");
    expect(preview).toContain("<@U1> (2 good calls), <@U2>");
    expect(preview).toContain("Tom & Jerry");
    expect(preview).toContain("“Thanks!”");
    expect(preview).toContain("[Propose a fix]");
    expect(preview).toContain("[Log a good call] [Share a story]");
    expect(preview).not.toMatch(/\*|&amp;|<(?!@U)/u);
  });

  it("says a quiet week is quiet", () => {
    expect(renderDigestPreview(setup().digest, fi)).toContain(fi.digestEmpty);
  });
});

describe("what the digest says about itself", () => {
  it("shows no change without a previous period, and the notable rule in the team's language", () => {
    const call = goodCall({ appreciationCount: 1, value: { cents: 500, currency: "EUR" } });
    const english = setup({ goodCalls: [call], previous: null });
    expect(english.text).toContain("*1 good call*\n• *1 person*");
    expect(english.text).toContain("Value given: *5 EUR*\n");
    expect(english.text).not.toContain("last week");
    const finnish = setup({ goodCalls: [call], previous: null }, "fi");
    expect(finnish.text).not.toContain("edellisellä viikolla");
    expect(finnish.text).toContain(fi.digestNotableHow);
  });

  it("speaks of a late quiet week in the past tense", () => {
    expect(setup({ late: true }).text).toContain(en.digestEmptyLate);
    expect(setup({ late: true }).text).not.toContain(en.digestEmpty);
    expect(setup({ late: true }, "fi").text).toContain("Viikko oli hiljainen: hyviä ratkaisuja ei kirjattu.");
  });

  it("says promises as a kept rate", () => {
    const { text } = setup({
      goodCalls: [goodCall()],
      extras: [{ kind: "promises", kept: 4, broken: 1, open: 2 }],
    });
    expect(text).toContain("Promises to customers: kept 4 of 5 (80%), 2 still open");
  });
});
