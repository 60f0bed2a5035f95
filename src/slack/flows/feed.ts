// The team feed: each new good call and story posted to the team channel, and kept current.
import type { WebClient } from "@slack/web-api";
import { messages } from "../../domain/i18n.ts";
import type { EntryRef, GoodCall, Story, Team } from "../../domain/types.ts";
import type { Services } from "../../services.ts";
import { feedGoodCall, removedEntry } from "../../views/goodCall.ts";
import { feedStory } from "../../views/story.ts";

export async function postGoodCallToFeed(
  services: Services,
  client: WebClient,
  team: Team,
  call: GoodCall,
): Promise<void> {
  if (!team.feedEnabled) return;
  const message = feedGoodCall({ t: messages(team.language), language: team.language, call });
  const posted = await client.chat.postMessage({ channel: team.id, ...message });
  if (posted.ts) await services.entries.setGoodCallFeedTs(call.id, posted.ts);
}

export async function postStoryToFeed(
  services: Services,
  client: WebClient,
  team: Team,
  story: Story,
): Promise<void> {
  if (!team.feedEnabled) return;
  const message = feedStory({ t: messages(team.language), story });
  const posted = await client.chat.postMessage({ channel: team.id, ...message });
  if (posted.ts) await services.entries.setStoryFeedTs(story.id, posted.ts);
}

/** Re-renders a feed message from the stored entry (after an appreciation or an edit). */
export async function refreshFeedMessage(
  services: Services,
  client: WebClient,
  ref: EntryRef,
): Promise<void> {
  const rendered =
    ref.kind === "goodCall" ? await renderGoodCall(services, ref.id) : await renderStory(services, ref.id);
  if (rendered) await client.chat.update(rendered);
}

async function renderGoodCall(services: Services, id: number) {
  const call = await services.entries.findGoodCall(id);
  const team = call?.feedTs ? await services.teams.find(call.teamId) : null;
  if (!call?.feedTs || !team) return null;
  return {
    channel: team.id,
    ts: call.feedTs,
    ...feedGoodCall({ t: messages(team.language), language: team.language, call }),
  };
}

async function renderStory(services: Services, id: number) {
  const story = await services.entries.findStory(id);
  const team = story?.feedTs ? await services.teams.find(story.teamId) : null;
  if (!story?.feedTs || !team) return null;
  return { channel: team.id, ts: story.feedTs, ...feedStory({ t: messages(team.language), story }) };
}

export async function markFeedMessageRemoved(client: WebClient, team: Team, feedTs: string): Promise<void> {
  await client.chat.update({ channel: team.id, ts: feedTs, ...removedEntry(messages(team.language)) });
}
