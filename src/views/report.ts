// The quarterly loop report as a Block Kit DM and as words for the chart's alt text: every figure the
// chart shows is here as text too, for screen readers and the terminal.
import type { KnownBlock } from "@slack/types";
import { DateTime } from "luxon";
import { formatShortDate, type Messages } from "../domain/i18n.ts";
import { formatPeriod } from "../domain/period.ts";
import { type QuarterlyReport, REPORT_PROPOSED_MAX, type ReportFix } from "../domain/report.ts";
import type { Language } from "../domain/types.ts";
import { promisesText } from "./digest.ts";
import { duration } from "./managers.ts";
import { channelLink, context, section, shorten, userText } from "./text.ts";

export function quarterName(t: Messages, report: Pick<QuarterlyReport, "quarter">): string {
  return t.report.quarterName(report.quarter.year, report.quarter.quarter);
}

/** "5 Oct" / "5.10." for a local YYYY-MM-DD day. */
export function dayMonth(t: Messages, isoDay: string): string {
  const [, month = 1, day = 1] = isoDay.split("-").map(Number);
  return t.report.dayMonth(day, month);
}

function percent(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((part / whole) * 100);
}

/** The weekly bars as text: "5 Oct: 3 · 12 Oct: 9 · …". */
export function weeklyText(t: Messages, report: QuarterlyReport): string {
  return report.weeks.map((week) => `${dayMonth(t, week.day)}: ${week.goodCalls}`).join(" · ");
}

function averagePerWeek(report: QuarterlyReport, language: Language): string {
  const days = (report.span.end.getTime() - report.span.start.getTime()) / (24 * 3600_000);
  const weeks = Math.max(1, days / 7);
  return new Intl.NumberFormat(language === "fi" ? "fi-FI" : "en-GB", { maximumFractionDigits: 1 }).format(
    report.goodCalls / weeks,
  );
}

function fixLines(t: Messages, report: QuarterlyReport, fix: ReportFix): string {
  const done = formatShortDate(t, fix.doneAt, report.timeZone);
  const head = t.report.fix(userText(shorten(fix.title, 150)), done);
  const label = fix.patternLabel ? userText(shorten(fix.patternLabel, 80)) : null;
  if (!label) return `${head}: ${t.report.fixNoPattern}`;
  if (fix.before === null || fix.after === null) return `${head}: ${t.report.fixTooEarly}`;
  return `${head}\n${t.report.fixRecurrence(label, fix.windowDays, fix.before, fix.after)}`;
}

export function reportDm(
  t: Messages,
  language: Language,
  report: QuarterlyReport,
): { text: string; blocks: KnownBlock[] } {
  const title = t.report.title(channelLink(report.teamId), quarterName(t, report));
  const dates = formatPeriod(report.span, report.timeZone, language);
  const blocks: KnownBlock[] = [
    section(`*${title}*`),
    context(t.report.span(dates, report.complete), t.report.intro),
  ];

  const good =
    report.goodCalls === 0
      ? t.report.quiet
      : `${t.report.goodCalls(report.goodCalls, report.people)} · ${t.report.perWeek(averagePerWeek(report, language))}\n${t.report.weekly(weeklyText(t, report))}`;
  blocks.push(section(`*${t.report.goodCallsTitle}*\n${good}`));

  if (report.goodCalls > 0) {
    const { acknowledged, total, medianMs } = report.thanks;
    const thanks = [t.report.thanked(acknowledged, total, percent(acknowledged, total))];
    if (medianMs !== null) thanks.push(t.summaryMedian(duration(t, medianMs)));
    blocks.push(section(`*${t.report.thanksTitle}*\n${thanks.join(" · ")}`));
  }

  const o = report.outcomes;
  const p = report.promises;
  const outcomes =
    o.followedUp > 0
      ? t.report.outcomes(o.followedUp, o.helped, o.noChange, o.backfired)
      : t.report.noOutcomes;
  const promises = p.kept + p.broken + p.open > 0 ? promisesText(t, p) : t.report.noPromises;
  blocks.push(section(`*${t.report.outcomesTitle}*\n${outcomes}\n${promises}`));

  const patterns = report.patterns.map((pattern) => {
    const fix = pattern.fix ? t.report.patternFix(t.improvementStatuses[pattern.fix]) : t.report.patternNoFix;
    return `• ${t.report.pattern(`*${userText(shorten(pattern.label, 80))}*`, pattern.count, pattern.people)} (${fix})`;
  });
  blocks.push(
    section(
      [`*${t.report.patternsTitle}*`, t.report.patterns(report.patterns.length), ...patterns].join("\n"),
    ),
  );

  const proposed = report.improvements.proposed;
  const named = proposed
    .slice(0, REPORT_PROPOSED_MAX)
    .map((i) => `• ${userText(shorten(i.title, 150))} (${t.improvementStatuses[i.status]})`);
  if (proposed.length > REPORT_PROPOSED_MAX)
    named.push(t.report.proposedMore(proposed.length - REPORT_PROPOSED_MAX));
  blocks.push(
    section(
      [
        `*${t.report.improvementsTitle}*`,
        t.report.improvements(proposed.length, report.improvements.done),
        ...named,
      ].join("\n"),
    ),
  );

  const fixes = report.fixes.map((fix) => fixLines(t, report, fix));
  blocks.push(
    section([`*${t.report.fixesTitle}*`, ...(fixes.length > 0 ? fixes : [t.report.noFixes])].join("\n")),
  );
  blocks.push(context(t.report.chartNote));
  return { text: title, blocks };
}

/** The chart described in words, for the uploaded image's alt text (Slack allows 1,000 characters). */
export function reportAltText(t: Messages, report: QuarterlyReport): string {
  const fixes = report.fixes
    .map((fix, i) =>
      t.report.chartAltFix(i + 1, shorten(fix.title, 80), dayMonth(t, fix.doneDay), fix.before, fix.after),
    )
    .join("; ");
  return shorten(t.report.chartAlt(weeklyText(t, report), fixes), 1000);
}

/** The instant as the team's wall clock reads it, written as if it were UTC: what the chart plots. */
export function wallClockMs(at: Date, timeZone: string): number {
  const local = DateTime.fromJSDate(at, { zone: timeZone });
  return Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second);
}
