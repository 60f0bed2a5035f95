// Sample teams, people, good calls and stories, so a newcomer can see GoodCall's output without Slack:
// the digests, and the DMs that close the loop (to managers, and back to the people who logged).
import type { KnownBlock } from "@slack/types";
import { WebClient } from "@slack/web-api";
import { DateTime } from "luxon";
import type { Db } from "./db/client.ts";
import type { Delivery } from "./db/deliveries.ts";
import { entryRepository } from "./db/entries.ts";
import { teamRepository } from "./db/teams.ts";
import type { Period } from "./domain/period.ts";
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
  return { teams: DEMO_TEAMS.length, goodCalls, stories };
}

/** The demo's people and channels by name, so every preview reads "@Bea" and "#support-helsinki", not ids. */
export function demoNames(): Map<string, string> {
  return new Map(
    DEMO_TEAMS.flatMap(
      (team): Array<[string, string]> => [
        [team.id, team.name],
        ...team.people.map((p): [string, string] => [p.id, p.name]),
      ],
    ),
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
