// Saying thanks, from wherever it starts (a manager's DM, the thanks command): one appreciation
// per person and item, the author told by DM, the feed count updated.
import type { WebClient } from "@slack/web-api";
import { languageFromLocale, messages } from "../domain/i18n.ts";
import type { Services } from "../services.ts";
import type { EntryKey } from "../views/managers.ts";
import { thankedYouDm } from "../views/managers.ts";
import { openDm } from "../web.ts";
import { refreshFeedMessage } from "./feed.ts";

export function parseEntryKey(value: string | undefined): { kind: "goodCall" | "story"; id: number } | null {
  const match = /^(gc|st):(\d+)$/.exec(value ?? "");
  if (!match) return null;
  return { kind: match[1] === "gc" ? "goodCall" : "story", id: Number(match[2]) };
}

export function entryKey(ref: { kind: "goodCall" | "story"; id: number }): EntryKey {
  return ref.kind === "goodCall" ? `gc:${ref.id}` : `st:${ref.id}`;
}

export type ThanksResult = { result: "recorded" | "duplicate" | "self" | "missing"; authorId: string | null };

export async function recordThanks(
  services: Services,
  client: WebClient,
  ref: { kind: "goodCall" | "story"; id: number },
  fromUserId: string,
  note: string | null,
): Promise<ThanksResult> {
  const outcome = await services.entries.appreciate(ref, fromUserId, note, services.now());
  if (outcome.result !== "recorded" || !outcome.authorId)
    return { result: outcome.result, authorId: outcome.authorId };
  const authorId = outcome.authorId;
  services.logger.info({ ...ref, userId: fromUserId }, "thanks recorded");
  services.background.run("thanks follow-ups", { ...ref }, async () => {
    const entry =
      ref.kind === "goodCall"
        ? await services.entries
            .findGoodCall(ref.id)
            .then((call) => (call ? { kind: "goodCall" as const, call } : null))
        : await services.entries
            .findStory(ref.id)
            .then((story) => (story ? { kind: "story" as const, story } : null));
    if (!entry) return;
    const teamId = entry.kind === "goodCall" ? entry.call.teamId : entry.story.teamId;
    const team = await services.teams.find(teamId);
    const locale = await services.people.locale(authorId);
    const t = messages(languageFromLocale(locale) ?? team?.language ?? "en");
    const channel = await openDm(client, authorId);
    await client.chat.postMessage({ channel, ...thankedYouDm(t, fromUserId, entry, note) });
    await refreshFeedMessage(services, client, ref);
  });
  return { result: "recorded", authorId };
}
