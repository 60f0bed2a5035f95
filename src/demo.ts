// Sample teams, people, good calls and stories, so a newcomer can see GoodCall's output without Slack:
// the digests, and the DMs that close the loop (to managers, and back to the people who logged).
import type { KnownBlock } from "@slack/types";
import { WebClient } from "@slack/web-api";
import { DateTime } from "luxon";
import type { Db } from "./db/client.ts";
import type { Delivery } from "./db/deliveries.ts";
import { entryRepository } from "./db/entries.ts";
import { loopRepository } from "./db/loop.ts";
import { teamRepository } from "./db/teams.ts";
import type { Period } from "./domain/period.ts";
import { quarterContaining } from "./domain/report.ts";
import type { Language, Team } from "./domain/types.ts";
import { encodeKey, type OutboxKey, renderDelivery } from "./jobs/outbox.ts";
import type { Services } from "./services.ts";

interface DemoTeam {
  id: string;
  name: string;
  timeZone: string;
  language: Language;
  /** The first is the team's manager; the others log good calls in turn. */
  people: Array<{ id: string; name: string }>;
  calls: Array<{
    what: string;
    tags: string[];
    cents?: number;
    why?: string;
    /** A promise to the customer, due on the day the demo runs, so its reminder is due too. */
    promiseDueToday?: boolean;
  }>;
  stories: Array<{ title: string; body: string; quote?: string }>;
}

export const DEMO_TEAMS: DemoTeam[] = [
  {
    id: "CDEMOSUPPORT",
    name: "support-helsinki",
    timeZone: "Europe/Helsinki",
    language: "en",
    people: [
      { id: "UAINO", name: "Aino" },
      { id: "UBEA", name: "Bea" },
      { id: "UCHEN", name: "Chen" },
      { id: "UDIANA", name: "Diana" },
    ],
    calls: [
      {
        what: "Gave a 10 EUR voucher because the parcel was three days late",
        tags: ["late-delivery"],
        cents: 1000,
        why: "Birthday present arrived after the party",
      },
      { what: "Refunded the shipping fee for a late delivery", tags: ["late-delivery"], cents: 590 },
      {
        what: "Sent a replacement charger by express before the return arrived",
        tags: ["replacement"],
        cents: 2490,
      },
      { what: "Stayed on the line and walked her through the router setup", tags: ["onboarding"] },
      {
        what: "Offered free re-delivery on Saturday for a customer who works weekdays",
        tags: ["late-delivery"],
      },
      { what: "Called back after closing time to confirm the refund had landed", tags: ["refund"] },
      {
        what: "Promised to call back today once the replacement router has shipped",
        tags: ["replacement"],
        promiseDueToday: true,
      },
    ],
    stories: [
      {
        title: "The wedding cake that made it",
        body: "The courier lost the cake stand on Friday. Bea found one in the Espoo store, drove it over herself and the wedding went ahead with the right stand.",
        quote: "You saved our day, thank you!",
      },
    ],
  },
  {
    id: "CDEMOSTORE",
    name: "myymala-tampere",
    timeZone: "Europe/Helsinki",
    language: "fi",
    people: [
      { id: "UEINO", name: "Eino" },
      { id: "UFANNI", name: "Fanni" },
      { id: "UGUSTAV", name: "Gustav" },
    ],
    calls: [
      { what: "Annoin 15 € alennuksen naarmuuntuneesta laatikosta", tags: ["vaurio"], cents: 1500 },
      { what: "Avasin kassan etuajassa hoitajalle, joka oli menossa yövuoroon", tags: ["palvelu"] },
      { what: "Vaihdoin rikkinäisen vedenkeittimen heti ilman kuittia", tags: ["vaihto"] },
    ],
    stories: [
      {
        title: "Vedenkeitin ennen joulua",
        body: "Asiakas tuli jouluaattona rikkinäisen keittimen kanssa. Vaihdoimme sen heti, ja hän palasi tammikuussa kiittämään koko tiimiä.",
      },
    ],
  },
];

/** Fills an empty, migrated database; the calls are spread over the week before `now`. */
export async function seedDemo(
  db: Db,
  now: Date,
): Promise<{ teams: number; goodCalls: number; stories: number }> {
  const teams = teamRepository(db);
  const entries = entryRepository(db);
  let goodCalls = 0;
  let stories = 0;
  for (const demo of DEMO_TEAMS) {
    const people = demo.people.map((p) => p.id);
    const [manager, ...staff] = people;
    if (!manager) continue;
    const team = await teams.create({
      id: demo.id,
      name: demo.name,
      timeZone: demo.timeZone,
      createdById: manager,
      members: people,
    });
    if (!team) continue;
    await teams.updateSettings(team.id, { ...team, language: demo.language, feedEnabled: true });
    for (const [i, call] of demo.calls.entries()) {
      const author = staff[i % staff.length] ?? manager;
      const createdAt = new Date(now.getTime() - (i + 1) * 17 * 3600_000);
      const saved = await entries.createGoodCall(
        {
          teamId: team.id,
          authorId: author,
          what: call.what,
          why: call.why ?? null,
          tags: call.tags,
          value: call.cents !== undefined ? { cents: call.cents, currency: "EUR" } : null,
          followUp: i % 2 === 0,
          source: i % 3 === 0 ? "modal" : "inline",
          flaggedPii: false,
          promise: call.promiseDueToday
            ? { due: DateTime.fromJSDate(now, { zone: demo.timeZone }).toISODate() ?? "", remindAt: now }
            : null,
        },
        createdAt,
      );
      goodCalls++;
      for (const fan of people.filter((p) => p !== author).slice(0, i % 3)) {
        await entries.appreciate({ kind: "goodCall", id: saved.id }, fan, null, createdAt);
      }
    }
    for (const [i, story] of demo.stories.entries()) {
      const saved = await entries.createStory(
        {
          teamId: team.id,
          authorId: staff[i % staff.length] ?? manager,
          title: story.title,
          body: story.body,
          quote: story.quote ?? null,
          goodCallId: null,
          permalink: null,
          flaggedPii: false,
        },
        new Date(now.getTime() - (i + 2) * 20 * 3600_000),
      );
      stories++;
      await entries.appreciate({ kind: "story", id: saved.id }, manager, null, now);
    }
  }
  goodCalls += await seedHistory(db, now);
  return { teams: DEMO_TEAMS.length, goodCalls, stories };
}

/**
 * Weeks of the English team's history before the demo week, for the quarterly loop report: #late-delivery
 * kept coming back, a fix was proposed from the pattern and done 30 days ago, and it came back far less.
 * Logged by two colleagues who are not in the demo week, so that week's first-timers stay first-timers,
 * and none in the week before it, so the digest has no "last week" to compare with.
 */
export const DEMO_HISTORY = {
  teamId: "CDEMOSUPPORT",
  people: [
    { id: "UELIAS", name: "Elias" },
    { id: "UFREJA", name: "Freja" },
  ],
  /** Days before the demo's now: what was done, its tag, value (cents), and the answer to "did it help?". */
  calls: [
    [
      55,
      "Paid for a taxi to the pick-up point when the courier skipped the address",
      "late-delivery",
      1500,
      "helped",
    ],
    [52, "Rebooked a missed delivery for the evening", "late-delivery", null, "helped"],
    [50, "Refunded the shipping fee after a two-day delay", "late-delivery", 590, null],
    [47, "Sent the parcel again by express when tracking stalled", "late-delivery", 1290, "helped"],
    [45, "Called ahead to warn a customer the parcel would be late", "late-delivery", null, "no_change"],
    [43, "Gave a 5 EUR voucher for a parcel three days late", "late-delivery", 500, "helped"],
    [40, "Walked a customer through returning a faulty kettle", "refund", null, null],
    [38, "Arranged a Saturday delivery for a customer who works weekdays", "late-delivery", null, "helped"],
    [36, "Refunded a double charge on the spot", "refund", 2490, "helped"],
    [33, "Kept a delayed order on hold until the customer was home", "late-delivery", null, "backfired"],
    [31, "Gave a 10 EUR voucher for a parcel lost for a week", "late-delivery", 1000, "helped"],
    [26, "Set up the router over the phone after closing time", "onboarding", null, "helped"],
    [22, "Refunded the shipping fee when the parcel came a day late", "late-delivery", 590, null],
    [19, "Replaced a cracked screen protector without a receipt", "replacement", 900, "helped"],
    [17, "Showed a customer how to track her parcel herself", "onboarding", null, null],
  ] as Array<[number, string, string, number | null, "helped" | "no_change" | "backfired" | null]>,
  fix: {
    title: "Offer Saturday re-delivery at checkout",
    proposedDaysAgo: 40,
    doneDaysAgo: 30,
  },
  idea: { title: "Refund the shipping fee without asking when a parcel is late", daysAgo: 20 },
};

async function seedHistory(db: Db, now: Date): Promise<number> {
  const entries = entryRepository(db);
  const loop = loopRepository(db, entries);
  const team = await teamRepository(db).find(DEMO_HISTORY.teamId);
  const manager = team?.managerIds[0];
  if (!team || !manager) return 0;
  const daysAgo = (days: number, hours = 0) => new Date(now.getTime() - (days * 24 - hours) * 3600_000);
  const [elias, freja] = DEMO_HISTORY.people.map((p) => p.id);
  const lateDeliveries: number[] = [];
  for (const [i, [days, what, tag, cents, outcome]] of DEMO_HISTORY.calls.entries()) {
    const author = (i % 2 === 0 ? elias : freja) ?? manager;
    const createdAt = daysAgo(days);
    const call = await entries.createGoodCall(
      {
        teamId: team.id,
        authorId: author,
        what,
        why: null,
        tags: [tag],
        value: cents === null ? null : { cents, currency: "EUR" },
        followUp: outcome !== null,
        source: "inline",
        flaggedPii: false,
        promise: null,
      },
      createdAt,
    );
    if (tag === "late-delivery" && days > DEMO_HISTORY.fix.proposedDaysAgo) lateDeliveries.push(call.id);
    // The manager thanks most calls within a few hours; every third waits for the weekly summary.
    if (i % 3 !== 2)
      await entries.appreciate({ kind: "goodCall", id: call.id }, manager, null, daysAgo(days, 3 + i));
    else await entries.appreciate({ kind: "goodCall", id: call.id }, manager, null, daysAgo(days, 60));
    if (outcome) await loop.recordOutcome(call.id, author, outcome, daysAgo(days - team.followUpDays));
  }
  // A promise to a customer, kept on its day.
  const promised = await entries.createGoodCall(
    {
      teamId: team.id,
      authorId: freja ?? manager,
      what: "Promised to call back once the refund had cleared",
      why: null,
      tags: ["refund"],
      value: null,
      followUp: false,
      source: "inline",
      flaggedPii: false,
      promise: {
        due: DateTime.fromJSDate(daysAgo(24), { zone: team.timeZone }).toISODate() ?? "",
        remindAt: daysAgo(24),
      },
    },
    daysAgo(25),
  );
  await loop.setPromiseStatus(promised.id, freja ?? manager, "kept", daysAgo(24, 2));
  const fix = await loop.createImprovement(
    {
      teamId: team.id,
      title: DEMO_HISTORY.fix.title,
      description: null,
      ownerId: manager,
      proposerId: freja ?? manager,
      patternKey: "tag:late-delivery",
      patternLabel: "#late-delivery",
      goodCallIds: lateDeliveries,
    },
    daysAgo(DEMO_HISTORY.fix.proposedDaysAgo),
  );
  await loop.setImprovementStatus(fix.id, "done", null, daysAgo(DEMO_HISTORY.fix.doneDaysAgo));
  await loop.createImprovement(
    {
      teamId: team.id,
      title: DEMO_HISTORY.idea.title,
      description: null,
      ownerId: manager,
      proposerId: elias ?? manager,
      patternKey: null,
      patternLabel: null,
      goodCallIds: [],
    },
    daysAgo(DEMO_HISTORY.idea.daysAgo),
  );
  return DEMO_HISTORY.calls.length + 1;
}

/** The demo's people and channels by name, so every preview reads "@Bea" and "#support-helsinki", not ids. */
export function demoNames(): Map<string, string> {
  return new Map(
    DEMO_TEAMS.flatMap(
      (team): Array<[string, string]> => [
        [team.id, team.name],
        ...team.people.map((p): [string, string] => [p.id, p.name]),
      ],
    ).concat(DEMO_HISTORY.people.map((p): [string, string] => [p.id, p.name])),
  );
}

export interface DemoDm {
  /** What the DM is, to whom, and when GoodCall sends it. */
  title: string;
  message: { text: string; blocks: KnownBlock[] };
}

/**
 * One of each DM GoodCall sends, rendered by the outbox exactly as the scheduler would send it at
 * `now`: the English team shows the whole loop, the Finnish team its manager's summary.
 */
export async function demoDms(services: Services, now: Date): Promise<DemoDm[]> {
  const names = demoNames();
  const at = (id: string) => `@${names.get(id) ?? id}`;
  const week = { start: new Date(now.getTime() - 7 * 24 * 3600_000), end: now };
  const day = { start: new Date(now.getTime() - 24 * 3600_000), end: now };
  const dms: DemoDm[] = [];
  const add = async (team: Team, title: string, key: OutboxKey, to: string, period: Period | null) => {
    const message = await renderDelivery(
      { services, client: NO_SLACK },
      team,
      demoDelivery(key, team, to, period, now),
    );
    if (message) dms.push({ title, message });
  };
  // The English team's whole loop first, then the Finnish manager's summary.
  const teams = (await services.teams.all()).sort(
    (a, b) => Number(a.language === "fi") - Number(b.language === "fi"),
  );
  for (const team of teams) {
    const manager = team.managerIds[0];
    if (!manager) continue;
    const summaryTitle = `Weekly summary DM to ${at(manager)}, the manager of #${team.name}, sent with the digest`;
    const summaryKey = { kind: "summary", teamId: team.id, managerId: manager, periodEnd: week.end } as const;
    if (team.language === "fi") {
      await add(team, summaryTitle, summaryKey, manager, week);
      continue;
    }
    const calls = await services.entries.goodCallsIn(team.id, week);
    const newest = calls.reduce<(typeof calls)[number] | undefined>(
      (latest, c) => (!latest || c.createdAt > latest.createdAt ? c : latest),
      undefined,
    );
    if (newest) {
      await add(
        team,
        `Instant DM to ${at(manager)} (a manager who chose "instant") when ${at(newest.authorId)} logged a good call`,
        { kind: "instant", teamId: team.id, managerId: manager, entry: { kind: "goodCall", id: newest.id } },
        manager,
        null,
      );
    }
    await add(
      team,
      `Daily roundup DM to ${at(manager)} (a manager who chose "daily") at 16:00`,
      { kind: "roundup", teamId: team.id, managerId: manager, slot: day.end },
      manager,
      day,
    );
    await add(team, summaryTitle, summaryKey, manager, week);
    const quarter = quarterContaining(team.timeZone, now);
    await add(
      team,
      `Quarterly loop report DM to ${at(manager)} on the first day of each quarter (here the quarter so far; \`goodcall report --team ${team.id} --out chart.png\` draws its chart)`,
      { kind: "report", teamId: team.id, managerId: manager, quarterEnd: quarter.end },
      manager,
      { start: quarter.start, end: now },
    );
    // A call with a promise has its own reminder, shown next.
    const followUp = calls.find((c) => c.followUp && !c.promiseStatus);
    if (followUp) {
      await add(
        team,
        `Follow-up DM to ${at(followUp.authorId)}, sent ${team.followUpDays} days after a good call marked "follow up"`,
        { kind: "followup", goodCallId: followUp.id },
        followUp.authorId,
        null,
      );
    }
    const promised = calls.find((c) => c.promiseStatus === "pending");
    if (promised) {
      await add(
        team,
        `Promise reminder DM to ${at(promised.authorId)} on the day they promised the customer`,
        { kind: "promise", goodCallId: promised.id, remindAt: now },
        promised.authorId,
        null,
      );
    }
  }
  return dms;
}

// NOTE: rendering reads only the database; the client is there because the outbox's dependencies
// include one, and the demo never sends.
const NO_SLACK = new WebClient(undefined, { slackApiUrl: "http://127.0.0.1:9/" });

/** The claim the scheduler would make for this DM, held in memory only: the demo claims and sends nothing. */
function demoDelivery(
  key: OutboxKey,
  team: Team,
  recipientId: string,
  period: Period | null,
  now: Date,
): Delivery {
  return {
    id: 0,
    key: encodeKey(key),
    kind: key.kind,
    teamId: team.id,
    recipientId,
    periodStart: period?.start ?? null,
    periodEnd: period?.end ?? null,
    status: "claimed",
    late: false,
    attempts: 0,
    lastError: null,
    nextAttemptAt: null,
    attemptStartedAt: null,
    messageTs: null,
    createdAt: now,
  };
}
