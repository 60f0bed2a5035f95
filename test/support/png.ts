// Reading a PNG back in tests: its size from the IHDR chunk, and its pixels decoded by resvg (which
// draws an SVG holding the PNG as an image), so a test sees the picture a person would.
import { Resvg } from "@resvg/resvg-js";

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height from the IHDR chunk; throws when the bytes are not a PNG. */
export function pngSize(png: Buffer): { width: number; height: number } {
  if (!png.subarray(0, 8).equals(SIGNATURE)) throw new Error("not a PNG: wrong signature");
  if (png.subarray(12, 16).toString("latin1") !== "IHDR") throw new Error("not a PNG: no IHDR first");
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** The PNG decoded to RGBA pixels. */
export function pngPixels(png: Buffer): { width: number; height: number; rgba: Buffer } {
  const { width, height } = pngSize(png);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><image href="data:image/png;base64,${png.toString("base64")}" width="${width}" height="${height}"/></svg>`;
  const rendered = new Resvg(svg, { font: { loadSystemFonts: false } }).render();
  return { width: rendered.width, height: rendered.height, rgba: Buffer.from(rendered.pixels) };
}

/** How many pixels in the box are dark (text, axes), as opposed to the white background. */
export function darkPixels(
  image: { width: number; rgba: Buffer },
  box: { x: number; y: number; width: number; height: number },
): number {
  let dark = 0;
  for (let y = box.y; y < box.y + box.height; y++) {
    for (let x = box.x; x < box.x + box.width; x++) {
      const i = (y * image.width + x) * 4;
      const [r = 255, g = 255, b = 255] = [image.rgba[i], image.rgba[i + 1], image.rgba[i + 2]];
      if (r + g + b < 300) dark++;
    }
  }
  return dark;
}
