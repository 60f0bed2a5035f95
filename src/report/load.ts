// A team's quarterly loop report, read from the database and added up, and its chart sent to a DM:
// the one way the scheduled report, `/goodcall report` and the CLI make it.
import type { WebClient } from "@slack/web-api";
import type { Messages } from "../domain/i18n.ts";
import {
  composeReport,
  fixWindows,
  type Quarter,
  type QuarterlyReport,
  reportSpan,
} from "../domain/report.ts";
import type { Language, Team } from "../domain/types.ts";
import type { Services } from "../services.ts";
import { quarterName, reportAltText } from "../views/report.ts";
import { reportChartSpec } from "../views/reportChart.ts";
import { renderChartPng } from "./chart.ts";

/** The report of `quarter` up to `until` (its end, or now while it runs). */
export async function loadReport(
  services: Services,
  team: Team,
  quarter: Quarter,
  until: Date,
): Promise<QuarterlyReport> {
  const span = reportSpan(quarter, until);
  const facts = await services.report.facts(team.id, span);
  // A fix's windows reach back before the quarter, so its calls are read apart from the quarter's.
  const done = await Promise.all(
    facts.done.map(async (fix) => {
      const windows = fixWindows(fix.doneAt, span.end);
      if (!fix.patternKey || windows.days === 0) return fix;
      const [before, after] = await Promise.all([
        services.report.callsIn(team.id, windows.before),
        services.report.callsIn(team.id, windows.after),
      ]);
      return { ...fix, calls: { before, after } };
    }),
  );
  return composeReport({ team, quarter, until, facts: { ...facts, done } });
}

/** The chart of a report as a PNG, in the reader's language. */
export function reportChart(t: Messages, language: Language, report: QuarterlyReport): Promise<Buffer> {
  return renderChartPng(reportChartSpec(t, language, report));
}

/** The file name a report's chart gets: "goodcall-support-2026-Q4.png". */
export function chartFileName(report: QuarterlyReport): string {
  const team = report.teamName.replace(/[^\p{L}\p{N}_-]+/gu, "-") || report.teamId;
  return `goodcall-${team}-${report.quarter.year}-Q${report.quarter.quarter}.png`;
}

/** Uploads a report's chart into a DM (after its figures), with the chart described for screen readers. */
export async function uploadChart(
  client: WebClient,
  channel: string,
  t: Messages,
  language: Language,
  report: QuarterlyReport,
): Promise<void> {
  const png = await reportChart(t, language, report);
  await client.files.uploadV2({
    channel_id: channel,
    file: png,
    filename: chartFileName(report),
    title: t.report.title(`#${report.teamName}`, quarterName(t, report)),
    alt_text: reportAltText(t, report),
    initial_comment: t.report.chartComment(quarterName(t, report)),
  });
}
