// The real app, started in HTTP mode on 127.0.0.1 against the fake Slack and a fresh SQLite file;
// tests talk to it like Slack does (signed requests) and read what it said from the fake's record.
import { Writable } from "node:stream";
import type { App } from "@slack/bolt";
import { afterAll, afterEach, expect } from "vitest";
import { createApp, listen } from "../../src/app.ts";
import { loadConfig } from "../../src/config.ts";
import { closeDatabase, type Db, openDatabase } from "../../src/db/client.ts";
import { createLogger } from "../../src/logger.ts";
import { createServices, type Services } from "../../src/services.ts";
import { checkMessage, checkView } from "./blockKit.ts";
import { freshDatabaseUrl } from "./db.ts";
import { type FakeSlack, type FunctionExecution, startFakeSlack } from "./fakeSlack.ts";
import {
  asForm,
  blockAction,
  eventCallback,
  functionExecuted,
  globalShortcut,
  messageShortcut,
  slashCommand,
  viewSubmission,
} from "./payloads.ts";
import { postToSlackApp } from "./signing.ts";

export const SIGNING_SECRET = "test-signing-secret";
export const BOT_TOKEN = "xoxb-test-token";

export interface Reply {
  status: number;
  body: string;
  elapsedMs: number;
  /** The ack body parsed as JSON, or null when the app acked with an empty body. */
  json: Record<string, unknown> | null;
}

export interface Harness {
  url: string;
  databaseUrl: string;
  fake: FakeSlack;
  services: Services;
  db: Db;
  /** Every log line the app wrote, for checks that secrets and customer text stay out. */
  logs: string[];
  now: { value: Date };
  command(
    command: string,
    text: string,
    opts?: { user?: string; channel?: string; channelName?: string },
  ): Promise<Reply>;
  action(opts: Parameters<typeof blockAction>[0]): Promise<Reply>;
  /** A block action on a select menu: the chosen option's value. */
  select(opts: Omit<Parameters<typeof blockAction>[0], "value"> & { selected: string }): Promise<Reply>;
  submit(opts: Parameters<typeof viewSubmission>[0]): Promise<Reply>;
  globalShortcut(opts: Parameters<typeof globalShortcut>[0]): Promise<Reply>;
  messageShortcut(opts: Omit<Parameters<typeof messageShortcut>[0], "responseUrl">): Promise<Reply>;
  event(event: Record<string, unknown>): Promise<Reply>;
  /**
   * A workflow reaches the app's step `callbackId` with these inputs: the fake starts the run and
   * Slack's function_executed event is sent. `body` is that event, to send again as a retry.
   */
  step(
    callbackId: string,
    inputs: Record<string, unknown>,
  ): Promise<{ reply: Reply; execution: FunctionExecution; body: Record<string, unknown> }>;
  /** Block Kit problems in what the fake recorded and in the app's ack bodies (views returned in acks never reach the fake). */
  problems(): string[];
  /** Waits for the work the app started after acking (feed posts, lookups). */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

const ackTimes: number[] = [];

function toReply(r: { status: number; body: string; elapsedMs: number }): Reply {
  let json: Record<string, unknown> | null = null;
  try {
    json = r.body ? (JSON.parse(r.body) as Record<string, unknown>) : null;
  } catch {
    json = null;
  }
  return { ...r, json };
}

export async function startHarness(options: { now?: Date } = {}): Promise<Harness> {
  const fake = await startFakeSlack();
  const databaseUrl = await freshDatabaseUrl();
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const logger = createLogger("debug", sink);
  const config = loadConfig({
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_SOCKET_MODE: "false",
    SLACK_API_URL: fake.url,
    DATABASE_URL: databaseUrl,
    TZ_DEFAULT: "Europe/Helsinki",
  });
  const db = await openDatabase(databaseUrl);
  const now = { value: options.now ?? new Date() };
  const services = createServices({ db, logger, tzDefault: config.tzDefault, now: () => now.value });
  const app: App = createApp({
    config,
    services,
    retryConfig: { retries: 2, factor: 1, minTimeout: 10, maxTimeout: 50 },
  });
  const server = await listen(app, 0);
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("the app did not listen on a TCP port");
  const url = `http://127.0.0.1:${address.port}`;

  const ackProblems: string[] = [];
  const send = async (body: { form?: Record<string, string>; json?: unknown }) => {
    const reply = toReply(await postToSlackApp(url, body, SIGNING_SECRET));
    ackTimes.push(reply.elapsedMs);
    if (reply.json?.view) ackProblems.push(...checkView(reply.json.view, "ack view"));
    else if (reply.json?.blocks) ackProblems.push(...checkMessage(reply.json, "ack message"));
    return reply;
  };

  /** A response_url and trigger_id that the transcript knows belong to this person and channel. */
  const minted = (opts: { userId?: string; channelId?: string }) => ({
    responseUrl: fake.responseUrl(undefined, { user: opts.userId ?? "U1", channel: opts.channelId ?? "C1" }),
    triggerId: fake.triggerId(opts.userId ?? "U1"),
  });

  return {
    url,
    databaseUrl,
    fake,
    services,
    db,
    logs,
    now,
    command: (command, text, opts = {}) =>
      send({
        form: slashCommand({
          command,
          text,
          userId: opts.user ?? "U1",
          channelId: opts.channel ?? "C1",
          ...(opts.channelName ? { channelName: opts.channelName } : {}),
          responseUrl: fake.responseUrl(undefined, {
            user: opts.user ?? "U1",
            channel: opts.channel ?? "C1",
          }),
          triggerId: fake.triggerId(opts.user ?? "U1"),
        }),
      }),
    action: (opts) => send({ form: asForm(blockAction({ ...minted(opts), ...opts })) }),
    select: ({ selected, ...opts }) => {
      const payload = blockAction({ ...minted(opts), ...opts });
      const [action] = payload.actions as Array<Record<string, unknown>>;
      payload.actions = [
        {
          ...action,
          type: "static_select",
          selected_option: { text: { type: "plain_text", text: selected }, value: selected },
        },
      ];
      return send({ form: asForm(payload) });
    },
    submit: (opts) => send({ form: asForm(viewSubmission(opts)) }),
    globalShortcut: (opts) => send({ form: asForm(globalShortcut(opts)) }),
    messageShortcut: (opts) =>
      send({ form: asForm(messageShortcut({ ...opts, responseUrl: fake.responseUrl() })) }),
    event: (event) => send({ json: eventCallback(event) }),
    async step(callbackId, inputs) {
      const execution = fake.startFunction(callbackId);
      const body = functionExecuted({ execution, inputs });
      return { reply: await send({ json: body }), execution, body };
    },
    problems: () => [...fake.problems(), ...ackProblems],
    idle: () => services.background.idle(),
    async stop() {
      await services.background.idle();
      await app.stop();
      await closeDatabase(db);
      await fake.close();
    },
  };
}

/**
 * One app per test: returns the function that starts it, and registers the after-test step that
 * stops it and fails the test if the fake Slack saw a problem (unknown method, Block Kit limit).
 */
export function appPerTest(): (options?: { now?: Date }) => Promise<Harness> {
  let current: Harness | undefined;
  // GOODCALL_ACK_TIMES=1 prints how fast the app acknowledged in this file (a figure, never a test).
  afterAll(() => {
    if (!process.env.GOODCALL_ACK_TIMES || ackTimes.length === 0) return;
    const sorted = [...ackTimes].sort((a, b) => a - b);
    const at = (p: number) =>
      sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]?.toFixed(1);
    console.log(`ack ms over ${sorted.length} requests: p50 ${at(50)}, p99 ${at(99)}, max ${at(100)}`);
  });
  afterEach(async () => {
    if (!current) return;
    const problems = current.problems();
    await current.stop();
    current = undefined;
    expect(problems).toEqual([]);
  });
  return async (options) => {
    current = await startHarness(options);
    return current;
  };
}
