// A story just saved reaches its team, whichever way it came in (the form, a workflow step): the
// feed post and the managers' instant DMs.
import type { WebClient } from "@slack/web-api";
import type { Story, Team } from "../../domain/types.ts";
import { sendInstantDms } from "../../jobs/dms.ts";
import type { Services } from "../../services.ts";
import { postStoryToFeed } from "../../teamChannel.ts";

/** The feed and the managers' DMs are independent: one failing must not hold up the other. */
export async function announceStory(
  services: Services,
  client: WebClient,
  team: Team,
  story: Story,
): Promise<void> {
  await Promise.allSettled([
    postStoryToFeed(services, client, team, story).catch((error: unknown) =>
      services.logger.warn({ err: error, storyId: story.id, teamId: team.id }, "feed post failed"),
    ),
    sendInstantDms({ services, client }, team, { kind: "story", story }, services.now()),
  ]);
}
