// The `goodcall` command line (also `npm run cli -- …`): database and demo tasks for admins.
import "dotenv/config";
import { existsSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { WebClient } from "@slack/web-api";
import Database from "better-sqlite3";
import { Command, InvalidArgumentError } from "commander";
import { stringify } from "csv-stringify/sync";
import { ConfigError, loadConfig } from "./config.ts";
import { absoluteDatabaseUrl, closeDatabase, databaseLocationProblem, openDatabase } from "./db/client.ts";
import { migrate } from "./db/migrate.ts";
import { databaseKind, redactUrl, sqlitePath } from "./db/url.ts";
import { demoDms, demoNames, seedDemo } from "./demo.ts";
import { formatMoney, messages } from "./domain/i18n.ts";
import { formatPeriod } from "./domain/period.ts";
import { parseQuarter, quarterContaining, quarterOf } from "./domain/report.ts";
import { spreadsheetSafeRow } from "./domain/spreadsheet.ts";
import { encodeTags } from "./domain/tags.ts";
import type { Team } from "./domain/types.ts";
import { tuneHeap } from "./heap.ts";
import { type DigestOutcome, runDigests } from "./jobs/digests.ts";
import type { WaitNotice } from "./jobs/outbox.ts";
import { type JobsOutcome, runJobs } from "./jobs/run.ts";
import { composeFor } from "./jobs/week.ts";
import { boltLogger, createLogger, type Logger, logOutput } from "./logger.ts";
import { commandLineWorkspaces } from "./oauth/installer.ts";
import { CHART_HEIGHT, CHART_SCALE, CHART_WIDTH } from "./report/chart.ts";
import { loadReport, reportChart } from "./report/load.ts";
import { createServices, type Services } from "./services.ts";
import { renderDigestPreview } from "./views/digest.ts";
import { reportDm } from "./views/report.ts";
import { readableMentions, terminalText } from "./views/terminal.ts";

const program = new Command()
  .name("goodcall")
  .description("GoodCall's command line. Settings come from the environment or .env, as for the app.")
  .showHelpAfterError();

/**
 * The CLI's logs go to stderr: stdout carries what the operator asked for (previews, exports), which
 * must stay readable and pipeable with no JSON log lines mixed in.
 */
function cliLogger(level: string): Logger {
  return createLogger(level, logOutput(process.stderr.fd));
}

function databaseUrl(): string {
  return checked(process.env.DATABASE_URL?.trim() || "file:./data/goodcall.db");
}

/** The URL, once it is known to point where SQLite can work; else the problem, said plainly, ends the command. */
function checked(url: string): string {
  const problem = databaseLocationProblem(url);
  if (problem) throw new Error(problem);
  return url;
}

program
  .command("migrate")
  .description("apply database migrations (start-up does this too)")
  .action(async () => {
    await migrate(databaseUrl());
    console.log(`Database is up to date: ${redactUrl(absoluteDatabaseUrl(databaseUrl()))}`);
  });

program
  .command("demo")
  .description("fill a demo database with sample teams and good calls, and show what GoodCall makes of them")
  .option(
    "--database <url>",
    "the demo database: a SQLite file URL (replaced if it exists), or a PostgreSQL URL of an empty database",
    "file:./data/demo.db",
  )
  .action(async (options: { database: string }) => {
    const url = absoluteDatabaseUrl(checked(options.database));
    const postgres = databaseKind(url) === "postgresql";
    if (!postgres) {
      const file = sqlitePath(url);
      for (const suffix of ["", "-wal", "-shm"]) if (existsSync(file + suffix)) rmSync(file + suffix);
    }
    await migrate(url);
    const db = await openDatabase(url);
    try {
      // NOTE: a SQLite demo file is ours to replace; a PostgreSQL database may be someone's real one.
      if (
        postgres &&
        (await createServices({ db, logger: cliLogger("warn"), tzDefault: "UTC" }).teams.all()).length > 0
      ) {
        console.error(
          `${redactUrl(url)} already has teams; the demo fills only an empty database. Create one (e.g. createdb goodcall_demo) and name it with --database.`,
        );
        process.exitCode = 2;
        return;
      }
      const now = new Date();
      const counts = await seedDemo(db, now);
      console.log(`Demo database: ${redactUrl(url)}`);
      console.log(`${counts.teams} teams, ${counts.goodCalls} good calls, ${counts.stories} stories.\n`);
      const services = createServices({ db, logger: cliLogger("warn"), tzDefault: "UTC", now: () => now });
      const names = demoNames();
      const at = (id: string) => `@${names.get(id) ?? id}`;
      for (const team of await services.teams.all()) {
        const calls = await services.entries.goodCallsIn(team.id, ALL_TIME);
        console.log(
          `#${team.name} (${team.language}, ${team.timeZone}), managed by ${at(team.managerIds[0] ?? "")}`,
        );
        for (const call of calls) {
          const value = call.value ? ` [${formatMoney(call.value, team.language)}]` : "";
          const tags = call.tags.map((t) => ` #${t}`).join("");
          console.log(
            `  - ${at(call.authorId)}: ${call.what}${value}${tags} (thanks: ${call.appreciationCount})`,
          );
        }
        console.log("");
      }
      // The main output: the digest each demo team would get for the week that ends now.
      for (const team of await services.teams.all()) {
        const period = { start: new Date(now.getTime() - 7 * 24 * 3600_000), end: now };
        const digest = await composeFor(services, team, period, false);
        console.log(`=== Digest preview for #${team.name}\n`);
        console.log(`${readableMentions(renderDigestPreview(digest, messages(team.language)), names)}\n`);
      }
      // The rest of the loop: what managers and the people who logged hear from GoodCall by DM.
      for (const dm of await demoDms(services, now)) {
        console.log(`=== ${dm.title}\n`);
        console.log(`${terminalText(dm.message, names)}\n`);
      }
    } finally {
      await closeDatabase(db);
    }
  });

/** Every good call and story a team has, for the demo and the export. */
// NOTE: a four-digit year: SQLite compares dates as text, and "+275760-…" sorts before "2026-…".
const ALL_TIME = { start: new Date("2000-01-01T00:00:00Z"), end: new Date("9999-12-31T00:00:00Z") };

function isoTime(value: string): Date {
  const at = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(at.getTime())) {
    throw new InvalidArgumentError("use an ISO time such as 2026-11-20T13:00:00Z");
  }
  return at;
}

function channelId(value: string): string {
  if (!/^[CG][A-Z0-9]{2,}$/.test(value))
    throw new InvalidArgumentError("use a Slack channel id such as C0123456789");
  return value;
}

/** What a delivery waiting on Slack looks like on stderr, so a slow run never looks hung. */
function waitingLine(n: WaitNotice): string {
  const what =
    n.kind === "digest" ? `digest for #${n.teamName}` : `${n.kind} DM to ${n.recipientId} for #${n.teamName}`;
  return `waiting for Slack: ${what}, attempt ${n.failedTry} failed (${n.error}), retrying in ${Math.ceil(n.retryInMs / 1000)} s`;
}

/**
 * Runs once what the scheduler runs: "digests" only the digests due (the manager DMs claimed with
 * them are left to `jobs run` or the app), "all" every job. The exit code says whether all went out.
 */
async function runOnce(
  scope: "digests" | "all",
  options: { team?: string; at?: Date; dryRun?: boolean },
): Promise<number> {
  // A dry run sends nothing, so it needs no Slack token.
  const config = options.dryRun ? null : loadConfig(process.env, { receivesEvents: false });
  const url = checked(config?.databaseUrl ?? databaseUrl());
  await migrate(url);
  const db = await openDatabase(url);
  const logger = cliLogger(config?.logLevel ?? "warn");
  try {
    // Claims made by the CLI name it, so an operator can tell them from the app's.
    const owner = `cli:${hostname()}:${process.pid}`;
    const services = createServices({ db, logger, tzDefault: config?.tzDefault ?? "UTC", owner });
    if (options.team && !(await services.teams.find(options.team))) {
      console.error(`No team uses channel ${options.team}. Run /goodcall setup in that channel first.`);
      return 2;
    }
    const client = new WebClient(
      config?.slackBotToken ?? "xoxb-dry-run",
      config ? { slackApiUrl: config.slackApiUrl } : {},
    );
    const now = options.at ?? new Date();
    const deps = {
      services,
      client,
      // OAuth mode: each team's workspace token from the installation store.
      ...(config?.oauth ? { workspaces: commandLineWorkspaces(config, services, boltLogger(logger)) } : {}),
      onWait: (n: WaitNotice) => console.error(waitingLine(n)),
    };
    const runOptions = {
      ...(options.team ? { teamId: options.team } : {}),
      ...(options.dryRun ? { dryRun: true } : {}),
    };
    let outcome: JobsOutcome;
    if (scope === "all") outcome = await runJobs(deps, now, runOptions);
    else {
      const { digests, dms } = await runDigests(deps, now, runOptions);
      // Claimed so they cannot be lost, and released so the next `jobs run` or scheduler tick sends them at once.
      for (const dm of dms) await services.deliveries.release(dm.delivery.id);
      if (dms.length > 0) {
        console.log(
          `${dms.length} manager DM(s) that go with these digests (summaries, missed-digest notices) are left for \`goodcall jobs run\` or the app's scheduler.`,
        );
      }
      outcome = { digests, managerDms: [] };
    }
    const teams = new Map((await services.teams.all()).map((t) => [t.id, t]));
    printDigests(outcome.digests, teams, now, Boolean(options.dryRun));
    for (const dm of outcome.managerDms) {
      const team = teams.get(dm.teamId);
      console.log(
        `${dm.result.padEnd(14)} ${dm.kind} DM to ${dm.recipientId} for #${team?.name ?? dm.teamId}${dm.error ? `: ${dm.error}` : ""}`,
      );
    }
    const failed = [...outcome.digests, ...outcome.managerDms].filter(
      (d) => d.result === "failed" || d.result === "retry-later",
    );
    if (failed.length > 0) {
      console.error(
        `${failed.length} message(s) could not be delivered; see the lines above. They are retried by the app's scheduler or the next run.`,
      );
      return 1;
    }
    return 0;
  } finally {
    await closeDatabase(db);
  }
}

const NO_NAMES: ReadonlyMap<string, string> = new Map();

function printDigests(
  outcomes: DigestOutcome[],
  teams: Map<string, { name: string; timeZone: string; language: "en" | "fi" }>,
  now: Date,
  dryRun: boolean,
) {
  if (outcomes.length === 0) {
    console.log(
      `No digests due at ${now.toISOString()}${dryRun ? "" : " (already posted, or not yet time)"}.`,
    );
    return;
  }
  for (const d of outcomes) {
    const team = teams.get(d.teamId);
    const label = `#${team?.name ?? d.teamId} (${d.teamId}) ${team ? formatPeriod(d.period, team.timeZone, team.language) : d.period.end.toISOString()}${d.late ? " [late]" : ""}`;
    if (d.preview) {
      console.log(
        // The CLI knows no one's name (that is Slack's), so people read as @U0123 rather than <@U0123> markup.
        `=== Digest preview: ${label}\n\n${readableMentions(d.preview.text, NO_NAMES)}\n\n--- Block Kit JSON\n${d.preview.json}\n`,
      );
    } else {
      console.log(`${d.result.padEnd(14)} ${label}${d.error ? `: ${d.error}` : ""}`);
    }
  }
}

/** Runs `work` on the team of channel `channelId`, in a migrated database; a channel that is no team is a clear error. */
async function withTeam(
  channelId: string,
  work: (services: Services, team: Team) => Promise<void>,
): Promise<void> {
  const url = databaseUrl();
  await migrate(url);
  const db = await openDatabase(url);
  try {
    const services = createServices({ db, logger: cliLogger("warn"), tzDefault: "UTC" });
    const team = await services.teams.find(channelId);
    if (!team) {
      console.error(`No team uses channel ${channelId}. Run /goodcall setup in that channel first.`);
      process.exitCode = 2;
      return;
    }
    await work(services, team);
  } finally {
    await closeDatabase(db);
  }
}

program
  .command("export")
  .description("print a team's good calls and stories (CSV or JSON) for reporting")
  .requiredOption("--team <CHANNEL_ID>", "the team's channel id", channelId)
  .option(
    "--format <FORMAT>",
    "csv or json",
    (value: string) => {
      if (value !== "csv" && value !== "json") throw new InvalidArgumentError("use csv or json");
      return value;
    },
    "csv",
  )
  .action(async (options: { team: string; format: "csv" | "json" }) => {
    await withTeam(options.team, async (services, team) => {
      const calls = await services.entries.goodCallsIn(team.id, ALL_TIME);
      const stories = await services.entries.storiesIn(team.id, ALL_TIME);
      const rows = [
        ...calls.map((c) => ({
          type: "good_call",
          id: c.id,
          createdAt: c.createdAt.toISOString(),
          authorId: c.authorId,
          text: c.what,
          why: c.why ?? "",
          tags: encodeTags(c.tags),
          value: c.value ? (c.value.cents / 100).toFixed(2) : "",
          currency: c.value?.currency ?? "",
          outcome: c.outcome ?? "",
          promiseDue: c.promiseDue ?? "",
          promiseStatus: c.promiseStatus ?? "",
          appreciations: c.appreciationCount,
          // Whoever receives the export must know which calls only the author and managers see.
          visibility: c.visibility,
        })),
        ...stories.map((s) => ({
          type: "story",
          id: s.id,
          createdAt: s.createdAt.toISOString(),
          authorId: s.authorId,
          text: `${s.title}\n${s.body}`,
          why: "",
          tags: "",
          value: "",
          currency: "",
          outcome: "",
          promiseDue: "",
          promiseStatus: "",
          appreciations: "",
          // Only shared stories are exported (storiesIn), and those the team sees.
          visibility: "team",
        })),
      ];
      // NOTE: only CSV needs neutralising: spreadsheets open it directly and evaluate cells that start
      // like formulas, while JSON reaches a spreadsheet only through an import that keeps text as text.
      process.stdout.write(
        options.format === "json"
          ? `${JSON.stringify(rows, null, 2)}\n`
          : stringify(rows.map(spreadsheetSafeRow), { header: true }),
      );
    });
  });

program
  .command("report")
  .description(
    "print a team's quarterly loop report (the quarter so far, or --quarter) and write its chart as a PNG",
  )
  .requiredOption("--team <CHANNEL_ID>", "the team's channel id", channelId)
  .option("--out <FILE>", "write the chart to FILE as a PNG")
  .option(
    "--quarter <YYYY-Qn>",
    "a past quarter such as 2026-Q3 (default: the current one, so far)",
    (value) => {
      const quarter = parseQuarter(value);
      if (!quarter) throw new InvalidArgumentError("use a quarter such as 2026-Q3");
      return quarter;
    },
  )
  .action(async (options: { team: string; out?: string; quarter?: { year: number; quarter: number } }) => {
    await withTeam(options.team, async (services, team) => {
      const now = new Date();
      const quarter = options.quarter
        ? quarterOf(options.quarter.year, options.quarter.quarter, team.timeZone)
        : quarterContaining(team.timeZone, now);
      if (quarter.start.getTime() > now.getTime()) {
        console.error(`Q${quarter.quarter} ${quarter.year} has not started yet; nothing to report.`);
        process.exitCode = 2;
        return;
      }
      const report = await loadReport(services, team, quarter, now);
      const t = messages(team.language);
      console.log(terminalText(reportDm(t, team.language, report), new Map([[team.id, team.name]])));
      if (options.out) {
        writeFileSync(options.out, await reportChart(t, team.language, report));
        console.log(
          `\nChart written to ${options.out} (PNG, ${CHART_WIDTH * CHART_SCALE} × ${CHART_HEIGHT * CHART_SCALE}).`,
        );
      }
    });
  });

program
  .command("backup")
  .description("write a consistent copy of the database to FILE, safe while the app runs")
  .argument("<FILE>", "where to write the copy")
  .option("--force", "replace FILE if it already exists")
  .action(async (file: string, options: { force?: boolean }) => {
    if (databaseKind(databaseUrl()) === "postgresql") {
      console.error(
        'goodcall backup copies a SQLite database. This DATABASE_URL is PostgreSQL: back it up with PostgreSQL\'s own tools, e.g. pg_dump --format=custom --file=goodcall.dump "$DATABASE_URL" (README: PostgreSQL and several instances).',
      );
      process.exitCode = 2;
      return;
    }
    const source = sqlitePath(absoluteDatabaseUrl(databaseUrl()));
    if (!existsSync(source)) {
      console.error(`There is no database at ${source} yet; nothing to back up.`);
      process.exitCode = 2;
      return;
    }
    // An existing file may be the only good copy (last night's backup); replacing it must be asked for.
    if (existsSync(file) && !options.force) {
      console.error(
        `${file} already exists; nothing was written. Choose another file name, or add --force to replace it.`,
      );
      process.exitCode = 1;
      return;
    }
    // SQLite's online backup copies a consistent snapshot even while the app writes.
    const db = new Database(source, { readonly: true, fileMustExist: true });
    // NOTE: SQLite's backup writes into whatever is at its destination page by page, so the copy is made
    // beside FILE and renamed over it: a replaced backup is never left half old, half new.
    const partial = `${file}.partial-${process.pid}`;
    try {
      await db.backup(partial);
      renameSync(partial, file);
      console.log(`Backed up ${source} to ${file}`);
    } finally {
      db.close();
      rmSync(partial, { force: true });
    }
  });

const digest = program.command("digest").description("weekly recognition digests");
digest
  .command("run")
  .description(
    "compose and post the digests due at a time, through the same claims as the scheduler; digests only: the managers' summaries and every other DM are sent by `jobs run` or the app",
  )
  .option("--team <CHANNEL_ID>", "only this team", channelId)
  .option("--at <ISO_TIME>", "the moment to run for (default: now)", isoTime)
  .option("--dry-run", "print a readable preview and the Block Kit JSON; send and claim nothing")
  .action(async (options: { team?: string; at?: Date; dryRun?: boolean }) => {
    process.exitCode = await runOnce("digests", options);
  });

program
  .command("jobs")
  .description("scheduled jobs")
  .command("run")
  .description(
    "run every scheduled job due at a time, once, through the same claims as the scheduler: digests, managers' summaries and roundups, instant DMs, reminders, missed-digest notices",
  )
  .option("--at <ISO_TIME>", "the moment to run for (default: now)", isoTime)
  .option("--dry-run", "show what would be sent; send and claim nothing")
  .action(async (options: { at?: Date; dryRun?: boolean }) => {
    process.exitCode = await runOnce("all", options);
  });

// OAuth mode: `workspace delete` removes an uninstalled workspace's data before its grace period ends.
program
  .command("workspace")
  .description("workspaces GoodCall is installed in (OAuth mode)")
  .command("delete")
  .argument("<TEAM_ID>", "the Slack workspace id, T…", workspaceId)
  .description(
    "delete a workspace's installation, teams and everything logged in them, now (otherwise the scheduler does it GOODCALL_UNINSTALL_GRACE_DAYS after an uninstall)",
  )
  .action(async (teamId: string) => {
    const url = databaseUrl();
    await migrate(url);
    const db = await openDatabase(url);
    try {
      const services = createServices({ db, logger: createLogger("warn"), tzDefault: "UTC" });
      if (!(await services.installations.workspaceExists(teamId))) {
        console.error(`No workspace ${teamId} is known here: nothing deleted.`);
        process.exitCode = 2;
        return;
      }
      const { teams } = await services.installations.deleteWorkspace(teamId);
      console.log(
        `Deleted workspace ${teamId}: its installation and ${teams} team(s) with everything logged in them.`,
      );
    } finally {
      await closeDatabase(db);
    }
  });

function workspaceId(value: string): string {
  if (!/^T[A-Z0-9]{1,23}$/.test(value))
    throw new InvalidArgumentError("use a Slack workspace id such as T0123456789");
  return value;
}

tuneHeap();
program.parseAsync(process.argv).catch((error: unknown) => {
  console.error(error instanceof ConfigError || error instanceof Error ? error.message : error);
  process.exit(1);
});
