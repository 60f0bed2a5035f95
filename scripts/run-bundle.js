// Runs one of dist/'s bundles with the V8 code cache `npm run build` made for it (copied into dist/ by
// scripts/build.js, which also uses it to make the cache). Plain JavaScript: dist/ runs without a compiler.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import vm from "node:vm";

// NOTE: Node 20 keeps no compiled code between runs of an ES module, and a start spent about a fifth
// of its CPU parsing the 5 MB bundle before running any of it. A classic script can be compiled with
// V8's code cache instead: the build compiles each bundle once and saves the cache beside it, and a
// start reads the compiled top level from it rather than parsing the whole file again. So the bundles
// are CommonJS, run as node runs a CommonJS module, plus `__importMetaUrl`, which the build puts where
// the sources say `import.meta.url`.
const PARAMETERS = ["exports", "require", "module", "__filename", "__dirname", "__importMetaUrl"];

/**
 * The bundle's module function, compiled from its source as node compiles a CommonJS module; `cache`
 * passes V8's code cache (`cachedData`) or asks for one (`produceCachedData`).
 */
export function compileBundle(file, source, cache = {}) {
  return vm.compileFunction(source, PARAMETERS, { filename: file, ...cache });
}

/** The code cache's file: named after the bundle, whose name holds a hash of its content. */
export function cacheFileOf(file) {
  return file.replace(/\.cjs$/, ".cache");
}

/**
 * Runs the bundle at `url`. V8 itself rejects a cache made by another version of it or with other
 * flags (the bundle is then compiled from its source, as it would be without one); that the cache
 * belongs to this very text is what the hash in both names ensures.
 */
export function runBundle(url) {
  const file = fileURLToPath(url);
  const source = readFileSync(file, "utf8");
  let cachedData;
  try {
    cachedData = readFileSync(cacheFileOf(file));
  } catch {
    // No cache beside it: compiled from its source.
  }
  const module = { exports: {} };
  const run = compileBundle(file, source, cachedData ? { cachedData } : {});
  run.call(
    module.exports,
    module.exports,
    createRequire(file),
    module,
    file,
    path.dirname(file),
    pathToFileURL(file).href,
  );
}
