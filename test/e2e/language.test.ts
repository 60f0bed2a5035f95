// Speaking each person's language: the first answer to someone new, and DMs that keep one language.
import { describe, expect, it } from "vitest";
import { CallbackId } from "../../src/views/ids.ts";
import { ackText, makeTeam, said } from "../support/conversation.ts";
import { appPerTest } from "../support/harness.ts";

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
      /^ephemeral to @Mikko in #support: #support on nyt GoodCall-tiimi, ja olet sen ensimmäinen esihenkilö\./,
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
