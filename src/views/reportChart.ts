// The quarterly loop report's chart as a Vega-Lite spec: good calls per week with the days completed
// fixes were done marked, above each fix's good calls on its theme before and after it. Pure data;
// src/report/chart.ts draws it.
import type { TopLevelSpec } from "vega-lite";
import type { Messages } from "../domain/i18n.ts";
import { formatPeriod } from "../domain/period.ts";
import type { QuarterlyReport } from "../domain/report.ts";
import type { Language } from "../domain/types.ts";
import { dayMonth, quarterName, wallClockMs } from "./report.ts";
import { shorten } from "./text.ts";

/** The font the chart is drawn in; src/report/chart.ts ships it, so no system font is needed. */
export const CHART_FONT = "DejaVu Sans";

const PLOT_WIDTH = 660;
const WEEKLY_HEIGHT = 230;
const FIXES_HEIGHT = 150;
/** Room for the left axes' labels, the same for both charts so their plots line up. */
const LABEL_EXTENT = 230;
const COLORS = { bar: "#4c78a8", fix: "#e45756", before: "#bab0ac", after: "#54a24b", text: "#333333" };
const MIN_LABELLED_WEEK_MS = 5 * 24 * 3600_000;
/** A gap between week bars, so weeks read as weeks. */
const BAR_GAP_MS = 12 * 3600_000;

/** "Fix 1 · #late-delivery": how a fix is named on both charts. */
function fixName(t: Messages, n: number, label: string | null): string {
  return label ? `${t.report.chartFix(n)} · ${shorten(label, 24)}` : t.report.chartFix(n);
}

export function reportChartSpec(t: Messages, language: Language, report: QuarterlyReport): TopLevelSpec {
  const zone = report.timeZone;
  const weeks = report.weeks
    .filter((week) => week.goodCalls > 0)
    .map((week) => ({
      start: wallClockMs(week.start, zone),
      end: Math.max(wallClockMs(week.start, zone) + 3600_000, wallClockMs(week.end, zone) - BAR_GAP_MS),
      goodCalls: week.goodCalls,
    }));
  // A first week cut short by the quarter's start has no room for its label beside the next one's.
  const labelled = report.weeks.filter(
    (week, i) => i > 0 || week.end.getTime() - week.start.getTime() >= MIN_LABELLED_WEEK_MS,
  );
  const ticks = Object.fromEntries(
    labelled.map((week) => [String(wallClockMs(week.start, zone)), dayMonth(t, week.day)]),
  );
  const fixes = report.fixes.map((fix, i) => ({
    at: wallClockMs(fix.doneAt, zone),
    name: t.report.chartFix(i + 1),
  }));
  const compared = report.fixes.flatMap((fix, i) =>
    fix.before !== null && fix.after !== null
      ? [
          { fix: fixName(t, i + 1, fix.patternLabel), when: t.report.chartBefore, goodCalls: fix.before },
          { fix: fixName(t, i + 1, fix.patternLabel), when: t.report.chartAfter, goodCalls: fix.after },
        ]
      : [],
  );
  const days = Math.max(0, ...report.fixes.map((fix) => fix.windowDays));
  const maxWeek = Math.max(1, ...report.weeks.map((week) => week.goodCalls));
  const when = [t.report.chartBefore, t.report.chartAfter];
  const timeScale = {
    type: "utc" as const,
    domain: [wallClockMs(report.span.start, zone), wallClockMs(report.span.end, zone)],
  };
  const leftAxis = { minExtent: LABEL_EXTENT, maxExtent: LABEL_EXTENT, title: null };

  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    background: "white",
    padding: 20,
    config: {
      font: CHART_FONT,
      view: { stroke: null },
      axis: { labelFontSize: 12, labelColor: COLORS.text, gridColor: "#e6e6e6" },
      title: { anchor: "start", fontSize: 15, color: COLORS.text },
    },
    title: {
      text: t.report.chartTitle(report.teamName, quarterName(t, report)),
      subtitle: t.report.span(formatPeriod(report.span, zone, language), report.complete),
      fontSize: 20,
      subtitleFontSize: 13,
      offset: 16,
    },
    vconcat: [
      {
        width: PLOT_WIDTH,
        height: WEEKLY_HEIGHT,
        title: t.report.chartWeekly,
        layer: [
          {
            data: { values: weeks },
            mark: { type: "rect", color: COLORS.bar },
            encoding: {
              x: {
                field: "start",
                type: "temporal",
                scale: timeScale,
                axis: {
                  title: null,
                  values: Object.keys(ticks).map(Number),
                  labelExpr: `${JSON.stringify(ticks)}[time(datum.value)] || ''`,
                  labelAngle: 0,
                  labelOverlap: false,
                  grid: false,
                },
              },
              x2: { field: "end" },
              y: {
                field: "goodCalls",
                type: "quantitative",
                scale: { domain: [0, maxWeek] },
                axis: { ...leftAxis, tickMinStep: 1, format: "d" },
              },
              y2: { datum: 0 },
            },
          },
          {
            data: { values: fixes },
            mark: { type: "rule", color: COLORS.fix, strokeWidth: 2, strokeDash: [6, 4] },
            encoding: { x: { field: "at", type: "temporal", scale: timeScale } },
          },
          {
            data: { values: fixes },
            mark: {
              type: "text",
              color: COLORS.fix,
              fontWeight: "bold",
              align: "left",
              baseline: "top",
              dx: 4,
              y: 2,
            },
            encoding: { x: { field: "at", type: "temporal", scale: timeScale }, text: { field: "name" } },
          },
        ],
      },
      {
        width: PLOT_WIDTH,
        height: FIXES_HEIGHT,
        title: t.report.chartRecurrence(days || 28),
        layer:
          compared.length > 0
            ? [
                {
                  data: { values: compared },
                  mark: { type: "bar" },
                  encoding: {
                    y: {
                      field: "fix",
                      type: "nominal",
                      sort: null,
                      axis: { ...leftAxis, labelLimit: LABEL_EXTENT - 10 },
                    },
                    yOffset: { field: "when", sort: when },
                    x: {
                      field: "goodCalls",
                      type: "quantitative",
                      axis: { title: null, tickMinStep: 1, format: "d" },
                    },
                    color: {
                      field: "when",
                      sort: when,
                      scale: { domain: when, range: [COLORS.before, COLORS.after] },
                      legend: { title: null, orient: "bottom", direction: "horizontal" },
                    },
                  },
                },
                {
                  data: { values: compared },
                  mark: { type: "text", align: "left", dx: 4, color: COLORS.text },
                  encoding: {
                    y: { field: "fix", type: "nominal", sort: null },
                    yOffset: { field: "when", sort: when },
                    x: { field: "goodCalls", type: "quantitative" },
                    text: { field: "goodCalls" },
                  },
                },
              ]
            : [
                {
                  data: { values: [{ text: t.report.chartNoFixes }] },
                  mark: {
                    type: "text",
                    fontSize: 14,
                    color: "#888888",
                    x: PLOT_WIDTH / 2,
                    y: FIXES_HEIGHT / 2,
                  },
                  encoding: { text: { field: "text" } },
                },
              ],
      },
    ],
  };
}
