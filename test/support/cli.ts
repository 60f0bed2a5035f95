// The CLI and the app as the tests start them: the compiled JavaScript a deployment runs, built
// once per test run by globalSetup (through bin/compiled.js, which compiles only when src/ changed).
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** Arguments for process.execPath that run `goodcall <args>`. */
export function cliArgs(...args: string[]): string[] {
  return [path.join(ROOT, "dist/cli.js"), ...args];
}

/** Arguments for process.execPath that start the app. */
export function appArgs(): string[] {
  return [path.join(ROOT, "dist/main.js")];
}
