// App Home, stats, the global shortcut, editing through "Add details", and Finnish.
import { describe, expect, it } from "vitest";
import { ActionId, CallbackId, Field } from "../../src/views/ids.ts";
import { managerPreferenceChoice } from "../../src/views/values.ts";
import { ackText, makeTeam, textOf } from "../support/conversation.ts";
import { appPerTest } from "../support/harness.ts";

const setup = appPerTest();

describe("App Home and stats", () => {
  it("shows the person's recent good calls, stats and the buttons", async () => {
    const h = await setup();
    await makeTeam(h);
    await h.command("/goodcall", "Upgraded the room for a couple on their honeymoon 30 EUR", { user: "U2" });
    await h.event({ type: "app_home_opened", user: "U2", channel: "D2", tab: "home" });
    await h.idle();
    const published = await h.fake.waitFor("views.publish");
    const home = JSON.stringify(published.args.view);
    expect(home).toContain("Upgraded the room");
    expect(home).toContain("1 good call");
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
    await h.globalShortcut({ userId: "U1", callbackId: CallbackId.LogGoodCallShortcut });
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
    await h.command("/goodcall", "Fixed the invoice address by phone", { user: "U2" });
    const [call] = await h.services.entries.recentGoodCalls("U2", 1);

    await h.action({ userId: "U3", actionId: ActionId.AddDetails, value: String(call?.id) });
    await h.fake.waitFor("response_url", (c) => String(c.args.text).includes("Only the person"));
    expect(h.fake.calls("views.open")).toHaveLength(0);

    await h.action({ userId: "U2", actionId: ActionId.AddDetails, value: String(call?.id) });
    const opened = await h.fake.waitFor("views.open");
    const view = opened.args.view as { private_metadata: string };
    expect(JSON.stringify(opened.args.view)).toContain("Fixed the invoice address by phone");
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
    await makeTeam(h, { language: "fi" });
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
    const h = await setup();
    await makeTeam(h);
    await h.command("/goodcall", "idea Print return labels in every parcel", { user: "U2" });
    await h.event({ type: "app_home_opened", user: "U1", channel: "D1", tab: "home" });
    await h.idle();
    const home = JSON.stringify(h.fake.homeView("U1"));
    expect(home).toContain("You manage");
    expect(home).toContain(ActionId.ManagerPreference);
    expect(home).toContain("Print return labels in every parcel");
    expect(home).toContain(ActionId.ImprovementStatus);

    await h.select({
      userId: "U1",
      actionId: ActionId.ManagerPreference,
      selected: managerPreferenceChoice.encode({ teamId: "C1", preference: "instant" }),
      view: { type: "home" },
    });
    await h.idle();
    expect(await h.services.teams.managerPreference("C1", "U1")).toBe("instant");
    expect(h.fake.calls("views.publish").length).toBeGreaterThanOrEqual(2);

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
