// Child process for the log-path benchmark, one server per process, each with its own fake Slack:
// - `goodcall`: the real app (createApp, HTTP mode, a fresh migrated SQLite file, logger at "warn"
//   into a null stream).
// - `bare`: a minimal Bolt app with the same HTTPReceiver setup whose one listener acks /goodcall.
// - `insert`: bare Bolt that stores the good call with one prepared INSERT (better-sqlite3, WAL,
//   synchronous NORMAL, as GoodCall opens the file) into the same table before an empty ack.
// - `floor`: `insert` that also answers with a Block Kit reply the size of GoodCall's confirmation:
//   the least a durable quick log with a confirmation can cost.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { App, HTTPReceiver, LogLevel } from "@slack/bolt";
import Database from "better-sqlite3";
import { createApp, listen } from "../src/app.ts";
import { loadConfig } from "../src/config.ts";
import { closeDatabase, openDatabase } from "../src/db/client.ts";
import { migrate } from "../src/db/migrate.ts";
import { tuneHeap } from "../src/heap.ts";
import { boltLogger, createLogger } from "../src/logger.ts";
import { createServices } from "../src/services.ts";
import { startFakeSlack } from "../test/support/fakeSlack.ts";
import {
  BENCH_CHANNEL,
  BOT_TOKEN,
  failToParent,
  nullStream,
  SIGNING_SECRET,
  serveParent,
  serverCpuMs,
} from "./lib.ts";

const mode = process.argv[2];

// The row GoodCall's quick log writes (src/db/entries.ts createGoodCall), as one prepared statement:
// the least a durable write costs, whatever the app's data layer does on top of it.
const INSERT_GOOD_CALL = `INSERT INTO GoodCall (teamId, authorId, what, why, tags, valueCents, currency, followUp, source,
  flaggedPii, followUpDueAt, promiseDue, promiseRemindAt, promiseStatus, createdAt, updatedAt)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/**
 * A reply shaped and sized like GoodCall's confirmation of a quick log (a section quoting the text, a
 * context line, two buttons naming the good call), built per request as a bare Bolt app would.
 */
function confirmationLike(userId: string, text: string, id: number) {
  const thanks = `Thanks, <@${userId}>! Your good call is saved.`;
  const button = (label: string, actionId: string) => ({
    type: "button",
    text: { type: "plain_text", text: label, emoji: true },
    action_id: actionId,
    value: String(id),
  });
  return {
    response_type: "ephemeral" as const,
    text: thanks,
    blocks: [
      { type: "section", text: { type: "mrkdwn", text: `${thanks}\n>${text}` } },
      { type: "context", elements: [{ type: "mrkdwn", text: "*Value:* 12.00 EUR  ·  #late-delivery" }] },
      {
        type: "actions",
        elements: [button("Add details", "goodcall_add_details"), button("Undo", "goodcall_undo")],
      },
    ],
  };
}

function bareApp(fakeUrl: string, logger: ReturnType<typeof createLogger>): App {
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
  return new App({
    token: BOT_TOKEN,
    receiver,
    logger: boltLogger(logger),
    logLevel: LogLevel.INFO,
    clientOptions: { slackApiUrl: fakeUrl },
  });
}

/** A migrated database file with the bench team in it, opened as GoodCall opens it for the quick log. */
async function controlDatabase(): Promise<{ sql: Database.Database; dir: string }> {
  const dir = mkdtempSync(path.join(tmpdir(), "goodcall-bench-control-"));
  const file = path.join(dir, "control.db");
  await migrate(`file:${file}`);
  const sql = new Database(file, { fileMustExist: true });
  sql.pragma("journal_mode = WAL");
  sql.pragma("busy_timeout = 5000");
  sql.pragma("synchronous = NORMAL");
  sql.pragma("foreign_keys = ON");
  const now = new Date().toISOString();
  sql
    .prepare(
      "INSERT INTO Team (id, name, timeZone, createdById, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?, ?)",
    )
    .run(BENCH_CHANNEL, "team-bench", "UTC", "UBENCH001", now, now);
  return { sql, dir };
}

async function main(): Promise<void> {
  const fake = await startFakeSlack();
  const logger = createLogger("warn", nullStream());
  const rss = async () => ({ rssMb: process.memoryUsage().rss / 1024 / 1024 });

  if (mode === "bare" || mode === "insert" || mode === "floor") {
    const app = bareApp(fake.url, logger);
    const control = mode === "bare" ? null : await controlDatabase();
    if (!control) {
      app.command("/goodcall", async ({ ack }) => {
        await ack();
      });
    } else {
      const insert = control.sql.prepare(INSERT_GOOD_CALL);
      const reply = mode === "floor";
      app.command("/goodcall", async ({ ack, command }) => {
        const now = new Date().toISOString();
        const { lastInsertRowid } = insert.run(
          BENCH_CHANNEL,
          command.user_id,
          command.text,
          null,
          "",
          null,
          null,
          0,
          "inline",
          0,
          null,
          null,
          null,
          null,
          now,
          now,
        );
        await (reply ? ack(confirmationLike(command.user_id, command.text, Number(lastInsertRowid))) : ack());
      });
    }
    const server = await listen(app, 0);
    const address = server.address();
    if (!address || typeof address === "string") throw new Error("no TCP port");
    serveParent({ rss, cpu: serverCpuMs }, async () => {
      await app.stop();
      control?.sql.close();
      await fake.close();
      if (control) rmSync(control.dir, { recursive: true, force: true });
    });
    process.send?.({ type: "ready", port: address.port, responseUrl: fake.responseUrl() });
    return;
  }

  if (mode !== "goodcall") throw new Error(`unknown mode ${mode}`);
  // As the app's entry points do (src/main.ts).
  tuneHeap();
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
      cpu: serverCpuMs,
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
