// Bad requests from Slack (or signed by someone holding the secret) change nothing, never crash
// the app and never answer 5xx; a retried event is handled once; a request from the future is refused.
import { connect } from "node:net";
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app.ts";
import { loadConfig } from "../../src/config.ts";
import { closeDatabase, openDatabase } from "../../src/db/client.ts";
import { eventRepository } from "../../src/db/events.ts";
import { createLogger } from "../../src/logger.ts";
import { createServices } from "../../src/services.ts";
import { ActionId, CallbackId } from "../../src/views/ids.ts";
import { makeTeam } from "../support/conversation.ts";
import { freshDatabaseUrl } from "../support/db.ts";
import { startFakeSlack } from "../support/fakeSlack.ts";
import { appPerTest, type Harness } from "../support/harness.ts";
import {
  asForm,
  blockAction,
  eventCallback,
  slashCommand,
  urlVerification,
  viewSubmission,
} from "../support/payloads.ts";
import { FORM, JSON_TYPE, postSigned, rowCounts } from "../support/rawRequests.ts";
import { startSocketModeServer } from "../support/socketMode.ts";

const setup = appPerTest();

// NOTE: every test ends with a request that reaches Bolt. Bolt calls auth.test when the app is
// built and only awaits it on a request's authorization; a test whose requests are all refused
// before Bolt would stop the fake Slack under that call, an unhandled rejection.

async function stillServing(h: Harness) {
  expect((await fetch(`${h.url}/healthz`)).status).toBe(200);
  const help = await h.command("/goodcall", "help", { user: "U2" });
  expect(help.status).toBe(200);
}

function interactive(payload: Record<string, unknown>) {
  return { raw: new URLSearchParams(asForm(payload)).toString(), contentType: FORM };
}

describe("Slack's own checks", () => {
  it("answers the URL verification with its challenge and the SSL check with an empty 200, saving nothing", async () => {
    const h = await setup();
    const before = await rowCounts(h.db);
    const verified = await postSigned(h.url, {
      raw: JSON.stringify(urlVerification("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P")),
      contentType: JSON_TYPE,
    });
    expect(verified).toEqual({
      status: 200,
      body: JSON.stringify({ challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" }),
    });
    // Slack's SSL check is a form with ssl_check=1 and a token, unsigned.
    const ssl = await fetch(`${h.url}/slack/events`, {
      method: "POST",
      headers: { "content-type": FORM },
      body: "ssl_check=1&token=verification-token",
    });
    expect(ssl.status).toBe(200);
    expect(await ssl.text()).toBe("");
    expect(await rowCounts(h.db)).toEqual(before);
    await stillServing(h);
  });
});

describe("a signed body that is not an envelope", () => {
  it.each(["null", "5", '"text"', "[]", "true", "{}"])(
    "answers 400 to the JSON body %s and keeps serving",
    async (raw) => {
      const h = await setup();
      const before = await rowCounts(h.db);
      const reply = await postSigned(h.url, { raw, contentType: JSON_TYPE });
      expect(reply.status).toBe(400);
      expect(await rowCounts(h.db)).toEqual(before);
      await stillServing(h);
    },
  );

  const button = (h: Harness) =>
    blockAction({ userId: "U2", actionId: ActionId.OpenGoodCallModal, responseUrl: h.fake.responseUrl() });
  const inHome = (h: Harness) =>
    blockAction({
      userId: "U1",
      actionId: ActionId.ManagerPreference,
      value: "C1:instant",
      view: { type: "home" },
      responseUrl: h.fake.responseUrl(),
    });
  const settings = () =>
    viewSubmission({
      userId: "U1",
      callbackId: CallbackId.SettingsModal,
      privateMetadata: JSON.stringify({ teamId: "C1" }),
      values: {},
    });
  const cases: Array<
    [string, (h: Harness) => Record<string, unknown>, (p: Record<string, unknown>) => void]
  > = [
    ["a block action with user null", button, (p) => Object.assign(p, { user: null })],
    ["a block action with actions null", button, (p) => Object.assign(p, { actions: null })],
    ["a block action with no actions", button, (p) => Object.assign(p, { actions: [] })],
    ["a block action with channel null", button, (p) => Object.assign(p, { channel: null })],
    ["a block action in a view with view null", inHome, (p) => Object.assign(p, { view: null })],
    ["a view submission with user null", settings, (p) => Object.assign(p, { user: null })],
    ["a view submission with view null", settings, (p) => Object.assign(p, { view: null })],
    [
      "a view submission naming a manager by an odd id",
      settings,
      (p) => {
        const view = p.view as { state: { values: unknown } };
        view.state.values = {
          managers: { managers: { type: "multi_users_select", selected_users: ["u1; DROP"] } },
        };
      },
    ],
  ];
  it.each(cases)("answers 400 to %s and changes nothing", async (_name, build, mutate) => {
    const h = await setup();
    await makeTeam(h);
    h.fake.clear();
    const before = await rowCounts(h.db);
    const payload = build(h);
    mutate(payload);
    const reply = await postSigned(h.url, interactive(payload));
    expect(reply.status).toBe(400);
    await h.idle();
    expect(await rowCounts(h.db)).toEqual(before);
    expect(h.fake.calls().filter((c) => c.method !== "users.info")).toEqual([]);
    await stillServing(h);
  });

  it("answers 400 to an App Home event with event.user null", async () => {
    const h = await setup();
    const before = await rowCounts(h.db);
    const body = eventCallback({ type: "app_home_opened", user: null, channel: "D2", tab: "home" });
    const reply = await postSigned(h.url, { raw: JSON.stringify(body), contentType: JSON_TYPE });
    expect(reply.status).toBe(400);
    expect(await rowCounts(h.db)).toEqual(before);
    expect(h.fake.calls("views.publish")).toEqual([]);
    await stillServing(h);
  });

  it("answers 400 to a body whose type disagrees with how Bolt routes it", async () => {
    const h = await setup();
    await makeTeam(h);
    const before = await rowCounts(h.db);
    // Bolt routes by the `command` key before `type`: this is a slash command with no user.
    const body = { ...settings(), command: "/goodcall", text: "Gave a refund" };
    const reply = await postSigned(h.url, { raw: JSON.stringify(body), contentType: JSON_TYPE });
    expect(reply.status).toBe(400);
    expect(await rowCounts(h.db)).toEqual(before);
    await stillServing(h);
  });
});

it("answers 400 to a request whose target is no URL, and keeps serving", async () => {
  const h = await setup();
  const { port } = new URL(h.url);
  const statusLine = await new Promise<string>((resolve, reject) => {
    const socket = connect(Number(port), "127.0.0.1", () =>
      socket.write(
        "POST http://[::1/slack/events HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
      ),
    );
    let reply = "";
    socket.on("data", (chunk) => {
      reply += String(chunk);
    });
    socket.on("end", () => resolve(reply.split("\r\n")[0] ?? ""));
    socket.on("error", reject);
  });
  expect(statusLine).toBe("HTTP/1.1 400 Bad Request");
  await stillServing(h);
});

describe("ids from Slack are checked by shape", () => {
  it.each([
    ["empty", ""],
    ["200 characters long", `C${"A".repeat(199)}`],
    ["lowercase", "c1"],
    ["of no channel kind", "X1"],
  ])("refuses `/goodcall setup` in a channel whose id is %s and creates no team", async (_name, channel) => {
    const h = await setup();
    const before = await rowCounts(h.db);
    const reply = await h.command("/goodcall", "setup", { user: "U1", channel, channelName: "support" });
    expect(reply.status).toBe(400);
    expect(await rowCounts(h.db)).toEqual(before);
    expect(await h.services.teams.teamsOf("U1")).toEqual([]);
    await stillServing(h);
  });

  it("refuses a slash command from a person whose id is not a user id", async () => {
    const h = await setup();
    await makeTeam(h);
    const before = await rowCounts(h.db);
    const reply = await h.command("/goodcall", "Walked a customer through a reset", { user: "C9" });
    expect(reply.status).toBe(400);
    expect(await rowCounts(h.db)).toEqual(before);
    await stillServing(h);
  });
});

describe("Events API retries", () => {
  const homeOpened = (eventId: string) => {
    const body = eventCallback({ type: "app_home_opened", user: "U2", channel: "D2", tab: "home" });
    return JSON.stringify({ ...body, event_id: eventId });
  };

  it("handles each event id once: a retry is acked and not handled again", async () => {
    const h = await setup();
    const first = await postSigned(h.url, { raw: homeOpened("Ev0AAA1"), contentType: JSON_TYPE });
    expect(first.status).toBe(200);
    await h.idle();
    expect(h.fake.calls("views.publish")).toHaveLength(1);

    const retry = await postSigned(h.url, {
      raw: homeOpened("Ev0AAA1"),
      contentType: JSON_TYPE,
      headers: { "x-slack-retry-num": "1", "x-slack-retry-reason": "http_timeout" },
    });
    expect(retry.status).toBe(200);
    await h.idle();
    expect(h.fake.calls("views.publish")).toHaveLength(1);

    // A retry whose first delivery never arrived is the first we see of it: handled.
    const unseen = await postSigned(h.url, {
      raw: homeOpened("Ev0AAA2"),
      contentType: JSON_TYPE,
      headers: { "x-slack-retry-num": "2", "x-slack-retry-reason": "http_error" },
    });
    expect(unseen.status).toBe(200);
    await h.idle();
    expect(h.fake.calls("views.publish")).toHaveLength(2);
  });

  it("forgets event ids after a day", async () => {
    const h = await setup({ now: new Date("2026-03-02T09:00:00Z") });
    await postSigned(h.url, { raw: homeOpened("Ev0OLD"), contentType: JSON_TYPE });
    h.now.value = new Date("2026-03-03T10:00:00Z");
    await postSigned(h.url, { raw: homeOpened("Ev0NEW"), contentType: JSON_TYPE });
    const ids = await h.db.selectFrom("ReceivedEvent").select("eventId").execute();
    expect(ids).toEqual([{ eventId: "Ev0NEW" }]);
  });

  it("takes an event in once when two instances share the database", async () => {
    const h = await setup();
    const other = await openDatabase(h.databaseUrl);
    try {
      const at = new Date();
      const results = await Promise.all([
        eventRepository(h.db).firstDelivery("Ev0SHARED", at),
        eventRepository(other).firstDelivery("Ev0SHARED", at),
      ]);
      expect(results.sort()).toEqual([false, true]);
    } finally {
      await closeDatabase(other);
    }
    await stillServing(h);
  });
});

describe("request timestamps", () => {
  const setupCommand = (h: Harness, channel: string) =>
    new URLSearchParams(
      slashCommand({
        command: "/goodcall",
        text: "setup",
        userId: "U1",
        channelId: channel,
        channelName: "support",
        responseUrl: h.fake.responseUrl(),
      }),
    ).toString();

  it("answers 401 to a request stamped more than five minutes in the future, and saves nothing", async () => {
    const h = await setup();
    const before = await rowCounts(h.db);
    const reply = await postSigned(h.url, {
      raw: setupCommand(h, "C1"),
      contentType: FORM,
      timestampSec: Math.floor(Date.now() / 1000) + 6 * 60,
    });
    expect(reply.status).toBe(401);
    expect(await rowCounts(h.db)).toEqual(before);
    await stillServing(h);
  });

  it("accepts a clock a few minutes fast", async () => {
    const h = await setup();
    const reply = await postSigned(h.url, {
      raw: setupCommand(h, "C1"),
      contentType: FORM,
      timestampSec: Math.floor(Date.now() / 1000) + 4 * 60,
    });
    expect(reply.status).toBe(200);
    expect(await h.services.teams.find("C1")).not.toBeNull();
  });
});

it("Socket Mode: a malformed envelope is acked and changes nothing, and the app keeps serving", async () => {
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
  const app = createApp({ config, services });
  await app.start();
  try {
    const before = await rowCounts(db);
    const odd = slashCommand({
      command: "/goodcall",
      text: "setup",
      userId: "U1",
      channelId: "",
      responseUrl: fake.responseUrl(),
    });
    expect((await socket.sendEnvelope("slash_commands", odd)).payload ?? {}).toEqual({});
    const nullUser = blockAction({ userId: "U1", actionId: ActionId.OpenGoodCallModal });
    expect(await socket.sendEnvelope("interactive", { ...nullUser, user: null })).toBeDefined();
    await services.background.idle();
    expect(await rowCounts(db)).toEqual(before);

    const help = slashCommand({
      command: "/goodcall",
      text: "help",
      userId: "U2",
      responseUrl: fake.responseUrl(),
    });
    expect((await socket.sendEnvelope("slash_commands", help)).payload).toBeDefined();
  } finally {
    await services.background.idle();
    await app.stop();
    await socket.close();
    await closeDatabase(db);
    await fake.close();
  }
});
