// How every bundle of GoodCall's TypeScript is built (esbuild): the app's and the CLI's by
// scripts/build.js, and the benchmark's children that run what a deployment runs.

// NOTE: start-up was mostly Node loading about 600 module files one by one (Bolt's CommonJS tree, then
// ours); one bundle halves its CPU time. Left to node_modules at run time: native addons, the Prisma
// CLI (run as its own process), and pg, which only a PostgreSQL database loads. Packages that our code
// loads through createRequire (vega for report charts, libphonenumber-js when nothing preloaded it)
// stay out too: esbuild does not follow those, which keeps them lazy. libphonenumber-js is also
// imported with import() (src/domain/pii.ts), which bundles it, to be run only when that import runs.
const EXTERNAL = ["better-sqlite3", "@resvg/resvg-js", "pg", "prisma"];

// NOTE: each bundle is CommonJS, run through scripts/run-bundle.js (see there why). Whitespace and
// comments go: a fifth less text to read and to compile when a function first runs. Names stay, so
// stack traces still name functions.
export const BUNDLE_OPTIONS = {
  bundle: true,
  format: "cjs",
  platform: "node",
  target: "node20.19",
  external: EXTERNAL,
  define: { "import.meta.url": "__importMetaUrl" },
  // import() of a bundled module becomes a require() of it, and of an external one too: the bundle
  // runs as a classic script, which has no ES module loader for import().
  supported: { "dynamic-import": false },
  minifyWhitespace: true,
  logLevel: "warning",
};
