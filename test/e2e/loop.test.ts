// The continuous-improvement loop end to end: follow-ups, promises, patterns, improvements.
import { WebClient } from "@slack/web-api";
import { describe, expect, it } from "vitest";
import { slotAfter } from "../../src/domain/period.ts";
import type { JobDeps } from "../../src/jobs/outbox.ts";
import { ChannelPacer } from "../../src/jobs/pacer.ts";
import { runJobs } from "../../src/jobs/run.ts";
import { ActionId, CallbackId, Field } from "../../src/views/ids.ts";
import { makeTeam, textOf } from "../support/conversation.ts";
import type { SlackCall } from "../support/fakeSlack.ts";
import { appPerTest, BOT_TOKEN } from "../support/harness.ts";

const startApp = appPerTest();

const HOUR = 3600_000;
const DAY = 24 * HOUR;

async function setup() {
  const harness = await startApp();
  await makeTeam(harness);
  await harness.services.teams.setManagerPreference("C1", "U1", "off");
  const client = new WebClient(BOT_TOKEN, { slackApiUrl: harness.fake.url, retryConfig: { retries: 0 } });
  const deps: JobDeps = { services: harness.services, client, pacer: new ChannelPacer(0) };
  const dmsTo = (userId: string) =>
    harness.fake
      .calls("chat.postMessage")
      .filter((c) => c.args.channel === `D${userId}` && c.status === 200 && !c.error);
  return { h: harness, deps, dmsTo };
}

function buttonValue(call: SlackCall | undefined, actionId: string, nth = 0): string {
  const all = [
    ...JSON.stringify(call?.args.blocks).matchAll(
      new RegExp(`"action_id":"${actionId}(?::[^"]*)?","value":"([^"]+)"`, "g"),
    ),
  ];
  return all[nth]?.[1] ?? "";
}

describe("follow-ups", () => {
  it("asks 'did it help?' once after the team's follow-up days and records one answer", async () => {
    const { h, deps, dmsTo } = await setup();
    const start = new Date("2026-12-01T09:00:00Z");
    h.now.value = start;
    await h.command("/goodcall", "", { user: "U2" });
    const opened = await h.fake.waitFor("views.open");
    await h.submit({
      userId: "U2",
      callbackId: CallbackId.GoodCallModal,
      privateMetadata: (opened.args.view as { private_metadata: string }).private_metadata,
      values: {
        [Field.What]: {
          [Field.What]: {
            type: "plain_text_input",
            value: "Offered a free repair for an old coffee machine",
          },
        },
        [Field.FollowUp]: { [Field.FollowUp]: { type: "checkboxes", selected_options: [{ value: "yes" }] } },
      },
    });
    await h.idle();
    await runJobs(deps, new Date(start.getTime() + 6 * DAY));
    expect(dmsTo("U2")).toHaveLength(0);
    await runJobs(deps, new Date(start.getTime() + 7 * DAY + 60_000));
    await runJobs(deps, new Date(start.getTime() + 7 * DAY + 120_000));
    expect(dmsTo("U2")).toHaveLength(1);
    const ask = dmsTo("U2")[0];
    expect(textOf(ask?.args)).toContain("Did it help?");

    const helped = buttonValue(ask, ActionId.Outcome, 0);
    await h.action({
      userId: "U2",
      actionId: ActionId.Outcome,
      value: helped,
      channelId: "DU2",
      messageTs: String(ask?.at),
    });
    const note = await h.fake.waitFor(
      "views.open",
      (c) => (c.args.view as { callback_id?: string }).callback_id === CallbackId.OutcomeNoteModal,
    );
    await h.submit({
      userId: "U2",
      callbackId: CallbackId.OutcomeNoteModal,
      privateMetadata: (note.args.view as { private_metadata: string }).private_metadata,
      values: {
        [Field.Note]: {
          [Field.Note]: { type: "plain_text_input", value: "She bought a new grinder from us" },
        },
      },
    });
    const [call] = await h.services.entries.recentGoodCalls("U2", 1);
    expect(call?.outcome).toBe("helped");
    expect(call?.outcomeNote).toBe("She bought a new grinder from us");

    const backfired = buttonValue(ask, ActionId.Outcome, 2);
    await h.action({ userId: "U2", actionId: ActionId.Outcome, value: backfired, channelId: "DU2" });
    await h.fake.waitFor("response_url", (c) => String(c.args.text).includes("already recorded"));
    expect((await h.services.entries.recentGoodCalls("U2", 1))[0]?.outcome).toBe("helped");
  });
});

describe("promises", () => {
  it("reminds on the due date, can snooze a day, and records the promise as kept", async () => {
    const { h, deps, dmsTo } = await setup();
    // Monday 1 December 2026, morning in Helsinki.
    h.now.value = new Date("2026-11-30T08:00:00Z");
    const reply = await h.command("/goodcall", "Promised to call her back by Friday about the refund", {
      user: "U2",
    });
    expect(textOf(reply.json)).toContain("Promise noted for Fri 4 Dec: I'll remind you that morning.");
    const [call] = await h.services.entries.recentGoodCalls("U2", 1);
    expect(call?.promiseDue).toBe("2026-12-04");

    await runJobs(deps, new Date("2026-12-03T08:00:00Z"));
    expect(dmsTo("U2")).toHaveLength(0);
    await runJobs(deps, new Date("2026-12-04T07:05:00Z"));
    expect(dmsTo("U2")).toHaveLength(1);
    const first = dmsTo("U2")[0];
    expect(textOf(first?.args)).toContain("Did you keep it?");

    h.now.value = new Date("2026-12-04T07:10:00Z");
    await h.action({
      userId: "U2",
      actionId: ActionId.Promise,
      value: buttonValue(first, ActionId.Promise, 1),
      channelId: "DU2",
    });
    await h.fake.waitFor("response_url", (c) => String(c.args.text).includes("remind you tomorrow"));
    await runJobs(deps, new Date("2026-12-04T09:00:00Z"));
    expect(dmsTo("U2")).toHaveLength(1);
    await runJobs(deps, new Date("2026-12-05T07:15:00Z"));
    expect(dmsTo("U2")).toHaveLength(2);

    await h.action({
      userId: "U2",
      actionId: ActionId.Promise,
      value: buttonValue(dmsTo("U2")[1], ActionId.Promise, 0),
      channelId: "DU2",
    });
    await h.fake.waitFor("response_url", (c) => String(c.args.text).includes("Marked as kept"));
    expect((await h.services.entries.recentGoodCalls("U2", 1))[0]?.promiseStatus).toBe("kept");
  });
});

describe("patterns and improvements", () => {
  it("turns a pattern in the digest into an improvement, and reports it done with the people thanked", async () => {
    const { h, deps } = await setup();
    const slot = slotAfter(
      { timeZone: "Europe/Helsinki", weekday: 5, minute: 900 },
      new Date(Date.now() + 60_000),
    );
    h.now.value = new Date(slot.getTime() - 2 * DAY);
    await h.command("/goodcall", "Gave a 10€ voucher for a late parcel #late-delivery", { user: "U2" });
    await h.command("/goodcall", "Refunded shipping, the courier was late again #late-delivery", {
      user: "U3",
    });
    await h.command("/goodcall", "Free re-delivery on Saturday #late-delivery", { user: "U2" });
    await h.idle();

    await runJobs(deps, new Date(slot.getTime() + 60_000));
    const digest = h.fake
      .calls("chat.postMessage")
      .find((c) => c.args.channel === "C1" && JSON.stringify(c.args.blocks).includes(ActionId.ProposeFix));
    expect(digest).toBeDefined();
    const digestTs = h.fake.messages("C1").at(-1)?.ts ?? "";
    await h.action({
      userId: "U3",
      actionId: ActionId.ProposeFix,
      value: buttonValue(digest, ActionId.ProposeFix),
      channelId: "C1",
      messageTs: digestTs,
    });
    const opened = await h.fake.waitFor(
      "views.open",
      (c) => (c.args.view as { callback_id?: string }).callback_id === CallbackId.ProposeFixModal,
    );
    const submitted = await h.submit({
      userId: "U3",
      callbackId: CallbackId.ProposeFixModal,
      privateMetadata: (opened.args.view as { private_metadata: string }).private_metadata,
      values: {
        [Field.Title]: {
          [Field.Title]: { type: "plain_text_input", value: "Free re-delivery becomes standard" },
        },
        [Field.Description]: {
          [Field.Description]: { type: "plain_text_input", value: "Stop the vouchers" },
        },
      },
    });
    expect(submitted.json).toBeNull();
    await h.idle();
    const [improvement] = await h.services.loop.openImprovements("C1");
    expect(improvement).toMatchObject({
      title: "Free re-delivery becomes standard",
      patternKey: "tag:late-delivery",
      ownerId: "U3",
    });
    expect(await h.services.loop.linkedGoodCalls(improvement?.id ?? 0)).toHaveLength(3);
    const announced = await h.fake.waitFor("chat.postMessage", (c) =>
      textOf(c.args).includes("proposed an improvement"),
    );
    expect(announced.args.channel).toBe("C1");

    h.now.value = new Date(slot.getTime() + DAY);
    await h.select({
      userId: "U9",
      actionId: ActionId.ImprovementStatus,
      selected: `${improvement?.id}:done`,
      channelId: "C1",
    });
    await h.fake.waitFor("response_url", (c) => String(c.args.text).includes("Only the improvement's owner"));
    await h.select({
      userId: "U3",
      actionId: ActionId.ImprovementStatus,
      selected: `${improvement?.id}:done`,
      channelId: "C1",
    });
    await h.fake.waitFor("response_url", (c) => String(c.args.text).includes("is now: Done"));
    await h.idle();

    await runJobs(deps, new Date(slot.getTime() + 7 * DAY + 60_000));
    const next = h.fake
      .calls("chat.postMessage")
      .filter((c) => c.args.channel === "C1" && textOf(c.args).includes("Good calls this week"))
      .at(-1);
    const text = textOf(next?.args);
    expect(text).toContain("Free re-delivery becomes standard");
    expect(text).toContain("<@U2>");
    expect(text).toContain("<@U3>");
  });

  it("saves /goodcall idea as an improvement and refuses a decline without a reason", async () => {
    const { h } = await setup();
    const reply = await h.command("/goodcall", "idea Print return labels in the parcel", { user: "U2" });
    expect(textOf(reply.json)).toContain("Print return labels in the parcel");
    const [improvement] = await h.services.loop.openImprovements("C1");
    expect(improvement?.proposerId).toBe("U2");
    await h.select({
      userId: "U1",
      actionId: ActionId.ImprovementStatus,
      selected: `${improvement?.id}:declined`,
      channelId: "C1",
    });
    const modal = await h.fake.waitFor(
      "views.open",
      (c) => (c.args.view as { callback_id?: string }).callback_id === CallbackId.DeclineModal,
    );
    const refused = await h.submit({
      userId: "U1",
      callbackId: CallbackId.DeclineModal,
      privateMetadata: (modal.args.view as { private_metadata: string }).private_metadata,
      values: { [Field.Reason]: { [Field.Reason]: { type: "plain_text_input", value: "" } } },
    });
    expect(refused.json?.response_action).toBe("errors");
    const declined = await h.submit({
      userId: "U1",
      callbackId: CallbackId.DeclineModal,
      privateMetadata: (modal.args.view as { private_metadata: string }).private_metadata,
      values: {
        [Field.Reason]: {
          [Field.Reason]: { type: "plain_text_input", value: "The carrier prints them already" },
        },
      },
    });
    expect(declined.json).toBeNull();
    expect((await h.services.loop.findImprovement(improvement?.id ?? 0))?.status).toBe("declined");
  });
});
