// Opening the story form, from `/story`, App Home, a digest, a manager's *Share as story* or the
// message shortcut.
import type { WebClient } from "@slack/web-api";
import type { GoodCall } from "../../domain/types.ts";
import type { Services } from "../../services.ts";
import { type StoryDraft, storyModal } from "../../views/story.ts";
import { noticeModal } from "../../views/text.ts";
import type { StoryFormMetadata } from "../../views/values.ts";
import { resolveTeam, speakerFor } from "../context.ts";

export async function openStoryModal(
  services: Services,
  client: WebClient,
  input: {
    userId: string;
    channelId?: string;
    triggerId: string;
    draft: StoryDraft;
    metadata: StoryFormMetadata;
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
