// Opening the story form, from `/story`, App Home, a digest, a manager's *Share as story* or the
// message shortcut.
import type { WebClient } from "@slack/web-api";
import type { Actor } from "../../domain/access.ts";
import type { GoodCall, Team } from "../../domain/types.ts";
import type { Services } from "../../services.ts";
import { type StoryDraft, storyModal } from "../../views/story.ts";
import { noticeModal } from "../../views/text.ts";
import type { StoryFormMetadata } from "../../views/values.ts";
import { resolveTeam, speakerFor, type TeamChoice } from "../context.ts";

export async function openStoryModal(
  services: Services,
  client: WebClient,
  input: {
    /** The person opening the form, from actorFor. */
    actor: Actor;
    /** The channel Slack signed the request from, never one read from a value. */
    channelId?: string;
    /** The team, when the caller has already decided it and authorized the person for it. */
    team?: Team;
    triggerId: string;
    draft: StoryDraft;
    metadata: StoryFormMetadata;
    /** The good calls offered as "related"; by default the person's own recent ones. */
    relatedGoodCalls?: GoodCall[];
  },
): Promise<void> {
  const userId = input.actor.userId;
  const choice: TeamChoice = input.team
    ? { kind: "team", team: input.team }
    : await resolveTeam(services, input.actor, input.channelId);
  const { t } = await speakerFor(services, client, userId, choice.kind === "team" ? choice.team : null);
  if (choice.kind === "none") {
    await client.views.open({
      trigger_id: input.triggerId,
      view: noticeModal(t.storyModalTitle, t.noTeam, t.close),
    });
    return;
  }
  const recent = input.relatedGoodCalls ?? (await services.entries.recentGoodCalls(userId, 25));
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
