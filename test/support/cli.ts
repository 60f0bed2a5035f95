// The CLI and the app as the tests start them: the compiled JavaScript a deployment runs, built
// once per test run by globalSetup (through bin/compiled.js, which compiles only when src/ changed).
import { type ChildProcess, execFile } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { BOT_TOKEN, type Harness } from "./harness.ts";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));

const run = promisify(execFile);

/** Arguments for process.execPath that run `goodcall <args>`. */
export function cliArgs(...args: string[]): string[] {
  return [path.join(ROOT, "dist/cli.js"), ...args];
}

/** Arguments for process.execPath that start the app. */
export function appArgs(): string[] {
  return [path.join(ROOT, "dist/main.js")];
}

/** The environment of a CLI run beside a test's app: its fake Slack, its database. */
function cliEnv(h: Harness): NodeJS.ProcessEnv {
  return {
    ...process.env,
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_API_URL: h.fake.url,
    DATABASE_URL: h.databaseUrl,
    LOG_LEVEL: "warn",
  };
}

/** `goodcall <args>` run to the end beside the test's app. */
export function cliRun(h: Harness, args: string[]): Promise<{ stdout: string; stderr: string }> {
  return run(process.execPath, cliArgs(...args), { cwd: ROOT, env: cliEnv(h) });
}

/** `goodcall <args>` as a process the test can kill, as an operator's SIGKILL or the OOM killer would. */
export function cliProcess(h: Harness, args: string[]): ChildProcess {
  return execFile(process.execPath, cliArgs(...args), { cwd: ROOT, env: cliEnv(h) });
}
