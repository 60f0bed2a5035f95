// The report's chart: a Vega-Lite spec with the report's figures, drawn to a PNG of one fixed size
// with its own font, by libraries the app loads only when it draws one.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { messages } from "../../src/domain/i18n.ts";
import { composeReport, quarterOf, type ReportFacts } from "../../src/domain/report.ts";
import { CHART_HEIGHT, CHART_SCALE, CHART_WIDTH, framed, renderChartPng } from "../../src/report/chart.ts";
import { reportAltText, reportDm } from "../../src/views/report.ts";
import { reportChartSpec } from "../../src/views/reportChart.ts";
import { ROOT } from "../support/cli.ts";
import { darkPixels, pngPixels, pngSize } from "../support/png.ts";

const zone = "Europe/Helsinki";
const quarter = quarterOf(2026, 4, zone);
const DAY = 24 * 3600_000;

function report(facts: Partial<ReportFacts>) {
  return composeReport({
    team: { id: "C1", name: "support", timeZone: zone },
    quarter,
    until: new Date("2026-11-30T12:00:00Z"),
    facts: {
      goodCalls: [],
      firstThanksAt: new Map(),
      outcomes: [],
      promiseStatuses: [],
      proposed: [],
      done: [],
      patternImprovements: [],
      ...facts,
    },
  });
}

const calls = Array.from({ length: 30 }, (_, i) => ({
  id: i + 1,
  authorId: `U${i % 3}`,
  what: "Refunded the shipping fee",
  why: null,
  tags: ["late-delivery"],
  value: null,
  createdAt: new Date(quarter.start.getTime() + i * 2 * DAY + 3600_000),
}));
const doneAt = new Date(quarter.start.getTime() + 31 * DAY);
const busy = report({
  goodCalls: calls,
  done: [
    {
      id: 1,
      title: "Offer Saturday re-delivery",
      patternKey: "tag:late-delivery",
      patternLabel: "#late-delivery",
      doneAt,
      calls: { before: calls.slice(0, 14), after: calls.slice(20, 23) },
    },
  ],
});

describe("the chart's spec", () => {
  it("plots every week's good calls and marks each fix on the day it was done", () => {
    const spec = JSON.stringify(reportChartSpec(messages("en"), "en", busy));
    const weekly = busy.weeks.reduce((sum, w) => sum + w.goodCalls, 0);
    expect(weekly).toBe(30);
    const plotted = [...spec.matchAll(/"goodCalls":(\d+)/g)].map((m) => Number(m[1]));
    // The weeks' bars, then the fix's before and after bars and their labels.
    expect(plotted.slice(0, -4).reduce((a, b) => a + b, 0)).toBe(30);
    expect(plotted.slice(-4)).toEqual([14, 3, 14, 3]);
    expect(spec).toContain('"name":"Fix 1"');
    expect(spec).toContain('"fix":"Fix 1 · #late-delivery"');
    expect(spec).toContain("5 Oct");
  });

  it("says the same in words for screen readers", () => {
    const alt = reportAltText(messages("en"), busy);
    expect(alt).toMatch(/^Bar chart of good calls per week: 1 Oct: 2 · 5 Oct: 4/);
    expect(alt).toContain(
      "Fixes: 1. Offer Saturday re-delivery, done 31 Oct, 14 similar good calls before and 3 after.",
    );
    const text = JSON.stringify(reportDm(messages("en"), "en", busy));
    expect(text).toContain("#late-delivery: 14 in the 28 days before, 3 in the 28 days after");
  });
});

describe("the PNG", () => {
  it("decodes, has the one chart size, and shows its text without any system font", async () => {
    for (const [language, shown] of [
      ["en", busy],
      ["fi", report({})],
    ] as const) {
      const png = await renderChartPng(reportChartSpec(messages(language), language, shown));
      expect(pngSize(png)).toEqual({ width: CHART_WIDTH * CHART_SCALE, height: CHART_HEIGHT * CHART_SCALE });
      const image = pngPixels(png);
      expect(image.width).toBe(1920);
      // The title, top left: drawn only if the shipped font was found (resvg skips text it has no font for).
      expect(darkPixels(image, { x: 40, y: 40, width: 500, height: 60 })).toBeGreaterThan(500);
      // The white margin at the bottom right stays white.
      expect(darkPixels(image, { x: 1800, y: 1180, width: 100, height: 50 })).toBe(0);
    }
  });

  it("is framed on a canvas of exactly the chart's size, scaled down when Vega drew it larger", () => {
    const small =
      '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="50" viewBox="0 0 100 50"></svg>';
    expect(framed(small, 960, 620)).toContain(
      '<svg xmlns="http://www.w3.org/2000/svg" width="960" height="620"',
    );
    expect(framed(small, 960, 620)).toContain('width="100" height="50" viewBox="0 0 100 50"');
    const large = '<svg class="marks" width="1920" height="620" viewBox="0 0 1920 620"></svg>';
    expect(framed(large, 960, 620)).toContain('<svg class="marks" width="960" height="310"');
  });
});

describe("the app's memory", () => {
  it("loads the charting libraries only when a chart is drawn, Vega in a worker that ends with it", () => {
    const heavy = /^\s*import\s+(?!type\b)[^;]*?from\s+["'](vega|vega-lite|@resvg\/resvg-js)["']/m;
    const files = readdirSync(path.join(ROOT, "src"), { recursive: true, encoding: "utf8" }).filter((f) =>
      f.endsWith(".ts"),
    );
    const eager = files.filter((f) => heavy.test(readFileSync(path.join(ROOT, "src", f), "utf8")));
    expect(eager).toEqual([]);
    expect(readFileSync(path.join(ROOT, "src/report/chart.ts"), "utf8")).toContain("new Worker(DRAW_SVG");
  });
});
