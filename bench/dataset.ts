// The digest benchmark's databases: 1,000 teams × 20 people × 52 weeks of history (≈ 5.2M good
// calls), and 10,000 teams × 20 people × 4 weeks (≈ 4M), built with better-sqlite3 directly (prepared
// statements, one transaction per week, indexes dropped during the load and rebuilt after) and cached
// under os.tmpdir() between runs.
import { createHash } from "node:crypto";
import { existsSync, renameSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { migrate, pendingMigrations } from "../src/db/migrate.ts";
import { type Schedule, slotAtOrBefore, slotBefore } from "../src/domain/period.ts";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** What a dataset holds: every team has the same people and, every week, the same numbers of entries. */
export interface DatasetSpec {
  teams: number;
  peoplePerTeam: number;
  weeks: number;
  goodCallsPerTeamWeek: number;
  storiesPerTeamWeek: number;
  /** Of which `storiesPerTeamWeek` thank a story, the rest thank distinct good calls. */
  appreciationsPerTeamWeek: number;
}

/** A year of a thousand teams' history: what composing at long history is measured on. */
export const DATASET: DatasetSpec = {
  teams: 1000,
  peoplePerTeam: 20,
  weeks: 52,
  goodCallsPerTeamWeek: 100,
  storiesPerTeamWeek: 2,
  appreciationsPerTeamWeek: 30,
};

/**
 * Ten thousand teams: what composing at many teams is measured on. A digest reads its period, the
 * one before and one probe per author into the history before them, so four weeks are enough.
 */
export const LARGE_DATASET: DatasetSpec = { ...DATASET, teams: 10_000, weeks: 4 };

/** Every team posts its digest on Friday 15:00 Helsinki time (the default schedule). */
export const SCHEDULE: Schedule = { timeZone: "Europe/Helsinki", weekday: 5, minute: 900 };
/** The benchmark's "now": five minutes after the latest slot (Friday 20 Nov 2026, 15:00 EET). */
export const NOW = new Date("2026-11-20T13:05:00.000Z");
const TEAMS_CREATED_AT = new Date("2025-10-01T09:00:00.000Z");
// Bump when the generated data changes shape, so old caches are rebuilt.
const DATA_VERSION = 1;

export function teamId(i: number): string {
  return `CB${String(i).padStart(5, "0")}`;
}

export function personId(team: number, p: number): string {
  return `UB${String(team).padStart(5, "0")}${String(p).padStart(2, "0")}`;
}

export interface Counts {
  teams: number;
  goodCalls: number;
  stories: number;
  appreciations: number;
}

/** The rows a dataset of `spec` has once built. */
export function expectedCounts(spec: DatasetSpec): Counts {
  return {
    teams: spec.teams,
    goodCalls: spec.teams * spec.weeks * spec.goodCallsPerTeamWeek,
    stories: spec.teams * spec.weeks * spec.storiesPerTeamWeek,
    appreciations: spec.teams * spec.weeks * spec.appreciationsPerTeamWeek,
  };
}

/** Period boundaries, newest first: week k is [slots[k + 1], slots[k]). */
export function weekSlots(weeks: number): Date[] {
  const slots = [slotAtOrBefore(SCHEDULE, NOW)];
  for (let k = 0; k < weeks; k++) slots.push(slotBefore(SCHEDULE, slots[k] as Date));
  return slots;
}

/** Same format the Prisma adapter stores (iso8601 with "+00:00"), so range queries compare correctly. */
function iso(ms: number): string {
  return new Date(ms).toISOString().replace("Z", "+00:00");
}

/** mulberry32: a small seeded PRNG, so every build is the same data. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Names the caches after the data they hold; the schema is brought up to date with `migrate` on reuse. */
export function dataFingerprint(spec: DatasetSpec): string {
  return createHash("sha256")
    .update(`v${DATA_VERSION}:${JSON.stringify(spec)}:${NOW.toISOString()}`)
    .digest("hex")
    .slice(0, 12);
}

export function countRows(file: string): Counts {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const count = (table: string) =>
      (db.prepare(`SELECT COUNT(*) AS n FROM "${table}"`).get() as { n: number }).n;
    return {
      teams: count("Team"),
      goodCalls: count("GoodCall"),
      stories: count("Story"),
      appreciations: count("Appreciation"),
    };
  } finally {
    db.close();
  }
}

export function sameCounts(a: Counts, b: Counts): boolean {
  return (
    a.teams === b.teams &&
    a.goodCalls === b.goodCalls &&
    a.stories === b.stories &&
    a.appreciations === b.appreciations
  );
}

export interface Dataset {
  spec: DatasetSpec;
  file: string;
  url: string;
  reused: boolean;
  buildSeconds: number;
  counts: Counts;
  bytes: number;
}

/** The cached database if it is there with the expected rows and no pending migration; else a new build. */
export async function ensureDataset(
  log: (line: string) => void,
  spec: DatasetSpec = DATASET,
): Promise<Dataset> {
  const file = path.join(tmpdir(), `goodcall-bench-${dataFingerprint(spec)}.db`);
  const url = `file:${file}`;
  if (existsSync(file)) {
    try {
      const counts = countRows(file);
      if (sameCounts(counts, expectedCounts(spec))) {
        // Migrations added since the cache was built (new columns, tables, indexes) are applied to it.
        const pending = await pendingMigrations(url);
        let migrated = true;
        if (pending.length > 0) {
          log(`applying ${pending.length} new migration(s) to the cached dataset: ${pending.join(", ")}`);
          migrated = await migrate(url).then(
            () => true,
            (error: unknown) => {
              log(`migrating the cached dataset failed (${String(error).split("\n")[0]}); rebuilding`);
              return false;
            },
          );
        }
        if (migrated) {
          resetDeliveries(file);
          log(`reusing cached dataset ${file}`);
          return { spec, file, url, reused: true, buildSeconds: 0, counts, bytes: fileBytes(file) };
        }
      } else {
        log(`cached dataset ${file} has unexpected rows; rebuilding`);
      }
    } catch (error) {
      log(`cached dataset ${file} unreadable (${String(error)}); rebuilding`);
    }
  }
  const started = performance.now();
  const building = `${file}.building`;
  for (const suffix of ["", "-wal", "-shm"]) rmSync(building + suffix, { force: true });
  await migrate(`file:${building}`);
  load(building, spec, log);
  for (const suffix of ["", "-wal", "-shm"]) rmSync(file + suffix, { force: true });
  renameSync(building, file);
  const counts = countRows(file);
  const buildSeconds = (performance.now() - started) / 1000;
  return { spec, file, url, reused: false, buildSeconds, counts, bytes: fileBytes(file) };
}

function fileBytes(file: string): number {
  return existsSync(file) ? statSync(file).size : 0;
}

/** Digest deliveries are what the delivery benchmark writes; the data set is the rest. */
export function resetDeliveries(file: string): void {
  const db = new Database(file);
  try {
    db.exec(`DELETE FROM "Delivery"; PRAGMA wal_checkpoint(TRUNCATE);`);
  } finally {
    db.close();
  }
}

const WHATS = [
  "Refunded the shipping on a late order without being asked",
  "Stayed on the line until the router came back up",
  "Sent a replacement part by express, our cost",
  "Called back the next morning to check the fix held",
  "Waived the reactivation fee for a long-time customer",
  "Walked an elderly customer through the new app step by step",
  "Escalated a billing error and got it fixed the same day",
  "Gave a voucher after the second missed delivery",
  "Explained the contract terms in plain Finnish",
  "Booked the technician visit around the customer's shift",
];
const TAGS = ["", "", "refund", "late-delivery", "billing", "onboarding", "outage refund", "goodwill"];

function load(file: string, spec: DatasetSpec, log: (line: string) => void): void {
  const db = new Database(file);
  try {
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = OFF");
    db.pragma("cache_size = -262144");
    db.pragma("temp_store = MEMORY");
    // Lets CREATE INDEX sort with a helper thread.
    db.pragma("threads = 2");
    const indexes = db
      .prepare(
        `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL
         AND tbl_name IN ('GoodCall', 'Story', 'Appreciation')`,
      )
      .all() as Array<{ name: string; sql: string }>;
    for (const index of indexes) db.exec(`DROP INDEX "${index.name}"`);

    const rand = prng(20261120);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;
    const created = iso(TEAMS_CREATED_AT.getTime());

    const insertTeam = db.prepare(
      `INSERT INTO "Team" (id, name, timeZone, digestWeekday, digestMinute, language, createdById, createdAt, updatedAt)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insertManager = db.prepare(
      `INSERT INTO "TeamManager" (teamId, userId, createdAt) VALUES (?, ?, ?)`,
    );
    const insertMember = db.prepare(`INSERT INTO "TeamMember" (teamId, userId, joinedAt) VALUES (?, ?, ?)`);
    db.transaction(() => {
      for (let t = 0; t < spec.teams; t++) {
        const manager = personId(t, 0);
        insertTeam.run(
          teamId(t),
          `team-${t}`,
          SCHEDULE.timeZone,
          SCHEDULE.weekday,
          SCHEDULE.minute,
          t % 4 === 0 ? "fi" : "en",
          manager,
          created,
          created,
        );
        insertManager.run(teamId(t), manager, created);
        for (let p = 0; p < spec.peoplePerTeam; p++) insertMember.run(teamId(t), personId(t, p), created);
      }
    })();

    const insertCall = db.prepare(
      `INSERT INTO "GoodCall" (id, teamId, authorId, what, why, tags, valueCents, currency, followUp, source,
         flaggedPii, createdAt, updatedAt)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, 0, ?, ?)`,
    );
    const insertStory = db.prepare(
      `INSERT INTO "Story" (id, teamId, authorId, title, body, goodCallId, createdAt, updatedAt)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insertAppreciation = db.prepare(
      `INSERT INTO "Appreciation" (teamId, fromUserId, toUserId, goodCallId, storyId, createdAt)
       VALUES (?, ?, ?, ?, ?, ?)`,
    );

    const slots = weekSlots(spec.weeks);
    let callId = 0;
    let storyId = 0;
    const started = performance.now();
    // Oldest week first, every team's rows interleaved by time, as a live database would have them.
    for (let k = spec.weeks - 1; k >= 0; k--) {
      const start = (slots[k + 1] as Date).getTime();
      const end = (slots[k] as Date).getTime();
      const span = end - start;
      type Call = { team: number; author: number; at: number; id: number };
      const calls: Call[] = [];
      for (let t = 0; t < spec.teams; t++) {
        for (let i = 0; i < spec.goodCallsPerTeamWeek; i++) {
          calls.push({
            team: t,
            author: Math.floor(rand() * spec.peoplePerTeam),
            at: start + Math.floor(rand() * span),
            id: 0,
          });
        }
      }
      calls.sort((a, b) => a.at - b.at);
      const byTeam: Call[][] = Array.from({ length: spec.teams }, () => []);
      db.transaction(() => {
        for (const call of calls) {
          callId += 1;
          call.id = callId;
          (byTeam[call.team] as Call[]).push(call);
          const valued = rand() < 0.3;
          const at = iso(call.at);
          insertCall.run(
            call.id,
            teamId(call.team),
            personId(call.team, call.author),
            pick(WHATS),
            rand() < 0.2 ? "They had been waiting for two weeks" : null,
            pick(TAGS),
            valued ? 500 + Math.floor(rand() * 19_500) : null,
            valued ? (rand() < 0.9 ? "EUR" : "USD") : null,
            rand() < 0.7 ? "inline" : "modal",
            at,
            at,
          );
        }
        for (let t = 0; t < spec.teams; t++) {
          const teamCalls = byTeam[t] as Call[];
          const clampAt = (at: number) => iso(Math.min(end - 1, at));
          // Stories: each told about one of the week's good calls, by its author.
          const storyIds: Array<{ id: number; author: number; at: number }> = [];
          for (let s = 0; s < spec.storiesPerTeamWeek; s++) {
            const about = pick(teamCalls);
            storyId += 1;
            const at = about.at + Math.floor(rand() * 3_600_000);
            storyIds.push({ id: storyId, author: about.author, at });
            insertStory.run(
              storyId,
              teamId(t),
              personId(t, about.author),
              "A customer we almost lost",
              "They called about a double charge; we refunded it and followed up the next day.",
              about.id,
              clampAt(at),
              clampAt(at),
            );
          }
          // Appreciations: distinct good calls (the (goodCallId, fromUserId) pair is unique) plus one per story.
          const thanked = new Set<number>();
          const callThanks = spec.appreciationsPerTeamWeek - spec.storiesPerTeamWeek;
          while (thanked.size < callThanks) thanked.add(Math.floor(rand() * teamCalls.length));
          const from = (author: number) =>
            (author + 1 + Math.floor(rand() * (spec.peoplePerTeam - 1))) % spec.peoplePerTeam;
          for (const index of thanked) {
            const call = teamCalls[index] as Call;
            insertAppreciation.run(
              teamId(t),
              personId(t, from(call.author)),
              personId(t, call.author),
              call.id,
              null,
              clampAt(call.at + Math.floor(rand() * 86_400_000)),
            );
          }
          for (const story of storyIds) {
            insertAppreciation.run(
              teamId(t),
              personId(t, from(story.author)),
              personId(t, story.author),
              null,
              story.id,
              clampAt(story.at + Math.floor(rand() * 86_400_000)),
            );
          }
        }
      })();
      const done = spec.weeks - k;
      if (done % Math.ceil(spec.weeks / 4) === 0 || done === spec.weeks) {
        log(
          `  loaded ${done}/${spec.weeks} weeks (${callId.toLocaleString("en")} good calls, ${((performance.now() - started) / 1000).toFixed(1)} s)`,
        );
      }
    }
    const indexStarted = performance.now();
    for (const index of indexes) db.exec(index.sql);
    log(`  rebuilt ${indexes.length} indexes in ${((performance.now() - indexStarted) / 1000).toFixed(1)} s`);
    // NOTE: no ANALYZE: the app never runs it, so the planner must choose the indexes without statistics.
    db.pragma("wal_checkpoint(TRUNCATE)");
  } finally {
    db.close();
  }
}
