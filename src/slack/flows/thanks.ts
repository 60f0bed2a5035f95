// Saying thanks, from wherever it starts (a manager's DM, the thanks command, the choice buttons):
// one appreciation per person and entry, the author told by DM, the feed count updated, and the
// manager's DM marked "Thanked ✓".
import type { WebClient } from "@slack/web-api";
import { languageFromLocale, messages } from "../../domain/i18n.ts";
import type { AppreciationResult, EntryRef } from "../../domain/types.ts";
import { renderDelivery } from "../../jobs/outbox.ts";
import type { Services } from "../../services.ts";
import { refreshFeedMessage } from "../../teamChannel.ts";
import { replaceThanksButtons, thankedYouDm, thanksOffered } from "../../views/managers.ts";
import { openDm } from "../../web.ts";
import { speakerFor } from "../context.ts";

export type ThanksResult = { result: AppreciationResult; authorId: string | null };

export async function recordThanks(
  services: Services,
  client: WebClient,
  ref: EntryRef,
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

/** Re-renders the manager's DM the thanks started in, with what they have thanked marked "Thanked ✓". */
export async function markThankedInDm(
  services: Services,
  client: WebClient,
  userId: string,
  channel: string,
  ts: string,
): Promise<void> {
  const delivery = await services.deliveries.findByMessage(userId, ts);
  const team = delivery ? await services.teams.find(delivery.teamId) : null;
  if (!delivery || !team) return;
  const message = await renderDelivery({ services, client }, team, delivery);
  if (!message) return;
  const thanked = await services.entries.appreciatedBy(userId, thanksOffered(message.blocks));
  const { t } = await speakerFor(services, client, userId, team);
  let blocks = message.blocks;
  for (const entry of thanked) blocks = replaceThanksButtons(blocks, entry, t.thankedButton);
  await client.chat.update({ channel, ts, text: message.text, blocks });
}
