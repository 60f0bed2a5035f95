// Requests that are not from Slack change nothing; settings are for managers; logs stay clean.
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createApp, listen } from "../../src/app.ts";
import { loadConfig } from "../../src/config.ts";
import { closeDatabase, openDatabase } from "../../src/db/client.ts";
import { createLogger } from "../../src/logger.ts";
import { createServices } from "../../src/services.ts";
import { ActionId, CallbackId, Field } from "../../src/views/ids.ts";
import { entryKey, Metadata } from "../../src/views/values.ts";
import { makeTeam } from "../support/conversation.ts";
import { testDatabaseKind } from "../support/db.ts";
import { startFakeSlack } from "../support/fakeSlack.ts";
import { appPerTest, BOT_TOKEN, type Harness, SIGNING_SECRET } from "../support/harness.ts";
import { slashCommand } from "../support/payloads.ts";
import { postToSlackApp } from "../support/signing.ts";

const setup = appPerTest();

function logCommand(h: Harness) {
  return slashCommand({
    command: "/goodcall",
    text: "Gave a free coffee to a waiting customer",
    userId: "U2",
    responseUrl: h.fake.responseUrl(),
  });
}

describe("request signatures", () => {
  it("answers 401 to a forged signature and saves nothing", async () => {
    const h = await setup();
    await makeTeam(h);
    const reply = await postToSlackApp(h.url, { form: logCommand(h) }, "not-the-secret");
    expect(reply.status).toBe(401);
    const tampered = await postToSlackApp(h.url, { form: logCommand(h) }, SIGNING_SECRET, {
      signature: "v0=deadbeef",
    });
    expect(tampered.status).toBe(401);
    expect(await h.services.entries.recentGoodCalls("U2", 5)).toEqual([]);
  });

  it("answers 401 to an unsigned request however the events path is written, and saves nothing", async () => {
    // Bolt's own signature check is off behind the envelope screen (src/slack/envelope.ts): every
    // target Bolt routes to its events endpoint must be screened too.
    const h = await setup();
    await makeTeam(h);
    for (const target of ["/slack/events?retry=1", "/slack/events?", "/slack/events#top"]) {
      const reply = await fetch(`${h.url}${target}`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams(logCommand(h)).toString(),
      });
      expect(reply.status, target).toBe(401);
    }
    expect(await h.services.entries.recentGoodCalls("U2", 5)).toEqual([]);
  });

  it("answers 401 to a timestamp older than five minutes", async () => {
    const h = await setup();
    await makeTeam(h);
    const stale = Math.floor(Date.now() / 1000) - 6 * 60;
    const reply = await postToSlackApp(h.url, { form: logCommand(h) }, SIGNING_SECRET, {
      timestampSec: stale,
    });
    expect(reply.status).toBe(401);
    expect(await h.services.entries.recentGoodCalls("U2", 5)).toEqual([]);
  });

  it("serves /healthz with the database checked", async () => {
    const h = await setup();
    const response = await fetch(`${h.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: "ok",
      database: { kind: testDatabaseKind(), reachable: true },
    });
  });

  it("answers /healthz 503 while PostgreSQL is unreachable, and keeps serving", async () => {
    const fake = await startFakeSlack();
    const config = loadConfig({
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_SOCKET_MODE: "false",
      SLACK_API_URL: fake.url,
      // Nothing listens on port 9: every connection is refused, as when the server is down.
      DATABASE_URL: "postgresql://goodcall:secret@127.0.0.1:9/goodcall",
    });
    const lost: Error[] = [];
    const db = await openDatabase(config.databaseUrl, { onError: (error) => lost.push(error) });
    const logs: string[] = [];
    const logger = createLogger(
      "info",
      new Writable({ write: (chunk, _e, done) => done(void logs.push(String(chunk))) }),
    );
    const app = createApp({ config, services: createServices({ db, logger, tzDefault: "UTC" }) });
    const server = await listen(app, 0);
    try {
      const { port } = server.address() as { port: number };
      for (let i = 0; i < 2; i++) {
        const response = await fetch(`http://127.0.0.1:${port}/healthz`);
        expect(response.status).toBe(503);
        expect(await response.json()).toEqual({
          status: "error",
          database: { kind: "postgresql", reachable: false },
        });
      }
      expect(logs.join("")).toContain("database unusable");
      expect(logs.join("")).not.toContain("secret");
    } finally {
      await app.stop();
      await closeDatabase(db);
      await fake.close();
    }
  });
});

describe("team settings", () => {
  function settingsValues(overrides: Record<string, Record<string, unknown>> = {}) {
    return {
      [Field.Managers]: { [Field.Managers]: { type: "multi_users_select", selected_users: ["U1", "U5"] } },
      [Field.TimeZone]: { [Field.TimeZone]: { type: "plain_text_input", value: "America/New_York" } },
      [Field.DigestDay]: { [Field.DigestDay]: { type: "static_select", selected_option: { value: "1" } } },
      [Field.DigestTime]: { [Field.DigestTime]: { type: "timepicker", selected_time: "09:30" } },
      [Field.Language]: { [Field.Language]: { type: "static_select", selected_option: { value: "fi" } } },
      [Field.Feed]: { [Field.Feed]: { type: "checkboxes", selected_options: [{ value: "on" }] } },
      [Field.LimitAmount]: { [Field.LimitAmount]: { type: "plain_text_input", value: "25" } },
      [Field.LimitCurrency]: {
        [Field.LimitCurrency]: { type: "static_select", selected_option: { value: "EUR" } },
      },
      [Field.FollowUpDays]: { [Field.FollowUpDays]: { type: "number_input", value: "5" } },
      ...overrides,
    };
  }

  it("lets a manager change every setting", async () => {
    const h = await setup();
    await makeTeam(h);
    const reply = await h.submit({
      userId: "U1",
      callbackId: CallbackId.SettingsModal,
      privateMetadata: Metadata.settings.encode({ teamId: "C1" }),
      values: settingsValues(),
    });
    expect(reply.status).toBe(200);
    expect(reply.json).toBeNull();
    expect(await h.services.teams.find("C1")).toMatchObject({
      managerIds: ["U1", "U5"],
      timeZone: "America/New_York",
      digestWeekday: 1,
      digestMinute: 570,
      language: "fi",
      feedEnabled: true,
      usualLimit: { cents: 2500, currency: "EUR" },
      followUpDays: 5,
    });
  });

  it("shows field errors for a bad time zone and no managers, and changes nothing", async () => {
    const h = await setup();
    await makeTeam(h);
    const reply = await h.submit({
      userId: "U1",
      callbackId: CallbackId.SettingsModal,
      privateMetadata: Metadata.settings.encode({ teamId: "C1" }),
      values: settingsValues({
        [Field.TimeZone]: { [Field.TimeZone]: { type: "plain_text_input", value: "Mars/Olympus" } },
        [Field.Managers]: { [Field.Managers]: { type: "multi_users_select", selected_users: [] } },
      }),
    });
    expect(reply.json?.response_action).toBe("errors");
    const errors = reply.json?.errors as Record<string, string>;
    expect(errors[Field.TimeZone]).toContain("Mars/Olympus");
    expect(errors[Field.Managers]).toContain("at least one manager");
    expect((await h.services.teams.find("C1"))?.timeZone).toBe("Europe/Helsinki");
  });

  it("refuses a settings submission from someone who is not a manager", async () => {
    const h = await setup();
    await makeTeam(h);
    const reply = await h.submit({
      userId: "U9",
      callbackId: CallbackId.SettingsModal,
      privateMetadata: Metadata.settings.encode({ teamId: "C1" }),
      values: settingsValues(),
    });
    expect(reply.json?.response_action).toBe("errors");
    expect((await h.services.teams.find("C1"))?.managerIds).toEqual(["U1"]);
  });
});

describe("logs", () => {
  it("never contain the bot token, the signing secret or what people typed", async () => {
    const h = await setup();
    await makeTeam(h, { feed: true });
    await h.command("/goodcall", "Refunded Maija Meikäläinen's broken blender", { user: "U2" });
    await h.idle();
    const logs = h.logs.join("");
    expect(logs).toContain("good call logged");
    expect(logs).not.toContain(BOT_TOKEN);
    expect(logs).not.toContain(SIGNING_SECRET);
    expect(logs).not.toContain("Meikäläinen");
  });
});

describe("forged or stale button values", () => {
  it("get a clear 'entry gone' reply, never an error, and change nothing", async () => {
    const h = await setup();
    await makeTeam(h);
    const forged: Array<[string, string]> = [
      [ActionId.Appreciate, "gc:not-a-number"],
      [ActionId.AddDetails, "1; DROP TABLE GoodCall"],
      [ActionId.Outcome, "1:exploded"],
      [ActionId.Promise, "1:maybe"],
      [ActionId.SayThanks, entryKey.encode({ kind: "story", id: 999 })],
      [ActionId.ThanksChoice, "{not json"],
    ];
    for (const [actionId, value] of forged) {
      const before = h.fake.calls("response_url").length;
      const reply = await h.action({ userId: "U2", actionId, value });
      expect(reply.status).toBe(200);
      await h.idle();
      const answers = h.fake.calls("response_url").slice(before);
      expect(answers.map((c) => c.args.text)).toEqual(["That entry no longer exists."]);
    }
    const { n } = await h.db
      .selectFrom("Appreciation")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    expect(n).toBe(0);
    expect(h.logs.join("")).not.toContain("listener failed");
  });
});
