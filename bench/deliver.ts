// Child process for the delivery benchmark: runJobs (every digest due, then the managers' summaries
// that go with them), as the scheduler runs it, with a real WebClient pointed at the parent's fake
// Slack, and the pacer's intervals divided by the clock scale the parent gives.
import { WebClient } from "@slack/web-api";
import { closeDatabase, openDatabase } from "../src/db/client.ts";
import { dueDigestPeriods, scheduleOf, slotBefore } from "../src/domain/period.ts";
import { claim, GRACE_MS } from "../src/jobs/outbox.ts";
import { CHANNEL_INTERVAL_MS, ChannelPacer, WORKSPACE_INTERVAL_MS } from "../src/jobs/pacer.ts";
import { runJobs } from "../src/jobs/run.ts";
import { boltLogger, createLogger } from "../src/logger.ts";
import { createServices, type Services } from "../src/services.ts";
import { NOW } from "./dataset.ts";
import { BOT_TOKEN, failToParent, nullStream, serveParent } from "./lib.ts";

const [url = "", slackApiUrl = ""] = process.argv.slice(2);

/**
 * Records every team's previous digest as posted, as if the app had run a week ago: otherwise the
 * dataset's year of history without digests has each manager told of the digests missed.
 */
async function postedLastWeek(services: Services): Promise<number> {
  let recorded = 0;
  for (const team of await services.teams.active()) {
    const due = dueDigestPeriods(scheduleOf(team), null, NOW, GRACE_MS, team.createdAt).at(-1);
    if (!due) continue;
    const start = slotBefore(scheduleOf(team), due.start);
    const key = { kind: "digest", teamId: team.id, periodEnd: due.start } as const;
    const claimed = await claim(services, team, key, { periodStart: start, periodEnd: due.start }, NOW);
    if (!claimed) continue;
    await services.deliveries.markPosted(claimed.delivery.id, NOW, null);
    recorded += 1;
  }
  return recorded;
}

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
        const lastWeek = await postedLastWeek(services);
        const t0 = performance.now();
        const cpu0 = process.cpuUsage();
        const { digests, managerDms } = await runJobs({ services, client, pacer }, NOW);
        const seconds = (performance.now() - t0) / 1000;
        const cpu = process.cpuUsage(cpu0);
        const results: Record<string, number> = {};
        for (const o of [...digests, ...managerDms]) {
          const kind = "kind" in o ? o.kind : "digest";
          results[`${kind} ${o.result}`] = (results[`${kind} ${o.result}`] ?? 0) + 1;
        }
        const firstError = [...digests, ...managerDms].find((o) => o.error)?.error;
        return {
          lastWeek,
          seconds,
          cpuSeconds: (cpu.user + cpu.system) / 1e6,
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
