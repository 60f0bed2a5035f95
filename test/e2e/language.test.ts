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
  it("answers a fi-FI person's first /goodcall help in Finnish, by response_url after an empty ack", async () => {
    const h = await setup();
    await makeTeam(h);
    h.fake.setUser({ id: "U7", name: "Aino", locale: "fi-FI" });
    h.fake.names({ U7: "Aino", C1: "support" });
    const reply = await h.command("/goodcall", "help", { user: "U7" });
    expect(reply.json).toBeNull();
    const lines = await said(h, { until: "ohje" });
    expect(lines.at(-1)).toMatch(/^ephemeral to @Aino in #support: \*GoodCall\*: kirjaa/);

    // Asked once: the next answer comes in the ack, without asking Slack again.
    const again = await h.command("/goodcall", "help", { user: "U7" });
    expect(ackText(again)).toContain("`/goodcall ohje`: tämä viesti");
    expect(h.fake.calls("users.info")).toHaveLength(1);
  });

  it("answers a Finnish manager's setup in Finnish, and the team exists when the ack returns", async () => {
    const h = await setup();
    h.fake.setUser({ id: "U8", name: "Mikko", locale: "fi-FI" });
    h.fake.names({ U8: "Mikko", C1: "support" });
    const reply = await h.command("/goodcall", "setup", {
      user: "U8",
      channel: "C1",
      channelName: "support",
    });
    expect(reply.json).toBeNull();
    expect(await h.services.teams.find("C1")).not.toBeNull();
    const lines = await said(h, { until: "GoodCall-tiimi" });
    expect(lines.at(-1)).toMatch(
      /^ephemeral to @Mikko in #support: #support on nyt GoodCall-tiimi, .* Kirjoita `\/goodcall setup` uudelleen, niin pääset asetuksiin/,
    );
  });

  it("saves a new person's quick log before the ack, asks Slack nothing before it, and confirms in their language", async () => {
    const h = await setup();
    await makeTeam(h);
    h.fake.setUser({ id: "U7", name: "Aino", locale: "fi-FI" });
    h.fake.names({ U7: "Aino", C1: "support" });
    const reply = await h.command("/goodcall", "Vaihdoin rikkinäisen vedenkeittimen heti", { user: "U7" });
    expect(reply.json).toBeNull();
    // The good call is saved by the time Slack has its ack.
    expect((await h.services.entries.recentGoodCalls("U7", 1)).map((c) => c.what)).toEqual([
      "Vaihdoin rikkinäisen vedenkeittimen heti",
    ]);
    const lines = await said(h, { until: "Kiitos, @Aino!" });
    expect(lines.at(-1)).toContain("Kiitos, @Aino! Hyvä ratkaisusi on tallennettu.");
  });

  it("does not let a slow Slack hold the answer: the team's language after a short wait, the locale kept for later", async () => {
    const h = await setup();
    await makeTeam(h, { language: "fi" });
    h.fake.setUser({ id: "U7", name: "Emma", locale: "en-GB" });
    h.fake.names({ U7: "Emma", C1: "support" });
    h.fake.failNext("users.info", { delayMs: 2500 });
    const started = Date.now();
    const reply = await h.command("/goodcall", "help", { user: "U7" });
    expect(reply.elapsedMs).toBeLessThan(400);
    // Answered in the team's language well before Slack's slow answer came.
    const answer = await h.fake.waitFor("response_url");
    expect(Date.now() - started).toBeLessThan(2000);
    expect(String(answer.args.text)).toContain("*GoodCall*: kirjaa");
    // The look-up finishes in the background; from then on Emma is answered in English, in the ack.
    await h.idle();
    const again = await h.command("/goodcall", "help", { user: "U7" });
    expect(ackText(again)).toContain("`/goodcall help`: this message");
  });

  it("asks once about a person Slack gives no locale for", async () => {
    const h = await setup();
    await makeTeam(h, { language: "fi" });
    await h.command("/goodcall", "help", { user: "U9" });
    await said(h, { until: "ohje" });
    const again = await h.command("/goodcall", "help", { user: "U9" });
    expect(ackText(again)).toContain("`/goodcall ohje`: tämä viesti");
    expect(h.fake.calls("users.info").filter((c) => c.args.user === "U9")).toHaveLength(1);
  });

  it("opens a new fi-FI person's first form from a shortcut in Finnish", async () => {
    const h = await setup();
    await makeTeam(h);
    h.fake.setUser({ id: "U7", name: "Aino", locale: "fi-FI" });
    await h.globalShortcut({ userId: "U7", callbackId: CallbackId.LogGoodCallShortcut });
    const opened = await h.fake.waitFor("views.open");
    expect((opened.args.view as { title: { text: string } }).title.text).toBe("Kirjaa hyvä ratkaisu");
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
