// Managers are told and thank people: instant DMs, Say thanks, roundups, weekly summaries.
import { WebClient } from "@slack/web-api";
import { describe, expect, it } from "vitest";
import { deliveryRepository } from "../../src/db/deliveries.ts";
import { dailySlotAtOrBefore, slotAfter } from "../../src/domain/period.ts";
import { ROUNDUP_MINUTE } from "../../src/jobs/dms.ts";
import { encodeKey, type JobDeps, LEASE_MS } from "../../src/jobs/outbox.ts";
import { ChannelPacer } from "../../src/jobs/pacer.ts";
import { runJobs } from "../../src/jobs/run.ts";
import { createServices } from "../../src/services.ts";
import { ActionId, CallbackId, Field } from "../../src/views/ids.ts";
import { makeTeam, textOf } from "../support/conversation.ts";
import type { SlackCall } from "../support/fakeSlack.ts";
import { appPerTest, BOT_TOKEN, type Harness } from "../support/harness.ts";

const startApp = appPerTest();

const HOUR = 3600_000;

async function setup(
  preferences: Record<string, "instant" | "daily" | "weekly" | "off"> = { U1: "instant" },
) {
  const harness = await startApp();
  const team = await makeTeam(harness, { feed: true });
  const managers = Object.keys(preferences);
  await harness.services.teams.updateSettings("C1", { ...team, managerIds: managers });
  for (const [userId, preference] of Object.entries(preferences)) {
    await harness.services.teams.setManagerPreference("C1", userId, preference);
  }
  const client = new WebClient(BOT_TOKEN, {
    slackApiUrl: harness.fake.url,
    retryConfig: { retries: 1, factor: 1, minTimeout: 10, maxTimeout: 20 },
  });
  /** The jobs as one app instance runs them; two owners are two instances sharing the database. */
  const deps = (owner: string): JobDeps => ({
    services: createServices({
      db: harness.db,
      logger: harness.services.logger,
      tzDefault: harness.services.tzDefault,
      now: harness.services.now,
      owner,
    }),
    client,
    pacer: new ChannelPacer(0),
  });
  /** DMs the app posted to a person (conversations.open gives "D" + user id). */
  const dmsTo = (userId: string) =>
    harness.fake
      .calls("chat.postMessage")
      .filter((c) => c.args.channel === `D${userId}` && c.status === 200 && !c.error);
  return { h: harness, deps, dmsTo };
}

function buttonValue(call: SlackCall | undefined, actionId: string): string {
  const found = JSON.stringify(call?.args.blocks).match(
    new RegExp(`"action_id":"${actionId}","value":"([^"]+)"`),
  );
  return found?.[1] ?? "";
}

describe("instant DMs and Say thanks", () => {
  it("DMs an instant manager about a new good call, never about their own", async () => {
    const { h, dmsTo } = await setup({ U1: "instant", U5: "weekly" });
    await h.command("/goodcall", "Gave a 40 EUR refund because the sofa came scratched", { user: "U2" });
    await h.idle();
    expect(dmsTo("U1")).toHaveLength(1);
    expect(textOf(dmsTo("U1")[0]?.args)).toContain("<@U2> made a good call");
    expect(JSON.stringify(dmsTo("U1")[0]?.args.blocks)).toContain(ActionId.SayThanks);
    expect(JSON.stringify(dmsTo("U1")[0]?.args.blocks)).not.toMatch(/approve|deny/i);
    expect(dmsTo("U5")).toHaveLength(0);

    await h.command("/goodcall", "Stayed late to fix a customer's order myself", { user: "U1" });
    await h.idle();
    expect(dmsTo("U1")).toHaveLength(1);
  });

  it("frames a good call above the usual limit as worth talking over", async () => {
    const { h, dmsTo } = await setup();
    const team = await h.services.teams.find("C1");
    if (!team) throw new Error("no team");
    await h.services.teams.updateSettings("C1", { ...team, usualLimit: { cents: 2000, currency: "EUR" } });
    await h.command("/goodcall", "Gave a 50 EUR voucher for a ruined holiday booking", { user: "U2" });
    await h.idle();
    expect(textOf(dmsTo("U1")[0]?.args)).toContain("worth talking over");
  });

  it("records Say thanks once, tells the author with the note, and marks the DM thanked", async () => {
    const { h, dmsTo } = await setup();
    await h.command("/goodcall", "Replaced a broken phone case on the spot", { user: "U2" });
    await h.idle();
    const dm = dmsTo("U1")[0];
    const key = buttonValue(dm, ActionId.SayThanks);
    expect(key).toMatch(/^gc:\d+$/);

    await h.action({
      userId: "U1",
      actionId: ActionId.SayThanks,
      value: key,
      channelId: "DU1",
      messageTs: String(dm?.args.ts ?? h.fake.messages("DU1")[0]?.ts),
    });
    const opened = await h.fake.waitFor("views.open");
    const view = opened.args.view as { private_metadata: string; callback_id: string };
    expect(view.callback_id).toBe(CallbackId.ThanksModal);
    const submit = () =>
      h.submit({
        userId: "U1",
        callbackId: CallbackId.ThanksModal,
        privateMetadata: view.private_metadata,
        values: {
          [Field.Note]: {
            [Field.Note]: { type: "plain_text_input", value: "That saved a customer, thank you!" },
          },
        },
      });
    const first = await submit();
    expect(first.json).toBeNull();
    await h.idle();
    const toAuthor = dmsTo("U2");
    expect(toAuthor).toHaveLength(1);
    expect(textOf(toAuthor[0]?.args)).toContain("<@U1> thanked you for your good call");
    expect(textOf(toAuthor[0]?.args)).toContain("That saved a customer");
    const updated = await h.fake.waitFor("chat.update", (c) => c.args.channel === "DU1");
    expect(JSON.stringify(updated.args.blocks)).toContain("Thanked ✓");
    expect(JSON.stringify(updated.args.blocks)).not.toContain(ActionId.SayThanks);

    const second = await submit();
    expect(second.json?.response_action).toBe("errors");
    const [call] = await h.services.entries.recentGoodCalls("U2", 1);
    expect(call?.appreciationCount).toBe(1);
    expect(dmsTo("U2")).toHaveLength(1);
  });

  it("thanks a person's latest good call from /goodcall thanks", async () => {
    const { h, dmsTo } = await setup({ U1: "weekly" });
    await h.command("/goodcall", "Walked a customer to the right shelf and found the size", { user: "U2" });
    const reply = await h.command("/goodcall", "thanks <@U2|maija> great save today", { user: "U3" });
    expect(textOf(reply.json)).toContain("Your thanks went to <@U2>");
    await h.idle();
    expect(textOf(dmsTo("U2")[0]?.args)).toContain("great save today");
    const again = await h.command("/goodcall", "thanks <@U2> again", { user: "U3" });
    expect(textOf(again.json)).toContain("already thanked");
  });

  it("asks the author's consent before a manager's story from their good call is shared", async () => {
    const { h, dmsTo } = await setup();
    await h.command("/goodcall", "Drove the forgotten birthday cake to the customer's party", { user: "U2" });
    await h.idle();
    const key = buttonValue(dmsTo("U1")[0], ActionId.ShareAsStory);
    await h.action({ userId: "U1", actionId: ActionId.ShareAsStory, value: key, channelId: "DU1" });
    const opened = await h.fake.waitFor("views.open");
    const view = opened.args.view as { private_metadata: string };
    const reply = await h.submit({
      userId: "U1",
      callbackId: CallbackId.StoryModal,
      privateMetadata: view.private_metadata,
      values: {
        [Field.Title]: { [Field.Title]: { type: "plain_text_input", value: "The birthday cake" } },
        [Field.Body]: {
          [Field.Body]: {
            type: "plain_text_input",
            value: "Maija drove the forgotten cake to the party herself.",
          },
        },
      },
    });
    expect(reply.json?.response_action).toBe("update");
    await h.idle();
    expect(await h.services.entries.recentStories("U2", 1)).toEqual([]);
    const ask = dmsTo("U2").find((c) => textOf(c.args).includes("would like to share"));
    expect(ask).toBeDefined();
    const storyId = buttonValue(ask, ActionId.StoryConsentYes);

    await h.action({ userId: "U9", actionId: ActionId.StoryConsentYes, value: storyId, channelId: "DU2" });
    await h.fake.waitFor("response_url", (c) => String(c.args.text).includes("Only the person"));
    await h.action({ userId: "U2", actionId: ActionId.StoryConsentYes, value: storyId, channelId: "DU2" });
    await h.idle();
    const [story] = await h.services.entries.recentStories("U2", 1);
    expect(story?.title).toBe("The birthday cake");
    const feed = h.fake
      .calls("chat.postMessage")
      .filter((c) => c.args.channel === "C1" && textOf(c.args).includes("success story"));
    expect(feed).toHaveLength(1);
  });
});

describe("daily roundups", () => {
  it("sends a roundup at 16:00 only when there is something, and only once", async () => {
    const { h, deps, dmsTo } = await setup({ U1: "daily" });
    const slot = dailySlotAtOrBefore("Europe/Helsinki", ROUNDUP_MINUTE, new Date(Date.now() + 48 * HOUR));
    const quietDay = new Date(slot.getTime() - 24 * HOUR + 60_000);
    await runJobs(deps("a"), quietDay);
    expect(dmsTo("U1")).toHaveLength(0);

    h.now.value = new Date(slot.getTime() - 3 * HOUR);
    await h.command("/goodcall", "Swapped a faulty kettle without a receipt", { user: "U2" });
    await h.idle();
    await runJobs(deps("a"), new Date(slot.getTime() + 60_000));
    await runJobs(deps("b"), new Date(slot.getTime() + 120_000));
    expect(dmsTo("U1")).toHaveLength(1);
    expect(textOf(dmsTo("U1")[0]?.args)).toContain("Swapped a faulty kettle");
  });
});

describe("weekly manager summaries", () => {
  async function logWeek(h: Harness) {
    const team = await h.services.teams.find("C1");
    if (!team) throw new Error("no team");
    const slot = slotAfter(
      { timeZone: team.timeZone, weekday: team.digestWeekday, minute: team.digestMinute },
      new Date(Date.now() + 60_000),
    );
    h.now.value = new Date(slot.getTime() - 30 * HOUR);
    await h.command("/goodcall", "Gave a 15 EUR voucher for a late parcel", { user: "U2" });
    await h.command("/goodcall", "Fixed a billing mistake on the phone", { user: "U3" });
    await h.idle();
    return slot;
  }

  it("sends one summary per manager with the digest, even when two runs race", async () => {
    const { h, deps, dmsTo } = await setup({ U1: "weekly", U5: "instant", U6: "off" });
    const slot = await logWeek(h);
    const [a, b] = await Promise.all([
      runJobs(deps("a"), new Date(slot.getTime() + 60_000)),
      runJobs(deps("b"), new Date(slot.getTime() + 60_000)),
    ]);
    expect([...a.digests, ...b.digests].filter((d) => d.result === "posted")).toHaveLength(1);
    const summaries = (userId: string) =>
      dmsTo(userId).filter((c) => textOf(c.args).includes("weekly GoodCall summary"));
    expect(summaries("U1")).toHaveLength(1);
    expect(summaries("U5")).toHaveLength(1);
    expect(summaries("U6")).toHaveLength(0);
    const text = textOf(summaries("U1")[0]?.args);
    expect(text).toContain("2 good calls");
    expect(text).toContain("Not thanked by anyone yet this week");
    expect(text).toContain("<@U2>");
    expect(text).toContain("0 of 2 good calls were appreciated or thanked");

    await runJobs(deps("c"), new Date(slot.getTime() + 5 * 60_000));
    expect(summaries("U1")).toHaveLength(1);
  });

  it("sends the summaries of a digest whose run crashed before claiming them", async () => {
    const { h, deps, dmsTo } = await setup({ U1: "weekly" });
    const slot = await logWeek(h);
    const at = new Date(slot.getTime() + 60_000);
    // The crashed run claimed the digest and died before it claimed (or sent) anything else.
    await deliveryRepository(h.db, "crashed").claim(
      {
        key: encodeKey({ kind: "digest", teamId: "C1", periodEnd: slot }),
        kind: "digest",
        teamId: "C1",
        periodStart: new Date(slot.getTime() - 7 * 24 * HOUR),
        periodEnd: slot,
      },
      at,
      LEASE_MS,
    );
    const summaries = () => dmsTo("U1").filter((c) => textOf(c.args).includes("weekly GoodCall summary"));
    await runJobs(deps("a"), new Date(at.getTime() + 60_000));
    expect(summaries()).toHaveLength(0);

    const resumed = await runJobs(deps("a"), new Date(at.getTime() + LEASE_MS + 60_000));
    expect(resumed.digests.map((d) => d.result)).toEqual(["posted"]);
    expect(summaries()).toHaveLength(1);
    expect(textOf(summaries()[0]?.args)).toContain("2 good calls");
    await runJobs(deps("b"), new Date(at.getTime() + 2 * LEASE_MS));
    expect(summaries()).toHaveLength(1);
  });

  it("retries a failed summary on a later run with the same week in it", async () => {
    const { h, deps, dmsTo } = await setup({ U1: "weekly" });
    const slot = await logWeek(h);
    // An answer that another try would only repeat, so the attempt ends at once and a later run retries.
    h.fake.failNext("conversations.open", { error: "restricted_action" });
    const first = await runJobs(deps("a"), new Date(slot.getTime() + 60_000));
    expect(first.managerDms.map((d) => d.result)).toEqual(["retry-later"]);
    const retried = await runJobs(deps("b"), new Date(slot.getTime() + 3 * 60_000));
    expect(retried.managerDms.map((d) => d.result)).toEqual(["posted"]);
    const text = textOf(dmsTo("U1").at(-1)?.args);
    expect(text).toContain("weekly GoodCall summary");
    expect(text).toContain("2 good calls");
  });

  it("skips a manager who left the workspace and tells the other managers next time", async () => {
    const { h, deps, dmsTo } = await setup({ U1: "weekly", U5: "weekly" });
    const slot = await logWeek(h);
    // U1's DM, whichever of the two summaries opens its DM first.
    h.fake.failNext("conversations.open", { error: "user_not_found" }, 1, (args) => args.users === "U1");
    const first = await runJobs(deps("a"), new Date(slot.getTime() + 60_000));
    expect(first.managerDms.map((d) => [d.recipientId, d.result]).sort()).toEqual([
      ["U1", "recipient-gone"],
      ["U5", "posted"],
    ]);
    expect(h.logs.join("")).toContain("manager unreachable");
    expect((await h.services.teams.managersOf("C1")).find((m) => m.userId === "U1")?.unreachable).toBe(true);

    const nextWeek = new Date(slot.getTime() + 7 * 24 * HOUR + 60_000);
    await runJobs(deps("a"), nextWeek);
    const latest = dmsTo("U5").at(-1);
    expect(textOf(latest?.args)).toContain("Could not reach <@U1>");
    expect(dmsTo("U1")).toHaveLength(0);
  });
});
