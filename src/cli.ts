// The `goodcall` command line (also `npm run cli -- …`): database and demo tasks for admins.
import "dotenv/config";
import { existsSync, rmSync } from "node:fs";
import { Command } from "commander";
import { absoluteDatabaseUrl, openDatabase } from "./db/client.ts";
import { migrate } from "./db/migrate.ts";
import { sqlitePath } from "./db/url.ts";
import { seedDemo } from "./demo.ts";

const program = new Command()
  .name("goodcall")
  .description("GoodCall's command line. Settings come from the environment or .env, as for the app.")
  .showHelpAfterError();

function databaseUrl(): string {
  return process.env.DATABASE_URL?.trim() || "file:./data/goodcall.db";
}

program
  .command("migrate")
  .description("apply database migrations (start-up does this too)")
  .action(async () => {
    await migrate(databaseUrl());
    console.log(`Database is up to date: ${absoluteDatabaseUrl(databaseUrl())}`);
  });

program
  .command("demo")
  .description("fill a demo database with sample teams and good calls, and show what GoodCall makes of them")
  .option("--database <url>", "SQLite file URL for the demo database (replaced if it exists)", "file:./data/demo.db")
  .action(async (options: { database: string }) => {
    const url = absoluteDatabaseUrl(options.database);
    const file = sqlitePath(url);
    for (const suffix of ["", "-wal", "-shm"]) if (existsSync(file + suffix)) rmSync(file + suffix);
    await migrate(url);
    const db = await openDatabase(url);
    try {
      const now = new Date();
      const counts = await seedDemo(db, now);
      console.log(`Demo database: ${url}`);
      console.log(`${counts.teams} teams, ${counts.goodCalls} good calls, ${counts.stories} stories.\n`);
      const teams = await db.team.findMany({ orderBy: { id: "asc" } });
      for (const team of teams) {
        const calls = await db.goodCall.findMany({
          where: { teamId: team.id },
          orderBy: { createdAt: "asc" },
          include: { _count: { select: { appreciations: true } } },
        });
        console.log(`#${team.name} (${team.language}, ${team.timeZone})`);
        for (const call of calls) {
          const value = call.valueCents !== null ? ` [${(call.valueCents / 100).toFixed(2)} ${call.currency}]` : "";
          const tags = call.tags ? ` ${call.tags.split(" ").map((t) => `#${t}`).join(" ")}` : "";
          console.log(`  - ${call.authorId}: ${call.what}${value}${tags} (thanks: ${call._count.appreciations})`);
        }
        console.log("");
      }
    } finally {
      await db.$disconnect();
    }
  });

program.parseAsync(process.argv).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
