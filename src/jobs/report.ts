// Quarterly loop reports: on the first day of each quarter (team time), every manager who gets DMs is
// sent the quarter just ended, exactly once (an outbox claim per team, manager and quarter), and then
// its chart.
import { languageFromLocale, messages } from "../domain/i18n.ts";
import { summaryRecipients } from "../domain/managerSummary.ts";
import { dueReportQuarter, type QuarterlyReport } from "../domain/report.ts";
import type { Team } from "../domain/types.ts";
import { loadReport, uploadChart } from "../report/load.ts";
import { describeSlackError, openDm, singleTryClient } from "../web.ts";
import type { DmOutcome } from "./dms.ts";
import {
  claimMissing,
  clientFor,
  DELIVERY_TIMINGS,
  deliverEach,
  encodeKey,
  GRACE_MS,
  type JobDeps,
  type PendingOf,
  runClock,
  send,
  takeOver,
} from "./outbox.ts";

/** Claims the reports due at `now`, resumes unfinished ones, sends each and then its chart. */
export async function runQuarterlyReports(
  deps: JobDeps,
  now: Date,
  options: { teamId?: string; clock?: () => Date } = {},
): Promise<DmOutcome[]> {
  const { services } = deps;
  const clock = options.clock ?? runClock(now);
  const teams = await services.teams.active(options.teamId);
  const work: Array<PendingOf<"report">> = [];
  for (const team of teams) work.push(...(await claimReports(deps, team, now)));
  work.push(...(await takeOver(services, ["report"], now, teams, options.teamId)));
  const outcomes: DmOutcome[] = [];
  await deliverEach(deps, work, async (item, paced, waits) => {
    const sent = await send(paced, item, now, { clock, ...waits });
    // The chart follows the figures it shows; a report found already posted had its chart sent then.
    if (sent.result === "posted" && sent.value) await sendChart(deps, item, sent.value);
    outcomes.push({
      kind: "report",
      teamId: item.team.id,
      recipientId: item.delivery.recipientId ?? "",
      result: sent.result,
      ...(sent.error ? { error: sent.error } : {}),
    });
  });
  return outcomes;
}

async function claimReports(deps: JobDeps, team: Team, now: Date): Promise<Array<PendingOf<"report">>> {
  const { services } = deps;
  const quarter = dueReportQuarter(team.timeZone, now, GRACE_MS);
  // A team set up after the quarter ended has nothing to report on it.
  if (!quarter || team.createdAt.getTime() >= quarter.end.getTime()) return [];
  const claims = summaryRecipients(await services.teams.managersOf(team.id)).map((managerId) => ({
    key: { kind: "report", teamId: team.id, managerId, quarterEnd: quarter.end } as const,
    fields: { recipientId: managerId, periodStart: quarter.start, periodEnd: quarter.end },
  }));
  // NOTE: every tick of the two days a report is due asks this; the report is added up only while
  // some manager's is still unclaimed, once for all of them.
  const claimed = await services.deliveries.claimedKeys(claims.map((c) => encodeKey(c.key)));
  const open = claims.filter((c) => !claimed.has(encodeKey(c.key)));
  if (open.length === 0) return [];
  const report = await loadReport(services, team, quarter, quarter.end);
  return claimMissing<"report">(services, team, open, now, report);
}

/** The chart into the manager's DM, in their language; a failure leaves the figures, already sent, alone. */
async function sendChart(deps: JobDeps, item: PendingOf<"report">, report: QuarterlyReport): Promise<void> {
  const { services } = deps;
  const managerId = item.delivery.recipientId ?? "";
  const log = { teamId: item.team.id, recipientId: managerId };
  try {
    const workspaceClient = await clientFor(deps, item.team);
    if (!workspaceClient) return;
    const client = singleTryClient(workspaceClient, (deps.timings ?? DELIVERY_TIMINGS).requestTimeoutMs);
    const language = languageFromLocale(await services.people.locale(managerId)) ?? item.team.language;
    await uploadChart(client, await openDm(client, managerId), messages(language), language, report);
    services.logger.info(log, "quarterly report chart sent");
  } catch (error) {
    services.logger.warn({ ...log, error: describeSlackError(error) }, "quarterly report chart not sent");
  }
}
