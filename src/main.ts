// Composition root: configuration → database → Slack app → scheduled jobs; signals stop them in order.
import "dotenv/config";
import { buildApp } from "./app.ts";
import { ConfigError, loadConfig } from "./config.ts";
import { closeDatabase, openDatabase } from "./db/client.ts";
import { migrate } from "./db/migrate.ts";
import { startScheduler } from "./jobs/scheduler.ts";
import { createLogger, logOutput, survivesLostOutput } from "./logger.ts";
import { workspaceJobs } from "./oauth/installer.ts";
import { createServices } from "./services.ts";

const SHUTDOWN_DEADLINE_MS = 10_000;
// The last log lines ("stopped") get this long to reach a slow reader before the process exits anyway.
const LOG_DRAIN_MS = 1_000;

async function main(): Promise<void> {
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
  await migrate(config.databaseUrl);
  const db = await openDatabase(config.databaseUrl);
  const services = createServices({ db, logger, tzDefault: config.tzDefault });
  const { app, authorizeWorkspace } = buildApp({ config, services });
  if (config.socketMode) {
    await app.start();
    logger.info({ mode: "socket" }, "GoodCall is running in Socket Mode");
  } else {
    await app.start(config.port);
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
