// What GoodCall keeps in a team's channel: the feed (each new team good call and story, kept current)
// and improvement announcements, and taking both back after a deletion or when a good call is made
// private. Listeners and jobs both use it.
import type { WebClient } from "@slack/web-api";
import type { Erasure, FeedPost } from "./db/erasure.ts";
import type { Improvement } from "./db/loop.ts";
import { messages } from "./domain/i18n.ts";
import type { EntryRef, GoodCall, Story, Team } from "./domain/types.ts";
import type { Services } from "./services.ts";
import { feedGoodCall, type RemovedBy, removedEntry } from "./views/goodCall.ts";
import { type ImprovementView, improvementMessage } from "./views/loop.ts";
import { feedStory } from "./views/story.ts";
import { describeSlackError } from "./web.ts";

/**
 * Posts the good call to its team's feed; the message's ts, or null when the team has no feed or the
 * call is private (only its author and the team's managers see a private one).
 */
export async function postGoodCallToFeed(
  services: Services,
  client: WebClient,
  team: Team,
  call: GoodCall,
): Promise<string | null> {
  if (!team.feedEnabled || call.visibility === "private") return null;
  const message = feedGoodCall({ t: messages(team.language), language: team.language, call });
  const posted = await client.chat.postMessage({ channel: team.id, ...message });
  if (!posted.ts) return null;
  if (await services.entries.setGoodCallFeedTs(call.id, posted.ts)) return posted.ts;
  // Made private (or undone) while it was on its way: it must not stay in the channel.
  await removeFeedPost(services, client, team, { teamId: team.id, ts: posted.ts }, "private");
  return null;
}

/**
 * After the author's edit: a call made private leaves the channel (its post deleted, or emptied when
 * Slack will not delete it), one made the team's is posted as a new call would be, and any other
 * edit of a posted call re-renders its post. A private call's edit posts nothing.
 */
export async function feedAfterEdit(
  services: Services,
  client: WebClient,
  team: Team,
  before: GoodCall,
  after: GoodCall,
): Promise<void> {
  if (after.visibility === "private") {
    if (!after.feedTs) return;
    await removeFeedPost(services, client, team, { teamId: team.id, ts: after.feedTs }, "private");
    await services.entries.clearGoodCallFeedTs(after.id, after.feedTs);
    return;
  }
  if (before.visibility === "private" && !after.feedTs) {
    await postGoodCallToFeed(services, client, team, after);
    return;
  }
  await refreshFeedMessage(services, client, { kind: "goodCall", id: after.id });
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
  // A private call's words never go back into a channel, whatever post it still names.
  if (!call?.feedTs || !team || call.visibility === "private") return null;
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

export async function markFeedMessageRemoved(
  client: WebClient,
  team: Team,
  feedTs: string,
  by: RemovedBy,
): Promise<void> {
  await client.chat.update({ channel: team.id, ts: feedTs, ...removedEntry(messages(team.language), by) });
}

export async function improvementView(
  services: Services,
  improvement: Improvement,
): Promise<ImprovementView> {
  const linked = await services.loop.linkedGoodCalls(improvement.id);
  return { ...improvement, linkedCount: linked.length };
}

/** Re-renders an improvement's announcement from the stored improvement (after a status change or a forget). */
export async function refreshImprovementMessage(
  services: Services,
  client: WebClient,
  team: Team,
  improvement: Improvement,
): Promise<void> {
  if (!improvement.messageTs) return;
  await client.chat.update({
    channel: team.id,
    ts: improvement.messageTs,
    ...improvementMessage(messages(team.language), await improvementView(services, improvement)),
  });
}

/**
 * A deleted (or now private) entry's feed message is deleted; if Slack will not (the channel archived,
 * the bot removed), it is at least emptied to "(removed)", so the words do not stay on view either way.
 */
async function removeFeedPost(
  services: Services,
  client: WebClient,
  team: Team,
  post: FeedPost,
  by: RemovedBy,
): Promise<void> {
  try {
    await client.chat.delete({ channel: team.id, ts: post.ts });
  } catch (error) {
    services.logger.warn(
      { teamId: team.id, ts: post.ts, slackError: describeSlackError(error) },
      "feed message not deleted; emptying it instead",
    );
    await markFeedMessageRemoved(client, team, post.ts, by);
  }
}

/**
 * The Slack half of the one deletion path (src/db/erasure.ts): the deleted entries' feed messages go,
 * the feed messages of entries whose appreciation count changed show the new count, and changed
 * improvement announcements are re-rendered. One message failing does not stop the others.
 */
export async function takeBackFromChannels(
  services: Services,
  client: WebClient,
  erasure: Erasure,
  by: "author" | "retention",
): Promise<void> {
  const teams = new Map<string, Team | null>();
  const teamOf = async (id: string) => {
    if (!teams.has(id)) teams.set(id, await services.teams.find(id));
    return teams.get(id) ?? null;
  };
  const attempt = async (what: string, fields: Record<string, unknown>, work: () => Promise<void>) => {
    try {
      await work();
    } catch (error) {
      services.logger.error(
        { ...fields, slackError: describeSlackError(error) },
        `${what} failed after a deletion`,
      );
    }
  };
  for (const post of erasure.feedPosts) {
    const team = await teamOf(post.teamId);
    if (team)
      await attempt("removing a feed message", { teamId: team.id }, () =>
        removeFeedPost(services, client, team, post, by),
      );
  }
  for (const ref of erasure.recounted) {
    await attempt("refreshing a feed message", { entry: ref }, () =>
      refreshFeedMessage(services, client, ref),
    );
  }
  for (const id of erasure.improvements) {
    await attempt("refreshing an improvement announcement", { improvementId: id }, async () => {
      const improvement = await services.loop.findImprovement(id);
      const team = improvement ? await teamOf(improvement.teamId) : null;
      if (improvement && team) await refreshImprovementMessage(services, client, team, improvement);
    });
  }
}
