// Draws the report's Vega-Lite chart as a PNG: Vega-Lite → Vega → SVG in a worker thread, then
// @resvg/resvg-js on libuv's thread pool, with a font shipped in node_modules (dejavu-fonts-ttf), so the
// picture is the same on a server with no fonts and the app's event loop never waits on a drawing.
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
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
/** Resolved here, so the worker finds them from whatever folder the app was started in. */
const VEGA_MODULES = [require.resolve("vega-lite"), require.resolve("vega")].map(
  (file) => pathToFileURL(file).href,
);

// NOTE: plain JavaScript evaluated in the worker, which cannot load TypeScript under tsx or vitest.
// Vega and Vega-Lite are loaded there and go with the worker when it ends: tens of megabytes that a
// report needs four times a year, and compiling and laying out a chart takes the CPU for a second.
// Both libraries warn on the console by default; what they might say is for the spec's author.
const DRAW_SVG = `
const { parentPort, workerData } = require("node:worker_threads");
(async () => {
  const [vegaLite, vega] = await Promise.all(workerData.modules.map((url) => import(url)));
  const quiet = vega.logger(vega.None);
  const compiled = vegaLite.compile(workerData.spec, { logger: quiet }).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: "none", logger: quiet });
  try {
    parentPort.postMessage(await view.toSVG());
  } finally {
    view.finalize();
  }
})();
`;

function drawSvg(spec: TopLevelSpec): Promise<string> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(DRAW_SVG, { eval: true, workerData: { spec, modules: VEGA_MODULES } });
    worker.once("message", (svg: unknown) => resolve(String(svg)));
    worker.once("error", reject);
    // After the message this changes nothing; before it, the worker died without drawing.
    worker.once("exit", (code) => reject(new Error(`the chart worker stopped (exit code ${code})`)));
  });
}

/** The PNG of a chart spec. */
export async function renderChartPng(spec: TopLevelSpec): Promise<Buffer> {
  const svg = await drawSvg(spec);
  const { renderAsync } = await import("@resvg/resvg-js");
  const image = await renderAsync(framed(svg, CHART_WIDTH, CHART_HEIGHT), {
    background: "white",
    fitTo: { mode: "zoom", value: CHART_SCALE },
    font: { loadSystemFonts: false, fontFiles: FONT_FILES, defaultFontFamily: CHART_FONT },
  });
  return image.asPng();
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
