// Child process for the delivery benchmark: runDigests, as the scheduler runs it, with a real
// WebClient (default retry policy, as in production) pointed at the parent's fake Slack.
import { WebClient } from "@slack/web-api";
import { closeDatabase, openDatabase } from "../src/db/client.ts";
import { runDigests } from "../src/jobs/digests.ts";
import { boltLogger, createLogger } from "../src/logger.ts";
import { createServices } from "../src/services.ts";
import { NOW } from "./dataset.ts";
import { BOT_TOKEN, failToParent, nullStream, serveParent } from "./lib.ts";

const [url = "", slackApiUrl = ""] = process.argv.slice(2);

async function main(): Promise<void> {
  const db = await openDatabase(url);
  const logger = createLogger("warn", nullStream());
  const owner = `bench:${process.pid}`;
  const services = createServices({ db, logger, tzDefault: "UTC", owner });
  const client = new WebClient(BOT_TOKEN, { slackApiUrl, logger: boltLogger(logger) });

  serveParent(
    {
      deliver: async (message) => {
        const concurrency = message.concurrency === undefined ? undefined : Number(message.concurrency);
        const startedAt = Date.now();
        const t0 = performance.now();
        const { digests: outcomes } = await runDigests(
          { services, client, ...(concurrency !== undefined ? { concurrency } : {}) },
          NOW,
        );
        const seconds = (performance.now() - t0) / 1000;
        const results: Record<string, number> = {};
        for (const o of outcomes) results[o.result] = (results[o.result] ?? 0) + 1;
        const firstError = outcomes.find((o) => o.error)?.error;
        return {
          startedAt,
          seconds,
          outcomes: outcomes.length,
          results,
          ...(firstError ? { firstError } : {}),
          maxRssMb: process.resourceUsage().maxRSS / 1024,
        };
      },
    },
    async () => {
      await closeDatabase(db);
    },
  );
  process.send?.({ type: "ready" });
}

main().catch(failToParent);
