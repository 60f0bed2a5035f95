// Socket Mode: the same listeners, reached over a WebSocket instead of HTTP.
import { Writable } from "node:stream";
import { expect, it } from "vitest";
import { createApp } from "../../src/app.ts";
import { loadConfig } from "../../src/config.ts";
import { closeDatabase, openDatabase } from "../../src/db/client.ts";
import { createLogger } from "../../src/logger.ts";
import { createServices } from "../../src/services.ts";
import { freshDatabaseUrl } from "../support/db.ts";
import { startFakeSlack } from "../support/fakeSlack.ts";
import { slashCommand } from "../support/payloads.ts";
import { startSocketModeServer } from "../support/socketMode.ts";

it("acknowledges a slash command envelope with the confirmation and saves the good call", async () => {
  const fake = await startFakeSlack();
  const socket = await startSocketModeServer();
  fake.socketUrl = socket.url;
  const databaseUrl = await freshDatabaseUrl();
  const config = loadConfig({
    SLACK_BOT_TOKEN: "xoxb-socket-test",
    SLACK_APP_TOKEN: "xapp-socket-test",
    SLACK_API_URL: fake.url,
    DATABASE_URL: databaseUrl,
  });
  expect(config.socketMode).toBe(true);
  const db = await openDatabase(databaseUrl);
  const logger = createLogger("info", new Writable({ write: (_c, _e, done) => done() }));
  const services = createServices({ db, logger, tzDefault: "UTC" });
  await services.teams.create({ id: "C1", name: "support", timeZone: "UTC", createdById: "U1" });
  // Mikko has used GoodCall before (Slack gave no locale), so the confirmation comes in the ack itself.
  await services.people.setLocale("U2", null);
  const app = createApp({ config, services });
  await app.start();
  try {
    const ack = await socket.sendEnvelope(
      "slash_commands",
      slashCommand({
        command: "/goodcall",
        text: "Drove the spare part over myself #field",
        userId: "U2",
        responseUrl: fake.responseUrl(),
      }),
    );
    expect(JSON.stringify(ack.payload)).toContain("Thanks, <@U2>!");
    const [call] = await services.entries.recentGoodCalls("U2", 1);
    expect(call?.tags).toEqual(["field"]);
    expect(fake.calls("apps.connections.open")).toHaveLength(1);
  } finally {
    await services.background.idle();
    await app.stop();
    await socket.close();
    await closeDatabase(db);
    await fake.close();
  }
  expect(fake.problems()).toEqual([]);
});
