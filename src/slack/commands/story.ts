// `/story [text]`: open the story form, pre-filled with any text given.
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { slackTextToPlain } from "../../domain/escape.ts";
import type { GoodCall } from "../../domain/types.ts";
import { LIMITS } from "../../domain/validate.ts";
import type { Services } from "../../services.ts";
import { type StoryDraft, type StoryModalMetadata, storyModal } from "../../views/story.ts";
import { resolveTeam, speakerFor } from "../context.ts";
import { noticeModal } from "./goodcall.ts";

export function storyCommand(services: Services) {
  return async ({ command, ack, client }: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    const text = command.text.trim();
    if ([...text].length > LIMITS.storyMax) {
      const team = await services.teams.find(command.channel_id);
      const { t } = await speakerFor(services, client, command.user_id, team);
      await ack({ response_type: "ephemeral", text: t.fieldTooLong(LIMITS.storyMax, [...text].length) });
      return;
    }
    await ack();
    await openStoryModal(services, client, {
      userId: command.user_id,
      channelId: command.channel_id,
      triggerId: command.trigger_id,
      draft: text ? { body: slackTextToPlain(text) } : {},
      metadata: {},
    });
  };
}

export async function openStoryModal(
  services: Services,
  client: WebClient,
  input: {
    userId: string;
    channelId?: string;
    triggerId: string;
    draft: StoryDraft;
    metadata: StoryModalMetadata;
    /** The good calls offered as "related"; by default the person's own recent ones. */
    relatedGoodCalls?: GoodCall[];
  },
): Promise<void> {
  const choice = await resolveTeam(services, input.channelId, input.userId);
  const { t } = await speakerFor(services, client, input.userId, choice.kind === "team" ? choice.team : null);
  if (choice.kind === "none") {
    await client.views.open({
      trigger_id: input.triggerId,
      view: noticeModal(t.storyModalTitle, t.noTeam, t.close),
    });
    return;
  }
  const recent = input.relatedGoodCalls ?? (await services.entries.recentGoodCalls(input.userId, 25));
  await client.views.open({
    trigger_id: input.triggerId,
    view: storyModal({
      t,
      metadata: { ...input.metadata, ...(choice.kind === "team" ? { teamId: choice.team.id } : {}) },
      teams: choice.kind === "choose" ? choice.teams : null,
      draft: input.draft,
      relatedGoodCalls: recent,
    }),
  });
}
