// Child process for the digest benchmark: composes (and renders) every team's digest for the latest
// period with the app's own code on the database at the URL it is given (SQLite or PostgreSQL), so
// that its peak RSS is the composition's own. No sending.

import { closeDatabase, openDatabase } from "../src/db/client.ts";
import { messages } from "../src/domain/i18n.ts";
import { dueDigestPeriods, type Period, scheduleOf } from "../src/domain/period.ts";
import type { Team } from "../src/domain/types.ts";
import { GRACE_MS } from "../src/jobs/outbox.ts";
import { forEachLimited } from "../src/jobs/pacer.ts";
import { composeFor } from "../src/jobs/week.ts";
import { createLogger } from "../src/logger.ts";
import { createServices, type Services } from "../src/services.ts";
import { renderDigest } from "../src/views/digest.ts";
import { DATASET, NOW } from "./dataset.ts";
import { failToParent, nullStream, percentile, serveParent } from "./lib.ts";

const url = process.argv[2] ?? "";

/** The period runDigests would claim for a team with no digest yet, at the benchmark's "now". */
function latestPeriod(team: Team): Period {
  const due = dueDigestPeriods(scheduleOf(team), null, NOW, GRACE_MS, team.createdAt)[0];
  if (!due) throw new Error(`no digest due for ${team.id} at ${NOW.toISOString()}`);
  return { start: due.start, end: due.end };
}

async function composeAll(services: Services, teams: Team[], concurrency: number) {
  let wrong = 0;
  let firstWrong = "";
  const started = performance.now();
  await forEachLimited(teams, concurrency, async (team) => {
    const digest = await composeFor(services, team, latestPeriod(team), false);
    renderDigest(digest, messages(team.language));
    const t = digest.totals;
    if (
      t.goodCalls !== DATASET.goodCallsPerTeamWeek ||
      t.stories !== DATASET.storiesPerTeamWeek ||
      t.appreciations !== DATASET.appreciationsPerTeamWeek
    ) {
      wrong += 1;
      firstWrong ||= `${team.id}: ${JSON.stringify(t)}`;
    }
  });
  return { seconds: (performance.now() - started) / 1000, wrong, firstWrong };
}

async function main(): Promise<void> {
  const db = await openDatabase(url);
  const services = createServices({ db, logger: createLogger("warn", nullStream()), tzDefault: "UTC" });
  const rssAtStartMb = process.memoryUsage().rss / 1024 / 1024;

  serveParent(
    {
      /** Composes every digest at `concurrency` (runDigests composes inside its 4 delivery workers). */
      compose: async (message) => {
        const concurrency = Number(message.concurrency ?? 4);
        const teams = await services.teams.all();
        const result = await composeAll(services, teams, concurrency);
        const m = process.memoryUsage();
        const toMb = (bytes: number) => Math.round(bytes / 1024 / 1024);
        return {
          teams: teams.length,
          ...result,
          rssAtStartMb,
          maxRssMb: process.resourceUsage().maxRSS / 1024,
          memory: `heap ${toMb(m.heapUsed)}/${toMb(m.heapTotal)} MB, external ${toMb(m.external)} MB (array buffers ${toMb(m.arrayBuffers)} MB), rss now ${toMb(m.rss)} MB`,
        };
      },
      /** Entry reads that the log path and App Home make (findGoodCall, recentGoodCalls), at this scale. */
      lookups: async () => {
        const { n: total } = await db
          .selectFrom("GoodCall")
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .executeTakeFirstOrThrow();
        const times = { find: [] as number[], recent: [] as number[] };
        for (let i = 0; i < 200; i++) {
          const id = 1 + Math.floor(((i + 0.5) / 200) * total);
          let t = performance.now();
          await services.entries.findGoodCall(id);
          times.find.push(performance.now() - t);
          t = performance.now();
          await services.entries.recentGoodCalls(`UB${String(i % DATASET.teams).padStart(5, "0")}01`, 10);
          times.recent.push(performance.now() - t);
        }
        times.find.sort((a, b) => a - b);
        times.recent.sort((a, b) => a - b);
        return {
          findP50: percentile(times.find, 50),
          findP99: percentile(times.find, 99),
          recentP50: percentile(times.recent, 50),
          recentP99: percentile(times.recent, 99),
        };
      },
      /** The SQL one digest runs, with its parameters, as Kysely's log hook sees them: for the plans on either database. */
      queries: async (message) => {
        const queries: Array<{ sql: string; params: string; ms: number }> = [];
        const logged = await openDatabase(url, {
          log: (q) => {
            if (/^\s*select/i.test(q.sql))
              queries.push({ sql: q.sql, params: JSON.stringify(q.parameters), ms: q.ms });
          },
        });
        const quiet = createServices({
          db: logged,
          logger: createLogger("warn", nullStream()),
          tzDefault: "UTC",
        });
        const team = await quiet.teams.find(String(message.teamId));
        if (!team) throw new Error(`no team ${String(message.teamId)}`);
        queries.length = 0;
        await composeFor(quiet, team, latestPeriod(team), false);
        await closeDatabase(logged);
        return { queries };
      },
    },
    async () => {
      await closeDatabase(db);
    },
  );
  process.send?.({ type: "ready" });
}

main().catch(failToParent);
