// App Home, stats, the global shortcut, editing through "Add details", and Finnish.
import { describe, expect, it } from "vitest";
import { ActionId, CallbackId, Field } from "../../src/views/ids.ts";
import { entryId, managerPreferenceChoice } from "../../src/views/values.ts";
import { ackText, makeTeam, prefilled, said, textOf } from "../support/conversation.ts";
import { appPerTest } from "../support/harness.ts";

const setup = appPerTest();
// A Monday: the team's running digest period began on Friday at 15:00 (Helsinki), which Home names.
const MONDAY = new Date("2026-11-30T10:00:00Z");

describe("App Home and stats", () => {
  it("shows the person's recent good calls, stats and the buttons", async () => {
    const h = await setup({ now: MONDAY });
    await makeTeam(h);
    h.fake.names({ U2: "Mikko" });
    await h.command("/goodcall", "Upgraded the room for a couple on their honeymoon 30 EUR", { user: "U2" });
    await h.event({ type: "app_home_opened", user: "U2", channel: "D2", tab: "home" });
    expect(await said(h)).toEqual([
      [
        "views.publish for @Mikko: (home) — GoodCall",
        "Small decisions for customers, made on your own authority, are worth celebrating.",
        "[Log a good call]",
        "[Share a story]",
        "*Your GoodCall numbers*",
        "*Since Fri 27 Nov 15:00:* 1 good call · 0 stories · 0 appreciations received · value given: 30 EUR",
        "*All time:* 1 good call · 0 stories · 0 appreciations received · value given: 30 EUR",
        "*Your recent good calls*",
        "Upgraded the room for a couple on their honeymoon 30 EUR",
        "*Your recent stories*",
        "No stories yet. When a customer thanks you, share it as a story: the whole team learns from it.",
        "*Open improvements*",
        "No open improvements. Spot a recurring problem? `/goodcall idea …`",
      ].join(" | "),
    ]);
    // NOTE: the buttons must carry the action ids the listeners are registered for, which only the wire shows.
    const published = await h.fake.waitFor("views.publish");
    const home = JSON.stringify(published.args.view);
    expect(home).toContain(ActionId.OpenGoodCallModal);
    expect(home).toContain(ActionId.OpenStoryModal);
  });

  it("answers /goodcall stats with this week's and all-time numbers", async () => {
    const h = await setup();
    await makeTeam(h);
    await h.command("/goodcall", "Gave a 5 EUR discount for the wait", { user: "U2" });
    await h.command("/goodcall", "Gave a 7,50 EUR discount for a scratched box", { user: "U2" });
    const reply = await h.command("/goodcall", "stats", { user: "U2" });
    const text = ackText(reply);
    expect(text).toContain("2 good calls");
    expect(text).toContain("12.50 EUR");
  });
});

describe("global shortcut and Add details", () => {
  it("opens the form from the global shortcut with a team choice for someone in two teams", async () => {
    const h = await setup();
    await makeTeam(h, { channel: "C1", manager: "U1" });
    await makeTeam(h, { channel: "C2", manager: "U1" });
    h.fake.names({ U1: "Anna" });
    const before = h.fake.mark();
    await h.globalShortcut({
      userId: "U1",
      callbackId: CallbackId.LogGoodCallShortcut,
      triggerId: h.fake.triggerId("U1"),
    });
    expect(await said(h, { since: before })).toEqual([
      'views.open for @Anna: "Log a good call" — Team | What did you do for the customer? | Why? What did the customer need? | Did a rule or process get in the way? | Tags | Value given | Currency | Follow up? | Promised the customer something by | Who can see this',
    ]);
    // NOTE: the team choice must come first and be the block the submission reads, a Block Kit structure.
    const opened = await h.fake.waitFor("views.open");
    const view = opened.args.view as { blocks: Array<{ block_id?: string }>; private_metadata: string };
    expect(view.blocks[0]?.block_id).toBe(Field.Team);

    const reply = await h.submit({
      userId: "U1",
      callbackId: CallbackId.GoodCallModal,
      privateMetadata: view.private_metadata,
      values: {
        [Field.Team]: { [Field.Team]: { type: "static_select", selected_option: { value: "C2" } } },
        [Field.What]: {
          [Field.What]: { type: "plain_text_input", value: "Opened the store early for a nurse" },
        },
      },
    });
    expect(reply.json).toBeNull();
    const [call] = await h.services.entries.recentGoodCalls("U1", 1);
    expect(call?.teamId).toBe("C2");
  });

  it("refuses a team the person is not in, with a field error", async () => {
    const h = await setup();
    await makeTeam(h, { channel: "C1", manager: "U1" });
    const reply = await h.submit({
      userId: "U8",
      callbackId: CallbackId.GoodCallModal,
      privateMetadata: "{}",
      values: {
        [Field.Team]: { [Field.Team]: { type: "static_select", selected_option: { value: "C1" } } },
        [Field.What]: {
          [Field.What]: { type: "plain_text_input", value: "Opened the store early for a nurse" },
        },
      },
    });
    expect(reply.json?.response_action).toBe("errors");
    expect(await h.services.entries.recentGoodCalls("U8", 1)).toEqual([]);
  });

  it("lets the author add details to an inline good call, and nobody else", async () => {
    const h = await setup();
    await makeTeam(h);
    h.fake.names({ U2: "Mikko", U3: "Aino", C1: "support" });
    await h.command("/goodcall", "Fixed the invoice address by phone", { user: "U2" });
    const [call] = await h.services.entries.recentGoodCalls("U2", 1);

    const clicks = h.fake.mark();
    await h.action({ userId: "U3", actionId: ActionId.AddDetails, value: entryId.encode(call?.id ?? 0) });
    expect(await said(h, { since: clicks, until: "Only the person" })).toEqual([
      "ephemeral to @Aino in #support: Only the person who logged this can do that.",
    ]);

    await h.action({ userId: "U2", actionId: ActionId.AddDetails, value: entryId.encode(call?.id ?? 0) });
    const opened = await h.fake.waitFor("views.open");
    const view = opened.args.view as { private_metadata: string };
    expect(await said(h, { since: clicks })).toEqual([
      "ephemeral to @Aino in #support: Only the person who logged this can do that.",
      'views.open for @Mikko: "Log a good call" — What did you do for the customer? | Why? What did the customer need? | Did a rule or process get in the way? | Tags | Value given | Currency | Follow up? | Promised the customer something by | Who can see this',
    ]);
    // NOTE: the transcript shows labels, not what an input holds, so the good call being edited is read from the form.
    expect(prefilled(view)).toMatchObject({ [Field.What]: "Fixed the invoice address by phone" });
    const forged = await h.submit({
      userId: "U3",
      callbackId: CallbackId.GoodCallModal,
      privateMetadata: view.private_metadata,
      values: {
        [Field.What]: { [Field.What]: { type: "plain_text_input", value: "Something else entirely" } },
      },
    });
    expect(forged.json?.response_action).toBe("errors");
    const edited = await h.submit({
      userId: "U2",
      callbackId: CallbackId.GoodCallModal,
      privateMetadata: view.private_metadata,
      values: {
        [Field.What]: {
          [Field.What]: { type: "plain_text_input", value: "Fixed the invoice address by phone" },
        },
        [Field.Why]: { [Field.Why]: { type: "plain_text_input", value: "The customer was moving abroad" } },
      },
    });
    expect(edited.json).toBeNull();
    expect((await h.services.entries.findGoodCall(call?.id ?? 0))?.why).toBe(
      "The customer was moving abroad",
    );
  });
});

describe("Finnish", () => {
  it("answers in Finnish for a Finnish team, and in the person's own Slack locale when known", async () => {
    const h = await setup();
    // Aino (U3) is new to GoodCall; Mikko (U2) has used it before and has no Slack locale.
    await makeTeam(h, { language: "fi", met: ["U2"] });
    const reply = await h.command(
      "/goodcall",
      "Annoin 10 € lahjakortin myöhästyneestä toimituksesta #häiriö",
      { user: "U2" },
    );
    expect(ackText(reply)).toContain("Kiitos, <@U2>!");
    const [call] = await h.services.entries.recentGoodCalls("U2", 1);
    expect(call?.tags).toEqual(["häiriö"]);

    h.fake.setUser({ id: "U3", locale: "en-US" });
    await h.command("/goodcall", "help", { user: "U3" });
    await h.idle();
    const reply2 = await h.command("/goodcall", "Soitin asiakkaalle takaisin illalla", { user: "U3" });
    expect(textOf(reply2.json)).toContain("Thanks, <@U3>!");
  });
});

describe("App Home for managers", () => {
  it("shows the team's week and lets a manager choose their DMs; open improvements are listed", async () => {
    const h = await setup({ now: MONDAY });
    await makeTeam(h);
    h.fake.names({ U1: "Anna", U2: "Mikko", C1: "support" });
    await h.command("/goodcall", "idea Print return labels in every parcel", { user: "U2" });
    await h.event({ type: "app_home_opened", user: "U1", channel: "D1", tab: "home" });
    const improvement = "💡 *Print return labels in every parcel* | *Proposed* | Owner: @Mikko";
    expect(await said(h)).toEqual([
      `#support  GoodCall: 💡 @Mikko proposed an improvement | ${improvement}`,
      [
        "views.publish for @Anna: (home) — GoodCall",
        "Small decisions for customers, made on your own authority, are worth celebrating.",
        "[Log a good call]",
        "[Share a story]",
        "*Your GoodCall numbers*",
        "*Since Fri 27 Nov 15:00:* 0 good calls · 0 stories · 0 appreciations received",
        "*All time:* 0 good calls · 0 stories · 0 appreciations received",
        "*Your recent good calls*",
        "Nothing yet. Your first good call is one click away.",
        "*You manage #support* / Your manager DMs",
        "This week: 0 good calls · 0 stories · 0 appreciations",
        "*Your recent stories*",
        "No stories yet. When a customer thanks you, share it as a story: the whole team learns from it.",
        "*Open improvements*",
        improvement,
      ].join(" | "),
    ]);
    // NOTE: the menus must carry the action ids the listeners are registered for, which only the wire shows.
    const home = JSON.stringify(h.fake.homeView("U1"));
    expect(home).toContain(ActionId.ManagerPreference);
    expect(home).toContain(ActionId.ImprovementStatus);

    const chooses = h.fake.mark();
    await h.select({
      userId: "U1",
      actionId: ActionId.ManagerPreference,
      selected: managerPreferenceChoice.encode({ teamId: "C1", preference: "instant" }),
      view: { type: "home" },
    });
    await h.idle();
    expect(await h.services.teams.managerPreference("C1", "U1")).toBe("instant");
    expect(await said(h, { since: chooses, brief: true })).toEqual(["views.publish for @Anna: (home)"]);

    await h.select({
      userId: "U9",
      actionId: ActionId.ManagerPreference,
      selected: managerPreferenceChoice.encode({ teamId: "C1", preference: "off" }),
      view: { type: "home" },
    });
    await h.idle();
    expect(await h.services.teams.managerPreference("C1", "U1")).toBe("instant");
    expect(await h.services.teams.managerPreference("C1", "U9")).toBeNull();
  });
});
