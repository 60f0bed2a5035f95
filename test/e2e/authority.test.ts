// Authority that grows, end to end: the room a team's usual limit gives people, shown in the form and
// the help; "Did a rule or process get in the way?", saved, masked, shown to managers, listed in their
// summary and erased with the person; and the summary's proposal to raise the limit when the quarter's
// outcomes support it, whose button opens the settings prefilled for a manager and for nobody else.
import { existsSync, readFileSync } from "node:fs";
import { WebClient } from "@slack/web-api";
import { describe, expect, it } from "vitest";
import { sqlitePath } from "../../src/db/url.ts";
import { type Messages, messages } from "../../src/domain/i18n.ts";
import { slotAfter } from "../../src/domain/period.ts";
import type { Language, Money, Outcome } from "../../src/domain/types.ts";
import { ChannelPacer } from "../../src/jobs/pacer.ts";
import { runJobs } from "../../src/jobs/run.ts";
import { ActionId, CallbackId, Field } from "../../src/views/ids.ts";
import { entryId, raiseLimitValue, slackIdValue } from "../../src/views/values.ts";
import { buttonIn, makeTeam, prefilled, said } from "../support/conversation.ts";
import type { SlackCall } from "../support/fakeSlack.ts";
import { appPerTest, BOT_TOKEN, type Harness } from "../support/harness.ts";
import { tableContents } from "../support/tables.ts";

const startApp = appPerTest();
const HOUR = 3600_000;
const DAY = 24 * HOUR;
const eur = (units: number): Money => ({ cents: units * 100, currency: "EUR" });

// #support (C1): Mikko manages; Anna, Aino and Ben make good calls.
async function setup(options: { language?: Language; limit?: Money | null; instant?: boolean } = {}) {
  const h = await startApp();
  h.fake.names({ U1: "Mikko", U2: "Anna", U3: "Aino", U4: "Ben", U5: "Olli", C1: "support", C2: "sales" });
  h.fake.setChannelMembers("C1", ["U1", "U2", "U3", "U4"]);
  const team = await makeTeam(h, options.language ? { language: options.language } : {});
  const limit = options.limit === undefined ? eur(20) : options.limit;
  await h.services.teams.updateSettings("C1", { ...team, usualLimit: limit });
  if (options.instant) await h.services.teams.setManagerPreference("C1", "U1", "instant");
  const t = messages(options.language ?? "en");
  return { h, t };
}

const text = (value: string) => ({ type: "plain_text_input", value });

/** `user` opens the form with `/goodcall` and saves it with what they did and what got in the way. */
async function logWithRule(h: Harness, user: string, what: string, rule: string | null) {
  const mark = h.fake.mark();
  await h.command("/goodcall", "", { user });
  const opened = await h.fake.waitFor("views.open", (c) => h.fake.calls().indexOf(c) >= mark);
  const reply = await h.submit({
    userId: user,
    callbackId: CallbackId.GoodCallModal,
    privateMetadata: (opened.args.view as { private_metadata: string }).private_metadata,
    values: {
      [Field.What]: { [Field.What]: text(what) },
      ...(rule === null ? {} : { [Field.RuleInTheWay]: { [Field.RuleInTheWay]: text(rule) } }),
    },
  });
  await h.idle();
  return reply;
}

/** The scheduler's jobs, run as the app runs them at `at`. */
function jobs(h: Harness) {
  const client = new WebClient(BOT_TOKEN, { slackApiUrl: h.fake.url, retryConfig: { retries: 0 } });
  return (at: Date) => runJobs({ services: h.services, client, pacer: new ChannelPacer(0) }, at);
}

/** The next digest slot of #support, with the clock set a day before it so the week's calls land in it. */
async function weekAhead(h: Harness): Promise<Date> {
  const team = await h.services.teams.find("C1");
  if (!team) throw new Error("no team");
  const slot = slotAfter(
    { timeZone: team.timeZone, weekday: team.digestWeekday, minute: team.digestMinute },
    new Date(Date.now() + 60_000),
  );
  h.now.value = new Date(slot.getTime() - 30 * HOUR);
  return slot;
}

/** The weekly summary DM a manager got. */
function summaryTo(h: Harness, t: Messages, userId: string): SlackCall {
  const heading = t.summaryTitle("", "").split(":")[0] ?? "";
  const dm = h.fake
    .calls("chat.postMessage")
    .find((c) => c.args.channel === `D${userId}` && String(c.args.text).includes(heading));
  if (!dm) throw new Error(`no summary to ${userId}:\n${h.fake.transcript().join("\n")}`);
  return dm;
}

/** Good calls of the last weeks with their follow-up answers, as people would have given them. */
async function quarter(h: Harness, slot: Date, calls: Array<[number, Outcome]>) {
  const at = new Date(slot.getTime() - 40 * DAY);
  for (const [index, [units, outcome]] of calls.entries()) {
    const author = ["U2", "U3", "U4"][index % 3] ?? "U2";
    const call = await h.services.entries.createGoodCall(
      {
        teamId: "C1",
        authorId: author,
        what: `Gave ${units} EUR back for a ruined order`,
        why: null,
        tags: [],
        value: eur(units),
        followUp: true,
        source: "modal",
        flaggedPii: false,
      },
      at,
    );
    expect(
      await h.services.loop.recordOutcome(call.id, author, outcome, new Date(at.getTime() + 7 * DAY)),
    ).toBe("recorded");
  }
}

const HELPED_MOSTLY: Array<[number, Outcome]> = [
  [25, "helped"],
  [30, "helped"],
  [30, "helped"],
  [35, "helped"],
  [40, "helped"],
  [45, "helped"],
  [50, "helped"],
  [28, "no_change"],
  // At or below the limit: no part of the evidence either way.
  [20, "backfired"],
  [15, "no_change"],
];

describe("the decision room", () => {
  it.each<[Language, string]>([
    ["en", "You can decide up to 50 EUR for a customer without asking."],
    ["fi", "Voit päättää asiakkaan hyväksi jopa 50 EUR kysymättä."],
  ])("is shown in the form and in the help when the team has a usual limit (%s)", async (language, room) => {
    const { h, t } = await setup({ language, limit: eur(50) });
    const mark = h.fake.mark();
    await h.command("/goodcall", "", { user: "U2" });
    const [form] = await said(h, { since: mark, until: t.goodCallModalTitle });
    expect(form).toContain(`views.open for @Anna: "${t.goodCallModalTitle}" — ${room} | ${t.labelWhat}`);
    expect(form).toContain(t.authority.labelRule);

    const help = await h.command("/goodcall", language === "fi" ? "ohje" : "help", { user: "U2" });
    expect(JSON.stringify(help.json)).toContain(room);
    // The same room from a channel that is not the team's: the person's own team.
    const elsewhere = await h.command("/goodcall", "help", { user: "U2", channel: "C9" });
    expect(JSON.stringify(elsewhere.json)).toContain(room);
  });

  it("says nothing about a room when the team has no usual limit", async () => {
    const { h, t } = await setup({ limit: null });
    const mark = h.fake.mark();
    await h.command("/goodcall", "", { user: "U2" });
    const [form] = await said(h, { since: mark, until: t.goodCallModalTitle });
    expect(form).toContain(`views.open for @Anna: "${t.goodCallModalTitle}" — ${t.labelWhat}`);
    expect(form).not.toContain("without asking");
    const help = await h.command("/goodcall", "help", { user: "U2" });
    expect(JSON.stringify(help.json)).not.toContain("without asking");
  });

  it("names each team's room in the help for someone in several teams, only of their own teams", async () => {
    const { h } = await setup({ limit: eur(50) });
    h.fake.setChannelMembers("C2", ["U5"]);
    const sales = await makeTeam(h, { channel: "C2", manager: "U5" });
    await h.services.teams.updateSettings("C2", { ...sales, usualLimit: eur(100) });
    await h.services.teams.addMember("C2", "U2");
    const both = await h.command("/goodcall", "help", { user: "U2", channel: "C9" });
    expect(JSON.stringify(both.json)).toContain(
      "In <#C1> you can decide up to 50 EUR for a customer without asking.",
    );
    expect(JSON.stringify(both.json)).toContain(
      "In <#C2> you can decide up to 100 EUR for a customer without asking.",
    );
    // Aino is in #support only: #sales's room is not hers to see.
    const one = await h.command("/goodcall", "help", { user: "U3", channel: "C9" });
    expect(JSON.stringify(one.json)).toContain("You can decide up to 50 EUR");
    expect(JSON.stringify(one.json)).not.toContain("100 EUR");
  });
});

describe("a rule in the way", () => {
  it.each<[Language, string]>([
    [
      "en",
      "DM @Mikko  GoodCall: *@Anna made a good call* / > Swapped the cracked kettle on the spot / *Got in the way:* Store manager has to approve swaps, mail [email]",
    ],
    [
      "fi",
      "DM @Mikko  GoodCall: *@Anna teki hyvän ratkaisun* / > Swapped the cracked kettle on the spot / *Esteenä:* Store manager has to approve swaps, mail [email]",
    ],
  ])(
    "is saved from the form, masked wherever it is shown, and told to an instant manager (%s)",
    async (language, dm) => {
      const { h, t } = await setup({ language, instant: true });
      const rule = "Store manager has to approve swaps, mail anna.k@example.com";
      const reply = await logWithRule(h, "U2", "Swapped the cracked kettle on the spot", rule);
      // Customer details in any field: the author is warned, and the good call is saved.
      expect(JSON.stringify(reply.json)).toContain(JSON.stringify(t.piiWarning).slice(1, -1));
      const [call] = await h.services.entries.recentGoodCalls("U2", 1);
      expect(call).toMatchObject({ ruleInTheWay: rule, flaggedPii: true });
      const lines = await said(h, { until: "DM @Mikko" });
      expect(lines.join("\n")).toContain(dm);
      expect(lines.join("\n")).not.toContain("example.com");

      // Add details shows the answer again, to change it.
      const mark = h.fake.mark();
      await h.action({ userId: "U2", actionId: ActionId.AddDetails, value: entryId.encode(call?.id ?? 0) });
      const opened = await h.fake.waitFor("views.open", (c) => h.fake.calls().indexOf(c) >= mark);
      expect(prefilled(opened.args.view)[Field.RuleInTheWay]).toBe(rule);
      await h.submit({
        userId: "U2",
        callbackId: CallbackId.GoodCallModal,
        privateMetadata: (opened.args.view as { private_metadata: string }).private_metadata,
        values: {
          [Field.What]: { [Field.What]: text("Swapped the cracked kettle on the spot") },
          [Field.RuleInTheWay]: { [Field.RuleInTheWay]: text("Swaps need a manager's signature") },
        },
      });
      expect((await h.services.entries.findGoodCall(call?.id ?? 0))?.ruleInTheWay).toBe(
        "Swaps need a manager's signature",
      );
    },
  );

  it("keeps a plain no, an empty answer and a quick log out of it, and refuses an answer too long", async () => {
    const { h, t } = await setup();
    await logWithRule(h, "U2", "Refunded the shipping fee", "No.");
    await logWithRule(h, "U3", "Rebooked the courier", "  ");
    await h.command("/goodcall", "Stayed on the line until the router worked", { user: "U4" });
    const saved = [
      ...(await h.services.entries.recentGoodCalls("U2", 1)),
      ...(await h.services.entries.recentGoodCalls("U3", 1)),
      ...(await h.services.entries.recentGoodCalls("U4", 1)),
    ];
    expect(saved.map((c) => c.ruleInTheWay)).toEqual([null, null, null]);

    const tooLong = await logWithRule(h, "U2", "Sent a replacement", "x".repeat(501));
    expect(tooLong.json).toEqual({
      response_action: "errors",
      errors: { [Field.RuleInTheWay]: t.fieldTooLong(500, 501) },
    });
    expect(await h.services.entries.recentGoodCalls("U2", 5)).toHaveLength(1);
  });

  it.each<[Language, string[]]>([
    [
      "en",
      [
        "*Rules that got in the way most this week:*",
        "• *approval* · 3 good calls by 3 people: “Waiting for approval took a whole day”",
        "• “Courier bookings only through the ticket system”",
        "*approval*: A rule in the way of 3 good calls by 3 people",
      ],
    ],
    [
      "fi",
      [
        "*Tällä viikolla useimmin esteenä olleet säännöt:*",
        "• *approval* · 3 hyvää ratkaisua, 3 tekijää: “Waiting for approval took a whole day”",
        "• “Courier bookings only through the ticket system”",
        "*approval*: Sääntö oli esteenä 3 hyvässä ratkaisussa (3 tekijää)",
      ],
    ],
  ])(
    "is listed in the weekly summary, and a rule several people meet becomes a theme (%s)",
    async (language, expected) => {
      const { h, t } = await setup({ language });
      const slot = await weekAhead(h);
      await logWithRule(h, "U2", "Refunded a broken kettle", "Refunds over 20 EUR need approval");
      await logWithRule(
        h,
        "U3",
        "Booked a courier myself",
        "Courier bookings only through the ticket system",
      );
      await logWithRule(h, "U4", "Swapped a cracked phone", "Needed approval from the store manager");
      h.now.value = new Date(h.now.value.getTime() + HOUR);
      await logWithRule(h, "U3", "Sent a voucher", "Waiting for approval took a whole day");
      await jobs(h)(new Date(slot.getTime() + 60_000));
      const summary = JSON.stringify(summaryTo(h, t, "U1").args.blocks);
      for (const line of expected) expect(summary).toContain(JSON.stringify(line).slice(1, -1));
      // The digest in the channel shows the theme, never the words.
      const digest = h.fake
        .messages("C1")
        .map((m) => JSON.stringify(m.blocks))
        .join("\n");
      expect(digest).toContain(JSON.stringify(expected[3]?.split(": ")[1]).slice(1, -1));
      expect(digest).not.toContain("whole day");
    },
  );

  it("is erased with the person who wrote it, from the rows and the database file", async () => {
    const { h } = await setup();
    await logWithRule(h, "U2", "Swapped the cracked kettle", "The Quillfeather returns form held it up");
    expect([...(await tableContents(h.db)).values()].join("\n")).toContain("Quillfeather");
    await h.command("/goodcall", "forget me", { user: "U2" });
    await h.action({ userId: "U2", actionId: ActionId.ForgetYes, value: slackIdValue.encode("U2") });
    await said(h, { until: "Deleted:" });
    expect([...(await tableContents(h.db)).values()].join("\n")).not.toContain("Quillfeather");
    if (h.db.kind === "sqlite") {
      const file = sqlitePath(h.databaseUrl);
      const bytes = [file, `${file}-wal`].filter(existsSync).map((f) => readFileSync(f).toString("latin1"));
      expect(bytes.join("\n")).not.toContain("Quillfeather");
    }
  });

  it("is erased with its good call when the team's retention deletes it", async () => {
    const { h } = await setup();
    const now = h.now.value;
    h.now.value = new Date(now.getTime() - 400 * DAY);
    await logWithRule(h, "U2", "Swapped the cracked kettle", "The Quillfeather returns form held it up");
    h.now.value = now;
    const team = await h.services.teams.find("C1");
    if (!team) throw new Error("no team");
    await h.services.teams.updateSettings("C1", { ...team, retentionMonths: 12 });
    await jobs(h)(now);
    expect(await h.services.entries.recentGoodCalls("U2", 5)).toEqual([]);
    expect([...(await tableContents(h.db)).values()].join("\n")).not.toContain("Quillfeather");
  });
});

describe("room to grow", () => {
  it.each<[Language, string, string, string]>([
    [
      "en",
      "7 of 8 calls above 20 EUR helped, none backfired (follow-ups over the last three months).",
      "[Raise the limit to 45 EUR…]",
      "Suggested from the outcomes: raise the usual limit from 20 EUR to 45 EUR.",
    ],
    [
      "fi",
      "Yli 20 EUR:n ratkaisuista 7/8 auttoi, eikä yksikään kostautunut (seurannat viimeisen kolmen kuukauden ajalta).",
      "[Nosta raja tasolle 45 EUR…]",
      "Ehdotus seurantojen perusteella: nosta tavanomainen raja tasolta 20 EUR tasolle 45 EUR.",
    ],
  ])(
    "is proposed with its evidence, and its button opens the settings prefilled for a manager (%s)",
    async (language, evidence, button, note) => {
      const { h, t } = await setup({ language });
      const slot = await weekAhead(h);
      await quarter(h, slot, HELPED_MOSTLY);
      await jobs(h)(new Date(slot.getTime() + 60_000));
      const dm = summaryTo(h, t, "U1");
      const lines = await said(h, { until: evidence });
      const summary = lines.find((line) => line.includes(evidence)) ?? "";
      expect(summary).toContain(`${t.authority.raiseTitle} / ${evidence}`);
      expect(summary).toContain(button);

      const click = buttonIn(dm.args.blocks, ActionId.RaiseLimit);
      expect(click && raiseLimitValue.decode(click.value)).toEqual({ teamId: "C1", suggested: eur(45) });
      const mark = h.fake.mark();
      await h.action({
        userId: "U1",
        channelId: "DU1",
        actionId: ActionId.RaiseLimit,
        value: click?.value ?? "",
        messageTs: String(dm.args.ts ?? "1.0"),
      });
      const opened = await h.fake.waitFor("views.open", (c) => h.fake.calls().indexOf(c) >= mark);
      expect(opened.args.view).toMatchObject({ callback_id: CallbackId.SettingsModal });
      expect(prefilled(opened.args.view)[Field.LimitAmount]).toBe("45");
      expect((await said(h, { since: mark }))[0]).toContain(note);
      // Nothing changes until the manager saves.
      expect((await h.services.teams.find("C1"))?.usualLimit).toEqual(eur(20));
    },
  );

  it("opens the settings for the team's managers only, and never prefills a suggestion that would not raise the limit", async () => {
    const { h, t } = await setup();
    const value = raiseLimitValue.encode({ teamId: "C1", suggested: eur(45) });

    // Aino is in the team but does not manage it; Olli manages another team.
    h.fake.setChannelMembers("C2", ["U5"]);
    await makeTeam(h, { channel: "C2", manager: "U5" });
    const before = await tableContents(h.db);
    for (const [userId, channelId, refusal] of [
      ["U3", "DU3", t.accessNotManager("<@U1>")],
      ["U5", "C2", t.accessNotMember],
    ] as const) {
      const mark = h.fake.mark();
      await h.action({
        userId,
        channelId,
        actionId: ActionId.RaiseLimit,
        value,
        messageTs: "1700000000.000100",
      });
      const lines = await said(h, { since: mark });
      expect(lines.join("\n")).toContain(refusal.replace("<@U1>", "@Mikko"));
      expect(h.fake.calls("views.open").slice(mark)).toEqual([]);
    }
    expect(await tableContents(h.db)).toEqual(before);

    // A value that does not raise the limit (stale, or made up) opens the settings as they are.
    for (const suggested of [eur(10), eur(20), { cents: 9_000, currency: "SEK" }]) {
      const mark = h.fake.mark();
      await h.action({
        userId: "U1",
        channelId: "DU1",
        actionId: ActionId.RaiseLimit,
        value: raiseLimitValue.encode({ teamId: "C1", suggested }),
        messageTs: "1700000000.000100",
      });
      const opened = await h.fake.waitFor("views.open", (c) => h.fake.calls().indexOf(c) >= mark);
      expect(prefilled(opened.args.view)[Field.LimitAmount]).toBe("20");
      expect(JSON.stringify(opened.args.view)).not.toContain("Suggested from the outcomes");
    }
  });

  it.each<[string, Array<[number, Outcome]>]>([
    ["one call above the limit backfired", [...HELPED_MOSTLY, [60, "backfired"]]],
    [
      "fewer than five answers above the limit",
      HELPED_MOSTLY.filter(([units]) => units <= 20 || units >= 40),
    ],
    ["fewer than 4 in 5 helped", [...HELPED_MOSTLY, [30, "no_change"]]],
  ])("is not proposed when %s", async (_name, calls) => {
    const { h, t } = await setup();
    const slot = await weekAhead(h);
    await quarter(h, slot, calls);
    await jobs(h)(new Date(slot.getTime() + 60_000));
    const dm = JSON.stringify(summaryTo(h, t, "U1").args.blocks);
    expect(dm).not.toContain(ActionId.RaiseLimit);
    expect(dm).not.toContain("Room to grow");
  });

  it("is never made for a team without a usual limit", async () => {
    const { h, t } = await setup({ limit: null });
    const slot = await weekAhead(h);
    await quarter(h, slot, HELPED_MOSTLY);
    await jobs(h)(new Date(slot.getTime() + 60_000));
    expect(JSON.stringify(summaryTo(h, t, "U1").args.blocks)).not.toContain(ActionId.RaiseLimit);
  });
});
