// Part 5: what the build step buys. The compiled app (`node dist/main.js`, as a deployment runs it) beside
// the same app through tsx, in-process and as the tsx CLI, and `npm start`: time to a healthy /healthz and
// RSS of the whole process tree, each started several times in turn on one migrated database.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { migrate } from "../src/db/migrate.ts";
import { startFakeSlack } from "../test/support/fakeSlack.ts";
import { ROOT } from "./dataset.ts";
import {
  appEnvironment,
  buildOnce,
  fmt,
  freePort,
  httpGetStatus,
  median,
  procMemoryMb,
  progress,
  type Row,
  spread,
} from "./lib.ts";

const ROUNDS = 5;
const HEALTHY_WITHIN_MS = 60_000;
// RSS is read this long after /healthz first answers, once the scheduler's catch-up tick has run.
const SETTLE_MS = 1_000;

const APP_COMMAND = /main\.(?:ts|js)|bin\/start\.js/;

interface Variant {
  name: string;
  command: string;
  args: string[];
}

const VARIANTS: Variant[] = [
  { name: "node dist/main.js (compiled)", command: process.execPath, args: ["dist/main.js"] },
  {
    name: "node --import tsx src/main.ts",
    command: process.execPath,
    args: ["--import", "tsx", "src/main.ts"],
  },
  {
    name: "tsx src/main.ts (tsx CLI → node)",
    command: path.join(ROOT, "node_modules/.bin/tsx"),
    args: ["src/main.ts"],
  },
  { name: "npm start (npm → node, compiled)", command: "npm", args: ["start", "--silent"] },
];

interface Sample {
  ms: number;
  appRss: number;
  treeRss: number;
  processes: number;
}

/** `pid` and all its descendants, from /proc (every thread lists its own children). */
function processTree(pid: number): number[] {
  const tasks = existsSync(`/proc/${pid}/task`) ? readdirSync(`/proc/${pid}/task`) : [];
  const children = tasks.flatMap((tid) => {
    const text = readFileSync(`/proc/${pid}/task/${tid}/children`, "utf8").trim();
    return text === "" ? [] : text.split(/\s+/).map(Number);
  });
  return [pid, ...children.flatMap(processTree)];
}

/** True while any process of the group led by `pid` is alive. */
function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

// NOTE: the whole process group gets the signal, as from a terminal or a container stop, so that no app
// outlives its round and answers the next round's /healthz in its place.
async function stop(proc: ChildProcess): Promise<void> {
  const pid = proc.pid ?? -1;
  if (!groupAlive(pid)) return;
  process.kill(-pid, "SIGTERM");
  for (let i = 0; i < 1_500 && groupAlive(pid); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  if (groupAlive(pid)) process.kill(-pid, "SIGKILL");
}

async function startOnce(variant: Variant, env: NodeJS.ProcessEnv, port: number): Promise<Sample> {
  const t0 = performance.now();
  const proc = spawn(variant.command, variant.args, {
    cwd: ROOT,
    env,
    detached: true,
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  proc.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  try {
    for (let i = 0; i < HEALTHY_WITHIN_MS / 10 && proc.exitCode === null; i++) {
      if ((await httpGetStatus(port, "/healthz", 500)) === 200) {
        const ms = performance.now() - t0;
        await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
        const pids = processTree(proc.pid ?? -1);
        // The app is the deepest process running main: npm, sh and the tsx CLI are its parents, and
        // tsx's esbuild service a child that counts only towards the tree.
        const app = pids
          .filter((pid) => APP_COMMAND.test(readFileSync(`/proc/${pid}/cmdline`, "utf8")))
          .pop();
        const treeRss = pids.reduce((sum, pid) => sum + procMemoryMb(pid).rss, 0);
        return { ms, appRss: app ? procMemoryMb(app).rss : Number.NaN, treeRss, processes: pids.length };
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error(`${variant.name} did not become healthy:\n${stderr}`);
  } finally {
    await stop(proc);
  }
}

export async function benchRuntime(): Promise<Row[]> {
  buildOnce();
  const fake = await startFakeSlack();
  const dir = mkdtempSync(path.join(tmpdir(), "goodcall-bench-runtime-"));
  try {
    const databaseUrl = `file:${path.join(dir, "goodcall.db")}`;
    // Migrated once up front: every start below is the everyday one, with nothing to migrate.
    await migrate(databaseUrl);
    const port = await freePort();
    const env = appEnvironment(fake.url, port, databaseUrl);
    const samples = new Map<Variant, Sample[]>(VARIANTS.map((v) => [v, []]));
    // Rounds interleave the variants so that a busy moment on a shared machine falls on all of them alike.
    for (let round = 1; round <= ROUNDS; round++) {
      for (const variant of VARIANTS) samples.get(variant)?.push(await startOnce(variant, env, port));
      progress(`part 5: round ${round} of ${ROUNDS} done`);
    }
    return VARIANTS.flatMap((variant) => {
      const s = samples.get(variant) ?? [];
      const line = `${variant.name}: healthy ${spread(
        s.map((x) => x.ms),
        0,
      )} ms; app RSS ${spread(
        s.map((x) => x.appRss),
        0,
      )} MB; tree ${spread(
        s.map((x) => x.treeRss),
        0,
      )} MB in ${s[0]?.processes ?? 0} processes`;
      progress(`part 5: ${line}`);
      return [
        {
          figure: `${variant.name}: start-up to healthy /healthz, median (min–max)`,
          value: `${spread(
            s.map((x) => x.ms),
            0,
          )} ms`,
          target: "—",
          met: null,
        },
        {
          figure: `${variant.name}: RSS app / whole tree (${s[0]?.processes ?? 0} processes)`,
          value: `${fmt(median(s.map((x) => x.appRss)), 0)} / ${fmt(median(s.map((x) => x.treeRss)), 0)} MB`,
          target: "—",
          met: null,
        },
      ];
    });
  } finally {
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
