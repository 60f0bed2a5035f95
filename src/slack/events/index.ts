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

/** One Bolt listener for the events we subscribe to, routing by type (see registerActions for why). */
export function registerEvents(app: App, services: Services): void {
  const ours = new RegExp(
    `^(?:${[Event.AppHomeOpened, Event.MemberJoinedChannel, Event.MemberLeftChannel].join("|")})$`,
  );
  app.event(ours, peopleOnly, async ({ event, client }) => {
    switch (event.type) {
      case Event.AppHomeOpened:
        if (event.tab === "home") await publishHome(services, client, event.user);
        return;
      case Event.MemberJoinedChannel:
        if (await services.teams.find(event.channel))
          await services.teams.addMember(event.channel, event.user);
        return;
      case Event.MemberLeftChannel:
        await services.teams.removeMember(event.channel, event.user);
        return;
    }
  });
}
