// Events: App Home, and channel membership that tells us who is on a team.
import type { AnyMiddlewareArgs, App, Middleware, SlackEventMiddlewareArgs } from "@slack/bolt";
import { writtenByPerson } from "../../domain/parse.ts";
import type { Services } from "../../services.ts";
import { Event } from "../../views/ids.ts";
import { publishHome } from "../flows/home.ts";

/**
 * Events caused by apps and by GoodCall itself are dropped before any listener: a bot's message is no
 * entry, and the app joining a team's channel does not make it a team member. (Bolt's own ignoreSelf
 * lets membership events through on purpose.)
 */
const peopleOnly: Middleware<SlackEventMiddlewareArgs & AnyMiddlewareArgs> = async ({
  event,
  context,
  next,
}) => {
  if (writtenByPerson(event, context.botUserId)) await next();
};

export function registerEvents(app: App, services: Services): void {
  app.event(Event.AppHomeOpened, peopleOnly, async ({ event, client }) => {
    if (event.tab !== "home") return;
    await publishHome(services, client, event.user);
  });

  app.event(Event.MemberJoinedChannel, peopleOnly, async ({ event }) => {
    if (await services.teams.find(event.channel)) await services.teams.addMember(event.channel, event.user);
  });

  app.event(Event.MemberLeftChannel, peopleOnly, async ({ event }) => {
    await services.teams.removeMember(event.channel, event.user);
  });
}
