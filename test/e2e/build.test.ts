// The compiled build as a deployment runs it: `npm run build`, then plain `node dist/…` from another
// folder, offline, with no tsx anywhere: migrations found, the app healthy, a clean stop.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import Database from "better-sqlite3";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type FakeSlack, startFakeSlack } from "../support/fakeSlack.ts";

const run = promisify(execFile);
const root = fileURLToPath(new URL("../..", import.meta.url));
let fake: FakeSlack;
let child: ChildProcess | undefined;

// NOTE: if the test worker itself goes away mid-test, the app it started must not outlive it.
process.once("exit", () => {
  if (child && child.exitCode === null) child.kill("SIGKILL");
});

// NOTE: dist/ is built once per run by globalSetup (bin/compiled.js runs the same scripts/build.js
// as `npm run build`); building here again would rewrite it under the other
// test files that run the compiled CLI at the same time.
beforeAll(async () => {
  fake = await startFakeSlack();
}, 60_000);

afterAll(async () => {
  if (child && child.exitCode === null) child.kill("SIGKILL");
  await fake?.close();
});

/** Only what a fresh shell has, run from a folder that is not the project, and unable to download. */
function environment(extra: Record<string, string>): Record<string, string> {
  return {
    PATH: process.env.PATH ?? "",
    DOTENV_CONFIG_PATH: path.join(tmpdir(), "goodcall-no-such.env"),
    // NOTE: a proxy that refuses every connection turns any download attempt (Prisma's native engine
    // when it cannot find prisma.config.ts) into an immediate failure instead of a slow timeout.
    HTTPS_PROXY: "http://127.0.0.1:9",
    HTTP_PROXY: "http://127.0.0.1:9",
    ...extra,
  };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === "string") throw new Error("no TCP port");
  return address.port;
}

it("migrates a fresh database with `node dist/cli.js migrate`, offline, from any folder", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "goodcall-dist-cli-"));
  const file = path.join(dir, "nested", "goodcall.db");
  const result = await run(process.execPath, [path.join(root, "dist/cli.js"), "migrate"], {
    cwd: dir,
    env: environment({ DATABASE_URL: `file:${file}` }),
  });
  expect(result.stderr).not.toContain("binaries.prisma.sh");
  const db = new Database(file, { readonly: true });
  try {
    const applied = db.prepare("SELECT COUNT(*) AS n FROM _prisma_migrations WHERE finished_at IS NOT NULL");
    expect((applied.get() as { n: number }).n).toBeGreaterThan(0);
  } finally {
    db.close();
  }
}, 30_000);

/** Starts the app with `command` from a temp folder on a fresh database and waits until /healthz is 200. */
async function startHealthy(command: string, args: string[], cwd?: string) {
  const dir = mkdtempSync(path.join(tmpdir(), "goodcall-dist-main-"));
  const port = await freePort();
  const proc = spawn(command, args, {
    cwd: cwd ?? dir,
    env: environment({
      SLACK_BOT_TOKEN: "xoxb-dist-test",
      SLACK_SIGNING_SECRET: "dist-secret",
      SLACK_SOCKET_MODE: "false",
      SLACK_API_URL: fake.url,
      PORT: String(port),
      DATABASE_URL: `file:${path.join(dir, "goodcall.db")}`,
    }),
  });
  child = proc;
  let output = "";
  proc.stdout.on("data", (d) => {
    output += String(d);
  });
  proc.stderr.on("data", (d) => {
    output += String(d);
  });
  const exited = new Promise<number | null>((resolve) => proc.on("exit", (code) => resolve(code)));
  const deadline = Date.now() + 25_000;
  let status = 0;
  while (Date.now() < deadline && proc.exitCode === null && status !== 200) {
    status = await fetch(`http://127.0.0.1:${port}/healthz`)
      .then((r) => r.status)
      .catch(() => 0);
    if (status !== 200) await new Promise((r) => setTimeout(r, 100));
  }
  expect(status, output).toBe(200);
  return { proc, exited, output: () => output };
}

it("starts `node dist/main.js` on a fresh database, serves /healthz and stops cleanly on SIGTERM", async () => {
  const app = await startHealthy(process.execPath, [path.join(root, "dist/main.js")]);
  app.proc.kill("SIGTERM");
  expect(await app.exited, app.output()).toBe(0);
  expect(app.output()).toContain("stopped");
}, 40_000);

// NOTE: npm passes SIGTERM only to the process it started; were that a shell, the app would be left running.
it("`npm start` runs the compiled app and hands it SIGTERM, so a stop is a clean stop", async () => {
  const app = await startHealthy("npm", ["start", "--silent"], root);
  expect(app.output()).not.toContain("Compiling");
  app.proc.kill("SIGTERM");
  expect(await app.exited, app.output()).toBe(0);
  expect(app.output()).toContain("stopped");
}, 40_000);
