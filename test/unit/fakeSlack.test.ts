// The fake Slack answers the real WebClient the way Slack does: records calls, refuses bad Block Kit, fails on demand.
import { ErrorCode, LogLevel, WebClient } from "@slack/web-api";
import { afterEach, describe, expect, it } from "vitest";
import { type FakeSlack, startFakeSlack } from "../support/fakeSlack.ts";

const opened: FakeSlack[] = [];

async function setup() {
  const fake = await startFakeSlack({ botUserId: "UBOT", teamId: "T1" });
  opened.push(fake);
  const client = new WebClient("xoxb-test", {
    slackApiUrl: fake.url,
    logLevel: LogLevel.ERROR,
    retryConfig: { retries: 2, factor: 1, minTimeout: 10, maxTimeout: 50 },
  });
  return { fake, client };
}

afterEach(async () => {
  await Promise.all(opened.splice(0).map((fake) => fake.close()));
});

describe("fake Slack", () => {
  it("answers auth.test with the bot's identity", async () => {
    const { fake, client } = await setup();
    const auth = await client.auth.test();
    expect(auth).toMatchObject({ ok: true, user_id: "UBOT", team_id: "T1", bot_id: "B1" });
    expect(fake.calls("auth.test")[0]?.token).toBe("xoxb-test");
    expect(fake.problems()).toEqual([]);
  });

  it("gives each posted message a later ts and keeps the channel's messages", async () => {
    const { fake, client } = await setup();
    const first = await client.chat.postMessage({ channel: "C1", text: "one" });
    const second = await client.chat.postMessage({ channel: "C1", text: "two" });
    expect(first.ts).toBe("1700000000.000100");
    expect(Number(second.ts)).toBeGreaterThan(Number(first.ts));
    expect(first.message?.text).toBe("one");

    await client.chat.update({ channel: "C1", ts: String(first.ts), text: "one, edited" });
    await client.chat.delete({ channel: "C1", ts: String(second.ts) });
    expect(fake.messages("C1").map((m) => m.text)).toEqual(["one, edited"]);
    const link = await client.chat.getPermalink({ channel: "C1", message_ts: String(first.ts) });
    expect(link.permalink).toBe("https://example.slack.com/archives/C1/p1700000000000100");
    expect(fake.problems()).toEqual([]);
  });

  it("answers a post to a user id with the DM channel", async () => {
    const { client } = await setup();
    const posted = await client.chat.postMessage({ channel: "U7", text: "hi" });
    expect(posted.channel).toBe("DU7");
  });

  it("parses form-encoded views back into objects", async () => {
    const { fake, client } = await setup();
    const view = {
      type: "modal" as const,
      callback_id: "good_call",
      title: { type: "plain_text" as const, text: "Log a good call" },
      submit: { type: "plain_text" as const, text: "Save" },
      blocks: [
        {
          type: "input",
          block_id: "what",
          label: { type: "plain_text" as const, text: "What did you do?" },
          element: { type: "plain_text_input", action_id: "what" },
        },
      ],
    };
    const result = await client.views.open({ trigger_id: "t1", view });
    expect(result.view?.id).toMatch(/^V\d+$/);
    expect(result.view?.callback_id).toBe("good_call");
    expect(fake.calls("views.open")[0]?.args.view).toEqual(view);
    expect(fake.transcript()).toEqual(['views.open: "Log a good call" — What did you do?']);
  });

  it("refuses a trigger_id used twice, as Slack does", async () => {
    const { fake, client } = await setup();
    const view = { type: "modal" as const, title: { type: "plain_text" as const, text: "Hi" }, blocks: [] };
    await client.views.open({ trigger_id: "t1", view });
    await expect(client.views.open({ trigger_id: "t1", view })).rejects.toMatchObject({
      data: { error: "exchanged_trigger_id" },
    });
    expect(fake.problems()).toEqual(["views.open: trigger_id t1 used twice"]);
  });

  it("refuses a 51-block message with invalid_blocks and reports it", async () => {
    const { fake, client } = await setup();
    const blocks = Array.from({ length: 51 }, () => ({ type: "divider" }));
    await expect(client.chat.postMessage({ channel: "C1", text: "too long", blocks })).rejects.toMatchObject({
      code: ErrorCode.PlatformError,
      data: { ok: false, error: "invalid_blocks" },
    });
    expect(fake.problems()).toEqual(["chat.postMessage: 51 blocks (max 50)"]);
    expect(fake.messages()).toEqual([]);
  });

  it("reports unknown methods and calls without a token", async () => {
    const { fake, client } = await setup();
    await expect(client.apiCall("pins.add", { channel: "C1" })).rejects.toMatchObject({
      data: { error: "unknown_method" },
    });
    const anonymous = new WebClient(undefined, { slackApiUrl: fake.url, logLevel: LogLevel.ERROR });
    await expect(anonymous.chat.postMessage({ channel: "C1", text: "x" })).rejects.toMatchObject({
      data: { error: "not_authed" },
    });
    expect(fake.problems()).toEqual([
      "pins.add: unknown method (the fake does not implement it)",
      "chat.postMessage: called without a token",
    ]);
  });

  it("answers 429 with Retry-After, and the client retries after it", async () => {
    const { fake, client } = await setup();
    fake.failNext("chat.postMessage", { status: 429, retryAfter: 1 });
    const started = Date.now();
    const posted = await client.chat.postMessage({ channel: "C1", text: "after the pause" });
    expect(posted.ok).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(fake.calls("chat.postMessage").map((c) => c.status)).toEqual([429, 200]);
  });

  it("answers HTTP 500, which the client retries", async () => {
    const { fake, client } = await setup();
    fake.failNext("chat.postEphemeral", { status: 500 }, 2);
    const posted = await client.chat.postEphemeral({ channel: "C1", user: "U1", text: "third time lucky" });
    expect(posted.message_ts).toBeDefined();
    expect(fake.calls("chat.postEphemeral").map((c) => c.status)).toEqual([500, 500, 200]);
  });

  it("surfaces an injected error as the client's platform error, once", async () => {
    const { fake, client } = await setup();
    fake.setUser({ id: "U1", name: "aino" });
    fake.failNext("users.info", { error: "user_not_found" });
    await expect(client.users.info({ user: "U1" })).rejects.toMatchObject({
      code: ErrorCode.PlatformError,
      data: { ok: false, error: "user_not_found" },
    });
    const info = await client.users.info({ user: "U1" });
    expect(info.user?.name).toBe("aino");
    expect(fake.calls("users.info").map((c) => c.error)).toEqual(["user_not_found", undefined]);
  });

  it("delays an answer on demand", async () => {
    const { fake, client } = await setup();
    fake.failNext("reactions.add", { delayMs: 150 });
    const started = Date.now();
    await client.reactions.add({ channel: "C1", timestamp: "1.2", name: "tada" });
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it("answers users.info from setUser, with the locale only when asked", async () => {
    const { client, fake } = await setup();
    fake.setUser({ id: "U1", name: "aino", locale: "fi-FI", tz: "Europe/Helsinki" });
    fake.setUser({ id: "U2", name: "gone", deleted: true });
    const aino = await client.users.info({ user: "U1", include_locale: true });
    expect(aino.user).toMatchObject({
      id: "U1",
      name: "aino",
      locale: "fi-FI",
      tz: "Europe/Helsinki",
      deleted: false,
    });
    expect((await client.users.info({ user: "U1" })).user?.locale).toBeUndefined();
    expect((await client.users.info({ user: "U2" })).user?.deleted).toBe(true);
    await expect(client.users.info({ user: "U404" })).rejects.toMatchObject({
      data: { error: "user_not_found" },
    });
  });

  it("answers conversations.* from its state", async () => {
    const { client, fake } = await setup();
    fake.setChannelMembers("C1", ["U1", "U2"]);
    expect((await client.conversations.members({ channel: "C1" })).members).toEqual(["U1", "U2"]);
    expect((await client.conversations.members({ channel: "C2" })).members).toEqual([]);
    expect((await client.conversations.info({ channel: "C1" })).channel).toMatchObject({
      id: "C1",
      name: "team-c1",
      is_member: true,
    });
    expect((await client.conversations.open({ users: "U2" })).channel?.id).toBe("DU2");
  });

  it("keeps what filesUploadV2 uploaded", async () => {
    const { client, fake } = await setup();
    await client.filesUploadV2({
      channel_id: "DU1",
      filename: "goodcall-export.json",
      content: '{"goodCalls":[]}',
      title: "Your data",
    });
    expect(fake.uploads()).toEqual([
      {
        fileId: "F1",
        filename: "goodcall-export.json",
        content: '{"goodCalls":[]}',
        bytes: Buffer.from('{"goodCalls":[]}'),
        channel: "DU1",
        title: "Your data",
        initialComment: undefined,
      },
    ]);
    expect(fake.problems()).toEqual([]);
  });

  it("keeps an uploaded image's bytes as sent, and its alt text", async () => {
    const { client, fake } = await setup();
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0xff, 0x00, 0xc3, 0x28]);
    await client.filesUploadV2({
      channel_id: "DU1",
      filename: "chart.png",
      file: bytes,
      alt_text: "A chart",
    });
    const [upload] = fake.uploads();
    expect(upload?.bytes.equals(bytes)).toBe(true);
    expect(upload?.altText).toBe("A chart");
  });

  it("records response_url posts and checks their blocks", async () => {
    const { fake } = await setup();
    const url = fake.responseUrl("cmd-1");
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ response_type: "ephemeral", text: "Saved <@U1>'s good call" }),
    });
    expect(await response.json()).toEqual({ ok: true });
    const call = await fake.waitFor("response_url", (c) => c.id === "cmd-1");
    expect(call.args.text).toBe("Saved <@U1>'s good call");

    fake.setUser({ id: "U1", name: "aino" });
    expect(fake.transcript()).toEqual(["ephemeral reply: Saved @aino's good call"]);

    const bad = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ blocks: [{ type: "section" }] }),
    });
    expect(await bad.json()).toEqual({ ok: false, error: "invalid_blocks" });
    expect(fake.problems()).toEqual(["response_url: blocks[0] (section) has neither text nor fields"]);
  });

  it("waitFor resolves on a later call and explains a timeout", async () => {
    const { fake, client } = await setup();
    const waiting = fake.waitFor("chat.postMessage", (c) => c.args.channel === "C2");
    await client.chat.postMessage({ channel: "C1", text: "not this one" });
    await client.chat.postMessage({ channel: "C2", text: "this one" });
    expect((await waiting).args.text).toBe("this one");
    await expect(fake.waitFor("views.open", undefined, 50)).rejects.toThrow(
      /no matching views.open call within 50 ms. Recorded: chat.postMessage, chat.postMessage/,
    );
  });

  it("limits posts per channel and per workspace when asked, answering 429 with Retry-After as Slack does", async () => {
    const fake = await startFakeSlack({ teamId: "T1", oauth: { clientId: "1.2", clientSecret: "s" } });
    opened.push(fake);
    // Clients that reject rate-limited calls show the 429 itself instead of retrying after it.
    const clientOf = (token: string) =>
      new WebClient(token, { slackApiUrl: fake.url, logLevel: LogLevel.ERROR, rejectRateLimitedCalls: true });
    const installed = await clientOf("").oauth.v2.access({
      client_id: "1.2",
      client_secret: "s",
      code: fake.authorizeCode({ teamId: "T2" }),
    });
    const one = clientOf("xoxb-test");
    const two = clientOf(String(installed.access_token));
    const tooSoon = (retryAfter: number) => ({ code: ErrorCode.RateLimitedError, retryAfter });
    fake.limitPosts({
      perChannel: { posts: 1, windowMs: 60_000 },
      perWorkspace: { posts: 3, windowMs: 120_000 },
    });

    await one.chat.postMessage({ channel: "C1", text: "first" });
    await expect(one.chat.postMessage({ channel: "C1", text: "too soon" })).rejects.toMatchObject(
      tooSoon(60),
    );
    // A DM by user id is the same channel as the DM's own id.
    await one.chat.postMessage({ channel: "U7", text: "a DM" });
    await expect(one.chat.postMessage({ channel: "DU7", text: "same DM" })).rejects.toMatchObject(
      tooSoon(60),
    );
    await one.chat.postMessage({ channel: "C2", text: "third of the workspace" });
    await expect(one.chat.postMessage({ channel: "C3", text: "fourth" })).rejects.toMatchObject(tooSoon(120));
    // Another workspace has limits of its own, even in a channel of the same id.
    await two.chat.postMessage({ channel: "C1", text: "another workspace" });
    expect(fake.calls("chat.postMessage").map((c) => c.status)).toEqual([200, 429, 200, 429, 200, 429, 200]);
    // Refused posts were not posted, and do not count.
    expect(fake.messages().map((m) => m.text)).toEqual([
      "first",
      "a DM",
      "third of the workspace",
      "another workspace",
    ]);

    fake.limitPosts(null);
    await one.chat.postMessage({ channel: "C1", text: "no limits now" });
  });

  it("answers apps.connections.open with the socket url", async () => {
    const { fake } = await setup();
    fake.socketUrl = "ws://127.0.0.1:1/link";
    const appClient = new WebClient("xapp-test", { slackApiUrl: fake.url, logLevel: LogLevel.ERROR });
    expect((await appClient.apps.connections.open()).url).toBe("ws://127.0.0.1:1/link");
  });
});

describe("fake Slack transcript", () => {
  async function reply(fake: FakeSlack, url: string, body: Record<string, unknown>): Promise<void> {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    await response.arrayBuffer();
    expect(fake.problems()).toEqual([]);
  }

  it("reads as a conversation, with people and channels by name", async () => {
    const { fake, client } = await setup();
    fake.names({ U1: "Anna", U2: "Mikko", C1: "support" });
    const posted = await client.chat.postMessage({
      channel: "C1",
      text: "Thanks <@U1>!",
      blocks: [
        { type: "section", text: { type: "mrkdwn", text: "Thanks <@U1|anna>! <@U2> made a good call" } },
        {
          type: "actions",
          elements: [{ type: "button", action_id: "a", text: { type: "plain_text", text: "Appreciate" } }],
        },
      ],
    });
    await client.chat.postMessage({ channel: "U2", text: "A good call\nis waiting in <#C1>" });
    await client.chat.postMessage({ channel: "C1", thread_ts: String(posted.ts), text: "in the thread" });
    await client.chat.postEphemeral({ channel: "C1", user: "U1", text: "Only you see this" });
    await client.chat.update({ channel: "C1", ts: String(posted.ts), text: "Thanks <@U1>! · 1" });
    await client.views.open({
      trigger_id: fake.triggerId("U1"),
      view: { type: "modal", title: { type: "plain_text", text: "Log a good call" }, blocks: [] },
    });
    await client.views.publish({
      user_id: "U2",
      view: {
        type: "home",
        blocks: [{ type: "section", text: { type: "mrkdwn", text: "Your good calls" } }],
      },
    });
    await client.users.info({ user: "U1" }).catch(() => undefined);

    expect(fake.transcript()).toEqual([
      "#support  GoodCall: Thanks @Anna! @Mikko made a good call | [Appreciate]",
      "DM @Mikko  GoodCall: A good call / is waiting in #support",
      "#support (thread)  GoodCall: in the thread",
      "ephemeral to @Anna in #support: Only you see this",
      "chat.update #support: Thanks @Anna! · 1",
      'views.open for @Anna: "Log a good call"',
      "views.publish for @Mikko: (home) — Your good calls",
    ]);
    expect(fake.transcript({ brief: true })[0]).toBe("#support  GoodCall: Thanks @Anna!");
  });

  it("shows response_url replies with whom they reached, when the url says so", async () => {
    const { fake } = await setup();
    fake.names({ U1: "Anna", C1: "support" });
    const url = fake.responseUrl("appreciate", { user: "U1", channel: "C1" });
    await reply(fake, url, { text: "You already appreciated this" });
    await reply(fake, url, { response_type: "in_channel", text: "Shared with the team" });
    await reply(fake, url, { replace_original: true, text: "Saved" });
    await reply(fake, url, { delete_original: true });
    await reply(fake, fake.responseUrl(), { response_type: "ephemeral", text: "Who saw me?" });
    expect(fake.transcript()).toEqual([
      "ephemeral to @Anna in #support: You already appreciated this",
      "#support  GoodCall: Shared with the team",
      "replaced the original in #support: Saved",
      "deleted the original in #support",
      "ephemeral reply: Who saw me?",
    ]);
    expect(fake.calls("response_url").map((c) => c.id)).toEqual([
      "appreciate",
      "appreciate",
      "appreciate",
      "appreciate",
      "response",
    ]);
  });

  it("shows escaped markup as the literal text people see, never as a mention", async () => {
    const { fake, client } = await setup();
    fake.names({ U1: "Anna" });
    await client.chat.postMessage({
      channel: "C1",
      text: "<@U1> typed &lt;@U1&gt; &amp; &lt;!here&gt; for <!here> and <!subteam^S1|@support-team>",
    });
    expect(fake.transcript()).toEqual([
      "#C1  GoodCall: @Anna typed <@U1> & <!here> for @here and @support-team",
    ]);
  });

  it("reads one step at a time from a mark, and marks failed calls", async () => {
    const { fake, client } = await setup();
    await client.chat.postMessage({ channel: "C1", text: "before" });
    const mark = fake.mark();
    fake.failNext("chat.postMessage", { error: "channel_not_found" });
    await expect(client.chat.postMessage({ channel: "C9", text: "lost" })).rejects.toThrow();
    await client.reactions.add({ channel: "C1", timestamp: "1.2", name: "tada" });
    expect(fake.transcript({ since: mark })).toEqual([
      "#C9  GoodCall (failed: channel_not_found): lost",
      "#C1  GoodCall reacted :tada:",
    ]);
  });
});
