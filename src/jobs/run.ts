// Every scheduled job, run once for a moment in time: what the scheduler's tick and
// `goodcall jobs run` both call, through the same claims, so a second run sends nothing new.
import { type DigestOutcome, type JobDeps, runDigests } from "./digests.ts";
import { type DmOutcome, runManagerDms } from "./dms.ts";

export interface JobsOutcome {
  digests: DigestOutcome[];
  managerDms: DmOutcome[];
}

export async function runJobs(
  deps: JobDeps,
  now: Date,
  options: { teamId?: string; dryRun?: boolean } = {},
): Promise<JobsOutcome> {
  const digests = await runDigests(deps, now, options);
  // Summaries follow the digests they go with; a dry run only previews digests.
  const managerDms = options.dryRun ? [] : await runManagerDms(deps, now, options);
  return { digests, managerDms };
}
