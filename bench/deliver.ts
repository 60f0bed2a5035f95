// Child process for the delivery benchmark: runJobs (every digest due, then the managers' summaries
// that go with them), as the scheduler runs it, with a real WebClient pointed at the parent's fake
// Slack, and the pacer's intervals divided by the clock scale the parent gives.
import { WebClient } from "@slack/web-api";
import { closeDatabase, openDatabase } from "../src/db/client.ts";
import { CHANNEL_INTERVAL_MS, ChannelPacer, WORKSPACE_INTERVAL_MS } from "../src/jobs/pacer.ts";
import { runJobs } from "../src/jobs/run.ts";
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
        const scale = Number(message.scale ?? 1);
        const pacer = new ChannelPacer(CHANNEL_INTERVAL_MS / scale, WORKSPACE_INTERVAL_MS / scale);
        const t0 = performance.now();
        const { digests, managerDms } = await runJobs({ services, client, pacer }, NOW);
        const seconds = (performance.now() - t0) / 1000;
        const results: Record<string, number> = {};
        for (const o of [...digests, ...managerDms]) {
          const kind = "kind" in o ? o.kind : "digest";
          results[`${kind} ${o.result}`] = (results[`${kind} ${o.result}`] ?? 0) + 1;
        }
        const firstError = [...digests, ...managerDms].find((o) => o.error)?.error;
        return {
          seconds,
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
