// Events: App Home, and channel membership that tells us who is on a team.
import type { App } from "@slack/bolt";
import type { Services } from "../../services.ts";
import { Event } from "../../views/ids.ts";
import { publishHome } from "../flows/home.ts";

export function registerEvents(app: App, services: Services): void {
  app.event(Event.AppHomeOpened, async ({ event, client }) => {
    if (event.tab !== "home") return;
    await publishHome(services, client, event.user);
  });

  app.event(Event.MemberJoinedChannel, async ({ event }) => {
    if (await services.teams.find(event.channel)) await services.teams.addMember(event.channel, event.user);
  });

  app.event(Event.MemberLeftChannel, async ({ event }) => {
    await services.teams.removeMember(event.channel, event.user);
  });
}
