// Every scheduled job, run once for a moment in time: what the scheduler's tick and
// `goodcall jobs run` both call, through the same claims, so a second run sends nothing new.
import { type DigestOutcome, runDigests, type SendSummary } from "./digests.ts";
import { type DmOutcome, runManagerDms, sendDm } from "./dms.ts";
import { type JobDeps, runClock } from "./outbox.ts";
import { ChannelPacer } from "./pacer.ts";
import { runQuarterlyReports } from "./report.ts";
import { runRetention } from "./retention.ts";
import { runWorkspaceDeletion } from "./workspaces.ts";

export interface JobsOutcome {
  digests: DigestOutcome[];
  managerDms: DmOutcome[];
}

export async function runJobs(
  given: JobDeps,
  now: Date,
  options: { teamId?: string; dryRun?: boolean } = {},
): Promise<JobsOutcome> {
  // One pacer for the whole run: the digests and the DMs after them count against the same limits.
  const deps = { ...given, pacer: given.pacer ?? new ChannelPacer() };
  // One clock for the whole run, so leases renewed late in it are measured like those claimed early.
  const clock = runClock(now);
  // Each summary is sent right after its digest, from the week that digest composed; a dry run only
  // previews digests.
  const summaries: DmOutcome[] = [];
  const sendSummary: SendSummary = async (summary, paced, waits) => {
    summaries.push(await sendDm(paced, summary, now, { clock, ...waits }));
  };
  const { digests, dms } = await runDigests(deps, now, { ...options, clock, sendSummary });
  const managerDms = options.dryRun
    ? []
    : [
        ...summaries,
        ...(await runManagerDms(deps, now, {
          ...(options.teamId ? { teamId: options.teamId } : {}),
          claimed: dms,
          clock,
        })),
      ];
  if (!options.dryRun) {
    const teamId = options.teamId ? { teamId: options.teamId } : {};
    managerDms.push(...(await runQuarterlyReports(deps, now, { ...teamId, clock })));
  }
  if (!options.dryRun) await runRetention(deps, now, options);
  // Whole workspaces, so not for a run limited to one team.
  if (!options.dryRun && !options.teamId) await runWorkspaceDeletion(deps, now);
  return { digests, managerDms };
}
