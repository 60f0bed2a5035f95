// Who may see and do what, end to end: every button and form the app has, sent with forged values
// and metadata (encoded as the app encodes them) by a person in no team and by a manager of another
// team, is refused kindly and changes nothing; the same request from the rightful person works.
import { describe, expect, it } from "vitest";
import { messages } from "../../src/domain/i18n.ts";
import { ActionId, actionVariant, CallbackId, Field } from "../../src/views/ids.ts";
import {
  entryId,
  entryKey,
  improvementStatusChoice,
  Metadata,
  managerPreferenceChoice,
  outcomeAnswer,
  promiseAnswer,
  proposeFixValue,
  raiseLimitValue,
  slackIdValue,
  thanksChoiceValue,
} from "../../src/views/values.ts";
import { ackText, makeTeam, said } from "../support/conversation.ts";
import type { SlackCall } from "../support/fakeSlack.ts";
import { appPerTest, type Harness, type Reply } from "../support/harness.ts";
import { tableContents } from "../support/tables.ts";

const startApp = appPerTest();
const t = messages("en");
const DAY = 24 * 3600_000;

/** Someone sending a request, and the channel Slack signs it from (their DM, or their team's channel). */
interface Person {
  userId: string;
  channelId: string;
}

// Team #support (C1): Mikko manages, Anna logs, Aino is a colleague. Team #sales (C2): Olli manages.
const MIKKO: Person = { userId: "U1", channelId: "DU1" };
const ANNA: Person = { userId: "U2", channelId: "DU2" };
const AINO: Person = { userId: "U3", channelId: "DU3" };
const OUTSIDER: Person = { userId: "U9", channelId: "DU9" };
/** A manager (so also a member) of another team, acting from that team's own channel. */
const OTHER_TEAM: Person = { userId: "U5", channelId: "C2" };

interface Fixtures {
  /** Anna's good call in #support, with a promise pending and a follow-up asked. */
  goodCall: number;
  /** Another of Anna's good calls, for *Undo*. */
  spare: number;
  /** Anna's shared story in #support. */
  story: number;
  /** Stories Mikko drafted from Anna's good call, waiting for her answer. */
  pendingYes: number;
  pendingNo: number;
  /** Anna's improvement in #support. */
  improvement: number;
}

const PATTERN = "tag:late-delivery";

async function setup(): Promise<{ h: Harness; fx: Fixtures }> {
  const h = await startApp();
  h.fake.names({
    U1: "Mikko",
    U2: "Anna",
    U3: "Aino",
    U5: "Olli",
    U9: "Outsider",
    C1: "support",
    C2: "sales",
  });
  // Known languages, so no locale lookup writes a Person row in the middle of a comparison.
  for (const userId of ["U1", "U2", "U3", "U5", "U9"]) await h.services.people.setLocale(userId, "en-GB");
  h.fake.setChannelMembers("C1", ["U1", "U2", "U3"]);
  h.fake.setChannelMembers("C2", ["U5"]);
  await makeTeam(h, { channel: "C1", manager: "U1" });
  await makeTeam(h, { channel: "C2", manager: "U5" });
  for (const [user, text] of [
    ["U2", "Refunded the shipping of a late parcel #late-delivery"],
    ["U3", "Sent a voucher for a parcel lost for a week #late-delivery"],
    ["U1", "Rebooked a courier for a late sofa #late-delivery"],
    ["U2", "Swapped a cracked mug at the counter"],
  ] as const) {
    await h.command("/goodcall", text, { user, channel: "C1" });
  }
  await h.idle();
  const now = h.now.value;
  const entries = h.services.entries;
  const call = await entries.createGoodCall(
    {
      teamId: "C1",
      authorId: "U2",
      what: "Promised Maija a call back about her warranty",
      why: null,
      tags: [],
      value: null,
      followUp: true,
      source: "inline",
      flaggedPii: false,
      followUpDueAt: new Date(now.getTime() - DAY),
      promise: { due: "2030-01-01", remindAt: new Date(now.getTime() - DAY) },
    },
    now,
  );
  const spare = (await entries.recentGoodCalls("U2", 10)).find((c) => c.what.startsWith("Swapped"));
  const story = await entries.createStory(
    {
      teamId: "C1",
      authorId: "U2",
      title: "The cake",
      body: "Drove the forgotten cake to the party.",
      quote: null,
      goodCallId: null,
      permalink: null,
      flaggedPii: false,
    },
    now,
  );
  const pending = (title: string) =>
    entries.createStory(
      {
        teamId: "C1",
        authorId: "U2",
        title,
        body: "Drafted by Mikko from Anna's good call.",
        quote: null,
        goodCallId: call.id,
        permalink: null,
        flaggedPii: false,
        pendingConsent: true,
      },
      now,
    );
  const improvement = await h.services.loop.createImprovement(
    {
      teamId: "C1",
      title: "Free re-delivery",
      description: null,
      ownerId: "U2",
      proposerId: "U2",
      patternKey: PATTERN,
      patternLabel: "#late-delivery",
      goodCallIds: [],
    },
    now,
  );
  return {
    h,
    fx: {
      goodCall: call.id,
      spare: spare?.id ?? 0,
      story: story.id,
      pendingYes: (await pending("Yes please")).id,
      pendingNo: (await pending("Not now")).id,
      improvement: improvement.id,
    },
  };
}

const text = (value: string) => ({ type: "plain_text_input", value });

function settingsValues() {
  return {
    [Field.Managers]: { [Field.Managers]: { type: "multi_users_select", selected_users: ["U1", "U5"] } },
    [Field.TimeZone]: { [Field.TimeZone]: text("America/New_York") },
    [Field.DigestDay]: { [Field.DigestDay]: { type: "static_select", selected_option: { value: "1" } } },
    [Field.DigestTime]: { [Field.DigestTime]: { type: "timepicker", selected_time: "09:30" } },
    [Field.Language]: { [Field.Language]: { type: "static_select", selected_option: { value: "fi" } } },
    [Field.Feed]: { [Field.Feed]: { type: "checkboxes", selected_options: [{ value: "on" }] } },
    [Field.LimitAmount]: { [Field.LimitAmount]: text("25") },
    [Field.LimitCurrency]: {
      [Field.LimitCurrency]: { type: "static_select", selected_option: { value: "EUR" } },
    },
    [Field.FollowUpDays]: { [Field.FollowUpDays]: { type: "number_input", value: "5" } },
  };
}

type Send = (h: Harness, fx: Fixtures, as: Person) => Promise<Reply>;

interface Case {
  /** The action id or callback id this row covers. */
  id: string;
  name: string;
  /** Who may do it: the positive control sends the same request as them. */
  rightful: Person;
  send: Send;
  /**
   * What a forger hears: a refusal, or (for buttons and shortcuts that name no team) nothing of
   * #support at all: the outsider is told they have no team, the other team's manager gets their own.
   */
  forged: { refusal: string } | "own-teams-only";
}

const button =
  (actionId: string, value: (fx: Fixtures) => string): Send =>
  (h, fx, as) =>
    h.action({ userId: as.userId, channelId: as.channelId, actionId, value: value(fx) });

const submit =
  (
    callbackId: string,
    metadata: (fx: Fixtures) => string,
    values: Record<string, Record<string, Record<string, unknown>>>,
  ): Send =>
  (h, fx, as) =>
    h.submit({ userId: as.userId, callbackId, privateMetadata: metadata(fx), values });

const gc = (fx: Fixtures) => ({ kind: "goodCall" as const, id: fx.goodCall });
const period = () => ({ start: new Date(Date.now() - 7 * DAY), end: new Date(Date.now() + 7 * DAY) });

const notMember = { refusal: t.accessNotMember };
const notAuthor = { refusal: t.accessNotAuthor };

// Ordered so the positive controls, run top to bottom in one app, leave what later rows need.
const CASES: Case[] = [
  {
    id: ActionId.AddDetails,
    name: "Add details",
    rightful: ANNA,
    forged: notAuthor,
    send: button(ActionId.AddDetails, (fx) => entryId.encode(fx.goodCall)),
  },
  // Before the edit below, which (like the real form without a date) clears the promise.
  {
    id: ActionId.Outcome,
    name: "did it help?",
    rightful: ANNA,
    forged: notAuthor,
    send: button(actionVariant(ActionId.Outcome, "helped"), (fx) =>
      outcomeAnswer.encode({ goodCallId: fx.goodCall, outcome: "helped" }),
    ),
  },
  {
    id: CallbackId.OutcomeNoteModal,
    name: "outcome note",
    rightful: ANNA,
    forged: notAuthor,
    send: submit(
      CallbackId.OutcomeNoteModal,
      (fx) => Metadata.outcomeNote.encode({ goodCallId: fx.goodCall }),
      { [Field.Note]: { [Field.Note]: text("The customer came back") } },
    ),
  },
  {
    id: ActionId.Promise,
    name: "promise answer",
    rightful: ANNA,
    forged: notAuthor,
    send: button(actionVariant(ActionId.Promise, "kept"), (fx) =>
      promiseAnswer.encode({ goodCallId: fx.goodCall, answer: "kept" }),
    ),
  },
  // After the promise answer: a settled promise stays, and the author hears so (not a refusal).
  {
    id: ActionId.NotAPromise,
    name: "Not a promise",
    rightful: ANNA,
    forged: notAuthor,
    send: button(ActionId.NotAPromise, (fx) => entryId.encode(fx.goodCall)),
  },
  {
    id: ActionId.Appreciate,
    name: "Appreciate",
    rightful: AINO,
    forged: notMember,
    send: button(ActionId.Appreciate, (fx) => entryKey.encode(gc(fx))),
  },
  {
    id: ActionId.SayThanks,
    name: "Say thanks",
    rightful: MIKKO,
    forged: notMember,
    send: button(ActionId.SayThanks, (fx) => entryKey.encode(gc(fx))),
  },
  {
    id: CallbackId.ThanksModal,
    name: "thanks form",
    rightful: MIKKO,
    forged: notMember,
    send: submit(CallbackId.ThanksModal, (fx) => Metadata.thanks.encode({ entry: gc(fx) }), {
      [Field.Note]: { [Field.Note]: text("You are a star") },
    }),
  },
  {
    id: ActionId.ThanksChoice,
    name: "thanks chooser",
    rightful: AINO,
    forged: notMember,
    send: button(actionVariant(ActionId.ThanksChoice, "st"), (fx) =>
      thanksChoiceValue.encode({ entry: { kind: "story", id: fx.story }, to: "U2", note: "Lovely story" }),
    ),
  },
  {
    id: ActionId.ShareAsStory,
    name: "Share as story",
    rightful: MIKKO,
    forged: notMember,
    send: button(ActionId.ShareAsStory, (fx) => entryKey.encode(gc(fx))),
  },
  {
    id: CallbackId.StoryModal,
    name: "story form (drafted for consent)",
    rightful: MIKKO,
    forged: notMember,
    send: submit(
      CallbackId.StoryModal,
      (fx) => Metadata.story.encode({ teamId: "C1", consentFor: "U2", goodCallId: fx.goodCall }),
      {
        [Field.Title]: { [Field.Title]: text("The warranty call") },
        [Field.Body]: { [Field.Body]: text("Anna called Maija back about the warranty as promised.") },
      },
    ),
  },
  {
    id: CallbackId.StoryModal,
    name: "story form",
    rightful: ANNA,
    forged: notMember,
    send: submit(CallbackId.StoryModal, () => Metadata.story.encode({ teamId: "C1" }), {
      [Field.Title]: { [Field.Title]: text("Planted story") },
      [Field.Body]: { [Field.Body]: text("A story written into someone else's team feed.") },
    }),
  },
  {
    id: CallbackId.GoodCallModal,
    name: "good-call form",
    rightful: ANNA,
    forged: notMember,
    send: submit(CallbackId.GoodCallModal, () => Metadata.goodCall.encode({ teamId: "C1" }), {
      [Field.What]: { [Field.What]: text("Planted good call in another team") },
    }),
  },
  {
    id: CallbackId.GoodCallModal,
    name: "good-call form, team picked in the menu",
    rightful: ANNA,
    forged: notMember,
    send: submit(CallbackId.GoodCallModal, () => Metadata.goodCall.encode({}), {
      [Field.Team]: { [Field.Team]: { type: "static_select", selected_option: { value: "C1" } } },
      [Field.What]: { [Field.What]: text("Planted good call through the team menu") },
    }),
  },
  {
    id: CallbackId.GoodCallModal,
    name: "good-call form editing someone's call",
    rightful: ANNA,
    forged: notAuthor,
    send: submit(
      CallbackId.GoodCallModal,
      (fx) => Metadata.goodCall.encode({ teamId: "C2", goodCallId: fx.goodCall }),
      {
        [Field.What]: { [Field.What]: text("Promised Maija a call back about her warranty, edited") },
      },
    ),
  },
  {
    id: ActionId.StoryConsentYes,
    name: "story consent: share",
    rightful: ANNA,
    forged: notAuthor,
    send: button(ActionId.StoryConsentYes, (fx) => entryId.encode(fx.pendingYes)),
  },
  {
    id: ActionId.StoryConsentNo,
    name: "story consent: not now",
    rightful: ANNA,
    forged: notAuthor,
    send: button(ActionId.StoryConsentNo, (fx) => entryId.encode(fx.pendingNo)),
  },
  {
    id: ActionId.ProposeFix,
    name: "Propose a fix",
    rightful: ANNA,
    forged: notMember,
    send: button(actionVariant(ActionId.ProposeFix, 0), () =>
      proposeFixValue.encode({ patternKey: PATTERN, teamId: "C1" }),
    ),
  },
  {
    id: CallbackId.ProposeFixModal,
    name: "propose-a-fix form",
    rightful: ANNA,
    forged: notMember,
    send: submit(
      CallbackId.ProposeFixModal,
      () =>
        Metadata.proposeFix.encode({
          teamId: "C1",
          patternKey: PATTERN,
          patternLabel: "#late-delivery",
          period: period(),
        }),
      {
        [Field.Title]: { [Field.Title]: text("Planted improvement") },
      },
    ),
  },
  {
    id: ActionId.ImprovementStatus,
    name: "improvement status",
    rightful: ANNA,
    forged: notMember,
    send: (h, fx, as) =>
      h.select({
        userId: as.userId,
        channelId: as.channelId,
        actionId: ActionId.ImprovementStatus,
        selected: improvementStatusChoice.encode({ improvementId: fx.improvement, status: "in_progress" }),
      }),
  },
  {
    id: CallbackId.DeclineModal,
    name: "decline form",
    rightful: MIKKO,
    forged: notMember,
    send: submit(
      CallbackId.DeclineModal,
      (fx) => Metadata.decline.encode({ improvementId: fx.improvement }),
      { [Field.Reason]: { [Field.Reason]: text("Too costly this year") } },
    ),
  },
  {
    id: ActionId.OpenSettings,
    name: "settings button",
    rightful: MIKKO,
    forged: notMember,
    send: button(ActionId.OpenSettings, () => slackIdValue.encode("C1")),
  },
  {
    id: ActionId.RaiseLimit,
    name: "raise the usual limit (manager summary)",
    rightful: MIKKO,
    forged: notMember,
    send: button(ActionId.RaiseLimit, () =>
      raiseLimitValue.encode({ teamId: "C1", suggested: { cents: 5000, currency: "EUR" } }),
    ),
  },
  {
    id: CallbackId.SettingsModal,
    name: "settings form",
    rightful: MIKKO,
    forged: notMember,
    send: submit(
      CallbackId.SettingsModal,
      () => Metadata.settings.encode({ teamId: "C1" }),
      settingsValues(),
    ),
  },
  {
    id: ActionId.ManagerPreference,
    name: "manager DM preference (App Home)",
    rightful: MIKKO,
    forged: notMember,
    send: (h, _fx, as) =>
      h.select({
        userId: as.userId,
        actionId: ActionId.ManagerPreference,
        view: { type: "home" },
        selected: managerPreferenceChoice.encode({ teamId: "C1", preference: "instant" }),
      }),
  },
  {
    id: ActionId.OpenGoodCallModal,
    name: "Log a good call button",
    rightful: ANNA,
    forged: "own-teams-only",
    send: button(ActionId.OpenGoodCallModal, () => "C1"),
  },
  {
    id: ActionId.OpenStoryModal,
    name: "Share a story button",
    rightful: ANNA,
    forged: "own-teams-only",
    send: button(ActionId.OpenStoryModal, () => "C1"),
  },
  {
    id: CallbackId.LogGoodCallShortcut,
    name: "Log a good call shortcut",
    rightful: ANNA,
    forged: "own-teams-only",
    send: (h, _fx, as) => h.globalShortcut({ userId: as.userId, callbackId: CallbackId.LogGoodCallShortcut }),
  },
  {
    id: CallbackId.SaveAsStoryShortcut,
    name: "Save as story shortcut",
    rightful: { userId: "U2", channelId: "C1" },
    forged: "own-teams-only",
    send: (h, _fx, as) =>
      h.messageShortcut({
        userId: as.userId,
        callbackId: CallbackId.SaveAsStoryShortcut,
        channelId: as.channelId,
        messageTs: "1700000000.000100",
        text: "Thanks for the quick refund!",
        messageUserId: "U7",
      }),
  },
  {
    id: ActionId.Undo,
    name: "Undo",
    rightful: ANNA,
    forged: notAuthor,
    send: button(ActionId.Undo, (fx) => entryId.encode(fx.spare)),
  },
  // Late: it turns Anna's good call into an improvement and removes the call.
  {
    id: ActionId.ProposeAsIdea,
    name: "Propose it as an idea instead",
    rightful: ANNA,
    forged: notAuthor,
    send: button(ActionId.ProposeAsIdea, (fx) => entryId.encode(fx.goodCall)),
  },
  {
    id: ActionId.ForgetNo,
    name: "forget me: cancel",
    rightful: ANNA,
    forged: { refusal: t.accessNotSelf },
    send: button(ActionId.ForgetNo, () => slackIdValue.encode("U2")),
  },
  {
    id: ActionId.ForgetYes,
    name: "forget me: confirm",
    rightful: ANNA,
    forged: { refusal: t.accessNotSelf },
    send: button(ActionId.ForgetYes, () => slackIdValue.encode("U2")),
  },
];

/** Every table's rows, so "nothing is written" covers inserts, updates and deletes alike. */
function database(h: Harness): Promise<Map<string, string>> {
  return tableContents(h.db);
}

function changedTables(before: Map<string, string>, after: Map<string, string>): string[] {
  return [...after.keys()].filter((name) => before.get(name) !== after.get(name));
}

/** What the app did in Slack after `mark`, and what it answered in the ack, as one text to search. */
function answered(h: Harness, mark: number, reply: Reply): { calls: SlackCall[]; text: string } {
  const calls = h.fake.calls().slice(mark);
  return {
    calls,
    text: [JSON.stringify(reply.json ?? {}), ...calls.map((c) => JSON.stringify(c.args))].join("\n"),
  };
}

const REFUSALS = [
  t.accessNotMember,
  t.accessNotManager(null),
  t.accessNotAuthor,
  t.accessNotSelf,
  t.improvementNotPermitted,
];

describe("every button and form", () => {
  it("has a forged-payload row in the table (a new id without one fails here)", () => {
    const covered = new Set(CASES.map((c) => c.id));
    expect(
      [...Object.values(ActionId), ...Object.values(CallbackId)].filter((id) => !covered.has(id)),
    ).toEqual([]);
  });

  it.each([
    ["a person in no team", OUTSIDER],
    ["a manager of another team", OTHER_TEAM],
  ])("refuses %s kindly, and nothing is written, posted or DM'd", async (_who, forger) => {
    const { h, fx } = await setup();
    for (const row of CASES) {
      const label = `${row.name} (${row.id}) by ${forger.userId}`;
      const before = await database(h);
      const mark = h.fake.mark();
      const reply = await row.send(h, fx, forger);
      await h.idle();
      expect(reply.status, label).toBe(200);
      expect(changedTables(before, await database(h)), label).toEqual([]);
      const { calls, text } = answered(h, mark, reply);
      // Nothing posted, updated, deleted or DM'd: at most the reply to the person, or a form of their own.
      expect(
        calls.map((c) => c.method).filter((m) => m !== "response_url" && m !== "views.open"),
        label,
      ).toEqual([]);
      // Nothing of #support's entries, patterns or improvements reaches the forger.
      for (const secret of ["Maija", "late parcel", "The cake", "Free re-delivery", "#late-delivery"]) {
        expect(text, `${label} shows "${secret}"`).not.toContain(secret);
      }
      if (row.forged === "own-teams-only") {
        expect(text, label).not.toContain('\\"teamId\\":\\"C1\\"');
        if (forger === OUTSIDER) expect(text, label).toContain("not set up for any of your teams");
        continue;
      }
      expect(calls.length, label).toBeLessThanOrEqual(1);
      expect(text, label).toContain(JSON.stringify(row.forged.refusal).slice(1, -1));
    }
  });

  it("lets the rightful person do each of them (the positive control)", async () => {
    const { h, fx } = await setup();
    for (const row of CASES) {
      const label = `${row.name} (${row.id}) by ${row.rightful.userId}`;
      const before = await database(h);
      const mark = h.fake.mark();
      const reply = await row.send(h, fx, row.rightful);
      await h.idle();
      const { calls, text } = answered(h, mark, reply);
      for (const refusal of REFUSALS) expect(text, label).not.toContain(JSON.stringify(refusal).slice(1, -1));
      const didSomething =
        changedTables(before, await database(h)).length > 0 ||
        calls.some(
          (c) =>
            ["views.open", "chat.postMessage", "response_url"].includes(c.method) &&
            !JSON.stringify(c.args).includes(t.entryGone),
        );
      expect(didSomething, `${label}: ${text}`).toBe(true);
      expect(reply.json?.response_action, label).not.toBe("errors");
    }
  });
});

describe("roles inside the team", () => {
  it("keeps manager-only and author-only actions from a team's own members", async () => {
    const { h, fx } = await setup();
    const before = await database(h);
    await h.action({
      userId: "U3",
      channelId: "DU3",
      actionId: ActionId.ShareAsStory,
      value: entryKey.encode(gc(fx)),
    });
    await h.action({
      userId: "U3",
      channelId: "C1",
      actionId: ActionId.OpenSettings,
      value: slackIdValue.encode("C1"),
    });
    await h.action({
      userId: "U3",
      channelId: "DU3",
      actionId: ActionId.Undo,
      value: entryId.encode(fx.spare),
    });
    await h.select({
      userId: "U3",
      channelId: "C1",
      actionId: ActionId.ImprovementStatus,
      selected: improvementStatusChoice.encode({ improvementId: fx.improvement, status: "done" }),
    });
    const settings = await h.submit({
      userId: "U3",
      callbackId: CallbackId.SettingsModal,
      privateMetadata: Metadata.settings.encode({ teamId: "C1" }),
      values: settingsValues(),
    });
    await h.idle();
    expect(changedTables(before, await database(h))).toEqual([]);
    // A member may know whom to ask; an outsider is never told who manages a team.
    expect(JSON.stringify(settings.json)).toContain("Ask <@U1>");
    // The four answers go out concurrently, so they are compared as a set.
    await said(h, { until: "Only the improvement's owner" });
    const lines = await said(h, { until: "Only the person who logged this" });
    const toAino = lines.filter((line) => line.includes("ephemeral to @Aino"));
    expect(toAino).toHaveLength(4);
    expect(toAino).toEqual(
      expect.arrayContaining([
        expect.stringContaining(t.accessNotManager(null)),
        expect.stringContaining(t.accessNotManager("<@U1>").replace("<@U1>", "@Mikko")),
        expect.stringContaining(t.accessNotAuthor),
        expect.stringContaining(t.improvementNotPermitted),
      ]),
    );
  });
});

describe("/goodcall thanks @someone", () => {
  it("offers only entries of the asker's own teams", async () => {
    const { h } = await setup();
    const before = await database(h);
    const outsider = await h.command("/goodcall", "thanks <@U2> great work", { user: "U9", channel: "DU9" });
    const other = await h.command("/goodcall", "thanks <@U2> great work", { user: "U5", channel: "C2" });
    await h.idle();
    expect(ackText(outsider)).toContain("not set up for any of your teams");
    expect(ackText(other)).toBe(t.thanksNothingYet("<@U2>"));
    for (const reply of [outsider, other])
      expect(JSON.stringify(reply.json)).not.toMatch(/Maija|cake|gc:|st:/);
    expect(changedTables(before, await database(h))).toEqual([]);

    // Aino is in #support: she is offered Anna's latest good call and story there.
    const member = await h.command("/goodcall", "thanks <@U2> great work", { user: "U3", channel: "DU3" });
    expect(JSON.stringify(member.json)).toContain("The cake");
  });
});

describe("membership", () => {
  it("is recorded when a person opens a form from their team's channel, so a late joiner is not refused", async () => {
    const { h } = await setup();
    // Joined #support before the app was there: setup's member list and join events missed them.
    expect((await h.services.teams.actor("U4")).memberOf.size).toBe(0);
    await h.command("/goodcall", "", { user: "U4", channel: "C1" });
    await h.fake.waitFor("views.open");
    expect([...(await h.services.teams.actor("U4")).memberOf]).toEqual(["C1"]);
    const reply = await h.submit({
      userId: "U4",
      callbackId: CallbackId.GoodCallModal,
      privateMetadata: Metadata.goodCall.encode({ teamId: "C1", channelId: "C1" }),
      values: { [Field.What]: { [Field.What]: text("Found the customer's lost order number") } },
    });
    expect(reply.json).toBeNull();
    expect(await h.services.entries.recentGoodCalls("U4", 1)).toHaveLength(1);
  });

  it("is never granted by logging into a team through forged metadata", async () => {
    const { h } = await setup();
    await h.submit({
      userId: "U9",
      callbackId: CallbackId.GoodCallModal,
      privateMetadata: Metadata.goodCall.encode({ teamId: "C1" }),
      values: { [Field.What]: { [Field.What]: text("Let me in, please") } },
    });
    await h.idle();
    expect(await h.services.teams.actor("U9")).toEqual({
      userId: "U9",
      memberOf: new Set(),
      manages: new Set(),
    });
  });
});
