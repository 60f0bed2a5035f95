// App Home: the person's own numbers and entries, their teams' open improvements, and for managers
// their teams' week and DM preference. Published on opening and after anything changed there.
import type { WebClient } from "@slack/web-api";
import { formatShortDate } from "../../domain/i18n.ts";
import { currentPeriod, scheduleOf, weekContaining } from "../../domain/period.ts";
import type { Services } from "../../services.ts";
import { improvementView } from "../../teamChannel.ts";
import { homeView } from "../../views/home.ts";
import { speakerFor } from "../context.ts";

export async function publishHome(services: Services, client: WebClient, userId: string): Promise<void> {
  const [team] = await services.teams.teamsOf(userId);
  const { t, language } = await speakerFor(services, client, userId, team ?? null);
  const now = services.now();
  // The same span as `/goodcall stats` and the digest: the team's running period, not a calendar week.
  const timeZone = team?.timeZone ?? services.tzDefault;
  const week = team ? currentPeriod(scheduleOf(team), now) : weekContaining(timeZone, now);
  const [thisWeek, allTime, goodCalls, stories, managed] = await Promise.all([
    services.entries.personStats(userId, week.start),
    services.entries.personStats(userId, null),
    services.entries.recentGoodCalls(userId, 5),
    services.entries.recentStories(userId, 5),
    services.teams.managedBy(userId),
  ]);
  const digests = services.digests;
  const teams = await Promise.all(
    managed.slice(0, 10).map(async (managedTeam) => ({
      team: managedTeam,
      preference: (await services.teams.managerPreference(managedTeam.id, userId)) ?? "weekly",
      week: await digests.totals(managedTeam.id, currentPeriod(scheduleOf(managedTeam), now)),
    })),
  );
  const loop = services.loop;
  const mine = await services.teams.teamsOf(userId);
  const open = (await Promise.all(mine.slice(0, 5).map((team) => loop.openImprovements(team.id))))
    .flat()
    .slice(0, 10);
  const improvements = await Promise.all(open.map((improvement) => improvementView(services, improvement)));
  await client.views.publish({
    user_id: userId,
    view: homeView({
      t,
      language,
      week: thisWeek,
      allTime,
      goodCalls,
      stories,
      managed: teams,
      improvements,
      since: formatShortDate(t, week.start, timeZone, true),
    }),
  });
}
