// Unit tests for the views: every surface stays inside Block Kit's limits for ordinary and extreme input, in both languages.
import type { InputBlock, ModalView, PlainTextInput, StaticSelect } from "@slack/types";
import { describe, expect, it } from "vitest";
import { catalogues } from "../../src/domain/i18n.ts";
import { composeManagerSummary } from "../../src/domain/managerSummary.ts";
import type { GoodCall, Language, Story, Team } from "../../src/domain/types.ts";
import { promisesText } from "../../src/views/digest.ts";
import { feedGoodCall, goodCallConfirmation, goodCallModal, savedModal } from "../../src/views/goodCall.ts";
import { helpMessage, homeView, type PersonStats, statsMessage } from "../../src/views/home.ts";
import { CallbackId, Field } from "../../src/views/ids.ts";
import { followUpDm, improvementMessage, noteModal, proposeFixModal } from "../../src/views/loop.ts";
import { managerSummaryDm, thanksModal } from "../../src/views/managers.ts";
import { settingsModal } from "../../src/views/settings.ts";
import { actionsRow } from "../../src/views/setup.ts";
import { feedStory, storyModal } from "../../src/views/story.ts";
import { Metadata } from "../../src/views/values.ts";
import { checkMessage, checkView } from "../support/blockKit.ts";

const now = new Date("2026-03-06T12:00:00Z");

function makeTeam(over: Partial<Team> = {}): Team {
  return {
    id: "C1",
    name: "support",
    timeZone: "Europe/Helsinki",
    digestWeekday: 5,
    digestMinute: 900,
    language: "en",
    feedEnabled: true,
    usualLimit: null,
    followUpDays: 7,
    retentionMonths: null,
    managerIds: ["U1"],
    createdAt: now,
    ...over,
  };
}

function makeGoodCall(over: Partial<GoodCall> = {}): GoodCall {
  return {
    id: 1,
    teamId: "C1",
    authorId: "U2",
    what: "Gave a 10 EUR voucher because the parcel was three days late",
    why: "She needed it for a birthday",
    tags: ["late-delivery", "voucher"],
    value: { cents: 1000, currency: "EUR" },
    followUp: false,
    source: "inline",
    flaggedPii: false,
    feedTs: null,
    visibility: "team",
    createdAt: now,
    appreciationCount: 0,
    ...over,
  };
}

function makeStory(over: Partial<Story> = {}): Story {
  return {
    id: 1,
    teamId: "C1",
    authorId: "U2",
    title: "The wedding dress",
    body: "The dress was stuck in customs; we sent a courier and it arrived the morning of the wedding.",
    quote: "You saved our day!",
    goodCallId: null,
    permalink: "https://example.slack.com/archives/C1/p1700000000000100",
    flaggedPii: false,
    feedTs: null,
    createdAt: now,
    appreciationCount: 0,
    ...over,
  };
}

const stats = (over: Partial<PersonStats> = {}): PersonStats => ({
  goodCalls: 2,
  stories: 1,
  appreciations: 3,
  valueGiven: [{ cents: 1250, currency: "EUR" }],
  ...over,
});

const teams = (n: number) =>
  Array.from({ length: n }, (_, i) => makeTeam({ id: `C${i + 1}`, name: `team-${i + 1}` }));
const long = (n: number, unit = "x") => unit.repeat(n);

function input(view: ModalView, blockId: string): InputBlock {
  const block = view.blocks.find((b): b is InputBlock => b.type === "input" && b.block_id === blockId);
  if (!block) throw new Error(`no input block ${blockId}`);
  return block;
}
const textInput = (view: ModalView, blockId: string) => input(view, blockId).element as PlainTextInput;
const select = (view: ModalView, blockId: string) => input(view, blockId).element as StaticSelect;

/** Every mrkdwn and plain text string in the blocks, joined, for "is this text anywhere" checks. */
function allText(blocks: unknown[]): string {
  return JSON.stringify(blocks);
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/u;

describe.each<Language>(["en", "fi"])("views in %s", (language) => {
  const t = catalogues[language];

  describe("goodCallModal", () => {
    const modal = (over: Partial<Parameters<typeof goodCallModal>[0]> = {}) =>
      goodCallModal({ t, metadata: {}, teams: null, draft: {}, defaultCurrency: "EUR", ...over });

    it("is a valid empty form without a team picker", () => {
      const view = modal();
      expect(checkView(view)).toEqual([]);
      expect(view.callback_id).toBe(CallbackId.GoodCallModal);
      expect(view.title?.text).toBe(t.goodCallModalTitle);
      expect(view.blocks.map((b) => b.block_id)).toEqual([
        Field.What,
        Field.Why,
        Field.RuleInTheWay,
        Field.Tags,
        Field.Amount,
        Field.Currency,
        Field.FollowUp,
        Field.PromiseDue,
        Field.Visibility,
      ]);
      expect(textInput(view, Field.What).initial_value).toBeUndefined();
      expect(select(view, Field.Currency).initial_option?.value).toBe("EUR");
    });

    it("shows a team picker with the chosen team selected, and keeps the metadata", () => {
      const view = modal({ teams: teams(3), metadata: { teamId: "C2", goodCallId: 9 } });
      expect(checkView(view)).toEqual([]);
      expect(view.blocks[0]?.block_id).toBe(Field.Team);
      expect(select(view, Field.Team).options?.map((o) => o.text.text)).toEqual([
        "#team-1",
        "#team-2",
        "#team-3",
      ]);
      expect(select(view, Field.Team).initial_option?.value).toBe("C2");
      expect(Metadata.goodCall.decode(view.private_metadata)).toEqual({ teamId: "C2", goodCallId: 9 });
    });

    it("caps the team picker at 100 options for someone in 150 teams", () => {
      const view = modal({ teams: teams(150), metadata: { teamId: "C7" } });
      expect(checkView(view)).toEqual([]);
      const options = select(view, Field.Team).options ?? [];
      expect(options).toHaveLength(100);
      expect(options[99]?.value).toBe("C100");
      expect(select(view, Field.Team).initial_option?.value).toBe("C7");
    });

    it("fills in a full draft, with a 1000-character what", () => {
      const draft = {
        what: long(1000),
        why: long(1000, "y"),
        tags: ["late-delivery", "voucher"],
        value: { cents: 1250, currency: "SEK" },
        followUp: true,
      };
      const view = modal({ teams: teams(2), draft });
      expect(checkView(view)).toEqual([]);
      expect(textInput(view, Field.What).initial_value).toBe(draft.what);
      expect(textInput(view, Field.Why).initial_value).toBe(draft.why);
      expect(textInput(view, Field.Tags).initial_value).toBe("late-delivery voucher");
      expect(textInput(view, Field.Amount).initial_value).toBe("12.50");
      expect(select(view, Field.Currency).initial_option?.value).toBe("SEK");
      const followUp = input(view, Field.FollowUp).element as { initial_options?: unknown[] };
      expect(followUp.initial_options).toHaveLength(1);
    });

    it("offers an unlisted draft currency first and shows whole amounts without decimals", () => {
      const view = modal({ draft: { what: "Refund", value: { cents: 50000, currency: "ISK" } } });
      expect(checkView(view)).toEqual([]);
      expect(select(view, Field.Currency).options?.[0]?.value).toBe("ISK");
      expect(select(view, Field.Currency).initial_option?.value).toBe("ISK");
      expect(textInput(view, Field.Amount).initial_value).toBe("500");
    });

    // A what of 1000 characters passes validation (it counts code points), but the modal cuts the
    // draft at 1000 UTF-16 units with String.slice, which can split an emoji's surrogate pair.
    it("never splits an emoji when a long what is cut to fit", () => {
      const what = `a${long(999, "😀")}`;
      const initial = textInput(modal({ draft: { what } }), Field.What).initial_value ?? "";
      expect(initial.length).toBeGreaterThan(0);
      expect(initial).not.toMatch(LONE_SURROGATE);
    });
  });

  describe("storyModal", () => {
    const modal = (over: Partial<Parameters<typeof storyModal>[0]> = {}) =>
      storyModal({ t, metadata: {}, teams: null, draft: {}, relatedGoodCalls: [], ...over });

    it("is a valid empty form without a related good call picker", () => {
      const view = modal();
      expect(checkView(view)).toEqual([]);
      expect(view.callback_id).toBe(CallbackId.StoryModal);
      expect(view.title?.text).toBe(t.storyModalTitle);
      expect(view.blocks.map((b) => b.block_id)).toEqual([Field.Title, Field.Body, Field.Quote]);
    });

    it("caps 200 related good calls at 100 options and selects the draft's", () => {
      const related = Array.from({ length: 200 }, (_, i) =>
        makeGoodCall({ id: i + 1, what: `${i + 1} ${long(990)}` }),
      );
      const view = modal({ teams: teams(150), relatedGoodCalls: related, draft: { goodCallId: 42 } });
      expect(checkView(view)).toEqual([]);
      const options = select(view, Field.RelatedGoodCall).options ?? [];
      expect(options).toHaveLength(100);
      expect(options.every((o) => [...o.text.text].length <= 75)).toBe(true);
      expect(select(view, Field.RelatedGoodCall).initial_option?.value).toBe("42");
    });

    it("shortens a long draft from a message into the fields' limits", () => {
      const view = modal({
        metadata: { teamId: "C1", source: { channelId: "C1", messageTs: "1700000000.000100" } },
        draft: { title: long(400, "t"), body: long(5000, "b"), quote: long(2000, "q") },
      });
      expect(checkView(view)).toEqual([]);
      expect(view.blocks[0]?.type).toBe("context");
      expect(textInput(view, Field.Title).initial_value).toBe(`${long(149, "t")}…`);
      expect(textInput(view, Field.Body).initial_value).toBe(`${long(2999, "b")}…`);
      expect(textInput(view, Field.Quote).initial_value).toBe(`${long(999, "q")}…`);
      expect(Metadata.story.decode(view.private_metadata)).toEqual({
        teamId: "C1",
        source: { channelId: "C1", messageTs: "1700000000.000100" },
      });
    });
  });

  describe("settingsModal", () => {
    it("shows the team's settings", () => {
      const team = makeTeam({
        language: "fi",
        digestWeekday: 2,
        digestMinute: 8 * 60 + 30,
        followUpDays: 14,
      });
      const view = settingsModal(t, team);
      expect(checkView(view)).toEqual([]);
      expect(view.callback_id).toBe(CallbackId.SettingsModal);
      expect(Metadata.settings.decode(view.private_metadata)).toEqual({ teamId: "C1" });
      expect(select(view, Field.DigestDay).initial_option?.text.text).toBe(t.weekdays[1]);
      expect(select(view, Field.Language).initial_option?.value).toBe("fi");
      expect((input(view, Field.DigestTime).element as { initial_time?: string }).initial_time).toBe("08:30");
      expect((input(view, Field.FollowUpDays).element as { initial_value?: string }).initial_value).toBe(
        "14",
      );
      expect(textInput(view, Field.LimitAmount).initial_value).toBeUndefined();
    });

    it("handles 20 managers and a usual limit in an unlisted currency", () => {
      const managerIds = Array.from({ length: 20 }, (_, i) => `U${String(i).padStart(8, "0")}`);
      const view = settingsModal(t, makeTeam({ managerIds, usualLimit: { cents: 500000, currency: "ISK" } }));
      expect(checkView(view)).toEqual([]);
      expect((input(view, Field.Managers).element as { initial_users?: string[] }).initial_users).toEqual(
        managerIds,
      );
      expect(select(view, Field.LimitCurrency).options?.[0]?.value).toBe("ISK");
      expect(select(view, Field.LimitCurrency).initial_option?.value).toBe("ISK");
      expect(textInput(view, Field.LimitAmount).initial_value).toBe("5000");
    });
  });

  describe("savedModal", () => {
    it("closes with the lines people need to read", () => {
      const view = savedModal(t, [t.savedGoodCall, t.piiWarning, long(4000)]);
      expect(checkView(view)).toEqual([]);
      expect(view.title?.text).toBe(t.savedModalTitle);
      expect(view.submit).toBeUndefined();
      expect(view.blocks).toHaveLength(3);
    });
  });

  it.each([
    [
      "goodCallModal",
      () => goodCallModal({ t, metadata: {}, teams: teams(1), draft: {}, defaultCurrency: "EUR" }),
    ],
    [
      "storyModal",
      () => storyModal({ t, metadata: {}, teams: teams(1), draft: {}, relatedGoodCalls: [makeGoodCall()] }),
    ],
    ["settingsModal", () => settingsModal(t, makeTeam())],
    ["savedModal", () => savedModal(t, [t.savedStory])],
  ])("%s has a title and buttons of at most 24 characters, unshortened", (_name, render) => {
    const view = render();
    for (const text of [view.title, view.submit, view.close]) {
      if (!text) continue;
      expect(text.text.length).toBeLessThanOrEqual(24);
      expect(text.text).not.toContain("…");
    }
  });

  describe("goodCallConfirmation", () => {
    it("confirms with details, the team, the customer-details note and the buttons", () => {
      const call = makeGoodCall({ id: 17, what: "Mailed anna@example.fi the voucher <!channel>" });
      const message = goodCallConfirmation({
        t,
        language,
        call,
        piiFound: true,
        teamName: "<!here> support",
      });
      expect(checkMessage(message)).toEqual([]);
      const text = allText(message.blocks);
      expect(message.text).toBe(t.logged("<@U2>"));
      expect(text).toContain("[email]");
      expect(text).not.toContain("anna@example.fi");
      expect(text).toContain("&lt;!channel&gt;");
      expect(text).toContain("&lt;!here&gt; support");
      expect(text).not.toMatch(/<!channel>|<!here>/);
      expect(text).toContain(JSON.stringify(t.piiWarning).slice(1, -1));
      expect(text).toContain("10 EUR");
      const actions = message.blocks.at(-1) as { elements: Array<{ value?: string }> };
      expect(actions.elements.map((e) => e.value)).toEqual(["17", "17"]);
    });

    it("leaves out the note and details when there are none", () => {
      const call = makeGoodCall({ value: null, tags: [] });
      const message = goodCallConfirmation({ t, language, call, piiFound: false, teamName: null });
      expect(checkMessage(message)).toEqual([]);
      expect(message.blocks.map((b) => b.type)).toEqual(["section", "actions"]);
    });
  });

  describe("feedGoodCall", () => {
    it("posts long texts within limits", () => {
      const call = makeGoodCall({
        what: long(1000, "<"),
        why: long(1000, "&"),
        tags: Array.from({ length: 20 }, (_, i) => `t${i}`),
      });
      const message = feedGoodCall({ t, language, call });
      expect(checkMessage(message)).toEqual([]);
      expect(allText(message.blocks)).not.toContain("<<");
    });

    it("keeps broadcasts escaped and masks customer e-mails", () => {
      const call = makeGoodCall({
        what: "Told <!channel> the fix, mailed matti@example.com",
        why: "<@U999> asked, <!here> too",
        appreciationCount: 3,
      });
      const message = feedGoodCall({ t, language, call });
      expect(checkMessage(message)).toEqual([]);
      const text = allText(message.blocks);
      expect(text).not.toMatch(/<!channel>|<!here>|<@U999>|matti@example\.com/);
      expect(text).toContain("&lt;!channel&gt;");
      expect(text).toContain("[email]");
      expect(text).toContain("<@U2>");
      expect(text).toContain(`${t.appreciate} · 3`);
      expect(message.text).toBe(t.feedGoodCall("<@U2>"));
    });
  });

  describe("feedStory", () => {
    it("posts the longest story within limits", () => {
      const story = makeStory({ title: long(150, "<"), body: long(3000, ">"), quote: long(1000, "&") });
      const message = feedStory({ t, story });
      expect(checkMessage(message)).toEqual([]);
    });

    it("keeps broadcasts escaped, masks e-mails and links the original message", () => {
      const story = makeStory({
        title: "<!channel> big win",
        body: "Customer liisa@example.fi wrote back <!everyone>",
        quote: "Thanks @here",
        appreciationCount: 1,
      });
      const message = feedStory({ t, story });
      expect(checkMessage(message)).toEqual([]);
      const text = allText(message.blocks);
      expect(text).not.toMatch(/<!channel>|<!everyone>|liisa@example\.fi/);
      expect(text).toContain("&lt;!channel&gt; big win");
      expect(text).toContain("[email]");
      expect(text).not.toContain("Thanks @here");
      expect(text).toContain(`<${story.permalink}|${t.originalMessage}>`);
    });

    it("has no context line without quote or permalink", () => {
      const message = feedStory({ t, story: makeStory({ quote: null, permalink: null }) });
      expect(message.blocks.map((b) => b.type)).toEqual(["section", "actions"]);
    });
  });

  describe("homeView", () => {
    it("shows 10 good calls and 10 stories with the longest texts within limits", () => {
      const goodCalls = Array.from({ length: 15 }, (_, i) =>
        makeGoodCall({ id: i + 1, what: long(1000, "<"), appreciationCount: i }),
      );
      const stories = Array.from({ length: 15 }, (_, i) =>
        makeStory({ id: i + 1, title: long(150, "&"), body: long(1000), appreciationCount: i }),
      );
      const view = homeView({
        t,
        language,
        week: stats(),
        allTime: stats({ goodCalls: 1 }),
        goodCalls,
        stories,
      });
      expect(checkView(view)).toEqual([]);
      expect(view.type).toBe("home");
      // One line per entry, plus the "no open improvements" hint.
      const contexts = view.blocks.filter((b) => b.type === "context");
      expect(contexts).toHaveLength(21);
      expect(allText(view.blocks)).toContain(t.statGoodCalls(1));
    });

    it("encourages a first good call, and a first story in the stories section, on an empty home", () => {
      const empty = stats({ goodCalls: 0, stories: 0, appreciations: 0, valueGiven: [] });
      const view = homeView({ t, language, week: empty, allTime: empty, goodCalls: [], stories: [] });
      expect(checkView(view)).toEqual([]);
      const text = allText(view.blocks);
      const from = (heading: string) => text.slice(text.indexOf(heading));
      expect(from(t.yourRecentGoodCalls)).toContain(t.nothingYet);
      expect(from(t.yourRecentStories)).toContain(t.noStoriesYet);
      expect(from(t.yourRecentStories)).not.toContain(t.nothingYet);
      expect(allText(view.blocks)).not.toContain(t.statValue(""));
    });
  });

  describe("helpMessage", () => {
    it("is the help text alone", () => {
      const message = helpMessage(t);
      expect(checkMessage(message)).toEqual([]);
      expect(message.text).toBe(t.helpText);
    });

    it("escapes an unknown word", () => {
      const message = helpMessage(t, "<!here>please");
      expect(checkMessage(message)).toEqual([]);
      const text = allText(message.blocks) + message.text;
      expect(text).not.toContain("<!here>");
      expect(text).toContain("&lt;!here&gt;please");
    });

    it("stays within limits for a very long unknown word", () => {
      expect(checkMessage(helpMessage(t, long(5000, "<")))).toEqual([]);
    });
  });

  describe("statsMessage", () => {
    it("shows the digest period so far and all time, with value per currency", () => {
      const message = statsMessage(
        t,
        language,
        stats({ goodCalls: 1, stories: 0, appreciations: 1, valueGiven: [] }),
        stats({
          goodCalls: 2,
          stories: 2,
          appreciations: 2,
          valueGiven: [
            { cents: 1250, currency: "EUR" },
            { cents: 500, currency: "USD" },
          ],
        }),
        "Fri 27 Nov 15:00",
      );
      expect(checkMessage(message)).toEqual([]);
      expect(message.text).toBe(t.statsTitle);
      const [, week, allTime] = message.blocks.map((b) => (b as { text: { text: string } }).text.text);
      expect(week).toBe(
        `*${t.statsSince("Fri 27 Nov 15:00")}:* ${t.statGoodCalls(1)} · ${t.statStories(0)} · ${t.statAppreciations(1)}`,
      );
      const money = language === "en" ? "12.50 EUR, 5 USD" : "12,50 EUR, 5 USD";
      expect(allTime).toBe(
        `*${t.allTime}:* ${t.statGoodCalls(2)} · ${t.statStories(2)} · ${t.statAppreciations(2)} · ${t.statValue(money)}`,
      );
    });
  });

  it("setup reply has an Open settings button for the team", () => {
    const message = { text: t.setupDone("<#C1>"), blocks: [actionsRow(t, "C1")] };
    expect(checkMessage(message)).toEqual([]);
    expect(allText(message.blocks)).toContain('"value":"C1"');
  });
});

describe("what the loop and summary messages say", () => {
  const { en, fi } = catalogues;

  it("dates the follow-up DM in the reader's language on the team's calendar, with the call's text", () => {
    // 23:30 UTC on Thursday is already Friday in Helsinki.
    const call = makeGoodCall({ createdAt: new Date("2026-11-26T23:30:00Z"), what: "Swapped the <kettle>" });
    const english = followUpDm(en, call, "Europe/Helsinki");
    const finnish = followUpDm(fi, call, "Europe/Helsinki");
    expect(english.text).toBe("On Fri 27 Nov you made this good call. Did it help?");
    expect(finnish.text).toBe("Teit tämän hyvän ratkaisun pe 27.11. – auttoiko se?");
    expect(allText(english.blocks)).toContain("\\n> Swapped the &lt;kettle&gt;");
    expect(checkMessage(english)).toEqual([]);
  });

  it("shows an improvement's title once in its announcement", () => {
    const message = improvementMessage(en, {
      id: 1,
      teamId: "C1",
      title: "Print return labels",
      description: null,
      ownerId: "U2",
      proposerId: "U2",
      status: "proposed",
      declineReason: null,
      patternLabel: null,
      linkedCount: 0,
    });
    expect(allText(message.blocks).split("Print return labels")).toHaveLength(2);
    expect(message.text).toContain("Print return labels");
  });

  it.each([
    [en, { kept: 4, broken: 1, open: 1 }, "Promises to customers: kept 4 of 5 (80%), 1 still open"],
    [fi, { kept: 4, broken: 1, open: 0 }, "Lupaukset asiakkaille: pidetty 4/5 (80 %)"],
    [en, { kept: 0, broken: 0, open: 2 }, "Promises to customers: 2 still open"],
  ])("says promises as a kept rate once any is settled (%#)", (t, promises, expected) => {
    expect(promisesText(t, promises)).toBe(expected);
  });

  it("puts the kept rate in the manager summary", () => {
    const summary = composeManagerSummary({
      teamId: "C1",
      language: "en",
      timeZone: "Europe/Helsinki",
      period: { start: now, end: new Date(now.getTime() + 7 * 24 * 3600_000) },
      totals: { goodCalls: 0, people: 0, stories: 0, appreciations: 0, valueGiven: [] },
      previous: null,
      goodCalls: [],
      storyAuthors: [],
      firstThanksAt: new Map(),
      thankedPeople: new Set(),
      usualLimit: null,
      unreachableManagers: [],
      managerId: "U1",
      retention: null,
    });
    const loop = { patterns: [], openImprovements: 0, promises: { kept: 4, broken: 1, open: 0 } };
    expect(allText(managerSummaryDm(en, summary, null, loop).blocks)).toContain("kept 4 of 5 (80%)");
  });
});

describe.each<Language>(["en", "fi"])("optional inputs in %s", (language) => {
  const t = catalogues[language];
  // Slack marks `optional: true` inputs itself; a marker of ours as well would show twice.
  const marker = /\((optional|valinnainen)\)/iu;
  const modals: ModalView[] = [
    goodCallModal({
      t,
      metadata: { teamId: "C1" },
      teams: null,
      draft: {},
      defaultCurrency: "EUR",
    }),
    storyModal({ t, metadata: { teamId: "C1" }, teams: null, draft: {}, relatedGoodCalls: [makeGoodCall()] }),
    settingsModal(t, makeTeam()),
    noteModal(t, 1),
    thanksModal(t, { entry: { kind: "goodCall", id: 1 } }, "U2"),
    proposeFixModal(
      t,
      { teamId: "C1", patternKey: "late", patternLabel: "late", period: { start: now, end: now } },
      3,
      [],
    ),
  ];

  it("leaves the (optional) marker to Slack", () => {
    const inputs = modals.flatMap((view) => view.blocks.filter((b): b is InputBlock => b.type === "input"));
    expect(inputs.filter((b) => b.optional).length).toBeGreaterThanOrEqual(10);
    for (const block of inputs) {
      expect(block.label.text, block.block_id).not.toMatch(marker);
      expect(block.hint?.text ?? "", block.block_id).not.toMatch(marker);
    }
  });
});
