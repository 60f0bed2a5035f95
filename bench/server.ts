// Child process for the log-path benchmark: `goodcall` runs the real app (createApp, HTTP mode,
// a fresh migrated SQLite file, logger at "warn" into a null stream), `bare` a minimal Bolt App
// with the same HTTPReceiver setup whose one listener acks /goodcall, and `bare-insert` (a diagnostic)
// the same bare app storing the good call through Prisma before acking. Each has its own fake Slack.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { App, HTTPReceiver, LogLevel } from "@slack/bolt";
import { createApp, listen } from "../src/app.ts";
import { loadConfig } from "../src/config.ts";
import { closeDatabase, openDatabase } from "../src/db/client.ts";
import { migrate } from "../src/db/migrate.ts";
import { boltLogger, createLogger } from "../src/logger.ts";
import { createServices } from "../src/services.ts";
import { startFakeSlack } from "../test/support/fakeSlack.ts";
import { BENCH_CHANNEL, BOT_TOKEN, failToParent, nullStream, SIGNING_SECRET, serveParent } from "./lib.ts";

const mode = process.argv[2];

async function main(): Promise<void> {
  const fake = await startFakeSlack();
  const logger = createLogger("warn", nullStream());
  const rss = async () => ({ rssMb: process.memoryUsage().rss / 1024 / 1024 });

  if (mode === "bare-insert") {
    // Diagnostic floor: bare Bolt whose listener stores the good call through the app's repository
    // (one Prisma insert) before acking, and does nothing else.
    const dir = mkdtempSync(path.join(tmpdir(), "goodcall-bench-floor-"));
    const databaseUrl = `file:${path.join(dir, "floor.db")}`;
    await migrate(databaseUrl);
    const db = await openDatabase(databaseUrl);
    const services = createServices({ db, logger, tzDefault: "UTC" });
    await services.teams.create({
      id: BENCH_CHANNEL,
      name: "team-bench",
      timeZone: "UTC",
      createdById: "UBENCH001",
    });
    const app = new App({
      token: BOT_TOKEN,
      receiver: new HTTPReceiver({ signingSecret: SIGNING_SECRET, logger: boltLogger(logger) }),
      logger: boltLogger(logger),
      logLevel: LogLevel.INFO,
      clientOptions: { slackApiUrl: fake.url },
    });
    app.command("/goodcall", async ({ ack, command }) => {
      await services.entries.createGoodCall(
        {
          teamId: BENCH_CHANNEL,
          authorId: command.user_id,
          what: command.text,
          why: null,
          tags: [],
          value: null,
          followUp: false,
          source: "inline",
          flaggedPii: false,
        },
        new Date(),
      );
      await ack();
    });
    const server = await listen(app, 0);
    const address = server.address();
    if (!address || typeof address === "string") throw new Error("no TCP port");
    serveParent({ rss }, async () => {
      await app.stop();
      await closeDatabase(db);
      await fake.close();
      rmSync(dir, { recursive: true, force: true });
    });
    process.send?.({ type: "ready", port: address.port, responseUrl: fake.responseUrl() });
    return;
  }

  if (mode === "bare") {
    const receiver = new HTTPReceiver({
      signingSecret: SIGNING_SECRET,
      logger: boltLogger(logger),
      customRoutes: [
        {
          path: "/healthz",
          method: ["GET"],
          handler: (_req, res) => {
            res.writeHead(200);
            res.end();
          },
        },
      ],
    });
    const app = new App({
      token: BOT_TOKEN,
      receiver,
      logger: boltLogger(logger),
      logLevel: LogLevel.INFO,
      clientOptions: { slackApiUrl: fake.url },
    });
    app.command("/goodcall", async ({ ack }) => {
      await ack();
    });
    const server = await listen(app, 0);
    const address = server.address();
    if (!address || typeof address === "string") throw new Error("no TCP port");
    serveParent({ rss }, async () => {
      await app.stop();
      await fake.close();
    });
    process.send?.({ type: "ready", port: address.port, responseUrl: fake.responseUrl() });
    return;
  }

  if (mode !== "goodcall") throw new Error(`unknown mode ${mode}`);
  const dir = mkdtempSync(path.join(tmpdir(), "goodcall-bench-log-"));
  // Part 6 gives a database URL after the mode (a fresh PostgreSQL database) to use instead of a file.
  const databaseUrl = process.argv[3] ?? `file:${path.join(dir, "log.db")}`;
  await migrate(databaseUrl);
  const config = loadConfig({
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_SOCKET_MODE: "false",
    SLACK_API_URL: fake.url,
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: "warn",
    TZ_DEFAULT: "Europe/Helsinki",
  });
  const db = await openDatabase(databaseUrl);
  const services = createServices({ db, logger, tzDefault: config.tzDefault });
  const app = createApp({ config, services });
  const server = await listen(app, 0);
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("no TCP port");
  serveParent(
    {
      rss,
      /** Good calls stored, once the work the app started after acking has finished. */
      count: async () => {
        await services.background.idle();
        return {
          goodCalls: Number(
            (
              await db
                .selectFrom("GoodCall")
                .select((eb) => eb.fn.countAll<number>().as("n"))
                .executeTakeFirstOrThrow()
            ).n,
          ),
          problems: fake.problems().slice(0, 5),
        };
      },
    },
    async () => {
      await services.background.idle();
      await app.stop();
      await closeDatabase(db);
      await fake.close();
      rmSync(dir, { recursive: true, force: true });
    },
  );
  process.send?.({ type: "ready", port: address.port, responseUrl: fake.responseUrl() });
}

main().catch(failToParent);
