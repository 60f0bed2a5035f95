// A team's week, loaded once for everything said about it: the digest, its preview, and the
// managers' summaries that go out with it; many teams' weeks are loaded together, a chunk at a time.

import { type DigestRepository, digestRepository, type WeekRequest } from "../db/digests.ts";
import { entryRepository } from "../db/entries.ts";
import { loopRepository } from "../db/loop.ts";
import { openReaderThread } from "../db/readerThread.ts";
import { retentionRepository } from "../db/retention.ts";
import {
  composeDigest,
  type Digest,
  type DigestInput,
  digestInput,
  type WeekFacts,
} from "../domain/digest.ts";
import { type Period, previousPeriod, scheduleOf } from "../domain/period.ts";
import type { Team } from "../domain/types.ts";
import type { Services } from "../services.ts";

export interface Week {
  input: DigestInput;
  digest: Digest;
}

/** A team's period to compose. */
export interface WeekWanted {
  team: Team;
  period: Period;
  late: boolean;
}

/**
 * How many teams' weeks are loaded together: enough that a query's own cost is small beside its
 * rows, few enough that a chunk's rows stay a small part of the process. Two chunks are held at
 * once (the next loads while one is used), their good calls as the JSON text the database sent
 * (some 20 KB a team for a hundred good calls: 5 MB a chunk of 250), each team's decoded only when
 * its digest is composed (see digests.weeks). On SQLite, whose reads run in a reader thread, each
 * chunk's rows are also copied from it and the copies wait for collection: half as many teams a
 * chunk kept the peak at 10,000 teams some 20 MB lower at the same speed.
 */
export const WEEKS_PER_CHUNK = 250;
export const SQLITE_WEEKS_PER_CHUNK = 125;

/** The chunk size weeksInChunks takes on `kind`. */
export function weeksPerChunk(kind: Services["db"]["kind"]): number {
  return kind === "sqlite" ? SQLITE_WEEKS_PER_CHUNK : WEEKS_PER_CHUNK;
}

export async function loadWeek(services: Services, team: Team, period: Period, late: boolean): Promise<Week> {
  const previous = previousPeriod(scheduleOf(team), period);
  const input = digestInput(await services.digests.week(team, period, previous, late));
  return { input, digest: composeDigest(input) };
}

/**
 * The weeks of many teams (of at most a chunk: the caller keeps memory bounded), in the order
 * asked; the same as loadWeek gives for each, from a few queries for them all.
 */
export async function loadWeeks(services: Services, wanted: readonly WeekWanted[]): Promise<Week[]> {
  const weeks: Week[] = [];
  for (const week of await loadWeeksFrom(services.digests, wanted)) weeks.push(week());
  return weeks;
}

/** loadWeeks, each week composed when asked for (its good calls are decoded then: see digests.weeks). */
async function loadWeeksFrom(
  digests: DigestRepository,
  wanted: readonly WeekWanted[],
): Promise<Array<() => Week>> {
  // NOTE: a period's boundaries take time zone arithmetic that costs more than loading the team's
  // week; teams of one run mostly share a schedule and period, so each is worked out once.
  const previousOf = new Map<string, Period>();
  const requests: WeekRequest[] = [];
  for (const { team, period, late } of wanted) {
    const schedule = scheduleOf(team);
    const key = `${schedule.timeZone} ${schedule.weekday} ${schedule.minute} ${period.start.getTime()} ${period.end.getTime()}`;
    let previous = previousOf.get(key);
    if (!previous) {
      previous = previousPeriod(schedule, period);
      previousOf.set(key, previous);
    }
    requests.push({ team, period, previous, late });
  }
  // NOTE: bound to a function of the module rather than a closure per team (see README, Performance).
  const weeks: Array<() => Week> = [];
  for (const facts of await digests.weeks(requests)) weeks.push(composedWeek.bind(null, facts));
  return weeks;
}

function composedWeek(facts: () => WeekFacts): Week {
  const input = digestInput(facts());
  return { input, digest: composeDigest(input) };
}

/**
 * Hands out the weeks of `wanted` one by one, loading them a chunk at a time when the first of a
 * chunk is asked for, and the chunk after it meanwhile, and letting go of a chunk once each of its
 * weeks has been taken. Undefined when its chunk could not be loaded: the outbox then loads the week
 * itself, and a failure there is a failed delivery, retried like any other.
 */
export function weeksInChunks(
  services: Services,
  wanted: readonly WeekWanted[],
  size: number = weeksPerChunk(services.db.kind),
): (index: number) => Promise<Week | undefined> {
  const count = Math.ceil(wanted.length / size);
  const chunks = new Map<number, { weeks: Promise<Array<() => Week> | null>; left: number }>();
  const started = new Set<number>();
  let loaded = 0;
  // On PostgreSQL the server reads the next chunk's rows while this one is worked on. On SQLite a
  // read runs on the thread that asks, so with more than one chunk the reads go to a reader thread
  // (src/db/readerThread.ts): it reads the next chunk while this thread composes, on another core.
  const reader =
    count > 1
      ? openReaderThread(services.db).catch((error: unknown) => {
          services.logger.warn({ err: error }, "the SQLite reader thread did not start; reading here");
          return null;
        })
      : Promise.resolve(null);
  const digests = reader.then((db) => {
    if (!db) return services.digests;
    const entries = entryRepository(db);
    return digestRepository(db, entries, loopRepository(db, entries), retentionRepository(db));
  });
  // NOTE: on SQLite one chunk is loaded after another, never two at once. A chunk's load is two
  // rounds of queries (the second asks who is new, from what the first found), and the reader thread
  // answers in the order asked: with the next chunk's first round sent meanwhile, this chunk's second
  // round waited behind it, and once the reader fell behind, the two threads took turns waiting for
  // each other instead of working side by side (10,000 teams: 8.3–10.2 s, chained 7.3–8.5 s). A
  // PostgreSQL pool runs both chunks' queries at once, and there chaining them was slower.
  const chained = services.db.kind === "sqlite";
  let previousLoad: Promise<unknown> = Promise.resolve();
  const start = (c: number) => {
    if (started.has(c) || c >= count) return;
    started.add(c);
    const items = wanted.slice(c * size, (c + 1) * size);
    const weeks = (chained ? previousLoad : Promise.resolve())
      .then(() => digests)
      .then((from) => loadWeeksFrom(from, items))
      .catch((error: unknown) => {
        services.logger.warn(
          { err: error, teams: items.length },
          "loading a chunk of digests' weeks failed; each loads its own",
        );
        return null;
      })
      .finally(() => {
        loaded += 1;
        if (loaded === count) void reader.then((db) => db?.destroy());
      });
    previousLoad = weeks;
    chunks.set(c, { weeks, left: items.length });
  };
  return async (index) => {
    const c = Math.floor(index / size);
    start(c);
    start(c + 1);
    const chunk = chunks.get(c);
    if (!chunk) throw new Error(`the weeks of position ${index} were already handed out`);
    chunk.left -= 1;
    if (chunk.left === 0) chunks.delete(c);
    const week = (await chunk.weeks)?.[index - c * size];
    if (!week) return undefined;
    // Composed as it is handed out: a week that cannot be is this team's alone to load again.
    try {
      return week();
    } catch (error) {
      services.logger.warn(
        { err: error, teamId: wanted[index]?.team.id },
        "composing a digest's week from its chunk failed; it loads its own",
      );
      return undefined;
    }
  };
}

export async function composeFor(
  services: Services,
  team: Team,
  period: Period,
  late: boolean,
): Promise<Digest> {
  return (await loadWeek(services, team, period, late)).digest;
}
