// Draws the report's Vega-Lite chart as a PNG: Vega-Lite → Vega → SVG → @resvg/resvg-js, with a font
// shipped in node_modules (dejavu-fonts-ttf), so the picture is the same on a server with no fonts.
import { createRequire } from "node:module";
import type { TopLevelSpec } from "vega-lite";
import { CHART_FONT } from "../views/reportChart.ts";

/** Every chart is this size (CSS pixels), drawn at CHART_SCALE: the PNG is always 1920 × 1240. */
export const CHART_WIDTH = 960;
export const CHART_HEIGHT = 620;
export const CHART_SCALE = 2;

const require = createRequire(import.meta.url);
const FONT_FILES = ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf"].map((file) =>
  require.resolve(`dejavu-fonts-ttf/ttf/${file}`),
);

/**
 * The PNG of a chart spec. NOTE: the charting libraries are imported here, on first use, not with
 * the app: they take tens of megabytes that a report needs four times a year and the app never.
 */
export async function renderChartPng(spec: TopLevelSpec): Promise<Buffer> {
  const [vegaLite, vega, { Resvg }] = await Promise.all([
    import("vega-lite"),
    import("vega"),
    import("@resvg/resvg-js"),
  ]);
  // Both libraries warn on the console by default; what they might say is for the spec's author, not the logs.
  const quiet = vega.logger(vega.None);
  const view = new vega.View(vega.parse(vegaLite.compile(spec, { logger: quiet }).spec), {
    renderer: "none",
    logger: quiet,
  });
  let svg: string;
  try {
    svg = await view.toSVG();
  } finally {
    view.finalize();
  }
  const png = new Resvg(framed(svg, CHART_WIDTH, CHART_HEIGHT), {
    background: "white",
    fitTo: { mode: "zoom", value: CHART_SCALE },
    font: { loadSystemFonts: false, fontFiles: FONT_FILES, defaultFontFamily: CHART_FONT },
  }).render();
  return png.asPng();
}

/**
 * The SVG placed top left on a canvas of exactly width × height, scaled down if it is larger: Vega
 * sizes a chart by its labels, and an image whose size changes with its data would jump in Slack.
 */
export function framed(svg: string, width: number, height: number): string {
  const size = /^<svg[^>]*\swidth="([\d.]+)"[^>]*\sheight="([\d.]+)"/.exec(svg);
  const innerWidth = Number(size?.[1] ?? width);
  const innerHeight = Number(size?.[2] ?? height);
  const scale = Math.min(1, width / innerWidth, height / innerHeight);
  const inner = svg.replace(
    /^<svg([^>]*)\swidth="[\d.]+"([^>]*)\sheight="[\d.]+"/,
    `<svg$1 width="${innerWidth * scale}"$2 height="${innerHeight * scale}"`,
  );
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"><rect width="${width}" height="${height}" fill="white"/>${inner}</svg>`;
}
