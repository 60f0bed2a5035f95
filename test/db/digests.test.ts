// The batched digest loader against the per-team one: many teams' weeks loaded together must be, for
// every team, exactly what that team's own `week` loads, on each database.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDatabase, type Db, openDatabase } from "../../src/db/client.ts";
import { digestRepository, type WeekRequest } from "../../src/db/digests.ts";
import { entryRepository } from "../../src/db/entries.ts";
import { loopRepository } from "../../src/db/loop.ts";
import { retentionRepository } from "../../src/db/retention.ts";
import { teamRepository } from "../../src/db/teams.ts";
import type { WeekFacts } from "../../src/domain/digest.ts";
import {
  type Period,
  previousPeriod,
  type Schedule,
  scheduleOf,
  slotAtOrBefore,
  slotBefore,
} from "../../src/domain/period.ts";
import type { Team } from "../../src/domain/types.ts";
import { loadWeek, type WeekWanted, weeksInChunks } from "../../src/jobs/week.ts";
import { createLogger } from "../../src/logger.ts";
import { createServices } from "../../src/services.ts";
import { freshDatabaseUrl } from "../support/db.ts";

const NOW = new Date("2026-11-20T13:05:00Z");
const DAY = 24 * 3600_000;
/** History starts here: five weeks before NOW, so every team has weeks before its previous period. */
const HISTORY = new Date(NOW.getTime() - 35 * DAY);

/** Teams in time zones whose periods differ from each other's, with schedules of their own. */
const TEAMS: Array<{ id: string; timeZone: string; weekday: number; minute: number; createdAt: Date }> = [
  { id: "CHEL", timeZone: "Europe/Helsinki", weekday: 5, minute: 900, createdAt: HISTORY },
  { id: "CNYC", timeZone: "America/New_York", weekday: 1, minute: 540, createdAt: HISTORY },
  { id: "CKOL", timeZone: "Asia/Kolkata", weekday: 3, minute: 1050, createdAt: HISTORY },
  { id: "CAKL", timeZone: "Pacific/Auckland", weekday: 7, minute: 1200, createdAt: HISTORY },
  // Set up during what is its previous period: a young team.
  { id: "CNEW", timeZone: "UTC", weekday: 4, minute: 600, createdAt: new Date(NOW.getTime() - 10 * DAY) },
  // Nothing logged at all.
  { id: "CNIL", timeZone: "UTC", weekday: 5, minute: 900, createdAt: HISTORY },
];

/** mulberry32: the same data on every run and both databases. */
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

let db: Db;
let digests: ReturnType<typeof digestRepository>;
let requests: WeekRequest[];
let single: WeekFacts[];

function latestPeriod(schedule: Schedule): Period {
  const end = slotAtOrBefore(schedule, NOW);
  return { start: slotBefore(schedule, end), end };
}

beforeAll(async () => {
  db = await openDatabase(await freshDatabaseUrl());
  const entries = entryRepository(db);
  const loop = loopRepository(db, entries);
  digests = digestRepository(db, entries, loop, retentionRepository(db));
  const teamsRepo = teamRepository(db);
  const teams: Team[] = [];
  for (const t of TEAMS) {
    await teamsRepo.create({
      id: t.id,
      name: t.id,
      timeZone: t.timeZone,
      createdById: "UMGR",
      createdAt: t.createdAt,
    });
    teams.push(
      await teamsRepo.updateSettings(t.id, {
        managerIds: ["UMGR"],
        timeZone: t.timeZone,
        digestWeekday: t.weekday,
        digestMinute: t.minute,
        language: t.id === "CKOL" ? "fi" : "en",
        feedEnabled: true,
        usualLimit: null,
        followUpDays: 7,
        retentionMonths: null,
      }),
    );
  }

  const rand = prng(20261120);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;
  const between = (from: Date, to: Date) =>
    new Date(from.getTime() + Math.floor(rand() * (to.getTime() - from.getTime())));
  for (const team of teams) {
    if (team.id === "CNIL") continue;
    const period = latestPeriod(scheduleOf(team));
    const people = Array.from({ length: 6 }, (_, p) => `U${team.id}${p}`);
    // Someone whose first good call ever is in the period, and someone who logged only long before.
    const newcomer = `U${team.id}NEW`;
    const from = team.createdAt;
    const until = new Date(NOW.getTime() + DAY);
    const times = [
      ...Array.from({ length: 60 }, () => between(from, until)),
      // The period's edges: its start is in it, its end is not.
      period.start,
      new Date(period.end.getTime() - 1),
      period.end,
    ];
    const calls = [];
    for (const [n, createdAt] of times.entries()) {
      const author = n === 1 ? newcomer : pick(people);
      const promised = rand() < 0.15;
      const call = await entries.createGoodCall(
        {
          teamId: team.id,
          authorId: author,
          what: pick([
            "Refunded the late delivery",
            "Sent a voucher for the delay",
            "Called back about the refund",
          ]),
          why: rand() < 0.3 ? "The delivery was two weeks late" : null,
          tags: pick([[], [], ["refund"], ["late-delivery", "goodwill"], ["refund", "billing"]]),
          value:
            rand() < 0.4 ? { cents: 100 + Math.floor(rand() * 5000), currency: pick(["EUR", "USD"]) } : null,
          followUp: rand() < 0.3,
          source: rand() < 0.5 ? "inline" : "modal",
          flaggedPii: rand() < 0.1,
          promise: promised ? { due: "2026-11-18", remindAt: between(period.start, until) } : null,
          visibility: rand() < 0.15 ? "private" : "team",
          ruleInTheWay: rand() < 0.2 ? "The refund policy needs a manager's approval" : null,
        },
        createdAt,
      );
      calls.push(call);
      if (rand() < 0.3) {
        const outcome = pick(["helped", "no_change", "backfired"] as const);
        await loop.recordOutcome(call.id, author, outcome, between(createdAt, until));
        if (rand() < 0.5) await loop.setOutcomeNote(call.id, author, `It ${outcome} for ${call.id}`);
      }
      if (promised && rand() < 0.6) {
        await loop.setPromiseStatus(
          call.id,
          author,
          pick(["kept", "broken"] as const),
          between(createdAt, until),
        );
      }
      for (const fan of people) {
        if (fan !== author && rand() < 0.15) {
          await entries.appreciate({ kind: "goodCall", id: call.id }, fan, null, between(createdAt, until));
        }
      }
    }
    for (let s = 0; s < 12; s++) {
      const about = pick(calls);
      const story = await entries.createStory(
        {
          teamId: team.id,
          authorId: about.authorId,
          title: `Story ${s}`,
          body: "They wrote back to say thanks.",
          quote: null,
          goodCallId: about.id,
          permalink: null,
          flaggedPii: false,
          // A manager's draft stays out of digests until its author agrees.
          pendingConsent: rand() < 0.3,
        },
        s < 2 ? period.start : between(from, until),
      );
      for (const fan of people) {
        if (fan !== story.authorId && rand() < 0.3) {
          await entries.appreciate(
            { kind: "story", id: story.id },
            fan,
            "Lovely",
            between(story.createdAt, until),
          );
        }
      }
    }
    // More improvements than a digest lists (10), proposed and done, some from a pattern.
    const improvements = team.id === "CHEL" ? 14 : 4;
    for (let k = 0; k < improvements; k++) {
      const createdAt = team.id === "CHEL" ? between(period.start, period.end) : between(from, period.end);
      const linked = calls.filter(() => rand() < 0.05).map((c) => c.id);
      const improvement = await loop.createImprovement(
        {
          teamId: team.id,
          title: `Fix ${k}`,
          description: null,
          ownerId: pick(people),
          proposerId: "UMGR",
          patternKey: pick([null, "tag:refund", "kw:deliver"]),
          patternLabel: null,
          goodCallIds: linked,
        },
        createdAt,
      );
      if (rand() < 0.6) {
        await loop.setImprovementStatus(improvement.id, "done", null, between(createdAt, until));
      }
    }
  }

  requests = teams.map((team) => {
    const schedule = scheduleOf(team);
    const period = latestPeriod(schedule);
    return { team, period, previous: previousPeriod(schedule, period), late: false };
  });
  // The same team twice, for an earlier (late) period, and for a period that starts off its schedule
  // (the first after a schedule change), whose previous period is the seven days before it.
  const helsinki = requests[0] as WeekRequest;
  const schedule = scheduleOf(helsinki.team);
  requests.push({
    ...helsinki,
    period: helsinki.previous,
    previous: previousPeriod(schedule, helsinki.previous),
    late: true,
  });
  const odd = {
    start: new Date(helsinki.period.start.getTime() + 2 * DAY + 3_600_000),
    end: helsinki.period.end,
  };
  requests.push({ ...helsinki, period: odd, previous: previousPeriod(schedule, odd), late: false });

  single = [];
  for (const r of requests) single.push(await digests.week(r.team, r.period, r.previous, r.late));
});

afterAll(async () => {
  await closeDatabase(db);
});

describe("weeks, the batched loader", () => {
  it("has data worth comparing: the per-team weeks hold every kind of fact", () => {
    const facts = single.slice(0, TEAMS.length);
    expect(new Set(facts.map((f) => f.period.end.getTime())).size).toBeGreaterThanOrEqual(4);
    expect(facts.some((f) => f.goodCalls.length > 5)).toBe(true);
    expect(facts.some((f) => f.stories.length > 0)).toBe(true);
    expect(facts.some((f) => f.appreciations > 0 && f.previous.appreciations > 0)).toBe(true);
    expect(facts.some((f) => f.firstTimers.length > 0)).toBe(true);
    expect(facts.some((f) => f.loop.outcomes.length > 0 && f.loop.promiseStatuses.length > 0)).toBe(true);
    expect(facts.some((f) => f.loop.proposed.length === 10)).toBe(true);
    expect(facts.some((f) => f.loop.completed.some((c) => c.linked.length > 0))).toBe(true);
    expect(facts.some((f) => f.loop.completed.some((c) => (c.calls?.before.length ?? 0) > 0))).toBe(true);
    const calls = facts.flatMap((f) => f.goodCalls);
    for (const seen of [
      (c: (typeof calls)[number]) => c.visibility === "private",
      (c: (typeof calls)[number]) => c.ruleInTheWay !== null,
      (c: (typeof calls)[number]) => c.outcome !== null,
      (c: (typeof calls)[number]) => c.value !== null,
      (c: (typeof calls)[number]) => c.why !== null,
      (c: (typeof calls)[number]) => c.tags.length > 1,
      (c: (typeof calls)[number]) => c.appreciationCount > 0,
    ])
      expect(calls.some(seen)).toBe(true);
    expect(facts.find((f) => f.teamId === "CNIL")?.goodCalls).toEqual([]);
  });

  it("loads every team's week exactly as that team's own week does", async () => {
    const batched = await digests.weeks(requests);
    expect(batched).toHaveLength(requests.length);
    batched.forEach((made, i) => {
      const facts = made();
      expect(facts, `${requests[i]?.team.id} ${requests[i]?.period.start.toISOString()}`).toEqual(single[i]);
    });
  });

  it("gives each position its own team's week, in any order and with repeats", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.nat({ max: requests.length - 1 }), { minLength: 1, maxLength: 12 }),
        async (positions) => {
          const batched = await digests.weeks(positions.map((p) => requests[p] as WeekRequest));
          expect(batched.map((made) => made())).toEqual(positions.map((p) => single[p]));
        },
      ),
      { numRuns: 15 },
    );
  });

  it("loads nothing for no teams", async () => {
    expect(await digests.weeks([])).toEqual([]);
  });
});

describe("weeksInChunks, as runDigests takes its weeks", () => {
  it("hands out every team's composed week, as loadWeek composes it, a chunk at a time", async () => {
    const services = createServices({ db, logger: createLogger("silent"), tzDefault: "UTC" });
    const wanted = requests.map(({ team, period, late }) => ({ team, period, late }));
    // Chunks of three: the eight weeks come from three chunks, each loaded once.
    const weekOf = weeksInChunks(services, wanted, 3);
    for (const [i, w] of wanted.entries()) {
      expect(await weekOf(i)).toEqual(await loadWeek(services, w.team, w.period, w.late));
    }
    await expect(weekOf(0)).rejects.toThrow(/already handed out/);
  });

  it("hands out nothing for a team whose week cannot be composed, so the outbox loads it, and the rest as ever", async () => {
    const services = createServices({ db, logger: createLogger("silent"), tzDefault: "UTC" });
    const wanted = requests.map(({ team, period, late }) => ({ team, period, late }));
    // A team record the composition cannot read (no creation time): it fails for this team alone.
    const broken = 4;
    const unreadable = { ...(wanted[broken] as WeekWanted) };
    unreadable.team = { ...unreadable.team, createdAt: null as unknown as Date };
    wanted[broken] = unreadable;
    const weekOf = weeksInChunks(services, wanted, 3);
    for (const [i, w] of wanted.entries()) {
      if (i === broken) expect(await weekOf(i)).toBeUndefined();
      else expect(await weekOf(i)).toEqual(await loadWeek(services, w.team, w.period, w.late));
    }
  });
});
