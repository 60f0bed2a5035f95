// Speaking each person's language: the first answer to someone new, and DMs that keep one language.
import { WebClient } from "@slack/web-api";
import { describe, expect, it } from "vitest";
import type { JobDeps } from "../../src/jobs/outbox.ts";
import { ChannelPacer } from "../../src/jobs/pacer.ts";
import { runJobs } from "../../src/jobs/run.ts";
import { CallbackId } from "../../src/views/ids.ts";
import { ackText, makeTeam, said } from "../support/conversation.ts";
import { appPerTest, BOT_TOKEN, type Harness } from "../support/harness.ts";

const setup = appPerTest();

describe("the first answer to someone new", () => {
  it("answers a fi-FI person's first /goodcall help in the team's language in the ack, then in Finnish", async () => {
    const h = await setup();
    await makeTeam(h);
    h.fake.setUser({ id: "U7", name: "Aino", locale: "fi-FI" });
    const first = await h.command("/goodcall", "help", { user: "U7" });
    expect(ackText(first)).toContain("`/goodcall help`: this message");

    // Asked once, after the ack: the next answer is in Finnish, without asking Slack again.
    await h.idle();
    const again = await h.command("/goodcall", "help", { user: "U7" });
    expect(ackText(again)).toContain("`/goodcall ohje`: tämä viesti");
    await h.idle();
    expect(h.fake.calls("users.info")).toHaveLength(1);
    expect(h.fake.calls("response_url")).toEqual([]);
  });

  it("answers a new manager's setup in the ack, with the team made, and in their own language from then on", async () => {
    const h = await setup();
    h.fake.setUser({ id: "U8", name: "Mikko", locale: "fi-FI" });
    const reply = await h.command("/goodcall", "setup", {
      user: "U8",
      channel: "C1",
      channelName: "support",
    });
    expect(ackText(reply)).toMatch(/^<#C1> is now a GoodCall team/);
    expect(await h.services.teams.find("C1")).not.toBeNull();
    await h.idle();
    const again = await h.command("/goodcall", "help", { user: "U8" });
    expect(ackText(again)).toContain("`/goodcall ohje`: tämä viesti");
  });

  it("saves a new person's quick log and confirms it in the ack while Slack is still looking up their language", async () => {
    const h = await setup();
    await makeTeam(h);
    h.fake.setUser({ id: "U7", name: "Aino", locale: "fi-FI" });
    h.fake.failNext("users.info", { delayMs: 2500 });
    const reply = await h.command("/goodcall", "Vaihdoin rikkinäisen vedenkeittimen heti", { user: "U7" });
    expect(reply.elapsedMs).toBeLessThan(1000);
    expect(ackText(reply)).toContain("Thanks, <@U7>! Your good call is saved.");
    // Slack has not answered yet: nothing waited for it.
    expect(h.fake.calls("users.info")).toEqual([]);
    expect((await h.services.entries.recentGoodCalls("U7", 1)).map((c) => c.what)).toEqual([
      "Vaihdoin rikkinäisen vedenkeittimen heti",
    ]);
    // The look-up finishes in the background; from then on Aino is answered in Finnish.
    await h.idle();
    const again = await h.command("/goodcall", "Soitin asiakkaalle takaisin", { user: "U7" });
    expect(ackText(again)).toContain("Kiitos, <@U7>! Hyvä ratkaisusi on tallennettu.");
    expect(h.fake.calls("response_url")).toEqual([]);
  });

  it("asks once about a person Slack gives no locale for", async () => {
    const h = await setup();
    await makeTeam(h, { language: "fi" });
    const first = await h.command("/goodcall", "help", { user: "U9" });
    expect(ackText(first)).toContain("`/goodcall ohje`: tämä viesti");
    await h.idle();
    const again = await h.command("/goodcall", "help", { user: "U9" });
    expect(ackText(again)).toContain("`/goodcall ohje`: tämä viesti");
    await h.idle();
    expect(h.fake.calls("users.info").filter((c) => c.args.user === "U9")).toHaveLength(1);
  });

  it("asks Slack about a crowd of new people a few at a time, and about each of them once", async () => {
    const h = await setup();
    await makeTeam(h);
    const people = Array.from({ length: 8 }, (_, i) => `U${20 + i}`);
    h.fake.failNext("users.info", { delayMs: 100 }, 100);
    // Each new person twice at the same moment, as a first-day rush would.
    await Promise.all(people.flatMap((user) => [1, 2].map(() => h.command("/goodcall", "help", { user }))));
    await h.idle();
    const asked = h.fake.calls("users.info");
    expect(asked.map((c) => String(c.args.user)).sort()).toEqual([...people].sort());
    // Slack takes 100 ms over each, so no more than two can start within 90 ms of each other.
    const starts = asked.map((c) => c.at);
    for (const start of starts) {
      expect(starts.filter((at) => at >= start && at < start + 90).length).toBeLessThanOrEqual(2);
    }
  });

  it("opens a new fi-FI person's first form from a shortcut at once in the team's language, the next in Finnish", async () => {
    const h = await setup();
    await makeTeam(h);
    h.fake.setUser({ id: "U7", name: "Aino", locale: "fi-FI" });
    const title = async () => {
      const opened = await h.fake.waitFor("views.open");
      return (opened.args.view as { title: { text: string } }).title.text;
    };
    await h.globalShortcut({ userId: "U7", callbackId: CallbackId.LogGoodCallShortcut });
    expect(await title()).toBe("Log a good call");
    await h.idle();
    h.fake.clear();
    await h.globalShortcut({ userId: "U7", callbackId: CallbackId.LogGoodCallShortcut });
    expect(await title()).toBe("Kirjaa hyvä ratkaisu");
  });
});

/**
 * A team in `teamLanguage` whose manager Anna (U1) and member Emma (U7) speak `personLocale` in
 * Slack. Anna asks for instant DMs. On Monday 30 Nov 2026 Emma logs a good call with money and a
 * promise for Friday; on Friday afternoon the jobs send the promise reminder, the digest and
 * Anna's weekly summary. Returns every DM line, as its reader saw it, grouped by person.
 */
async function aWeekOfDms(h: Harness, teamLanguage: "en" | "fi", personLocale: string, text: string) {
  h.fake.setUser({ id: "U1", name: "Anna", locale: personLocale });
  h.fake.setUser({ id: "U7", name: "Emma", locale: personLocale });
  h.fake.names({ U1: "Anna", U7: "Emma", C1: "support" });
  h.now.value = new Date("2026-11-30T08:00:00Z");
  await makeTeam(h, { language: teamLanguage, met: [] });
  await h.services.teams.setManagerPreference("C1", "U1", "instant");
  await h.command("/goodcall", text, { user: "U7" });
  await h.idle();
  const client = new WebClient(BOT_TOKEN, { slackApiUrl: h.fake.url, retryConfig: { retries: 0 } });
  const deps: JobDeps = { services: h.services, client, pacer: new ChannelPacer(0) };
  // Friday 4 Dec, 15:05 in Helsinki: the promise's day and the digest's slot.
  await runJobs(deps, new Date("2026-12-04T13:05:00Z"));
  // NOTE: the jobs send DMs to different people concurrently, so which person's lands first is a race;
  // only each person's own DMs have an order. Grouped by person (a stable sort), in the order sent.
  const recipient = (line: string) => line.slice(0, line.indexOf("  "));
  return (await said(h))
    .filter((line) => line.startsWith("DM "))
    .sort((a, b) => recipient(a).localeCompare(recipient(b)));
}

describe("DMs keep one language, dates and amounts included", () => {
  it("writes to en-GB people of a Finnish team all in English", async () => {
    const h = await setup();
    const dms = await aWeekOfDms(
      h,
      "fi",
      "en-GB",
      "Promised to call her back by Friday about the refund, gave 12,50€ off",
    );
    expect(dms).toEqual([
      "DM @Anna  GoodCall: *@Emma made a good call* / > Promised to call her back by Friday about the refund, gave 12,50€ off / *Value:* 12.50 EUR | #support | [Say thanks] | [Share as story]",
      expect.stringMatching(
        /^DM @Anna {2}GoodCall: \*Your weekly GoodCall summary: #support, 27 Nov – 4 Dec 2026\*/,
      ),
      "DM @Emma  GoodCall: You promised the customer something by Fri 4 Dec. Did you keep it? / > Promised to call her back by Friday about the refund, gave 12,50€ off | [Kept] | [Not yet: remind me tomorrow] | [Could not keep it]",
    ]);
    const summary = dms[1] ?? "";
    expect(summary).toContain("value given: 12.50 EUR");
    // Nothing Finnish slipped in: no Finnish date, amount or word.
    expect(dms.join("\n")).not.toMatch(/\d+\.\d+\.|12,50 EUR|hyvä|kiit/i);
  });

  it("writes to fi-FI people of an English team all in Finnish", async () => {
    const h = await setup();
    const dms = await aWeekOfDms(
      h,
      "en",
      "fi-FI",
      "Lupasin soittaa takaisin viimeistään perjantaina, hyvitin 12,50€",
    );
    expect(dms).toEqual([
      "DM @Anna  GoodCall: *@Emma teki hyvän ratkaisun* / > Lupasin soittaa takaisin viimeistään perjantaina, hyvitin 12,50€ / *Arvo:* 12,50 EUR | #support | [Kiitä] | [Jaa tarinana]",
      expect.stringMatching(
        /^DM @Anna {2}GoodCall: \*GoodCall-viikkoyhteenvetosi: #support, 27\.11\.–4\.12\.2026\*/,
      ),
      "DM @Emma  GoodCall: Lupasit asiakkaalle jotain pe 4.12. mennessä. Onko lupaus pidetty? / > Lupasin soittaa takaisin viimeistään perjantaina, hyvitin 12,50€ | [Pidetty] | [Ei vielä: muistuta huomenna] | [En voinut pitää]",
    ]);
    expect(dms[1]).toContain("annettu arvo: 12,50 EUR");
    expect(dms[1]).toContain("*Tällä viikolla ei ole vielä saanut kiitosta:* @Emma.");
    expect(dms.join("\n")).not.toMatch(/\b(Nov|Dec|Fri)\b|12\.50|good call|thank/i);
  });
});
