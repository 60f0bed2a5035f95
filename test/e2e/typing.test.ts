// Understanding what people type, end to end: a good call that starts with a subcommand word, a day
// that is not a promise, channel links, and messages written by bots (all found in a user trial).
import { WebClient } from "@slack/web-api";
import { describe, expect, it } from "vitest";
import type { JobDeps } from "../../src/jobs/outbox.ts";
import { ChannelPacer } from "../../src/jobs/pacer.ts";
import { runJobs } from "../../src/jobs/run.ts";
import { ActionId, CallbackId, Event } from "../../src/views/ids.ts";
import { ackText, makeTeam, said } from "../support/conversation.ts";
import { appPerTest, BOT_TOKEN, type Harness, type Reply, SIGNING_SECRET } from "../support/harness.ts";
import { asForm, messageShortcut } from "../support/payloads.ts";
import { postToSlackApp } from "../support/signing.ts";

const startApp = appPerTest();

// Wednesday 25 November 2026, noon in Helsinki (the team's zone).
const WEDNESDAY = new Date("2026-11-25T10:00:00Z");

async function setup(options: { language?: "en" | "fi" } = {}) {
  const h = await startApp({ now: WEDNESDAY });
  h.fake.names({ U1: "Mikko", U2: "Anna", U3: "Aino", C1: "support", C0OTHER: "random" });
  // The app is in its team's channel too, as it is in Slack.
  h.fake.setChannelMembers("C1", ["U1", "U2", "U3", "UBOT"]);
  await makeTeam(h, {
    channel: "C1",
    manager: "U1",
    ...(options.language ? { language: options.language } : {}),
  });
  await h.services.teams.setManagerPreference("C1", "U1", "off");
  return h;
}

/** The value of the first button with this action id in an ack or message body. */
function buttonValue(body: unknown, actionId: string): string {
  const match = new RegExp(`"action_id":"${actionId}","value":"([^"]+)"`).exec(JSON.stringify(body));
  return match?.[1] ?? "";
}

async function latestCall(h: Harness, userId = "U2") {
  const [call] = await h.services.entries.recentGoodCalls(userId, 1);
  return call;
}

function jobDeps(h: Harness): JobDeps {
  const client = new WebClient(BOT_TOKEN, { slackApiUrl: h.fake.url, retryConfig: { retries: 0 } });
  return { services: h.services, client, pacer: new ChannelPacer(0) };
}

describe("a good call that starts with a subcommand word", () => {
  it("saves 'thanks to the storm…' as a good call instead of asking who to thank", async () => {
    const h = await setup();
    const reply = await h.command("/goodcall", "thanks to the storm we delivered late, gave $5 off #late", {
      user: "U2",
    });
    expect(ackText(reply)).toContain("Thanks, <@U2>! Your good call is saved.");
    expect(ackText(reply)).not.toContain("Mention who to thank");
    expect(await latestCall(h)).toMatchObject({
      what: "thanks to the storm we delivered late, gave $5 off #late",
      tags: ["late"],
      value: { cents: 500, currency: "USD" },
    });
  });

  it("saves 'kiitos asiakkaalle…' and 'tilastot näyttivät…' in a Finnish team", async () => {
    const h = await setup({ language: "fi" });
    await h.services.people.setLocale("U2", "fi-FI");
    for (const text of [
      "Kiitos asiakkaalle kärsivällisyydestä, hyvitin 5 € toimitusmaksusta",
      "Tilastot näyttivät paketin kadonneen, lähetin uuden omalla kustannuksella",
    ]) {
      const reply = await h.command("/goodcall", text, { user: "U2" });
      expect(ackText(reply)).toContain("Hyvä ratkaisusi on tallennettu.");
      expect((await latestCall(h))?.what).toBe(text);
    }
  });

  it("still thanks someone with `thanks @name …`", async () => {
    const h = await setup();
    await h.command("/goodcall", "Drove a forgotten cake to a birthday party", { user: "U3" });
    const reply = await h.command("/goodcall", "thanks <@U3|aino> for the cake run!", { user: "U2" });
    expect(ackText(reply)).toContain("<@U3>");
    expect(await latestCall(h)).toBeUndefined();
  });

  it("logs 'idea to …', offers it as an idea, and only the author can switch it", async () => {
    const h = await setup();
    const text = "idea to call back customers who waited over an hour";
    const reply = await h.command("/goodcall", text, { user: "U2" });
    expect(ackText(reply)).toContain("Your good call is saved.");
    expect(ackText(reply)).toContain("Meant this as an idea for the team rather than a good call?");
    const call = await latestCall(h);
    expect(call?.what).toBe(text);
    const value = buttonValue(reply.json, ActionId.ProposeAsIdea);

    // A colleague's click changes nothing.
    const mark = h.fake.mark();
    await h.action({ userId: "U3", channelId: "C1", actionId: ActionId.ProposeAsIdea, value });
    expect(await said(h, { since: mark, until: "Only the person who logged this" })).toHaveLength(1);
    expect(await h.services.loop.openImprovements("C1")).toEqual([]);

    const mine = h.fake.mark();
    await h.action({ userId: "U2", channelId: "C1", actionId: ActionId.ProposeAsIdea, value });
    const lines = await said(h, { since: mine, until: "replaced the original" });
    expect(lines).toContain(
      "replaced the original in #support: Done: the good call is removed, and your idea is saved as an improvement: *Call back customers who waited over an hour*. The team sees it in App Home.",
    );
    expect(await latestCall(h)).toBeUndefined();
    const [improvement] = await h.services.loop.openImprovements("C1");
    expect(improvement).toMatchObject({
      title: "Call back customers who waited over an hour",
      proposerId: "U2",
    });
  });

  it("keeps `idea <title>` an idea", async () => {
    const h = await setup();
    const reply = await h.command("/goodcall", "idea make refunds for late parcels automatic", {
      user: "U2",
    });
    expect(ackText(reply)).toContain("Your idea is saved as an improvement");
    expect(await latestCall(h)).toBeUndefined();
  });
});

describe("promises", () => {
  it("does not make a bare weekday a promise, so no reminder comes", async () => {
    const h = await setup();
    const reply = await h.command("/goodcall", "free re-delivery on Saturday because the courier was late", {
      user: "U2",
    });
    expect(ackText(reply)).not.toContain("Promise noted");
    expect(JSON.stringify(reply.json)).not.toContain(ActionId.NotAPromise);
    expect((await latestCall(h))?.promiseDue).toBeNull();
    await runJobs(jobDeps(h), new Date("2026-11-28T08:00:00Z"));
    expect(h.fake.transcript().filter((line) => line.startsWith("DM @Anna"))).toEqual([]);
  });

  it("shows a promise with its day, and *Not a promise* (author only) removes it and its reminder", async () => {
    const h = await setup();
    const reply = await h.command("/goodcall", "Will call back on Friday about the refund", { user: "U2" });
    expect(ackText(reply)).toContain("Promise noted for Fri 27 Nov: I'll remind you that morning.");
    expect((await latestCall(h))?.promiseDue).toBe("2026-11-27");
    const value = buttonValue(reply.json, ActionId.NotAPromise);

    const mark = h.fake.mark();
    await h.action({ userId: "U3", channelId: "C1", actionId: ActionId.NotAPromise, value });
    expect(await said(h, { since: mark, until: "Only the person who logged this" })).toHaveLength(1);
    expect((await latestCall(h))?.promiseDue).toBe("2026-11-27");

    const mine = h.fake.mark();
    await h.action({ userId: "U2", channelId: "C1", actionId: ActionId.NotAPromise, value });
    const [line] = await said(h, { since: mine, until: "not a promise" });
    expect(line).toContain("replaced the original in #support: Thanks, @Anna! Your good call is saved.");
    expect(line).toContain("OK, not a promise: there will be no reminder.");
    expect(line).not.toContain("Promise noted");
    expect(line).not.toContain("[Not a promise]");
    expect(await latestCall(h)).toMatchObject({
      what: "Will call back on Friday about the refund",
      promiseDue: null,
      promiseStatus: null,
    });

    await runJobs(jobDeps(h), new Date("2026-11-27T07:05:00Z"));
    expect(h.fake.transcript().filter((l) => l.startsWith("DM @Anna"))).toEqual([]);
  });

  it("reads a Finnish promise and shows its day the Finnish way", async () => {
    const h = await setup({ language: "fi" });
    await h.services.people.setLocale("U2", "fi-FI");
    const reply = await h.command("/goodcall", "Lupasin soittaa takaisin perjantaina", { user: "U2" });
    expect(ackText(reply)).toContain("Lupaus kirjattu (pe 27.11. mennessä). Muistutan sinua sinä aamuna.");
    expect(JSON.stringify(reply.json)).toContain("Ei ole lupaus");
    const bare = await h.command("/goodcall", "Ilmainen uusintatoimitus lauantaina, kuriiri myöhästyi", {
      user: "U2",
    });
    expect(ackText(bare)).not.toContain("Lupaus");
  });
});

describe("channel links", () => {
  it("keeps a channel link readable in the text but never makes it a tag", async () => {
    const h = await setup();
    await h.command("/goodcall", "answered her in <#C0OTHER|random> and gave 5 € off #late", { user: "U2" });
    expect(await latestCall(h)).toMatchObject({
      what: "answered her in #random and gave 5 € off #late",
      tags: ["late"],
    });
  });
});

describe("messages from bots and from GoodCall itself", () => {
  /** The "Save as success story" shortcut on a message with these extra fields. */
  async function saveAsStory(h: Harness, message: Record<string, unknown>): Promise<Reply> {
    const payload = messageShortcut({
      userId: "U2",
      callbackId: CallbackId.SaveAsStoryShortcut,
      channelId: "C1",
      messageTs: "1700000000.000300",
      text: "New order #4411 received: 2 × coffee beans",
      messageUserId: "U7",
      responseUrl: h.fake.responseUrl(undefined, { user: "U2", channel: "C1" }),
    });
    payload.message = { ...(payload.message as Record<string, unknown>), ...message };
    const raw = await postToSlackApp(h.url, { form: asForm(payload) }, SIGNING_SECRET);
    return { ...raw, json: null };
  }

  it.each([
    ["another app's post", { bot_id: "B2", subtype: "bot_message", user: undefined }],
    ["a bot user's post", { bot_id: "B3" }],
    ["GoodCall's own digest", { user: "UBOT", bot_id: "B1" }],
    ["GoodCall's own user", { user: "UBOT" }],
  ])("refuses to save %s as a story, kindly, and saves nothing", async (_what, message) => {
    const h = await setup();
    const mark = h.fake.mark();
    const reply = await saveAsStory(h, message);
    expect(reply.status).toBe(200);
    const lines = await said(h, { since: mark, until: "posted by an app or a bot" });
    expect(lines).toEqual([
      "ephemeral to @Anna in #support: That message was posted by an app or a bot, so GoodCall does not save it as a success story. Save a message a person wrote, or tell the story yourself with `/story`.",
    ]);
    expect(h.fake.calls("views.open")).toEqual([]);
    expect(await h.services.entries.recentStories("U2", 5)).toEqual([]);
  });

  it("still opens the story form for a message a person wrote", async () => {
    const h = await setup();
    await saveAsStory(h, {});
    await h.fake.waitFor("views.open");
  });

  it("does not make GoodCall itself a team member, at setup or when it joins", async () => {
    const h = await setup();
    expect((await h.services.teams.actor("UBOT")).memberOf.has("C1")).toBe(false);
    expect((await h.services.teams.actor("U2")).memberOf.has("C1")).toBe(true);
    const reply = await h.event({ type: Event.MemberJoinedChannel, user: "UBOT", channel: "C1" });
    expect(reply.status).toBe(200);
    await h.idle();
    expect((await h.services.teams.actor("UBOT")).memberOf.has("C1")).toBe(false);
    // A person joining still counts.
    await h.event({ type: Event.MemberJoinedChannel, user: "U4", channel: "C1" });
    await h.idle();
    expect((await h.services.teams.actor("U4")).memberOf.has("C1")).toBe(true);
  });
});
