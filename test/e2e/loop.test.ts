// The continuous-improvement loop end to end: follow-ups, promises, patterns, improvements.
import { WebClient } from "@slack/web-api";
import { describe, expect, it } from "vitest";
import { slotAfter } from "../../src/domain/period.ts";
import type { JobDeps } from "../../src/jobs/outbox.ts";
import { ChannelPacer } from "../../src/jobs/pacer.ts";
import { runJobs } from "../../src/jobs/run.ts";
import { ActionId, actionVariant, CallbackId, Field } from "../../src/views/ids.ts";
import {
  improvementStatusChoice,
  outcomeAnswer,
  promiseAnswer,
  proposeFixValue,
} from "../../src/views/values.ts";
import { buttonIn, logThroughForm, makeTeam, said, textOf } from "../support/conversation.ts";
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
  harness.fake.names({ U1: "Anna", U2: "Mikko", U3: "Aino", U9: "Pekka", C1: "support" });
  /** What Mikko has been told in his DMs so far, as he read it. */
  const dmsToMikko = async () => (await said(harness)).filter((line) => line.startsWith("DM @Mikko "));
  /** The DM message as it stands in Slack, to click its buttons. */
  const lastDmToMikko = () => harness.fake.messages("DU2").at(-1);
  return { h: harness, deps, dmsToMikko, lastDmToMikko };
}

describe("follow-ups", () => {
  it("asks 'did it help?' once after the team's follow-up days and records one answer", async () => {
    const { h, deps, dmsToMikko, lastDmToMikko } = await setup();
    const start = new Date("2026-12-01T09:00:00Z");
    h.now.value = start;
    await logThroughForm(h, "U2", "Offered a free repair for an old coffee machine", { followUp: true });
    await h.idle();
    await runJobs(deps, new Date(start.getTime() + 6 * DAY));
    expect(await dmsToMikko()).toEqual([]);
    await runJobs(deps, new Date(start.getTime() + 7 * DAY + 60_000));
    await runJobs(deps, new Date(start.getTime() + 7 * DAY + 120_000));
    expect(await dmsToMikko()).toEqual([
      "DM @Mikko  GoodCall: On Tue 1 Dec you made this good call. Did it help? / > Offered a free repair for an old coffee machine | [It helped] | [No change] | [It backfired]",
    ]);

    const [call] = await h.services.entries.recentGoodCalls("U2", 1);
    const ask = lastDmToMikko();
    // NOTE: a click sends back the button's action id and value, which the transcript shows only as [It helped];
    // the codec says the value names this good call and this answer.
    const helped = buttonIn(ask?.blocks, actionVariant(ActionId.Outcome, "helped"));
    expect(outcomeAnswer.decode(helped?.value)).toEqual({ goodCallId: call?.id, outcome: "helped" });
    const clicked = h.fake.mark();
    await h.action({
      userId: "U2",
      actionId: helped?.actionId ?? "",
      value: helped?.value,
      channelId: "DU2",
      messageTs: ask?.ts,
    });
    expect(await said(h, { since: clicked, brief: true, until: "Recorded" })).toEqual([
      'views.open for @Mikko: "How did it go?"',
      "replaced the original in DM @Mikko: Thanks! Recorded: It helped.",
    ]);
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
    expect(await h.services.entries.findGoodCall(call?.id ?? 0)).toMatchObject({
      outcome: "helped",
      outcomeNote: "She bought a new grinder from us",
    });

    const answered = h.fake.mark();
    const backfired = buttonIn(ask?.blocks, actionVariant(ActionId.Outcome, "backfired"));
    expect(outcomeAnswer.decode(backfired?.value)).toEqual({ goodCallId: call?.id, outcome: "backfired" });
    await h.action({
      userId: "U2",
      actionId: backfired?.actionId ?? "",
      value: backfired?.value,
      channelId: "DU2",
    });
    expect(await said(h, { since: answered, until: "already recorded" })).toEqual([
      "ephemeral to @Mikko in DM @Mikko: Your answer for this one is already recorded.",
    ]);
    expect((await h.services.entries.findGoodCall(call?.id ?? 0))?.outcome).toBe("helped");
  });
});

describe("promises", () => {
  it("reminds on the due date, can snooze a day, and records the promise as kept", async () => {
    const { h, deps, dmsToMikko, lastDmToMikko } = await setup();
    // Monday 1 December 2026, morning in Helsinki.
    h.now.value = new Date("2026-11-30T08:00:00Z");
    const reply = await h.command("/goodcall", "Promised to call her back by Friday about the refund", {
      user: "U2",
    });
    expect(textOf(reply.json)).toContain("Promise noted for Fri 4 Dec: I'll remind you that morning.");
    const [call] = await h.services.entries.recentGoodCalls("U2", 1);
    expect(call?.promiseDue).toBe("2026-12-04");

    await runJobs(deps, new Date("2026-12-03T08:00:00Z"));
    expect(await dmsToMikko()).toEqual([]);
    await runJobs(deps, new Date("2026-12-04T07:05:00Z"));
    const reminder =
      "DM @Mikko  GoodCall: You promised the customer something by Fri 4 Dec. Did you keep it? / > Promised to call her back by Friday about the refund | [Kept] | [Not yet: remind me tomorrow] | [Could not keep it]";
    expect(await dmsToMikko()).toEqual([reminder]);

    h.now.value = new Date("2026-12-04T07:10:00Z");
    const snoozed = h.fake.mark();
    const later = buttonIn(lastDmToMikko()?.blocks, actionVariant(ActionId.Promise, "later"));
    expect(promiseAnswer.decode(later?.value)).toEqual({ goodCallId: call?.id, answer: "later" });
    await h.action({ userId: "U2", actionId: later?.actionId ?? "", value: later?.value, channelId: "DU2" });
    expect(await said(h, { since: snoozed, until: "remind you tomorrow" })).toEqual([
      "replaced the original in DM @Mikko: OK, I will remind you tomorrow.",
    ]);
    await runJobs(deps, new Date("2026-12-04T09:00:00Z"));
    expect(await dmsToMikko()).toEqual([reminder]);
    await runJobs(deps, new Date("2026-12-05T07:15:00Z"));
    expect(await dmsToMikko()).toEqual([reminder, reminder]);

    const kept = buttonIn(lastDmToMikko()?.blocks, actionVariant(ActionId.Promise, "kept"));
    expect(promiseAnswer.decode(kept?.value)).toEqual({ goodCallId: call?.id, answer: "kept" });
    const answered = h.fake.mark();
    await h.action({ userId: "U2", actionId: kept?.actionId ?? "", value: kept?.value, channelId: "DU2" });
    expect(await said(h, { since: answered, until: "Marked as kept" })).toEqual([
      "replaced the original in DM @Mikko: Well done! Marked as kept.",
    ]);
    expect((await h.services.entries.findGoodCall(call?.id ?? 0))?.promiseStatus).toBe("kept");
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

    const digested = h.fake.mark();
    await runJobs(deps, new Date(slot.getTime() + 60_000));
    // The digest's dates follow the clock, so its line is read by its start and its theme.
    const [digestLine, ...afterDigest] = await said(h, { since: digested });
    expect(afterDigest).toEqual([]);
    expect(digestLine).toMatch(/^#support {2}GoodCall: Good calls this week · /);
    expect(digestLine).toContain(
      "*Recurring themes* | *#late-delivery* / 3 good calls by 2 people · 10 EUR | [Propose a fix]",
    );
    const digest = h.fake.messages("C1").at(-1);
    const proposeFix = buttonIn(digest?.blocks, ActionId.ProposeFix);
    expect(proposeFixValue.decode(proposeFix?.value)).toEqual({
      patternKey: "tag:late-delivery",
      teamId: null,
    });
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
    expect(await said(h, { since: digested, brief: true })).toEqual([
      expect.stringMatching(/^#support {2}GoodCall: Good calls this week · .*: 3 good calls, 0 stories$/),
      'views.open for @Aino: "Propose a fix"',
      "#support  GoodCall: 💡 @Aino proposed an improvement: *Free re-delivery becomes standard*",
    ]);

    h.now.value = new Date(slot.getTime() + DAY);
    const done = improvementStatusChoice.encode({ improvementId: improvement?.id ?? 0, status: "done" });
    const statuses = h.fake.mark();
    await h.select({ userId: "U9", actionId: ActionId.ImprovementStatus, selected: done, channelId: "C1" });
    await said(h, { since: statuses, until: "Only the improvement's owner" });
    await h.select({ userId: "U3", actionId: ActionId.ImprovementStatus, selected: done, channelId: "C1" });
    const afterStatus = await said(h, { since: statuses, until: "is now: Done" });
    expect(afterStatus.filter((line) => line.startsWith("ephemeral"))).toEqual([
      "ephemeral to @Pekka in #support: Only the improvement's owner or a team manager can change its status.",
      "ephemeral to @Aino in #support: *Free re-delivery becomes standard* is now: Done.",
    ]);
    // The channel's improvement message is refreshed in the background, before or after Aino's reply.
    expect(afterStatus.filter((line) => !line.startsWith("ephemeral"))).toEqual([
      "chat.update #support: 💡 @Aino proposed an improvement | 💡 *Free re-delivery becomes standard* / Stop the vouchers | *Done* | Owner: @Aino | From the pattern #late-delivery (3 good calls)",
    ]);

    const nextWeek = h.fake.mark();
    await runJobs(deps, new Date(slot.getTime() + 7 * DAY + 60_000));
    const [nextDigest, ...afterNext] = await said(h, { since: nextWeek });
    expect(afterNext).toEqual([]);
    expect(nextDigest).toMatch(/^#support {2}GoodCall: Good calls this week · /);
    expect(nextDigest).toContain(
      "*Improvements* | 3 good calls by @Mikko, @Aino led to: *Free re-delivery becomes standard* /",
    );
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
      selected: improvementStatusChoice.encode({ improvementId: improvement?.id ?? 0, status: "declined" }),
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
