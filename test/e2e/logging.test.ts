// Logging good calls end to end: setup, the inline quick log, undo, the form, the feed.
import { describe, expect, it } from "vitest";
import { ActionId, CallbackId, Field } from "../../src/views/ids.ts";
import { entryId } from "../../src/views/values.ts";
import { ackText, buttonIn, makeTeam, said } from "../support/conversation.ts";
import { appPerTest } from "../support/harness.ts";

const setup = appPerTest();

describe("team setup", () => {
  it("makes the channel a team with the caller as first manager", async () => {
    const h = await setup();
    const reply = await h.command("/goodcall", "setup", {
      user: "U1",
      channel: "C1",
      channelName: "support",
    });
    // Anna is new to GoodCall: answered in the ack, in the team's language, while Slack is asked hers.
    expect(ackText(reply)).toContain("is now a GoodCall team");
    const team = await h.services.teams.find("C1");
    expect(team?.managerIds).toEqual(["U1"]);
    expect(team?.timeZone).toBe("Europe/Helsinki");
  });

  it("opens the settings for a manager and refuses others kindly", async () => {
    const h = await setup();
    await makeTeam(h);
    h.fake.names({ U1: "Anna", U2: "Mikko", C1: "support" });
    await h.command("/goodcall", "setup", { user: "U1", channel: "C1" });
    // NOTE: the callback id is what the form's submission is routed by, which only the wire shows.
    const opened = await h.fake.waitFor("views.open");
    expect((opened.args.view as { callback_id: string }).callback_id).toBe(CallbackId.SettingsModal);

    await h.command("/goodcall", "setup", { user: "U2", channel: "C1" });
    expect(await said(h, { brief: true, until: "Only this team's managers" })).toEqual([
      'views.open for @Anna: "Team settings"',
      "ephemeral to @Mikko in #support: Only this team's managers can do that. Ask @Anna.",
    ]);
  });
});

describe("quick log", () => {
  it("saves the good call with amount and tags and confirms in the ack", async () => {
    const h = await setup();
    await makeTeam(h);
    const reply = await h.command(
      "/goodcall",
      "Gave a 10€ voucher because the parcel was 3 days late #late-delivery",
      {
        user: "U2",
      },
    );
    expect(reply.status).toBe(200);
    expect(ackText(reply)).toContain("Thanks, <@U2>!");
    const [call] = await h.services.entries.recentGoodCalls("U2", 5);
    expect(call?.value).toEqual({ cents: 1000, currency: "EUR" });
    expect(call?.tags).toEqual(["late-delivery"]);
    expect(call?.teamId).toBe("C1");
    // NOTE: the ack is the reply itself, not a call the transcript records, and the point is that its buttons carry
    // the action ids the listeners are registered for.
    const buttons = JSON.stringify(reply.json?.blocks);
    expect(buttons).toContain(ActionId.AddDetails);
    expect(buttons).toContain(ActionId.Undo);
  });

  it("saves quick logs sent at once each once, and confirms each with its own good call's buttons", async () => {
    // However they fall into turns of the event loop, and so into commits (src/db/groupCommit.ts).
    const h = await setup();
    await makeTeam(h);
    const people = ["U2", "U3", "U4", "U5", "U6", "U7"];
    const replies = await Promise.all(
      people.map((user) =>
        h.command("/goodcall", `Refunded the late parcel of ${user}'s customer`, { user }),
      ),
    );
    const ids = new Set<number>();
    for (const [i, reply] of replies.entries()) {
      const user = people[i] as string;
      expect(reply.status).toBe(200);
      expect(ackText(reply)).toContain(`Thanks, <@${user}>!`);
      const id = entryId.decode(buttonIn(reply.json?.blocks, ActionId.Undo)?.value);
      expect(id).not.toBeNull();
      ids.add(id as number);
      const call = await h.services.entries.findGoodCall(id as number);
      expect(call).toMatchObject({ authorId: user, what: `Refunded the late parcel of ${user}'s customer` });
      expect(await h.services.entries.recentGoodCalls(user, 5)).toHaveLength(1);
    }
    expect(ids.size).toBe(people.length);
  });

  it("refuses a too long good call, naming the limit, and saves nothing", async () => {
    const h = await setup();
    await makeTeam(h);
    const long = await h.command("/goodcall", `stayed late ${"x".repeat(1000)}`);
    expect(ackText(long)).toContain("at most 1000");
    const huge = await h.command("/goodcall", "Gave a 2000000 EUR voucher for the trouble");
    expect(ackText(huge)).toContain("between 0 and 1,000,000");
    expect(await h.services.entries.recentGoodCalls("U1", 5)).toEqual([]);
  });

  it("tells someone without a team how to get one", async () => {
    const h = await setup();
    const reply = await h.command("/goodcall", "Refunded the shipping for a late parcel", { channel: "C9" });
    expect(ackText(reply)).toContain("GoodCall is not set up");
    expect(ackText(reply)).toContain("/goodcall setup");
  });

  it("lets only the author undo", async () => {
    const h = await setup();
    await makeTeam(h);
    h.fake.names({ U2: "Mikko", U3: "Aino", C1: "support" });
    await h.command("/goodcall", "Swapped a broken kettle on the spot", { user: "U2" });
    const [call] = await h.services.entries.recentGoodCalls("U2", 1);
    expect(call).toBeDefined();

    await h.action({ userId: "U3", actionId: ActionId.Undo, value: entryId.encode(call?.id ?? 0) });
    expect(await said(h, { until: "Only the person" })).toEqual([
      "ephemeral to @Aino in #support: Only the person who logged this can do that.",
    ]);
    // NOTE: Slack's default for a response_url is not what we rely on: the refusal says replace_original: false
    // outright, so Mikko's confirmation stays in place.
    const refused = await h.fake.waitFor("response_url", (c) =>
      String(c.args.text).includes("Only the person"),
    );
    expect(refused.args.replace_original).toBe(false);
    expect(await h.services.entries.findGoodCall(call?.id ?? 0)).not.toBeNull();

    await h.action({ userId: "U2", actionId: ActionId.Undo, value: entryId.encode(call?.id ?? 0) });
    expect(await said(h, { until: "Undone" })).toEqual([
      "ephemeral to @Aino in #support: Only the person who logged this can do that.",
      "replaced the original in #support: Undone: that good call is removed.",
    ]);
    expect(await h.services.entries.findGoodCall(call?.id ?? 0)).toBeNull();
  });

  it("answers help for an unknown subcommand, naming it", async () => {
    const h = await setup();
    const answer = ackText(await h.command("/goodcall", "statz"));
    expect(answer).toContain("“statz”");
    expect(answer).toContain("/goodcall stats");
  });
});

describe("the good-call form", () => {
  it("opens from /goodcall with no text and shows field errors", async () => {
    const h = await setup();
    await makeTeam(h);
    h.fake.names({ U2: "Mikko" });
    await h.command("/goodcall", "", { user: "U2" });
    expect(await said(h, { brief: true })).toEqual(['views.open for @Mikko: "Log a good call"']);
    // NOTE: the callback id is what the form's submission is routed by, which only the wire shows.
    const opened = await h.fake.waitFor("views.open");
    const view = opened.args.view as { private_metadata: string; callback_id: string };
    expect(view.callback_id).toBe(CallbackId.GoodCallModal);

    const bad = await h.submit({
      userId: "U2",
      callbackId: CallbackId.GoodCallModal,
      privateMetadata: view.private_metadata,
      values: {
        [Field.What]: { [Field.What]: { type: "plain_text_input", value: "ok" } },
        [Field.Amount]: { [Field.Amount]: { type: "plain_text_input", value: "ten" } },
        [Field.Currency]: { [Field.Currency]: { type: "static_select", selected_option: { value: "EUR" } } },
      },
    });
    expect(bad.json?.response_action).toBe("errors");
    const errors = bad.json?.errors as Record<string, string>;
    expect(errors[Field.What]).toContain("at least 3");
    expect(errors[Field.Amount]).toContain("as a number");
    expect(await h.services.entries.recentGoodCalls("U2", 5)).toEqual([]);

    const good = await h.submit({
      userId: "U2",
      callbackId: CallbackId.GoodCallModal,
      privateMetadata: view.private_metadata,
      values: {
        [Field.What]: { [Field.What]: { type: "plain_text_input", value: "Refunded the delivery fee" } },
        [Field.Why]: { [Field.Why]: { type: "plain_text_input", value: "The courier was two days late" } },
        [Field.Tags]: { [Field.Tags]: { type: "plain_text_input", value: "late-delivery, refund" } },
        [Field.Amount]: { [Field.Amount]: { type: "plain_text_input", value: "12,50" } },
        [Field.Currency]: { [Field.Currency]: { type: "static_select", selected_option: { value: "EUR" } } },
        [Field.FollowUp]: { [Field.FollowUp]: { type: "checkboxes", selected_options: [{ value: "yes" }] } },
      },
    });
    expect(good.status).toBe(200);
    expect(good.json).toBeNull();
    const [call] = await h.services.entries.recentGoodCalls("U2", 1);
    expect(call).toMatchObject({
      what: "Refunded the delivery fee",
      why: "The courier was two days late",
      tags: ["late-delivery", "refund"],
      value: { cents: 1250, currency: "EUR" },
      followUp: true,
      source: "modal",
    });
  });
});

describe("when something fails on our side", () => {
  it("tells the person plainly, without a stack trace, and logs it once with context", async () => {
    const h = await setup();
    await makeTeam(h);
    h.fake.names({ U2: "Mikko", C1: "support" });
    h.fake.failNext("views.open", { error: "internal_error" });
    const reply = await h.command("/goodcall", "", { user: "U2" });
    expect(reply.status).toBe(200);
    // The whole line, so nothing else (a stack trace, an error code) reached Mikko.
    expect(await said(h, { brief: true, until: "something went wrong" })).toEqual([
      'views.open for @Mikko (failed: internal_error): "Log a good call"',
      "ephemeral to @Mikko in #support: Sorry, something went wrong on our side and nothing was changed. Please try again in a moment.",
    ]);
    const failures = h.logs.filter((line) => line.includes("listener failed"));
    expect(failures).toHaveLength(1);
    expect(failures[0]).toContain('"userId":"U2"');
  });
});
