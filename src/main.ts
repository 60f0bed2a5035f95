// Composition root: configuration → database → Slack app → scheduled jobs; signals stop them in order.
import "dotenv/config";
import { createApp } from "./app.ts";
import { ConfigError, loadConfig } from "./config.ts";
import { closeDatabase, openDatabase } from "./db/client.ts";
import { migrate } from "./db/migrate.ts";
import { startScheduler } from "./jobs/scheduler.ts";
import { createLogger } from "./logger.ts";
import { createServices } from "./services.ts";

const SHUTDOWN_DEADLINE_MS = 10_000;

async function main(): Promise<void> {
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
  const logger = createLogger(config.logLevel);
  await migrate(config.databaseUrl);
  const db = await openDatabase(config.databaseUrl);
  const services = createServices({ db, logger, tzDefault: config.tzDefault });
  const app = createApp({ config, services });
  if (config.socketMode) {
    await app.start();
    logger.info({ mode: "socket" }, "GoodCall is running in Socket Mode");
  } else {
    await app.start(config.port);
    logger.info({ mode: "http", port: config.port }, `GoodCall is listening on port ${config.port}`);
  }

  const scheduler = startScheduler({ services, client: app.client }, logger);
  // Catch up at once on digests missed while the app was down.
  void scheduler.tick();

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "stopping");
    const deadline = setTimeout(() => {
      logger.error("shutdown took longer than 10 s; exiting anyway");
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS);
    deadline.unref();
    await scheduler.stop();
    await app.stop().catch((error: unknown) => logger.warn({ err: error }, "stopping the Slack app failed"));
    await services.background.idle();
    await closeDatabase(db);
    logger.info("stopped");
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

main().catch((error: unknown) => {
  console.error("GoodCall failed to start:", error instanceof Error ? error.message : error);
  process.exit(1);
});
