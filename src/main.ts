// Composition root: configuration → database → Slack app → scheduled jobs; signals stop them in order.
import "dotenv/config";
import type { App } from "@slack/bolt";
import { ErrorCode } from "@slack/web-api";
import { buildApp, listen } from "./app.ts";
import { ConfigError, loadConfig } from "./config.ts";
import { closeDatabase, databaseLocationProblem, openDatabase } from "./db/client.ts";
import { DatabaseUnreachableError, migrateWhenReachable } from "./db/migrate.ts";
import { tuneHeap } from "./heap.ts";
import { startScheduler } from "./jobs/scheduler.ts";
import { createLogger, logOutput, survivesLostOutput } from "./logger.ts";
import { workspaceJobs } from "./oauth/installer.ts";
import { createServices } from "./services.ts";
import { warmRequestPath, warmUp } from "./warmup.ts";
import { describeSlackError, singleTryClient } from "./web.ts";

const SHUTDOWN_DEADLINE_MS = 10_000;
// The last log lines ("stopped") get this long to reach a slow reader before the process exits anyway.
const LOG_DRAIN_MS = 1_000;
// How long Slack gets to answer the start-up check before Socket Mode is judged unreachable.
const SLACK_CHECK_TIMEOUT_MS = 5_000;

/** A start-up problem whose message already says what is wrong and what to do. */
class StartupError extends Error {}

/** Why a request never got an answer (ECONNREFUSED, ENOTFOUND …): the client itself only says "fetch failed". */
function networkCause(error: unknown): string {
  const cause = (error as { original?: { cause?: { code?: unknown } } }).original?.cause;
  return typeof cause?.code === "string" ? cause.code : describeSlackError(error);
}

/**
 * Socket Mode opens its connection through the Web API, and Bolt retries that for about 30 minutes
 * with nothing in the log but "fetch failed": one quick call first tells an unreachable Slack apart
 * and says so. A Slack that answers, even with an error, is left to Bolt to report.
 */
async function checkSlackReachable(app: App, slackApiUrl: string): Promise<void> {
  // NOTE: named `client` so the manifest test sees which Web API methods start-up calls.
  const client = singleTryClient(app.client, SLACK_CHECK_TIMEOUT_MS);
  try {
    await client.auth.test();
  } catch (error) {
    const { code } = error as { code?: string };
    if (code !== ErrorCode.RequestError && code !== ErrorCode.HTTPError) return;
    throw new StartupError(
      `Cannot reach Slack at ${slackApiUrl} to open a Socket Mode connection (${networkCause(error)}): check the network or proxy (SLACK_API_URL), or use HTTP mode (SLACK_SIGNING_SECRET, manifest.http.yml)`,
    );
  }
}

async function main(): Promise<void> {
  tuneHeap();
  survivesLostOutput();
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const output = logOutput();
  const logger = createLogger(config.logLevel, output);
  const location = databaseLocationProblem(config.databaseUrl);
  if (location) throw new StartupError(location);
  await migrateWhenReachable(config.databaseUrl, (code, retryInMs) =>
    logger.warn(
      { code },
      `the database is not reachable yet (${code}); trying again in ${retryInMs / 1000} s`,
    ),
  ).catch((error: unknown) => {
    throw error instanceof DatabaseUnreachableError ? new StartupError(error.message) : error;
  });
  const db = await openDatabase(config.databaseUrl, {
    onError: (error) =>
      logger.warn(
        { err: error },
        "a database connection was lost while idle; the next query opens a new one",
      ),
  });
  const services = createServices({ db, logger, tzDefault: config.tzDefault });
  const { app, authorizeWorkspace, requestListener } = buildApp({ config, services });
  // Before the app takes requests, so that the first ones after a start are as quick as the rest.
  await warmUp(services);
  if (requestListener && !config.oauth && config.slackSigningSecret)
    await warmRequestPath(services, requestListener, config.slackSigningSecret);
  if (config.socketMode) {
    await checkSlackReachable(app, config.slackApiUrl);
    await app.start();
    logger.info({ mode: "socket" }, "GoodCall is running in Socket Mode");
  } else {
    await listen(app, config.port);
    logger.info({ mode: "http", port: config.port }, `GoodCall is listening on port ${config.port}`);
  }

  const workspaces =
    config.oauth && authorizeWorkspace ? workspaceJobs(config, services, authorizeWorkspace) : undefined;
  const scheduler = startScheduler(
    { services, client: app.client, ...(workspaces ? { workspaces } : {}) },
    logger,
  );
  // Catch up at once on digests missed while the app was down.
  void scheduler.tick();

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) {
      // A second signal means whoever sent it is done waiting.
      process.exit(1);
    }
    stopping = true;
    // NOTE: the deadline stays referenced so it fires even when the steps below wait on nothing that
    // keeps the event loop alive, and it logs without waiting: exiting must not depend on output.
    setTimeout(() => {
      attempt(() => logger.error("shutdown took longer than 10 s; exiting anyway"));
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS);
    let code = 0;
    try {
      attempt(() => logger.info({ signal }, "stopping"));
      await scheduler.stop();
      await app
        .stop()
        .catch((error: unknown) => logger.warn({ err: error }, "stopping the Slack app failed"));
      await services.background.idle();
      await closeDatabase(db);
      attempt(() => logger.info("stopped"));
    } catch (error) {
      code = 1;
      attempt(() => logger.error({ err: error }, "stopping failed"));
    }
    await output.drain(LOG_DRAIN_MS);
    process.exit(code);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

/** Runs a logging call whose failure must not keep the process from stopping. */
function attempt(log: () => void): void {
  try {
    log();
  } catch {
    // Nothing left to tell: the log itself is what failed.
  }
}

main().catch((error: unknown) => {
  console.error("GoodCall failed to start:", error instanceof Error ? error.message : error);
  process.exit(1);
});
