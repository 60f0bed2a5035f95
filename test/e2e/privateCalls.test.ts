// Good calls only their author and the team's managers see: /goodcall private (yksityinen) and the
// form's "Who can see this", through the real app, in English and Finnish. A private call never
// reaches the channel, is counted but never quoted in the digest, and managers read it marked private.
import { WebClient } from "@slack/web-api";
import { describe, expect, it } from "vitest";
import { slotAfter } from "../../src/domain/period.ts";
import type { JobDeps } from "../../src/jobs/outbox.ts";
import { ChannelPacer } from "../../src/jobs/pacer.ts";
import { runJobs } from "../../src/jobs/run.ts";
import { postGoodCallToFeed } from "../../src/teamChannel.ts";
import { ActionId, CallbackId, Field } from "../../src/views/ids.ts";
import { entryId, entryKey } from "../../src/views/values.ts";
import { cliRun } from "../support/cli.ts";
import { ackText, buttonIn, makeTeam, said, textOf } from "../support/conversation.ts";
import type { StoredMessage } from "../support/fakeSlack.ts";
import { appPerTest, BOT_TOKEN, type Harness } from "../support/harness.ts";

const startApp = appPerTest();

const HOUR = 3600_000;

const PRIVATE_WORDS = "Waived the 25 EUR late fee for a customer whose husband had just died";

async function setup(options: { language?: "en" | "fi"; feed?: boolean } = {}) {
  const h = await startApp();
  const team = await makeTeam(h, { feed: options.feed ?? true, language: options.language ?? "en" });
  await h.services.teams.updateSettings("C1", { ...team, usualLimit: { cents: 2000, currency: "EUR" } });
  await h.services.teams.setManagerPreference("C1", "U1", "instant");
  h.fake.names({ U1: "Anna", U2: "Mikko", U3: "Aino", C1: "support" });
  const client = new WebClient(BOT_TOKEN, { slackApiUrl: h.fake.url, retryConfig: { retries: 0 } });
  const deps: JobDeps = { services: h.services, client, pacer: new ChannelPacer(0) };
  const slot = slotAfter(
    { timeZone: team.timeZone, weekday: team.digestWeekday, minute: team.digestMinute },
    new Date(Date.now() + 60_000),
  );
  h.now.value = new Date(slot.getTime() - 30 * HOUR);
  return { h, client, deps, slot };
}

/** Everything GoodCall put in the team's channel (posts and edits), as JSON, to search for words. */
function channelTraffic(h: Harness): string {
  return JSON.stringify(
    h.fake
      .calls()
      .filter((c) => c.args.channel === "C1" && c.method !== "chat.postEphemeral")
      .map((c) => c.args),
  );
}

/** A message as it stands in a channel, as text (see textOf). */
function messageText(message: StoredMessage | undefined): string {
  return textOf({ text: message?.text, blocks: message?.blocks });
}

function visibilityState(value: string) {
  return {
    [Field.Visibility]: { [Field.Visibility]: { type: "radio_buttons", selected_option: { value } } },
  };
}

function whatState(what: string) {
  return { [Field.What]: { [Field.What]: { type: "plain_text_input", value: what } } };
}

describe("a private good call logged with /goodcall private", () => {
  it("tells its author who sees it, stays off the feed, and reaches the instant manager marked private", async () => {
    const { h } = await setup();
    const reply = await h.command("/goodcall", `private ${PRIVATE_WORDS}`, { user: "U2" });
    expect(ackText(reply)).toContain("Thanks, <@U2>! Your good call is saved.");
    expect(ackText(reply)).toContain(
      "🔒 Only you and the team's managers can see this. It is not posted to the channel, and the digest counts it without quoting it.",
    );
    await h.command("/goodcall", "Gave a 10 EUR voucher for a late parcel", { user: "U3" });
    await h.idle();
    const [call] = await h.services.entries.recentGoodCalls("U2", 1);
    expect(call).toMatchObject({ what: PRIVATE_WORDS, visibility: "private", feedTs: null });
    // Each call's feed post and DMs go out side by side, so their order is not the point here.
    const lines = await said(h);
    expect(lines).toHaveLength(3);
    expect(lines).toEqual(
      expect.arrayContaining([
        `DM @Anna  GoodCall: *@Mikko made a good call* / > ${PRIVATE_WORDS} / *Value:* 25 EUR / :speech_balloon: Above the team's usual limit of 20 EUR: worth talking over together. Nothing to approve; it is already done. / 🔒 Private: only the team's managers and @Mikko see this. It is not posted to the team, and the digest counts it without quoting it. | #support | [Say thanks] | [Share as story]`,
        "#support  GoodCall: *@Aino made a good call* / > Gave a 10 EUR voucher for a late parcel | *Value:* 10 EUR | [💛 Appreciate]",
        "DM @Anna  GoodCall: *@Aino made a good call* / > Gave a 10 EUR voucher for a late parcel / *Value:* 10 EUR | #support | [Say thanks] | [Share as story]",
      ]),
    );
    expect(channelTraffic(h)).not.toContain("husband");
  });

  it("counts it in the digest and thanks its author by name without its words; the summary shows it marked private", async () => {
    const { h, deps, slot } = await setup();
    await h.command("/goodcall", `private ${PRIVATE_WORDS} #fee`, { user: "U2" });
    await h.command("/goodcall", "Gave a 10 EUR voucher for a late parcel", { user: "U3" });
    await h.idle();
    const [call] = await h.services.entries.recentGoodCalls("U2", 1);
    // Appreciated and above the limit: it would be the first notable good call if it were the team's.
    await h.services.entries.appreciate({ kind: "goodCall", id: call?.id ?? 0 }, "U1", null, h.now.value);

    const digested = h.fake.mark();
    await runJobs(deps, new Date(slot.getTime() + 60_000));
    await h.idle();
    const digest = h.fake.messages("C1").at(-1);
    const digestText = messageText(digest);
    expect(digestText).toContain("• *2 good calls*");
    expect(digestText).toContain("• *2 people*");
    expect(digestText).toContain("Value given: *35 EUR*");
    expect(digestText).toContain(
      "Thank you to everyone who made a good call or shared a story:*\n<@U2>, <@U3>",
    );
    expect(digestText).toContain("Gave a 10 EUR voucher for a late parcel");
    expect(digestText).not.toContain("husband");
    expect(digestText).not.toContain("#fee");
    expect(JSON.stringify(digest)).not.toContain("Waived");

    const summary = (await said(h, { since: digested })).find((line) => line.startsWith("DM @Anna"));
    expect(summary).toContain(
      `*Worth talking over* (above the usual limit of 20 EUR; a chance to learn together, not a problem): / • @Mikko: ${PRIVATE_WORDS} #fee (25 EUR) · 🔒 private | `,
    );
    expect(summary).toContain(
      `🔒 *Private good calls* (only the team's managers and each author see these; the digest counts them without quoting them): / • @Mikko: ${PRIVATE_WORDS} #fee (25 EUR) | `,
    );
  });

  it("is not shown to another member: App Home, stats, thanks by name, digest preview, Appreciate and Say thanks", async () => {
    const { h } = await setup();
    await h.command("/goodcall", `private ${PRIVATE_WORDS}`, { user: "U2" });
    await h.idle();
    const [call] = await h.services.entries.recentGoodCalls("U2", 1);
    const asked = h.fake.mark();

    await h.event({ type: "app_home_opened", user: "U3", channel: "D3", tab: "home" });
    const stats = await h.command("/goodcall", "stats", { user: "U3" });
    await h.command("/goodcall", "digest preview", { user: "U3" });
    await said(h, { since: asked, until: "Good calls this week" });
    const thanks = await h.command("/goodcall", "thanks <@U2|mikko> well done", { user: "U3" });
    expect(ackText(thanks)).toBe(
      "<@U2> has not logged a good call or story yet, so there is nothing to thank them for here.",
    );
    // Buttons no one showed her, forged with the call's id: refused without a word of it.
    const refusal =
      "ephemeral to @Aino in #support: That good call is private: only its author and the team's managers can see it.";
    const key = entryKey.encode({ kind: "goodCall", id: call?.id ?? 0 });
    for (const actionId of [ActionId.Appreciate, ActionId.SayThanks]) {
      const clicked = h.fake.mark();
      await h.action({ userId: "U3", actionId, value: key, channelId: "C1" });
      expect(await said(h, { since: clicked, until: "That good call is private" })).toEqual([refusal]);
    }
    const everything = [...(await said(h, { since: asked })), ackText(stats)].join("\n");
    expect(everything).toContain("views.publish for @Aino");
    expect(everything).not.toContain("husband");
    expect((await h.services.entries.findGoodCall(call?.id ?? 0))?.appreciationCount).toBe(0);
    expect(h.fake.calls("views.open")).toEqual([]);

    // Its author sees it, marked; a manager of the team may thank for it by name.
    const opened = h.fake.mark();
    await h.event({ type: "app_home_opened", user: "U2", channel: "D2", tab: "home" });
    const [home] = await said(h, { since: opened, until: "views.publish for @Mikko" });
    expect(home).toContain(`| ${PRIVATE_WORDS} · 🔒 private |`);
    const managerThanks = await h.command("/goodcall", "thanks <@U2|mikko> thank you for this", {
      user: "U1",
    });
    expect(ackText(managerThanks)).toBe("Your thanks went to <@U2>.");
    expect((await h.services.entries.findGoodCall(call?.id ?? 0))?.appreciationCount).toBe(1);
  });

  it("marks it private in the CSV export a manager gets from the command line", async () => {
    const h = await startApp();
    // The command line takes only a real channel id's shape.
    const channel = "C0123456789";
    await makeTeam(h, { channel });
    await h.command("/goodcall", `private ${PRIVATE_WORDS}`, { user: "U2", channel });
    await h.command("/goodcall", "Gave a 10 EUR voucher for a late parcel", { user: "U3", channel });
    await h.idle();
    const { stdout } = await cliRun(h, ["export", "--team", channel]);
    const rows = stdout.trim().split("\n");
    expect(rows[0]?.split(",").at(-1)).toBe("visibility");
    expect(rows.find((row) => row.includes("Waived"))?.endsWith(",private")).toBe(true);
    expect(rows.find((row) => row.includes("voucher"))?.endsWith(",team")).toBe(true);
  }, 60_000);

  it("asks for the words when /goodcall private has none, and saves nothing", async () => {
    const { h } = await setup();
    const reply = await h.command("/goodcall", "private", { user: "U2" });
    expect(ackText(reply)).toBe(
      "Add what you did after `private`, for example `/goodcall private Waived the late fee for a customer going through a hard time`. Only you and your team's managers will see it. Or run `/goodcall` for the form, where you choose who can see it.",
    );
    const punctuated = await h.command("/goodcall", "Private:", { user: "U2" });
    expect(ackText(punctuated)).toBe(ackText(reply));
    expect(await h.services.entries.recentGoodCalls("U2", 1)).toEqual([]);
  });

  it("leaves a good call that only starts like the word an ordinary team call", async () => {
    const { h } = await setup();
    await h.command("/goodcall", "Privately arranged a 5 EUR discount for the delayed order", { user: "U2" });
    await h.idle();
    const [call] = await h.services.entries.recentGoodCalls("U2", 1);
    expect(call).toMatchObject({ visibility: "team" });
    expect(call?.feedTs).toBeTruthy();
  });
});

describe("yksityinen hyvä ratkaisu (Finnish)", () => {
  it("is chosen in the form, confirmed in Finnish, kept off the feed and marked in the manager's DM", async () => {
    const { h } = await setup({ language: "fi" });
    await h.command("/goodcall", "", { user: "U2" });
    const opened = await h.fake.waitFor("views.open");
    const view = opened.args.view as { private_metadata: string; blocks: Array<Record<string, unknown>> };
    const [form] = await said(h);
    expect(form).toMatch(/^views\.open for @Mikko: "Kirjaa hyvä ratkaisu" — .* \| Kuka näkee tämän$/);
    // NOTE: the transcript shows a form's labels; what the choice offers, and which is chosen, is in the view.
    const choice = view.blocks.find((b) => b.block_id === Field.Visibility) as {
      element: {
        options: Array<{ text: { text: string }; value: string }>;
        initial_option: { value: string };
      };
    };
    expect(choice.element.options.map((o) => [o.value, o.text.text])).toEqual([
      ["team", "Koko tiimi"],
      ["private", "Vain minä ja esihenkilöni"],
    ]);
    expect(choice.element.initial_option.value).toBe("team");
    const submitted = await h.submit({
      userId: "U2",
      callbackId: CallbackId.GoodCallModal,
      privateMetadata: view.private_metadata,
      values: {
        ...whatState("Annoin 15 € hyvityksen asiakkaalle, jonka lapsi oli sairaalassa"),
        ...visibilityState("private"),
      },
    });
    expect(textOf(submitted.json?.view as Record<string, unknown>)).toBe(
      [
        "Kiitos! Hyvä ratkaisusi on tallennettu.",
        "🔒 Tämän näkevät vain sinä ja tiimin esihenkilöt. Sitä ei julkaista kanavalla, ja kooste laskee sen mukaan lainaamatta sitä.",
      ].join("\n"),
    );
    await h.idle();
    const [call] = await h.services.entries.recentGoodCalls("U2", 1);
    expect(call).toMatchObject({ visibility: "private", source: "modal", feedTs: null });
    const lines = await said(h, { until: "DM @Anna" });
    expect(h.fake.calls("chat.postMessage").filter((c) => c.args.channel === "C1")).toEqual([]);
    expect(lines.find((line) => line.startsWith("ephemeral to @Mikko in #support"))).toContain(
      "🔒 Tämän näkevät vain sinä ja tiimin esihenkilöt.",
    );
    expect(lines.find((line) => line.startsWith("DM @Anna"))).toContain(
      "🔒 Yksityinen: tämän näkevät vain tiimin esihenkilöt ja @Mikko. Sitä ei julkaista tiimille, ja kooste laskee sen mukaan lainaamatta sitä.",
    );
    expect(channelTraffic(h)).not.toContain("sairaalassa");
  });

  it("is logged with /goodcall yksityinen, asks for the words when there are none, and the digest counts it unquoted", async () => {
    const { h, deps, slot } = await setup({ language: "fi" });
    const reply = await h.command(
      "/goodcall",
      "yksityinen Annoin 20 € hyvityksen asiakkaalle, jolla oli vaikeaa",
      {
        user: "U2",
      },
    );
    expect(ackText(reply)).toContain("Kiitos, <@U2>! Hyvä ratkaisusi on tallennettu.");
    expect(ackText(reply)).toContain("🔒 Tämän näkevät vain sinä ja tiimin esihenkilöt.");
    const empty = await h.command("/goodcall", "yksityinen", { user: "U3" });
    expect(ackText(empty)).toBe(
      "Kirjoita sanan `yksityinen` perään, mitä teit, esimerkiksi `/goodcall yksityinen Annoin myöhästymismaksun anteeksi asiakkaalle, jolla oli vaikea elämäntilanne`. Sen näkevät vain sinä ja tiimisi esihenkilöt. Voit myös avata lomakkeen komennolla `/goodcall` ja valita siellä, kuka sen näkee.",
    );
    await h.idle();
    expect(await h.services.entries.recentGoodCalls("U3", 1)).toEqual([]);
    await runJobs(deps, new Date(slot.getTime() + 60_000));
    const digest = messageText(h.fake.messages("C1").at(-1));
    expect(digest).toContain("• *1 hyvä ratkaisu*");
    expect(digest).toContain("<@U2>");
    expect(digest).not.toContain("vaikeaa");
    expect(channelTraffic(h)).not.toContain("vaikeaa");
  });
});

describe("changing who sees a good call", () => {
  /** Mikko's quick log, and its Add details form opened. */
  async function logAndOpen(h: Harness, text: string) {
    await h.command("/goodcall", text, { user: "U2" });
    await h.idle();
    const [call] = await h.services.entries.recentGoodCalls("U2", 1);
    return { call, open: () => openDetails(h, call?.id ?? 0) };
  }

  async function openDetails(h: Harness, id: number) {
    const before = h.fake.calls("views.open").length;
    await h.action({ userId: "U2", actionId: ActionId.AddDetails, value: entryId.encode(id) });
    await h.idle();
    const opened = h.fake.calls("views.open")[before];
    const view = opened?.args.view as { private_metadata: string; blocks: Array<Record<string, unknown>> };
    const visibility = view.blocks.find((b) => b.block_id === Field.Visibility) as
      | { element: { initial_option: { value: string } } }
      | undefined;
    return { metadata: view.private_metadata, initially: visibility?.element.initial_option.value };
  }

  const edit = (h: Harness, metadata: string, what: string, visibility: string) =>
    h.submit({
      userId: "U2",
      callbackId: CallbackId.GoodCallModal,
      privateMetadata: metadata,
      values: { ...whatState(what), ...visibilityState(visibility) },
    });

  it("takes a posted call off the feed when it is made private, posts nothing while it stays private, and posts it when it is the team's again", async () => {
    const { h } = await setup();
    const { call, open } = await logAndOpen(h, "Refunded the shipping for a customer in a difficult divorce");
    const feedTs = call?.feedTs;
    expect(feedTs).toBeTruthy();
    const form = await open();
    expect(form.initially).toBe("team");

    const madePrivate = h.fake.mark();
    const reply = await edit(h, form.metadata, call?.what ?? "", "private");
    expect(textOf(reply.json?.view as Record<string, unknown>)).toBe(
      "Your good call is updated.\n🔒 Now only you and the team's managers can see it. If it was posted to the team channel, that post is taken down.",
    );
    expect(await said(h, { since: madePrivate, until: "chat.delete" })).toEqual(["chat.delete #support"]);
    expect(h.fake.calls("chat.delete").at(-1)?.args.ts).toBe(feedTs);
    expect(await h.services.entries.findGoodCall(call?.id ?? 0)).toMatchObject({
      visibility: "private",
      feedTs: null,
    });

    const again = await open();
    expect(again.initially).toBe("private");
    const editedPrivately = h.fake.mark();
    const quiet = await edit(h, again.metadata, "Refunded the shipping and the return fee", "private");
    expect(quiet.json).toBeNull();
    expect(await said(h, { since: editedPrivately })).toEqual([]);

    const third = await open();
    const backToTeam = h.fake.mark();
    const shared = await edit(h, third.metadata, "Refunded the shipping and the return fee", "team");
    expect(textOf(shared.json?.view as Record<string, unknown>)).toBe(
      "Your good call is updated.\nNow the whole team can see it: it is posted to the team channel.",
    );
    expect(await said(h, { since: backToTeam, until: "#support" })).toEqual([
      "#support  GoodCall: *@Mikko made a good call* / > Refunded the shipping and the return fee | [💛 Appreciate]",
    ]);
    expect((await h.services.entries.findGoodCall(call?.id ?? 0))?.feedTs).toBeTruthy();
  });

  it("empties the feed post when Slack will not delete it", async () => {
    const { h } = await setup();
    const { call, open } = await logAndOpen(h, "Drove the spare key to a customer locked out at night");
    const form = await open();
    h.fake.failNext("chat.delete", { error: "cant_delete_message" });
    const madePrivate = h.fake.mark();
    await edit(h, form.metadata, call?.what ?? "", "private");
    expect(await said(h, { since: madePrivate, until: "chat.update" })).toEqual([
      "chat.delete #support (failed: cant_delete_message)",
      "chat.update #support: (made private by its author)",
    ]);
    expect((await h.services.entries.findGoodCall(call?.id ?? 0))?.feedTs).toBeNull();
  });

  it("refuses a choice the form never offers, and saves nothing", async () => {
    const { h } = await setup();
    const { call, open } = await logAndOpen(h, "Stayed after closing to finish a customer's order");
    const form = await open();
    const reply = await edit(h, form.metadata, "Something else entirely, changed", "everyone");
    expect(reply.json).toEqual({
      response_action: "errors",
      errors: { [Field.Visibility]: "Choose who can see this: the team, or only you and your managers." },
    });
    expect(await h.services.entries.findGoodCall(call?.id ?? 0)).toMatchObject({
      what: call?.what,
      visibility: "team",
    });
  });

  it("takes back a feed post that was on its way when the call was made private", async () => {
    const { h, client } = await setup();
    const { call } = await logAndOpen(h, "Lent a customer our own charger until theirs is repaired");
    const team = await h.services.teams.find("C1");
    if (!call || !team) throw new Error("no call or team");
    // The edit to private lands while an earlier post of the team's call is still on its way.
    await h.services.entries.updateGoodCall(call.id, { ...call, followUpDueAt: null, visibility: "private" });
    const late = h.fake.mark();
    await postGoodCallToFeed(h.services, client, team, call);
    expect(await said(h, { since: late })).toEqual([
      "#support  GoodCall: *@Mikko made a good call* / > Lent a customer our own charger until theirs is repaired | [💛 Appreciate]",
      "chat.delete #support",
    ]);
  });
});

describe("patterns with private good calls", () => {
  it("counts a private call in a pattern and shows it among the examples without its words", async () => {
    const { h, deps, slot } = await setup({ feed: false });
    await h.command("/goodcall", "Gave a 10€ voucher for a late parcel #late-delivery", { user: "U2" });
    await h.command(
      "/goodcall",
      "private Refunded shipping to a widow, the courier was late #late-delivery",
      {
        user: "U3",
      },
    );
    await h.command("/goodcall", "Free re-delivery on Saturday #late-delivery", { user: "U2" });
    await h.idle();
    await runJobs(deps, new Date(slot.getTime() + 60_000));
    const digest = h.fake.messages("C1").at(-1);
    expect(messageText(digest)).toContain("*#late-delivery*\n3 good calls by 2 people · 10 EUR");
    expect(JSON.stringify(digest)).not.toContain("widow");

    const proposeFix = buttonIn(digest?.blocks, ActionId.ProposeFix);
    await h.action({
      userId: "U3",
      actionId: ActionId.ProposeFix,
      value: proposeFix?.value,
      channelId: "C1",
      messageTs: digest?.ts,
    });
    const opened = await h.fake.waitFor(
      "views.open",
      (c) => (c.args.view as { callback_id?: string }).callback_id === CallbackId.ProposeFixModal,
    );
    const modal = textOf(opened.args.view as Record<string, unknown>);
    expect(modal).toContain(
      [
        "Good calls in this pattern:",
        "<@U2>: Free re-delivery on Saturday #late-delivery",
        "🔒 a private good call",
        "<@U2>: Gave a 10€ voucher for a late parcel #late-delivery",
      ].join("\n"),
    );
    expect(modal).not.toContain("widow");
  });
});
