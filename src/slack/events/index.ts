// Events: App Home, and channel membership that tells us who is on a team.
import type { App } from "@slack/bolt";
import { weekContaining } from "../../domain/period.ts";
import { homeView } from "../../views/home.ts";
import { Event } from "../../views/ids.ts";
import { type Services, speakerFor } from "../services.ts";

export function registerEvents(app: App, services: Services): void {
  app.event(Event.AppHomeOpened, async ({ event, client }) => {
    if (event.tab !== "home") return;
    const userId = event.user;
    const [team] = await services.teams.teamsOf(userId);
    const { t, language } = await speakerFor(services, client, userId, team ?? null);
    const week = weekContaining(team?.timeZone ?? services.tzDefault, services.now());
    const [thisWeek, allTime, goodCalls, stories] = await Promise.all([
      services.entries.personStats(userId, week.start),
      services.entries.personStats(userId, null),
      services.entries.recentGoodCalls(userId, 5),
      services.entries.recentStories(userId, 5),
    ]);
    await client.views.publish({
      user_id: userId,
      view: homeView({ t, language, week: thisWeek, allTime, goodCalls, stories }),
    });
  });

  app.event(Event.MemberJoinedChannel, async ({ event }) => {
    if (await services.teams.find(event.channel)) await services.teams.addMember(event.channel, event.user);
  });

  app.event(Event.MemberLeftChannel, async ({ event }) => {
    await services.teams.removeMember(event.channel, event.user);
  });
}
