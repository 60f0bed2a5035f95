// node-cron drives one task every minute that runs whatever is due, instead of one task per team
// that would have to be rebuilt on every settings change.
import cron, { type ScheduledTask } from "node-cron";
import { whileHoldingJobsLock } from "../db/jobsLock.ts";
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
    // NOTE: on PostgreSQL one instance runs a tick and the others skip it (src/db/jobsLock.ts);
    // `goodcall jobs run` does not take the lock, so an operator's replay always runs.
    running = whileHoldingJobsLock(deps.services.db, () => runJobs(deps, now()))
      .then((outcome) => {
        if (outcome === "busy") {
          logger.debug("another instance is running the scheduled jobs; skipped this tick");
          return;
        }
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
