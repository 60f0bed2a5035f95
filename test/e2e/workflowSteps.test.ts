// Workflow Builder steps: Slack sends function_executed (signed over HTTP, or over Socket Mode), the
// app logs the good call or story as /goodcall and the story form do, and ends the step with its
// outputs, or with why nothing was saved in the team's language.
import { Writable } from "node:stream";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app.ts";
import { loadConfig } from "../../src/config.ts";
import { closeDatabase, openDatabase } from "../../src/db/client.ts";
import { createLogger } from "../../src/logger.ts";
import { createServices } from "../../src/services.ts";
import { Step } from "../../src/views/ids.ts";
import { makeTeam, said } from "../support/conversation.ts";
import { freshDatabaseUrl } from "../support/db.ts";
import { startFakeSlack } from "../support/fakeSlack.ts";
import { appPerTest, BOT_TOKEN, type Harness } from "../support/harness.ts";
import { functionExecuted } from "../support/payloads.ts";
import { JSON_TYPE, postSigned, rowCounts } from "../support/rawRequests.ts";
import { startSocketModeServer } from "../support/socketMode.ts";

const startApp = appPerTest();

/** Support (#support, C1): Anna (U1) manages it and asked for instant DMs; Mikko (U2) works there. */
async function setup(options: { language?: "en" | "fi"; feed?: boolean } = {}) {
  const h = await startApp();
  h.fake.setChannelMembers("C1", ["U1", "U2", "U3"]);
  h.fake.names({ U1: "Anna", U2: "Mikko", U9: "Olli", C1: "support", C9: "random" });
  await makeTeam(h, { feed: options.feed ?? true, language: options.language ?? "en" });
  await h.services.teams.setManagerPreference("C1", "U1", "instant");
  h.fake.clear();
  return h;
}

/** How the fake Slack saw the step run end. */
function ended(h: Harness, id: string) {
  const run = h.fake.functionExecutions().find((e) => e.id === id);
  if (!run) throw new Error(`no step run ${id}`);
  return run;
}

const goodCall = {
  author: "U2",
  what: "Drove the spare part over myself and will call back by Friday",
  why: "The courier could not come before the weekend",
  tags: "field, spare-parts",
  value: 25.5,
  currency: "eur",
  follow_up: true,
  channel: "C1",
};

/** Every table's row count but the Events API's record of event ids, which every event adds to. */
async function savedRows(h: Harness) {
  const { ReceivedEvent: _events, ...counts } = await rowCounts(h.db);
  return counts;
}

describe("log_good_call", () => {
  it("logs the good call, posts it to the feed, DMs the manager and gives the id and the post's link", async () => {
    const h = await setup();
    const { reply, execution } = await h.step(Step.LogGoodCall, goodCall);
    expect(reply.status).toBe(200);
    await h.idle();

    const [call] = await h.services.entries.recentGoodCalls("U2", 1);
    if (!call?.feedTs) throw new Error("the good call was not posted to the feed");
    const permalink = `https://example.slack.com/archives/C1/p${call.feedTs.replace(".", "")}`;
    expect(ended(h, execution.id)).toMatchObject({
      state: "completed",
      outputs: { good_call_id: String(call.id), permalink },
    });
    const what = "> Drove the spare part over myself and will call back by Friday";
    const why = "*Why:* The courier could not come before the weekend";
    expect(await said(h)).toEqual([
      `#support  GoodCall: *@Mikko made a good call* / ${what} / ${why} | *Value:* 25.50 EUR | *Tags:* #field #spare-parts | [💛 Appreciate]`,
      `workflow step done: {"good_call_id":"${call.id}","permalink":"${permalink}"}`,
      `DM @Anna  GoodCall: *@Mikko made a good call* / ${what} / ${why} / *Value:* 25.50 EUR · *Tags:* #field #spare-parts | #support | [Say thanks] | [Share as story]`,
    ]);
    expect(call).toMatchObject({
      teamId: "C1",
      authorId: "U2",
      what: goodCall.what,
      why: goodCall.why,
      tags: ["field", "spare-parts"],
      value: { cents: 2550, currency: "EUR" },
      followUp: true,
      source: "workflow",
      flaggedPii: false,
    });
    // The follow-up question is due, and "call back by Friday" is a promise with its reminder, as in /goodcall.
    const row = await h.db
      .selectFrom("GoodCall")
      .select(["followUpDueAt", "promiseDue", "promiseStatus"])
      .where("id", "=", call.id)
      .executeTakeFirstOrThrow();
    expect(row.followUpDueAt).not.toBeNull();
    expect(row.promiseStatus).toBe("pending");
    expect(row.promiseDue).not.toBeNull();
    // The step's own token ends the step and nothing else (Slack revokes it then); the bot's posts.
    expect(h.fake.calls("functions.completeSuccess").map((c) => c.token)).toEqual([execution.token]);
    const posts = h.fake.calls("chat.postMessage");
    expect(posts.map((c) => c.token)).toEqual(posts.map(() => BOT_TOKEN));
    // The customer's story and the step's token stay out of the log.
    expect(h.logs.join("")).not.toMatch(/spare part|courier|xwfp-/);
  });

  it("flags customer details and keeps them out of the feed; without a feed there is no link to give", async () => {
    const h = await setup({ feed: false });
    const what = "Refunded the delivery fee to maija.meikalainen@example.com at once";
    const { execution } = await h.step(Step.LogGoodCall, { author: "U2", what, channel: "C1" });
    await h.idle();
    const [call] = await h.services.entries.recentGoodCalls("U2", 1);
    expect(call).toMatchObject({ flaggedPii: true, followUp: false, value: null, tags: [], feedTs: null });
    expect(ended(h, execution.id)).toMatchObject({
      state: "completed",
      outputs: { good_call_id: String(call?.id) },
    });
    const lines = await said(h);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^DM @Anna {2}GoodCall: \*@Mikko made a good call\*/);
    expect(lines.join("\n")).not.toContain("maija.meikalainen@example.com");
  });

  const NOT_SAVED = "GoodCall saved nothing:";
  it.each([
    {
      case: "a channel that is not a team",
      inputs: { ...goodCall, channel: "C9" },
      en: "Team channel: This channel is not a GoodCall team yet. Ask your team lead to run `/goodcall setup` in it, then run the workflow again.",
    },
    {
      case: "an author who is not on the team",
      inputs: { ...goodCall, author: "U9" },
      en: "Author: This person is not a member of the channel's GoodCall team. Choose someone from the team as the author (people join a team by joining its channel).",
    },
    {
      case: "fields a person would be asked to fix in the form, all at once",
      inputs: { author: "U2", what: " ok ", tags: "#42", value: 10, channel: "C1" },
      en: [
        "What was done: Tell us a little more: a good call needs at least 3 characters.",
        "Tags: “#42” is not a tag: use letters, numbers, - or _ (at most 40 characters).",
        "Currency: Use a three-letter currency code such as EUR.",
      ].join(" / "),
    },
    {
      case: "a negative value",
      inputs: { ...goodCall, value: -5 },
      en: "Value given: Write the amount as a number, such as 10 or 12,50.",
    },
    {
      case: "inputs of the wrong kind, and ids that are not Slack's",
      inputs: { ...goodCall, author: "someone", value: "ten", channel: "#support" },
      en: [
        "Author: GoodCall cannot read this value. Check what the workflow gives this step.",
        "Value given: GoodCall cannot read this value. Check what the workflow gives this step.",
        "Team channel: GoodCall cannot read this value. Check what the workflow gives this step.",
      ].join(" / "),
    },
  ])("saves nothing for $case, and says why", async ({ inputs, en }) => {
    const h = await setup();
    const before = await savedRows(h);
    const { execution } = await h.step(Step.LogGoodCall, inputs);
    await h.idle();
    expect(await said(h)).toEqual([`workflow step failed: ${NOT_SAVED} / ${en}`]);
    expect(ended(h, execution.id).state).toBe("failed");
    expect(await savedRows(h)).toEqual(before);
  });
});

describe("in a Finnish team", () => {
  it("logs the good call and posts it in Finnish", async () => {
    const h = await setup({ language: "fi" });
    const { execution } = await h.step(Step.LogGoodCall, {
      author: "U2",
      what: "Vaihdoin rikkinäisen laturin heti uuteen",
      channel: "C1",
    });
    await h.idle();
    expect(ended(h, execution.id).state).toBe("completed");
    expect((await said(h))[0]).toMatch(/^#support {2}GoodCall: \*@Mikko teki hyvän ratkaisun\*/);
  });

  it.each([
    {
      step: Step.LogGoodCall,
      inputs: { author: "U9", what: "Vaihdoin laturin", channel: "C1" },
      fi: "Tekijä: Tämä henkilö ei kuulu kanavan GoodCall-tiimiin. Valitse tekijäksi joku tiimistä (tiimiin liitytään liittymällä sen kanavalle).",
    },
    {
      step: Step.LogGoodCall,
      inputs: { author: "U2", what: "ok", value: 10, channel: "C1" },
      fi: [
        "Mitä tehtiin: Kerro vähän enemmän: hyvän ratkaisun kuvauksessa on oltava vähintään 3 merkkiä.",
        "Valuutta: Käytä kolmikirjaimista valuuttakoodia, kuten EUR.",
      ].join(" / "),
    },
    {
      step: Step.ShareStory,
      inputs: { author: "U2", title: " ", story: "Kiitos!", channel: "C1" },
      fi: ["Otsikko: Anna tarinalle otsikko.", "Tarina: Tarinassa on oltava vähintään 10 merkkiä."].join(
        " / ",
      ),
    },
  ])("says in Finnish why $step saved nothing", async ({ step, inputs, fi }) => {
    const h = await setup({ language: "fi" });
    const before = await savedRows(h);
    await h.step(step, inputs);
    await h.idle();
    expect(await said(h)).toEqual([`workflow step failed: GoodCall ei tallentanut mitään: / ${fi}`]);
    expect(await savedRows(h)).toEqual(before);
  });
});

describe("share_story", () => {
  it("shares the story, posts it to the feed, DMs the manager and gives the story's id", async () => {
    const h = await setup();
    const { execution } = await h.step(Step.ShareStory, {
      author: "U2",
      title: "The spare part that saved a wedding",
      story: "The caterer's oven broke on Friday; we drove the part over and the dinner went ahead.",
      quote: "You saved our day!",
      channel: "C1",
    });
    await h.idle();
    const [story] = await h.services.entries.recentStories("U2", 1);
    expect(story).toMatchObject({
      teamId: "C1",
      title: "The spare part that saved a wedding",
      quote: "You saved our day!",
      goodCallId: null,
      flaggedPii: false,
    });
    expect(ended(h, execution.id)).toMatchObject({
      state: "completed",
      outputs: { story_id: String(story?.id) },
    });
    const lines = await said(h);
    expect(lines[0]).toBe(`workflow step done: {"story_id":"${story?.id}"}`);
    expect(lines.slice(1).sort()).toEqual([
      expect.stringMatching(/^#support {2}GoodCall: .*The spare part that saved a wedding/),
      expect.stringMatching(/^DM @Anna {2}GoodCall: .*The spare part that saved a wedding/),
    ]);
  });

  it("saves nothing when the story is too short or the author is not on the team", async () => {
    const h = await setup();
    const before = await savedRows(h);
    await h.step(Step.ShareStory, { author: "U2", title: "Thanks", story: "Great!", channel: "C1" });
    await h.step(Step.ShareStory, {
      author: "U9",
      title: "Thanks",
      story: "A long enough story.",
      channel: "C1",
    });
    await h.idle();
    expect(await said(h)).toEqual([
      "workflow step failed: GoodCall saved nothing: / Story: A story needs at least 10 characters.",
      "workflow step failed: GoodCall saved nothing: / Author: This person is not a member of the channel's GoodCall team. Choose someone from the team as the author (people join a team by joining its channel).",
    ]);
    expect(await savedRows(h)).toEqual(before);
  });
});

describe("delivery", () => {
  it("takes a retried function_executed in once: one good call, one ending", async () => {
    const h = await setup();
    const { body, execution } = await h.step(Step.LogGoodCall, goodCall);
    await h.idle();
    const retry = await postSigned(h.url, {
      raw: JSON.stringify(body),
      contentType: JSON_TYPE,
      headers: { "x-slack-retry-num": "1", "x-slack-retry-reason": "http_timeout" },
    });
    expect(retry.status).toBe(200);
    await h.idle();
    expect(await h.services.entries.recentGoodCalls("U2", 5)).toHaveLength(1);
    expect(h.fake.calls("functions.completeSuccess")).toHaveLength(1);
    expect(ended(h, execution.id).state).toBe("completed");
  });

  it("refuses a step the app does not have, and an unsigned one", async () => {
    const h = await setup();
    const before = await savedRows(h);
    const unknown = functionExecuted({
      execution: h.fake.startFunction("delete_everything"),
      inputs: goodCall,
    });
    expect((await postSigned(h.url, { raw: JSON.stringify(unknown), contentType: JSON_TYPE })).status).toBe(
      400,
    );
    const body = JSON.stringify(
      functionExecuted({ execution: h.fake.startFunction(Step.LogGoodCall), inputs: goodCall }),
    );
    const unsigned = await fetch(`${h.url}/slack/events`, {
      method: "POST",
      headers: { "content-type": JSON_TYPE },
      body,
    });
    expect(unsigned.status).toBe(401);
    await h.idle();
    expect(await savedRows(h)).toEqual(before);
    expect(h.fake.calls("functions.completeSuccess")).toHaveLength(0);
  });

  it("ends the step with an apology when logging fails unexpectedly, rather than leaving it running", async () => {
    const h = await setup();
    await sql`ALTER TABLE "GoodCall" RENAME TO "GoodCallElsewhere"`.execute(h.db);
    const { execution } = await h.step(Step.LogGoodCall, goodCall);
    await h.idle();
    expect(ended(h, execution.id)).toMatchObject({
      state: "failed",
      error: "Sorry, something went wrong on our side and nothing was changed. Please try again in a moment.",
    });
    expect(h.logs.join("")).toContain("listener failed");
    await sql`ALTER TABLE "GoodCallElsewhere" RENAME TO "GoodCall"`.execute(h.db);
  });

  it("runs the step over Socket Mode, and takes a resent envelope in once", async () => {
    const fake = await startFakeSlack();
    const socket = await startSocketModeServer();
    fake.socketUrl = socket.url;
    const config = loadConfig({
      SLACK_BOT_TOKEN: "xoxb-socket-test",
      SLACK_APP_TOKEN: "xapp-socket-test",
      SLACK_API_URL: fake.url,
      DATABASE_URL: await freshDatabaseUrl(),
    });
    const db = await openDatabase(config.databaseUrl);
    const logger = createLogger("info", new Writable({ write: (_c, _e, done) => done() }));
    const services = createServices({ db, logger, tzDefault: "UTC" });
    const team = await services.teams.create({
      id: "C1",
      name: "support",
      timeZone: "UTC",
      createdById: "U1",
    });
    if (!team) throw new Error("the team was not created");
    await services.teams.updateSettings("C1", { ...team, feedEnabled: true });
    await services.teams.addMember("C1", "U2");
    const app = createApp({ config, services });
    await app.start();
    try {
      const execution = fake.startFunction(Step.LogGoodCall);
      const body = functionExecuted({ execution, inputs: goodCall });
      await socket.sendEnvelope("events_api", body);
      await services.background.idle();
      await socket.sendEnvelope("events_api", body);
      await services.background.idle();
      const calls = await services.entries.recentGoodCalls("U2", 5);
      expect(calls).toHaveLength(1);
      expect(fake.functionExecutions()).toEqual([
        expect.objectContaining({
          id: execution.id,
          state: "completed",
          outputs: expect.objectContaining({ good_call_id: String(calls[0]?.id) }),
        }),
      ]);
      expect(fake.calls("chat.postMessage").map((c) => c.args.channel)).toContain("C1");
    } finally {
      await services.background.idle();
      await app.stop();
      await socket.close();
      await closeDatabase(db);
      await fake.close();
    }
    expect(fake.problems()).toEqual([]);
  });
});
