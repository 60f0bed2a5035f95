// `npm run build`: type-checks src/ (tsc) and bundles the app and the CLI into dist/ (esbuild). Plain
// JavaScript, so that bin/compiled.js can run it before anything is compiled.
import { execFileSync } from "node:child_process";
import { readdirSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dist = path.join(root, "dist");

// NOTE: start-up was mostly Node loading about 600 module files one by one (Bolt's CommonJS tree, then
// ours); one bundle halves its CPU time. Left to node_modules at run time: native addons, the Prisma
// CLI (run as its own process), and pg, which only a PostgreSQL database loads. Packages that our code
// loads through createRequire (vega for report charts, libphonenumber-js when nothing preloaded it)
// stay out too: esbuild does not follow those, which keeps them lazy. libphonenumber-js is also
// imported with import() (src/domain/pii.ts), which bundles it into a chunk of its own.
const EXTERNAL = ["better-sqlite3", "@resvg/resvg-js", "pg", "prisma"];

// Bolt, Express and the other CommonJS packages in the bundle call require() for Node's own modules.
const BANNER =
  'import { createRequire as __goodcallCreateRequire } from "node:module"; const require = __goodcallCreateRequire(import.meta.url);';

const resolve = createRequire(import.meta.url).resolve;

function missing(tool) {
  return new Error(`${tool} is not installed: run \`npm ci\` (with devDependencies) to build GoodCall.`);
}

/** tsc on src/ only: a type error stops the build, and nothing is written. */
function typeCheck() {
  let tsc;
  try {
    tsc = path.join(path.dirname(resolve("typescript/package.json")), "bin/tsc");
  } catch {
    throw missing("TypeScript");
  }
  // NOTE: tsc's output goes to stderr so that a CLI command's stdout (an export, a CSV) stays only its own.
  execFileSync(process.execPath, [tsc, "-p", path.join(root, "tsconfig.build.json")], {
    cwd: root,
    stdio: ["ignore", process.stderr, process.stderr],
  });
}

async function bundle() {
  let esbuild;
  try {
    esbuild = await import("esbuild");
  } catch {
    throw missing("esbuild");
  }
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: { main: "src/main.ts", cli: "src/cli.ts" },
    outdir: dist,
    bundle: true,
    // NOTE: the code the two entry points share goes into one chunk, and a module our code imports
    // with import() into its own, loaded only when that import runs.
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20.19",
    external: EXTERNAL,
    banner: { js: BANNER },
    metafile: true,
    logLevel: "warning",
  });
  // Chunks are named by their content: the ones an earlier build wrote would otherwise pile up.
  const written = new Set(Object.keys(result.metafile.outputs).map((file) => path.resolve(root, file)));
  for (const entry of readdirSync(dist, { withFileTypes: true })) {
    const file = path.join(dist, entry.name);
    if (!written.has(file)) rmSync(file, { recursive: true, force: true });
  }
}

typeCheck();
await bundle();
