// The author's answer to a story a manager drafted from their good call: share it, or not.
import type { Services } from "../../services.ts";
import { postStoryToFeed } from "../../teamChannel.ts";
import { entryId } from "../../views/values.ts";
import { actionSurface, actorFor, authorize } from "../access.ts";
import type { ButtonArgs } from "../args.ts";
import { speakerFor } from "../context.ts";

export function storyConsent(services: Services, agree: boolean) {
  return async ({ ack, body, action, client, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const actor = await actorFor(services, body.user.id, body.channel?.id);
    const id = entryId.decode(action.value);
    const story = id === null ? null : await services.entries.findStory(id);
    const team = story ? await services.teams.find(story.teamId) : null;
    const { t } = await speakerFor(services, client, actor.userId, team);
    if (!story || !team) {
      await respond({ replace_original: true, text: t.entryGone });
      return;
    }
    const request = { kind: "author", teamId: team.id, authorId: story.authorId } as const;
    const surface = actionSurface(body, respond, client);
    if (!(await authorize(services, actor, request, { surface, t }))) return;
    if (!agree) {
      await services.entries.deleteStory(story.id);
      services.logger.info(
        { storyId: story.id, userId: actor.userId },
        "story sharing declined by its author",
      );
      await respond({ replace_original: true, text: t.storyConsentDeclined });
      return;
    }
    const approved = await services.entries.approveStory(story.id, services.now());
    await respond({ replace_original: true, text: t.storyConsentShared });
    if (approved) {
      services.logger.info(
        { storyId: story.id, userId: actor.userId },
        "story shared with its author's consent",
      );
      await postStoryToFeed(services, client, team, approved);
    }
  };
}
