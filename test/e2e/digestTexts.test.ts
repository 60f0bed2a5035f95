// What the digest, the stats, the follow-up DM and the forms say, read from the fake Slack's transcript
// the way a person in the channel would read them.
import { WebClient } from "@slack/web-api";
import { describe, expect, it } from "vitest";
import { slotAfter } from "../../src/domain/period.ts";
import type { JobDeps } from "../../src/jobs/outbox.ts";
import { ChannelPacer } from "../../src/jobs/pacer.ts";
import { runJobs } from "../../src/jobs/run.ts";
import { ActionId, CallbackId, Field } from "../../src/views/ids.ts";
import { slackIdValue } from "../../src/views/values.ts";
import { logThroughForm, makeTeam, said, textOf } from "../support/conversation.ts";
import { appPerTest, BOT_TOKEN, type Harness } from "../support/harness.ts";

const startApp = appPerTest();

const MINUTE = 60_000;
const DAY = 24 * 3600_000;

function jobsFor(h: Harness): JobDeps {
  const client = new WebClient(BOT_TOKEN, { slackApiUrl: h.fake.url, retryConfig: { retries: 0 } });
  return { services: h.services, client, pacer: new ChannelPacer(0) };
}

/**
 * A team set up now (the database stamps it with the real clock) and its first Friday 15:00 Helsinki
 * slot, which lies ahead: the week before that slot is one the team did not exist through.
 */
async function newTeam(h: Harness) {
  const team = await makeTeam(h);
  const slot = slotAfter(
    { timeZone: team.timeZone, weekday: team.digestWeekday, minute: team.digestMinute },
    new Date(Date.now() + MINUTE),
  );
  h.fake.names({ U1: "Lea", U2: "Anna", U3: "Ben", U4: "Chen", C1: "support" });
  return { team, slot };
}

/** The digest post in #support, as one text. */
async function digestText(h: Harness): Promise<string> {
  const lines = await said(h, { until: /#support {2}GoodCall: Good calls this week/u });
  return lines.filter((line) => line.includes("Good calls this week")).join("\n");
}

describe("a team's first digest", () => {
  it("shows no change against a week the team did not exist in, and says what the counts and picks mean", async () => {
    const h = await startApp();
    const { slot } = await newTeam(h);
    const log = async (user: string, text: string, hoursBefore: number) => {
      h.now.value = new Date(slot.getTime() - hoursBefore * 3600_000);
      await h.command("/goodcall", text, { user });
    };
    await log("U2", "Gave a 10€ voucher because the parcel was late #late-delivery", 50);
    await log("U2", "Refunded the shipping fee for a late delivery 5.90€ #late-delivery", 40);
    await log("U2", "Sent a replacement charger by express 24.90€ #replacement", 30);
    await log("U3", "Walked a customer through the router setup #onboarding", 20);
    await log("U4", "test test", 1);
    await h.idle();
    const cake = await h.services.entries.createStory(
      {
        teamId: "C1",
        authorId: "U3",
        title: "The wedding cake that made it",
        body: "The courier lost the cake stand. Ben found one and drove it over himself.",
        quote: null,
        goodCallId: null,
        permalink: null,
        flaggedPii: false,
      },
      new Date(slot.getTime() - 10 * 3600_000),
    );
    const [walkthrough] = await h.services.entries.recentGoodCalls("U3", 1);
    if (!walkthrough) throw new Error("nothing logged");
    await h.services.entries.appreciate({ kind: "goodCall", id: walkthrough.id }, "U1", null, h.now.value);
    // Thanked after the week closed, before the digest went out: its heart is shown, so it is counted.
    await h.services.entries.appreciate(
      { kind: "story", id: cake.id },
      "U1",
      null,
      new Date(slot.getTime() + 1),
    );

    await runJobs(jobsFor(h), new Date(slot.getTime() + MINUTE));
    const digest = await digestText(h);

    expect(digest).not.toContain("from last week");
    expect(digest).toContain("• *5 good calls* / • *3 people* / • *1 story* / • Value given: *40.80 EUR* / ");
    expect(digest).toContain("• *2 appreciations*");
    expect(digest).toContain("@Anna (3 good calls), @Ben (1 good call, 1 story), @Chen");
    expect(digest).not.toContain("×");
    expect(digest).toContain(
      "*Notable good calls* | Chosen by appreciations, then value given, then follow-ups that helped; at most two per person.",
    );
    const notable = digest.slice(digest.indexOf("Notable good calls"));
    expect(notable).toContain("Walked a customer through the router setup");
    expect(notable).toContain("Sent a replacement charger by express");
    expect(notable).toContain("Refunded the shipping fee");
    // Two of Anna's three; no entry with nothing to show for it.
    expect(notable).not.toContain("Gave a 10€ voucher");
    expect(notable).not.toContain("test test");
  });

  it("says a quiet week was quiet when its digest comes late", async () => {
    const h = await startApp();
    const { slot } = await newTeam(h);
    await runJobs(jobsFor(h), new Date(slot.getTime() + 3 * 3600_000));
    const digest = await digestText(h);
    expect(digest).toContain("This digest comes late");
    expect(digest).toContain("That was a quiet week: no good calls were logged.");
    expect(digest).not.toContain("yet");
  });
});

describe("/goodcall stats", () => {
  it.each([
    ["en", "*Since Fri 27 Nov 15:00:* 1 good call"],
    ["fi", "*pe 27.11. klo 15.00 alkaen:* 1 hyvä ratkaisu"],
  ] as const)("counts the digest period so far and says when it began (%s)", async (language, expected) => {
    const h = await startApp();
    h.now.value = new Date("2026-11-28T10:00:00Z");
    await makeTeam(h, { language });
    // Saturday, after Friday's digest: in this digest period, but not in a Monday-to-Sunday week.
    await h.command("/goodcall", "Opened the store early for a nurse on her way to a night shift", {
      user: "U2",
    });
    h.now.value = new Date("2026-11-30T10:00:00Z");
    const reply = await h.command("/goodcall", language === "fi" ? "tilastot" : "stats", { user: "U2" });
    expect(textOf(reply.json)).toContain(expected);
  });
});

describe("the follow-up DM", () => {
  it("gives the day the call was logged, and its text", async () => {
    const h = await startApp();
    await makeTeam(h);
    await h.services.teams.setManagerPreference("C1", "U1", "off");
    h.fake.names({ U2: "Anna" });
    const start = new Date("2026-11-27T09:00:00Z");
    h.now.value = start;
    await logThroughForm(h, "U2", "Offered a free repair for an old <coffee> machine", { followUp: true });
    await h.idle();
    await runJobs(jobsFor(h), new Date(start.getTime() + 7 * DAY + MINUTE));
    const lines = await said(h, { until: "DM @Anna" });
    const ask = lines.find((line) => line.startsWith("DM @Anna"));
    expect(ask).toContain("On Fri 27 Nov you made this good call. Did it help?");
    expect(ask).toContain("> Offered a free repair for an old <coffee> machine");
    // What Slack was sent: the customer's angle brackets escaped, so they cannot become markup.
    const sent = h.fake.calls("chat.postMessage").find((c) => c.args.channel === "DU2");
    expect(JSON.stringify(sent?.args.blocks)).toContain("old &lt;coffee&gt; machine");
    expect(ask).not.toContain("a while ago");
  });
});

describe("forms", () => {
  it("reports every problem in the good-call form at once, a past promise date with a short text", async () => {
    const h = await startApp();
    h.now.value = new Date("2026-12-02T10:00:00Z");
    await makeTeam(h);
    await h.command("/goodcall", "", { user: "U2" });
    const opened = await h.fake.waitFor("views.open");
    const reply = await h.submit({
      userId: "U2",
      callbackId: CallbackId.GoodCallModal,
      privateMetadata: (opened.args.view as { private_metadata: string }).private_metadata,
      values: {
        [Field.What]: { [Field.What]: { type: "plain_text_input", value: "ok" } },
        [Field.Amount]: { [Field.Amount]: { type: "plain_text_input", value: "ten" } },
        [Field.PromiseDue]: { [Field.PromiseDue]: { type: "datepicker", selected_date: "2026-11-30" } },
      },
    });
    expect(reply.json).toEqual({
      response_action: "errors",
      errors: {
        [Field.What]: "Tell us a little more: a good call needs at least 3 characters.",
        [Field.Amount]: "Write the amount as a number, such as 10 or 12,50.",
        [Field.PromiseDue]: "Pick today or a later date.",
      },
    });
    expect(await h.services.entries.recentGoodCalls("U2", 5)).toEqual([]);
  });
});

describe("refusals and announcements", () => {
  it("tells someone pressing another person's forget-me button that it is not theirs to answer", async () => {
    const h = await startApp();
    await makeTeam(h);
    await h.command("/goodcall", "Stayed late to finish a repair", { user: "U2" });
    await h.command("/goodcall", "forget me", { user: "U2" });
    await h.action({ userId: "U3", actionId: ActionId.ForgetYes, value: slackIdValue.encode("U2") });
    const refusal = await h.fake.waitFor("response_url", (c) =>
      String(c.args.text).includes("Only the person"),
    );
    expect(refusal.args.text).toBe("Only the person who asked can answer this. Nothing was changed.");
    expect(await h.services.entries.recentGoodCalls("U2", 5)).toHaveLength(1);
  });

  it("announces an improvement with its title once", async () => {
    const h = await startApp();
    await makeTeam(h);
    h.fake.names({ U2: "Anna", C1: "support" });
    await h.command("/goodcall", "idea Print return labels in the parcel", { user: "U2" });
    const lines = await said(h, { until: /#support {2}GoodCall: .*proposed an improvement/u });
    const post = lines.find((line) => line.includes("proposed an improvement")) ?? "";
    expect(post.split("Print return labels in the parcel")).toHaveLength(2);
    expect(post).toContain("💡 @Anna proposed an improvement");
  });
});
