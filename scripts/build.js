// `npm run build`: type-checks src/ (tsc) and bundles the app and the CLI into dist/ (esbuild). Plain
// JavaScript, so that bin/compiled.js can run it before anything is compiled.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { BUNDLE_OPTIONS } from "./bundle-options.js";
import { cacheFileOf, compileBundle } from "./run-bundle.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dist = path.join(root, "dist");

const ENTRIES = { main: "src/main.ts", cli: "src/cli.ts" };

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

/** A short hash of a bundle's text: in its file's name and its cache's, which so cannot belong to another text. */
function hashOf(text) {
  return createHash("sha256").update(text).digest("hex").slice(0, 16);
}

async function bundle() {
  let esbuild;
  try {
    esbuild = await import("esbuild");
  } catch {
    throw missing("esbuild");
  }
  // NOTE: each entry is one CommonJS bundle that dist/<entry>.js runs through scripts/run-bundle.js
  // with a V8 code cache made here (see there why).
  const result = await esbuild.build({
    ...BUNDLE_OPTIONS,
    absWorkingDir: root,
    entryPoints: ENTRIES,
    outdir: dist,
    outExtension: { ".js": ".cjs" },
    // Licence comments go to dist/<entry>.cjs.LEGAL.txt.
    legalComments: "external",
    write: false,
  });
  mkdirSync(dist, { recursive: true });
  const written = new Set();
  const write = (name, contents) => {
    const file = path.join(dist, name);
    writeFileSync(file, contents);
    written.add(file);
  };
  write("run-bundle.js", readFileSync(path.join(root, "scripts/run-bundle.js")));
  for (const output of result.outputFiles) {
    const name = path.basename(output.path);
    if (!name.endsWith(".cjs")) {
      write(name, output.contents);
      continue;
    }
    const entry = name.slice(0, -".cjs".length);
    const text = output.text;
    const file = path.join(dist, `${entry}-${hashOf(text)}.cjs`);
    write(path.basename(file), text);
    write(
      path.basename(cacheFileOf(file)),
      compileBundle(file, text, { produceCachedData: true }).cachedData,
    );
    write(
      `${entry}.js`,
      [
        `// \`node dist/${entry}.js\`: runs the bundle of ${ENTRIES[entry]} that scripts/build.js made.`,
        'import { runBundle } from "./run-bundle.js";',
        "",
        `runBundle(new URL(${JSON.stringify(`./${path.basename(file)}`)}, import.meta.url));`,
        "",
      ].join("\n"),
    );
  }
  // Bundles are named by their content: the ones an earlier build wrote would otherwise pile up.
  for (const entry of readdirSync(dist, { withFileTypes: true })) {
    const file = path.join(dist, entry.name);
    if (!written.has(file)) rmSync(file, { recursive: true, force: true });
  }
}

typeCheck();
await bundle();
