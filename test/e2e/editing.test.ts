// Editing a good call with *Add details*: what the edit adds (a follow-up, a promise) must lead to
// the same DMs as when it is there from the start, and an old promise must not block an edit.
import { WebClient } from "@slack/web-api";
import { describe, expect, it } from "vitest";
import { runJobs } from "../../src/jobs/run.ts";
import { ActionId, CallbackId, Field } from "../../src/views/ids.ts";
import { entryId, Metadata } from "../../src/views/values.ts";
import { buttonIn, makeTeam, said } from "../support/conversation.ts";
import { appPerTest, BOT_TOKEN, type Reply } from "../support/harness.ts";

const startApp = appPerTest();

const DAY = 24 * 3600_000;

/** A team (Mia manages it, her DMs off), with Aino on it, at `now`. */
async function setup(now: Date) {
  const h = await startApp({ now });
  h.fake.setUser({ id: "U1", name: "mia" });
  h.fake.setUser({ id: "U2", name: "aino" });
  const team = await makeTeam(h);
  await h.services.teams.setManagerPreference(team.id, "U1", "off");
  const client = new WebClient(BOT_TOKEN, { slackApiUrl: h.fake.url, retryConfig: { retries: 0 } });
  // A variable, not a literal: the jobs' dependencies are being slimmed down in parallel.
  const deps = { services: h.services, client };
  const runJobsAt = (at: Date) => runJobs(deps, at);
  h.fake.names({ U1: "Mia", U2: "Aino", C1: "support" });
  /** What Aino has been told in her DMs so far, as she read it. */
  const dmsToAino = async () => (await said(h)).filter((line) => line.startsWith("DM @Aino "));

  /** Aino logs a good call inline; returns its id as the confirmation's Add details button names it. */
  async function ainoLogs(text: string): Promise<number> {
    const reply = await h.command("/goodcall", text, { user: "U2" });
    await h.idle();
    const id = entryId.decode(buttonIn(reply.json?.blocks, ActionId.AddDetails)?.value);
    if (id === null) throw new Error(`no Add details button in ${reply.body}`);
    return id;
  }

  /** Aino clicks Add details: the form it opens, with its metadata decoded. */
  async function ainoAddsDetails(goodCallId: number) {
    const before = h.fake.calls("views.open").length;
    await h.action({
      userId: "U2",
      actionId: ActionId.AddDetails,
      value: entryId.encode(goodCallId),
      channelId: "C1",
    });
    await h.idle();
    const opened = h.fake.calls("views.open").slice(before)[0];
    const view = opened?.args.view as { callback_id?: string; private_metadata?: string } | undefined;
    expect(view?.callback_id).toBe(CallbackId.GoodCallModal);
    return { view, metadata: Metadata.goodCall.decode(view?.private_metadata) };
  }

  /** Aino submits the edit form with `fields`, as Slack sends the state of each. */
  function ainoSubmits(
    privateMetadata: string | undefined,
    fields: { what: string; why?: string; followUp?: boolean; promiseDue?: string },
  ): Promise<Reply> {
    return h.submit({
      userId: "U2",
      callbackId: CallbackId.GoodCallModal,
      privateMetadata: privateMetadata ?? "",
      values: {
        [Field.What]: { [Field.What]: { type: "plain_text_input", value: fields.what } },
        [Field.Why]: { [Field.Why]: { type: "plain_text_input", value: fields.why ?? null } },
        [Field.FollowUp]: {
          [Field.FollowUp]: {
            type: "checkboxes",
            selected_options: fields.followUp ? [{ value: "yes" }] : [],
          },
        },
        [Field.PromiseDue]: {
          [Field.PromiseDue]: { type: "datepicker", selected_date: fields.promiseDue ?? null },
        },
      },
    });
  }

  return { h, runJobsAt, dmsToAino, ainoLogs, ainoAddsDetails, ainoSubmits };
}

describe("Add details", () => {
  it("ticking Follow up? on edit gets the 'did it help?' DM after the team's follow-up days", async () => {
    const start = new Date("2026-12-01T09:00:00Z");
    const { h, runJobsAt, dmsToAino, ainoLogs, ainoAddsDetails, ainoSubmits } = await setup(start);
    const followUpDays = (await h.services.teams.find("C1"))?.followUpDays ?? 0;
    expect(followUpDays).toBeGreaterThan(0);

    const id = await ainoLogs("Swapped the faulty kettle on the spot");
    const { view, metadata } = await ainoAddsDetails(id);
    expect(metadata).toEqual({ teamId: "C1", goodCallId: id });

    h.now.value = new Date(start.getTime() + 3600_000);
    const saved = await ainoSubmits(view?.private_metadata, {
      what: "Swapped the faulty kettle on the spot",
      why: "She had guests coming",
      followUp: true,
    });
    expect(saved.json?.response_action).toBeUndefined();
    await h.idle();
    expect(await h.services.entries.findGoodCall(id)).toMatchObject({
      followUp: true,
      why: "She had guests coming",
    });

    await runJobsAt(new Date(start.getTime() + (followUpDays - 1) * DAY));
    expect(await dmsToAino()).toEqual([]);
    await runJobsAt(new Date(start.getTime() + followUpDays * DAY + 60_000));
    expect(await dmsToAino()).toEqual([
      "DM @Aino  GoodCall: On Tue 1 Dec you made this good call. Did it help? / > Swapped the faulty kettle on the spot | [It helped] | [No change] | [It backfired]",
    ]);
  });

  it("a promise date added on edit gets its reminder on that date", async () => {
    // Monday 30 November 2026, morning in Helsinki.
    const { h, runJobsAt, dmsToAino, ainoLogs, ainoAddsDetails, ainoSubmits } = await setup(
      new Date("2026-11-30T08:00:00Z"),
    );
    const id = await ainoLogs("Sent a replacement charger to the customer");
    expect((await h.services.entries.findGoodCall(id))?.promiseDue).toBeNull();

    const { view } = await ainoAddsDetails(id);
    const saved = await ainoSubmits(view?.private_metadata, {
      what: "Sent a replacement charger to the customer",
      promiseDue: "2026-12-04",
    });
    expect(saved.json?.response_action).toBeUndefined();
    expect(await h.services.entries.findGoodCall(id)).toMatchObject({
      promiseDue: "2026-12-04",
      promiseStatus: "pending",
    });

    await runJobsAt(new Date("2026-12-03T08:00:00Z"));
    expect(await dmsToAino()).toEqual([]);
    await runJobsAt(new Date("2026-12-04T07:05:00Z"));
    expect(await dmsToAino()).toEqual([
      "DM @Aino  GoodCall: You promised the customer something by Fri 4 Dec. Did you keep it? / > Sent a replacement charger to the customer | [Kept] | [Not yet: remind me tomorrow] | [Could not keep it]",
    ]);
  });

  it("a call whose promise date has passed can still be edited; only a new date must be ahead", async () => {
    const { h, ainoLogs, ainoAddsDetails, ainoSubmits } = await setup(new Date("2026-11-30T08:00:00Z"));
    const id = await ainoLogs("Promised to call her back by Friday about the refund");
    expect((await h.services.entries.findGoodCall(id))?.promiseDue).toBe("2026-12-04");

    // The next Tuesday: Friday has passed, and Aino adds why.
    h.now.value = new Date("2026-12-08T10:00:00Z");
    const { view } = await ainoAddsDetails(id);
    const fields = { what: "Promised to call her back by Friday about the refund", why: "Refund stuck" };
    const unchanged = await ainoSubmits(view?.private_metadata, { ...fields, promiseDue: "2026-12-04" });
    expect(unchanged.json?.response_action).toBeUndefined();
    expect(await h.services.entries.findGoodCall(id)).toMatchObject({
      why: "Refund stuck",
      promiseDue: "2026-12-04",
      promiseStatus: "pending",
    });

    const moved = await ainoSubmits(view?.private_metadata, { ...fields, promiseDue: "2026-12-07" });
    expect(moved.json).toMatchObject({
      response_action: "errors",
      errors: { [Field.PromiseDue]: "Pick today or a later date." },
    });
    expect((await h.services.entries.findGoodCall(id))?.promiseDue).toBe("2026-12-04");
  });
});
