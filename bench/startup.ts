// Part 4: the compiled app (`npm run build`, then `node dist/main.js`, as a deployment runs it) in HTTP
// mode against the fake Slack and a fresh database file: time to a healthy /healthz, RSS after
// start-up and after part 1's load, and a warm restart.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { startFakeSlack } from "../test/support/fakeSlack.ts";
import { ROOT } from "./dataset.ts";
import {
  BOT_TOKEN,
  buildOnce,
  describeLoad,
  fmt,
  freePort,
  httpGetStatus,
  procMemoryMb,
  progress,
  type Row,
  SIGNING_SECRET,
} from "./lib.ts";
import { driveGoodCall } from "./logPath.ts";

const HEALTHY_WITHIN_MS = 60_000;

interface Started {
  proc: ChildProcess;
  pid: number;
  ms: number;
  stderr: () => string;
}

async function startMain(env: NodeJS.ProcessEnv, port: number): Promise<Started> {
  const t0 = performance.now();
  const proc = spawn(process.execPath, ["dist/main.js"], {
    cwd: ROOT,
    env,
    // stdout (pino at "warn") goes to /dev/null: the null stream of the real process.
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  proc.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  let exited = false;
  proc.on("exit", () => {
    exited = true;
  });
  // Bounded poll: every 20 ms for at most a minute.
  for (let i = 0; i < HEALTHY_WITHIN_MS / 20 && !exited; i++) {
    if ((await httpGetStatus(port, "/healthz", 500)) === 200) {
      return { proc, pid: proc.pid ?? -1, ms: performance.now() - t0, stderr: () => stderr };
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  proc.kill("SIGKILL");
  throw new Error(`dist/main.js did not become healthy within ${HEALTHY_WITHIN_MS} ms:\n${stderr}`);
}

async function stopMain(started: Started): Promise<{ ms: number; code: number | null }> {
  const t0 = performance.now();
  if (started.proc.exitCode !== null) return { ms: 0, code: started.proc.exitCode };
  const exit = new Promise<number | null>((resolve) => started.proc.once("exit", (code) => resolve(code)));
  started.proc.kill("SIGTERM");
  const timer = setTimeout(() => started.proc.kill("SIGKILL"), 15_000);
  const code = await exit;
  clearTimeout(timer);
  return { ms: performance.now() - t0, code };
}

export async function benchStartup(): Promise<Row[]> {
  buildOnce();
  const fake = await startFakeSlack();
  const dir = mkdtempSync(path.join(tmpdir(), "goodcall-bench-start-"));
  let running: Started | undefined;
  try {
    const port = await freePort();
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: "production",
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_SOCKET_MODE: "false",
      SLACK_API_URL: fake.url,
      PORT: String(port),
      DATABASE_URL: `file:${path.join(dir, "goodcall.db")}`,
      LOG_LEVEL: "warn",
      TZ_DEFAULT: "Europe/Helsinki",
    };
    progress("part 4: starting dist/main.js on a fresh database file (migrations run at start-up)");
    running = await startMain(env, port);
    const cold = running.ms;
    const afterStart = procMemoryMb(running.pid);
    progress(`part 4: healthy after ${fmt(cold, 0)} ms; RSS ${fmt(afterStart.rss, 0)} MB`);

    progress("part 4: replaying part 1's load (setup, warm-up, 2,000 serial, 4,000 at c=20) against it");
    const driven = await driveGoodCall(port, fake.responseUrl());
    const afterLoad = procMemoryMb(running.pid);
    progress(`part 4: ${describeLoad("main.js serial", driven.serial)}`);
    progress(`part 4: ${describeLoad("main.js concurrent", driven.concurrent)}`);
    progress(`part 4: RSS after the load ${fmt(afterLoad.rss, 0)} MB (peak ${fmt(afterLoad.peak, 0)} MB)`);
    const stopped = await stopMain(running);
    running = undefined;
    progress(`part 4: SIGTERM → exit code ${stopped.code} after ${fmt(stopped.ms, 0)} ms`);

    progress("part 4: restarting on the now-migrated database file");
    running = await startMain(env, port);
    const warm = running.ms;
    const warmRss = procMemoryMb(running.pid);
    progress(`part 4: healthy after ${fmt(warm, 0)} ms; RSS ${fmt(warmRss.rss, 0)} MB`);
    await stopMain(running);
    running = undefined;

    return [
      {
        figure: "start-up to healthy /healthz, fresh DB (migrates)",
        value: `${fmt(cold, 0)} ms`,
        target: "—",
        met: null,
      },
      {
        figure: "start-up to healthy /healthz, migrated DB",
        value: `${fmt(warm, 0)} ms`,
        target: "—",
        met: null,
      },
      {
        figure: "dist/main.js RSS after start-up",
        value: `${fmt(afterStart.rss, 0)} MB`,
        target: "—",
        met: null,
      },
      {
        figure: "dist/main.js RSS after part 1's load (peak)",
        value: `${fmt(afterLoad.rss, 0)} MB (${fmt(afterLoad.peak, 0)} MB)`,
        target: "—",
        met: null,
      },
      {
        figure: "dist/main.js under part 1's load: req/s serial / c=20",
        value: `${fmt(driven.serial.rps, 0)} / ${fmt(driven.concurrent.rps, 0)}`,
        target: "—",
        met: null,
      },
      {
        figure: "dist/main.js: graceful stop on SIGTERM",
        value: `exit ${stopped.code} in ${fmt(stopped.ms, 0)} ms`,
        target: "exit 0",
        met: stopped.code === 0,
      },
    ];
  } finally {
    if (running) await stopMain(running);
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
