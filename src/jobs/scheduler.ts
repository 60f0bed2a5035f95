// node-cron drives one task every minute that runs whatever is due, instead of one task per team
// that would have to be rebuilt on every settings change.
import cron, { type ScheduledTask } from "node-cron";
import type { Logger } from "../logger.ts";
import type { JobDeps } from "./outbox.ts";
import { runJobs } from "./run.ts";

export interface Scheduler {
  /** Runs one tick now (start-up catch-up uses it). */
  tick(): Promise<void>;
  stop(): Promise<void>;
}

export function startScheduler(deps: JobDeps, logger: Logger, now: () => Date = () => new Date()): Scheduler {
  let running: Promise<void> | null = null;
  const tick = async () => {
    // A slow tick (many teams, Slack rate limits) must not overlap the next one.
    if (running) return running;
    running = runJobs(deps, now())
      .then((outcome) => {
        const posted = outcome.digests.filter((d) => d.result === "posted").length;
        if (outcome.digests.length > 0)
          logger.info({ digests: outcome.digests.length, posted }, "scheduled jobs ran");
      })
      .catch((error: unknown) => logger.error({ err: error }, "scheduled jobs failed"))
      .finally(() => {
        running = null;
      });
    return running;
  };
  const task: ScheduledTask = cron.schedule("* * * * *", () => tick(), {
    name: "goodcall-jobs",
    noOverlap: true,
  });
  return {
    tick,
    async stop() {
      await task.stop();
      await task.destroy();
      if (running) await running;
    },
  };
}
