// Sample teams, people, good calls and stories, so a newcomer can see GoodCall's output without Slack.
import type { Db } from "./db/client.ts";
import { entryRepository } from "./db/entries.ts";
import { teamRepository } from "./db/teams.ts";
import type { Language } from "./domain/types.ts";

interface DemoTeam {
  id: string;
  name: string;
  timeZone: string;
  language: Language;
  people: string[];
  calls: Array<{ what: string; tags: string[]; cents?: number; why?: string }>;
  stories: Array<{ title: string; body: string; quote?: string }>;
}

export const DEMO_TEAMS: DemoTeam[] = [
  {
    id: "CDEMOSUPPORT",
    name: "support-helsinki",
    timeZone: "Europe/Helsinki",
    language: "en",
    people: ["UAINO", "UBEA", "UCHEN", "UDIANA"],
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
    people: ["UEINO", "UFANNI", "UGUSTAV"],
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
    const [manager, ...staff] = demo.people;
    if (!manager) continue;
    const team = await teams.create({
      id: demo.id,
      name: demo.name,
      timeZone: demo.timeZone,
      createdById: manager,
      members: demo.people,
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
        },
        createdAt,
      );
      goodCalls++;
      for (const fan of demo.people.filter((p) => p !== author).slice(0, i % 3)) {
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
