// `npm start` as an operator meets it: a clear message for a bad .env, a healthy app, a clean stop.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { afterEach, expect, it } from "vitest";
import { appArgs } from "../support/cli.ts";
import { type FakeSlack, startFakeSlack } from "../support/fakeSlack.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));
let child: ChildProcess | undefined;
let fake: FakeSlack | undefined;

// NOTE: if the test worker itself goes away mid-test, the app it started must not outlive it.
process.once("exit", () => {
  if (child && child.exitCode === null) child.kill("SIGKILL");
});

afterEach(async () => {
  if (child && child.exitCode === null) child.kill("SIGKILL");
  await fake?.close();
  child = undefined;
  fake = undefined;
});

/** Starts src/main.ts with only the given environment (plus PATH), as a fresh shell would. */
function start(env: Record<string, string>) {
  const proc = spawn(process.execPath, appArgs(), {
    cwd: root,
    // A developer's own .env must not leak into the test.
    env: {
      PATH: process.env.PATH ?? "",
      DOTENV_CONFIG_PATH: path.join(tmpdir(), "goodcall-no-such.env"),
      ...env,
    },
  });
  let output = "";
  proc.stdout?.on("data", (d) => {
    output += String(d);
  });
  proc.stderr?.on("data", (d) => {
    output += String(d);
  });
  const exited = new Promise<number | null>((resolve) => proc.on("exit", (code) => resolve(code)));
  child = proc;
  return { proc, exited, output: () => output };
}

it("refuses to start with one clear message naming each missing variable", async () => {
  const app = start({ SLACK_SOCKET_MODE: "false", PORT: "abc" });
  expect(await app.exited).toBe(1);
  const text = app.output();
  expect(text).toContain("SLACK_BOT_TOKEN is missing");
  expect(text).toContain("SLACK_SIGNING_SECRET is missing");
  expect(text).toContain("PORT must be a number");
  expect(text).not.toContain("    at ");
});

it("says which variable chooses the mode when neither is set, with every other problem", async () => {
  const app = start({ PORT: "abc" });
  expect(await app.exited).toBe(1);
  const text = app.output();
  expect(text).toContain("SLACK_BOT_TOKEN is missing");
  expect(text).toContain(
    "SLACK_APP_TOKEN or SLACK_SIGNING_SECRET is missing: set SLACK_APP_TOKEN for Socket Mode, or SLACK_SIGNING_SECRET for HTTP.",
  );
  expect(text).toContain("PORT must be a number");
});

it("says that DATABASE_URL points into a file, and what to choose instead", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "goodcall-db-"));
  const notAFolder = path.join(dir, "hostname");
  writeFileSync(notAFolder, "a file, not a folder\n");
  const app = start({
    SLACK_BOT_TOKEN: "xoxb-startup-test",
    SLACK_SIGNING_SECRET: "startup-secret",
    DATABASE_URL: `file:${notAFolder}/x.db`,
  });
  expect(await app.exited).toBe(1);
  expect(app.output()).toContain(
    `DATABASE_URL points into ${notAFolder}, which is a file, not a folder: choose a path in a writable folder, e.g. file:./data/goodcall.db`,
  );
  expect(app.output()).not.toContain("EEXIST");
}, 30_000);

/** A port on 127.0.0.1 that nothing listens on: taken from the system, then given back. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

it("stops with a clear message when Socket Mode cannot reach Slack, instead of retrying for half an hour", async () => {
  const slackApiUrl = `http://127.0.0.1:${await closedPort()}/api/`;
  const app = start({
    SLACK_BOT_TOKEN: "xoxb-startup-test",
    SLACK_APP_TOKEN: "xapp-startup-test",
    SLACK_API_URL: slackApiUrl,
    DATABASE_URL: `file:${path.join(mkdtempSync(path.join(tmpdir(), "goodcall-db-")), "goodcall.db")}`,
  });
  const exited = await Promise.race([
    app.exited.then((code) => ({ code })),
    new Promise<"still retrying">((resolve) => setTimeout(() => resolve("still retrying"), 20_000)),
  ]);
  expect(exited, app.output()).toEqual({ code: 1 });
  expect(app.output()).toContain(
    `Cannot reach Slack at ${slackApiUrl} to open a Socket Mode connection (ECONNREFUSED): check the network or proxy (SLACK_API_URL), or use HTTP mode`,
  );
}, 30_000);

/** Starts the app in HTTP mode on a fresh database against the fake Slack and waits until it is healthy. */
async function startHealthy() {
  fake = await startFakeSlack();
  const dir = mkdtempSync(path.join(tmpdir(), "goodcall-db-"));
  const port = 20000 + Math.floor(Math.random() * 20000);
  const app = start({
    SLACK_BOT_TOKEN: "xoxb-startup-test",
    SLACK_SIGNING_SECRET: "startup-secret",
    SLACK_SOCKET_MODE: "false",
    SLACK_API_URL: fake.url,
    PORT: String(port),
    DATABASE_URL: `file:${path.join(dir, "nested", "goodcall.db")}`,
  });
  const deadline = Date.now() + 30_000;
  let status = 0;
  while (Date.now() < deadline && app.proc.exitCode === null) {
    status = await fetch(`http://127.0.0.1:${port}/healthz`)
      .then((r) => r.status)
      .catch(() => 0);
    if (status === 200) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  expect(status, app.output()).toBe(200);
  return { ...app, databaseFile: path.join(dir, "nested", "goodcall.db") };
}

it("creates and migrates the database, serves /healthz, and stops cleanly on SIGTERM", async () => {
  const app = await startHealthy();
  const stopping = Date.now();
  app.proc.kill("SIGTERM");
  expect(await app.exited).toBe(0);
  expect(Date.now() - stopping).toBeLessThan(10_000);
  expect(app.output()).toContain("stopped");
  expect(app.output()).not.toContain("startup-secret");
}, 45_000);

it("warms its request path before it listens, asking Slack nothing but auth.test and writing nothing", async () => {
  const app = await startHealthy();
  // Bolt checks its token once at start; the warm-up's made-up person is never looked up.
  expect(fake?.calls().map((call) => call.method)).toEqual(["auth.test"]);
  const db = new Database(app.databaseFile, { readonly: true });
  try {
    for (const table of ["Person", "Team", "TeamMember", "GoodCall"])
      expect((db.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n, table).toBe(0);
  } finally {
    db.close();
  }
  expect(app.output()).not.toContain("warm-up stopped early");
  app.proc.kill("SIGTERM");
  expect(await app.exited).toBe(0);
}, 45_000);

// A log shipper that died or a closed terminal: the pipes' reader is gone when the signal comes.
it.each(["SIGTERM", "SIGINT"] as const)(
  "stops on %s within 5 s after the reader of its output has gone away",
  async (signal) => {
    const app = await startHealthy();
    app.proc.stdout?.destroy();
    app.proc.stderr?.destroy();
    const stopping = Date.now();
    app.proc.kill(signal);
    const exited = await Promise.race([
      app.exited.then((code) => ({ code })),
      new Promise<"hung">((resolve) => setTimeout(() => resolve("hung"), 5_000)),
    ]);
    expect(exited).toEqual({ code: 0 });
    expect(Date.now() - stopping).toBeLessThan(5_000);
  },
  45_000,
);

// The build compiles each bundle once and saves V8's code cache beside it (scripts/run-bundle.js); a
// cache V8 turned down would go unnoticed, each start quietly parsing the whole bundle again.
it("starts from the code cache the build made: V8 accepts it for each bundle", async () => {
  const check = `
    import { readFileSync } from "node:fs";
    import { cacheFileOf, compileBundle } from "./dist/run-bundle.js";
    for (const entry of ["main", "cli"]) {
      const loader = readFileSync(\`dist/\${entry}.js\`, "utf8");
      const file = "dist/" + /new URL\\("\\.\\/([^"]+\\.cjs)"/.exec(loader)[1];
      const run = compileBundle(file, readFileSync(file, "utf8"), { cachedData: readFileSync(cacheFileOf(file)) });
      console.log(entry, run.cachedDataRejected === false ? "accepted" : "rejected");
    }`;
  const child = spawn(process.execPath, ["--input-type=module", "--eval", check], { cwd: root });
  let output = "";
  child.stdout?.on("data", (d) => {
    output += String(d);
  });
  child.stderr?.on("data", (d) => {
    output += String(d);
  });
  expect(await new Promise((resolve) => child.on("exit", resolve)), output).toBe(0);
  expect(output.trim().split("\n")).toEqual(["main accepted", "cli accepted"]);
});
