// The compiled JavaScript that `npm start` and `goodcall` run, compiled first when dist/ is missing or older
// than its sources, so nobody has to remember `npm run build` and nobody runs a stale build.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
// Everything the build reads: a change to any of them makes dist/ stale. src/generated is rewritten by every
// `npm ci` (prisma generate), so the first start after an install compiles once.
const INPUTS = ["src", "tsconfig.json", "tsconfig.build.json", "scripts/build.js", "scripts/run-bundle.js"];

/** The newest modification time (ms) among the files at and under `target`; 0 when it does not exist. */
function newestMtime(target) {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(target, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

function compile(reason) {
  // NOTE: the build's output goes to stderr so that a CLI command's stdout (an export, a CSV) stays only its own.
  process.stderr.write(`Compiling GoodCall to dist/ (${reason})…\n`);
  execFileSync(process.execPath, [path.join(root, "scripts/build.js")], {
    cwd: root,
    stdio: ["ignore", process.stderr, process.stderr],
  });
}

/** The path of dist/<name>.js, compiled first when any input is newer than it. */
export function compiled(name) {
  const entry = path.join(root, "dist", `${name}.js`);
  // NOTE: the build rewrites every output (and writes none when a type error stops it), so one
  // entry's time stands for the whole of dist/. A tree shipped without src/ is never stale.
  const built = existsSync(entry) ? statSync(entry).mtimeMs : -1;
  if (built < 0) compile("no build yet");
  else if (Math.max(...INPUTS.map((input) => newestMtime(path.join(root, input)))) > built) {
    compile("src/ changed since the last build");
  }
  return entry;
}
