// The team feed and stories: posts to the channel, appreciation, escaping, the message shortcut.
import { describe, expect, it } from "vitest";
import { ActionId, CallbackId, Field } from "../../src/views/ids.ts";
import { entryId, entryKey } from "../../src/views/values.ts";
import { makeTeam, prefilled, said, textOf } from "../support/conversation.ts";
import { appPerTest } from "../support/harness.ts";

const setup = appPerTest();

describe("team feed", () => {
  it("posts a new good call with an Appreciate button; one appreciation per person", async () => {
    const h = await setup();
    await makeTeam(h, { feed: true });
    h.fake.names({ U2: "Mikko", U3: "Aino", C1: "support" });
    await h.command("/goodcall", "Stayed on the line and walked her through the setup #onboarding", {
      user: "U2",
    });
    await h.idle();
    const [call] = await h.services.entries.recentGoodCalls("U2", 1);
    expect(call?.feedTs).toBeTruthy();

    const click = () =>
      h.action({
        userId: "U3",
        actionId: ActionId.Appreciate,
        value: entryKey.encode({ kind: "goodCall", id: call?.id ?? 0 }),
        channelId: "C1",
        messageTs: call?.feedTs ?? "",
        responseUrl: h.fake.responseUrl("appreciate", { user: "U3", channel: "C1" }),
      });
    await click();
    await h.idle();
    await h.fake.waitFor("chat.update");
    await click();
    await h.idle();
    await h.fake.waitFor("response_url", (c) => String(c.args.text).includes("already appreciated"));
    expect((await h.services.entries.findGoodCall(call?.id ?? 0))?.appreciationCount).toBe(1);
    expect(h.fake.calls("chat.update")).toHaveLength(1);

    await h.action({
      userId: "U2",
      actionId: ActionId.Appreciate,
      value: entryKey.encode({ kind: "goodCall", id: call?.id ?? 0 }),
      channelId: "C1",
      messageTs: call?.feedTs ?? "",
      responseUrl: h.fake.responseUrl("appreciate", { user: "U2", channel: "C1" }),
    });
    await h.fake.waitFor("response_url", (c) => String(c.args.text).includes("That one is yours"));
    expect((await h.services.entries.findGoodCall(call?.id ?? 0))?.appreciationCount).toBe(1);
    const feedPost =
      "*@Mikko made a good call* / > Stayed on the line and walked her through the setup #onboarding";
    expect(await said(h)).toEqual([
      `#support  GoodCall: ${feedPost} | *Tags:* #onboarding | [💛 Appreciate]`,
      "ephemeral to @Aino in #support: Thank you for appreciating this!",
      `chat.update #support: ${feedPost} | *Tags:* #onboarding | [💛 Appreciate · 1]`,
      "ephemeral to @Aino in #support: You have already appreciated this one. 💛",
      "ephemeral to @Mikko in #support: That one is yours. Glad you are proud of it!",
    ]);
  });

  it("never lets typed mentions or markup go live in a feed post", async () => {
    const h = await setup();
    await makeTeam(h, { feed: true });
    // As Slack sends it: real mentions as markup, what people typed as <, > and & escaped.
    await h.command(
      "/goodcall",
      "Told <!channel> and <!here> and <@U999|pekka> about the fix &amp; &lt;b&gt;more&lt;/b&gt; &lt;!everyone&gt;",
      { user: "U2" },
    );
    await h.idle();
    const post = await h.fake.waitFor("chat.postMessage", (c) => c.args.channel === "C1");
    // NOTE: the transcript shows what people read, where a live <@U999|pekka> and typed "@pekka" look alike and
    // "&lt;b&gt;" reads as "<b>", so that nothing live went out and the escaping are checked on the wire.
    const posted = JSON.stringify(post.args.blocks);
    expect(posted).not.toContain("<!channel>");
    expect(posted).not.toContain("<!here>");
    expect(posted).not.toContain("<!everyone>");
    expect(posted).not.toContain("<@U999");
    expect(posted).not.toMatch(/@(channel|here|everyone)/);
    expect(posted).toContain("&amp; &lt;b&gt;more&lt;/b&gt;");
    h.fake.names({ U2: "Mikko", C1: "support" });
    expect(await said(h)).toEqual([
      "#support  GoodCall: *@Mikko made a good call* / > Told @\u2060channel and @\u2060here and @pekka about the fix & <b>more</b> <!everyone> | [💛 Appreciate]",
    ]);
    const [call] = await h.services.entries.recentGoodCalls("U2", 1);
    expect(call?.what).toBe("Told @channel and @here and @pekka about the fix & <b>more</b> <!everyone>");
  });

  it("masks customer details in posts, flags them to the author, and still saves the entry", async () => {
    const h = await setup();
    await makeTeam(h, { feed: true });
    h.fake.names({ U2: "Mikko", C1: "support" });
    const reply = await h.command(
      "/goodcall",
      "Called back maija@example.com on +358 40 123 4567 about her refund",
      {
        user: "U2",
      },
    );
    expect(textOf(reply.json)).toContain("customer details");
    await h.idle();
    expect(await said(h)).toEqual([
      "#support  GoodCall: *@Mikko made a good call* / > Called back [email] on [phone] about her refund | [💛 Appreciate]",
    ]);
    // NOTE: customer details must not reach Slack in any field (notification text, metadata), not only the
    // blocks people read, so this one stays on the wire.
    const post = await h.fake.waitFor("chat.postMessage", (c) => c.args.channel === "C1");
    const posted = JSON.stringify(post.args);
    expect(posted).not.toContain("maija@example.com");
    expect(posted).not.toContain("123 4567");
    const [call] = await h.services.entries.recentGoodCalls("U2", 1);
    expect(call?.flaggedPii).toBe(true);
    expect(h.logs.join("")).not.toContain("maija@example.com");
  });

  it("marks the feed post removed when its author undoes the good call", async () => {
    const h = await setup();
    await makeTeam(h, { feed: true });
    h.fake.names({ U2: "Mikko", C1: "support" });
    await h.command("/goodcall", "Replaced the cracked screen protector for free", { user: "U2" });
    await h.idle();
    const [call] = await h.services.entries.recentGoodCalls("U2", 1);
    const undo = h.fake.mark();
    await h.action({ userId: "U2", actionId: ActionId.Undo, value: entryId.encode(call?.id ?? 0) });
    expect(await said(h, { since: undo, until: "chat.update" })).toEqual([
      "replaced the original in #support: Undone: that good call is removed.",
      "chat.update #support: (removed by its author)",
    ]);
    // NOTE: which message was edited is its ts, which no one reads; it must be the feed post itself.
    const update = await h.fake.waitFor("chat.update");
    expect(update.args.ts).toBe(call?.feedTs);
  });
});

describe("stories", () => {
  it("saves a story from a message shortcut with the message's permalink", async () => {
    const h = await setup();
    await makeTeam(h, { feed: true });
    h.fake.names({ U2: "Mikko", C1: "support" });
    await h.messageShortcut({
      triggerId: h.fake.triggerId("U2"),
      userId: "U2",
      callbackId: CallbackId.SaveAsStoryShortcut,
      channelId: "C1",
      messageTs: "1700000000.000200",
      text: "Thank you so much for saving our wedding cake delivery!",
      messageUserId: "U7",
    });
    const opened = await h.fake.waitFor("views.open");
    const view = opened.args.view as { private_metadata: string; callback_id: string; blocks: unknown[] };
    expect(view.callback_id).toBe(CallbackId.StoryModal);
    expect(await said(h)).toEqual([
      'views.open for @Mikko: "Share a story" — :link: From a Slack message | Title | The story | Customer quote',
    ]);
    // NOTE: the transcript shows labels, not what an input holds, so the prefilled story is read from the form.
    expect(prefilled(view)).toEqual({
      [Field.Body]: "Thank you so much for saving our wedding cake delivery!",
    });

    const shared = h.fake.mark();
    const reply = await h.submit({
      userId: "U2",
      callbackId: CallbackId.StoryModal,
      privateMetadata: view.private_metadata,
      values: {
        [Field.Title]: { [Field.Title]: { type: "plain_text_input", value: "The wedding cake" } },
        [Field.Body]: {
          [Field.Body]: {
            type: "plain_text_input",
            value: "Thank you so much for saving our wedding cake delivery!",
          },
        },
        [Field.Quote]: { [Field.Quote]: { type: "plain_text_input", value: "You saved our day" } },
      },
    });
    expect(reply.status).toBe(200);
    await h.idle();
    await h.fake.waitFor("chat.getPermalink");
    const [story] = await h.services.entries.recentStories("U2", 1);
    expect(story).toMatchObject({ title: "The wedding cake", quote: "You saved our day", teamId: "C1" });
    expect(story?.permalink).toContain("https://");
    // The transcript leaves link markup as it is, so the line names the exact permalink the link goes to.
    expect(await said(h, { since: shared })).toEqual([
      "#support  GoodCall: *@Mikko shared a customer success story* / *The wedding cake* / Thank you so much for saving our wedding cake delivery! | Customer: _“You saved our day”_ | " +
        `<${story?.permalink}|Original message> | [💛 Appreciate]`,
    ]);
  });

  it("keeps the story form open with field errors for a short story and no title", async () => {
    const h = await setup();
    await makeTeam(h);
    await h.command("/story", "Too short", { user: "U2" });
    const opened = await h.fake.waitFor("views.open");
    const view = opened.args.view as { private_metadata: string };
    const reply = await h.submit({
      userId: "U2",
      callbackId: CallbackId.StoryModal,
      privateMetadata: view.private_metadata,
      values: {
        [Field.Title]: { [Field.Title]: { type: "plain_text_input", value: "" } },
        [Field.Body]: { [Field.Body]: { type: "plain_text_input", value: "Too short" } },
      },
    });
    expect(reply.json?.response_action).toBe("errors");
    expect(Object.keys(reply.json?.errors as object).sort()).toEqual([Field.Body, Field.Title].sort());
    expect(await h.services.entries.recentStories("U2", 1)).toEqual([]);
  });
});
