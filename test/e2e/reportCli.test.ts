// `goodcall report` on the demo's data: the figures on stdout, the chart written as a PNG.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { expect, it } from "vitest";
import { cliArgs, ROOT } from "../support/cli.ts";
import { freshDatabaseUrl, testDatabaseKind } from "../support/db.ts";
import { pngSize } from "../support/png.ts";

const run = promisify(execFile);

function cli(args: string[], env: Record<string, string> = {}) {
  return run(process.execPath, cliArgs(...args), {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? "",
      DOTENV_CONFIG_PATH: path.join(tmpdir(), "goodcall-no-such.env"),
      ...env,
    },
  }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );
}

it("prints a team's quarter so far and writes its chart, from the demo's data", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "goodcall-report-"));
  const databaseUrl =
    testDatabaseKind() === "postgresql" ? await freshDatabaseUrl() : `file:${path.join(dir, "demo.db")}`;
  const demo = await cli(["demo", "--database", databaseUrl]);
  expect(demo.code, demo.stderr).toBe(0);
  // The demo shows the report among the DMs, and the done fix in the week's digest.
  expect(demo.stdout).toContain("=== Quarterly loop report DM to @Aino");
  expect(demo.stdout).toContain("Done: Offer Saturday re-delivery at checkout");

  const out = path.join(dir, "chart.png");
  const report = await cli(["report", "--team", "CDEMOSUPPORT", "--out", out], { DATABASE_URL: databaseUrl });
  expect(report.code, report.stderr).toBe(0);
  expect(report.stdout).toMatch(/^Quarterly loop report: #support-helsinki, Q[1-4] 20\d\d$/m);
  expect(report.stdout).toContain("Offer Saturday re-delivery at checkout, done");
  expect(report.stdout).not.toMatch(/<[@#!]/u);
  expect(report.stdout).toContain(`Chart written to ${out} (PNG, 1920 × 1240).`);
  expect(pngSize(readFileSync(out))).toEqual({ width: 1920, height: 1240 });

  const finnish = await cli(["report", "--team", "CDEMOSTORE", "--quarter", "2026-Q1"], {
    DATABASE_URL: databaseUrl,
  });
  expect(finnish.stdout).toContain("Neljännesvuosiraportti: #myymala-tampere, 1. vuosineljännes 2026");
  expect(finnish.stdout).toContain("Hiljainen neljännes");

  const badQuarter = await cli(["report", "--team", "CDEMOSTORE", "--quarter", "2026-Q5"], {
    DATABASE_URL: databaseUrl,
  });
  expect(badQuarter.code).not.toBe(0);
  expect(badQuarter.stderr).toContain("use a quarter such as 2026-Q3");
  const noTeam = await cli(["report", "--team", "C0NOSUCH"], { DATABASE_URL: databaseUrl });
  expect(noTeam.code).toBe(2);
  expect(noTeam.stderr).toContain("No team uses channel C0NOSUCH");
}, 120_000);
