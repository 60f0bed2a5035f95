// What managers (and anyone thanking) click: Say thanks, Share as story, the author's consent to
// share, a choice between two things to thank for, and the DM preference in App Home.
import type {
  AllMiddlewareArgs,
  App,
  BlockButtonAction,
  BlockStaticSelectAction,
  SlackActionMiddlewareArgs,
} from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { z } from "zod";
import { MANAGER_PREFERENCES } from "../../domain/types.ts";
import { renderDelivery } from "../../jobs/outbox.ts";
import type { Services } from "../../services.ts";
import { ActionId, actionPattern } from "../../views/ids.ts";
import { replaceThanksButtons, thanksModal } from "../../views/managers.ts";
import { mention, shorten } from "../../views/text.ts";
import { openStoryModal } from "../commands/story.ts";
import { speakerFor } from "../context.ts";
import { publishHome } from "../events/index.ts";
import { postStoryToFeed } from "../feed.ts";
import { entryKey, parseEntryKey, recordThanks } from "../thanks.ts";

type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

const thanksChoiceValue = z.object({ key: z.string(), to: z.string(), note: z.string().max(500) });

export function registerManagerActions(app: App, services: Services): void {
  app.action<BlockButtonAction>(ActionId.SayThanks, (args) => sayThanks(services, args));
  app.action<BlockButtonAction>(ActionId.ShareAsStory, (args) => shareAsStory(services, args));
  app.action<BlockButtonAction>(ActionId.StoryConsentYes, (args) => storyConsent(services, args, true));
  app.action<BlockButtonAction>(ActionId.StoryConsentNo, (args) => storyConsent(services, args, false));
  app.action<BlockButtonAction>(actionPattern(ActionId.ThanksChoice), (args) => thanksChoice(services, args));
  app.action<BlockStaticSelectAction>(ActionId.ManagerPreference, async ({ ack, body, action, client }) => {
    await ack();
    const [teamId, preference] = action.selected_option.value.split(":");
    const valid = MANAGER_PREFERENCES.find((p) => p === preference);
    if (!teamId || !valid) return;
    if (await services.teams.setManagerPreference(teamId, body.user.id, valid)) {
      services.logger.info({ teamId, userId: body.user.id, preference: valid }, "manager DM preference set");
    }
    await publishHome(services, client, body.user.id);
  });
}

async function sayThanks(
  services: Services,
  { ack, body, action, client, respond }: ButtonArgs,
): Promise<void> {
  await ack();
  const ref = parseEntryKey(action.value);
  const entry = ref
    ? ref.kind === "goodCall"
      ? await services.entries.findGoodCall(ref.id)
      : await services.entries.findStory(ref.id)
    : null;
  const { t } = await speakerFor(services, client, body.user.id, null);
  if (!ref || !entry) {
    await respond({ response_type: "ephemeral", replace_original: false, text: t.entryGone });
    return;
  }
  if (entry.authorId === body.user.id) {
    await respond({ response_type: "ephemeral", replace_original: false, text: t.thanksSelf });
    return;
  }
  const container = body.container as { channel_id?: string; message_ts?: string };
  await client.views.open({
    trigger_id: body.trigger_id,
    view: thanksModal(
      t,
      {
        key: entryKey(ref),
        ...(container.channel_id ? { channel: container.channel_id } : {}),
        ...(container.message_ts ? { ts: container.message_ts } : {}),
      },
      entry.authorId,
    ),
  });
}

/** Re-renders the manager's DM the button was in, with what they have thanked marked "Thanked ✓". */
export async function markThankedInDm(
  services: Services,
  client: WebClient,
  userId: string,
  channel: string,
  ts: string,
) {
  const delivery = await services.deliveries.findByMessage(userId, ts);
  const team = delivery ? await services.teams.find(delivery.teamId) : null;
  if (!delivery || !team) return;
  const message = await renderDelivery({ services, client }, team, delivery);
  if (!message) return;
  const keys = message.blocks.flatMap((b) =>
    b.block_id?.startsWith("thanks:") ? [b.block_id.slice("thanks:".length)] : [],
  );
  const ids = (prefix: string) => keys.filter((k) => k.startsWith(prefix)).map((k) => Number(k.slice(3)));
  const thanked = await services.entries.appreciatedBy(userId, ids("gc:"), ids("st:"));
  const { t } = await speakerFor(services, client, userId, team);
  let blocks = message.blocks;
  for (const key of thanked) blocks = replaceThanksButtons(blocks, key as `gc:${number}`, t.thankedButton);
  await client.chat.update({ channel, ts, text: message.text, blocks });
}

async function shareAsStory(
  services: Services,
  { ack, body, action, client, respond }: ButtonArgs,
): Promise<void> {
  await ack();
  const ref = parseEntryKey(action.value);
  const call = ref?.kind === "goodCall" ? await services.entries.findGoodCall(ref.id) : null;
  const { t } = await speakerFor(services, client, body.user.id, null);
  if (!call) {
    await respond({ response_type: "ephemeral", replace_original: false, text: t.entryGone });
    return;
  }
  await openStoryModal(services, client, {
    userId: body.user.id,
    channelId: call.teamId,
    triggerId: body.trigger_id,
    draft: {
      title: shorten(call.what, 60),
      body: [call.what, call.why].filter(Boolean).join("\n\n"),
      goodCallId: call.id,
    },
    metadata: { teamId: call.teamId, consentFor: call.authorId, goodCallId: call.id },
    relatedGoodCalls: [call],
  });
}

async function storyConsent(
  services: Services,
  { ack, body, action, client, respond }: ButtonArgs,
  agree: boolean,
) {
  await ack();
  const id = Number(action.value);
  const story = Number.isInteger(id) ? await services.entries.findStory(id) : null;
  const team = story ? await services.teams.find(story.teamId) : null;
  const { t } = await speakerFor(services, client, body.user.id, team);
  if (!story || !team) {
    await respond({ replace_original: true, text: t.entryGone });
    return;
  }
  if (story.authorId !== body.user.id) {
    await respond({ response_type: "ephemeral", replace_original: false, text: t.undoNotYours });
    return;
  }
  if (!agree) {
    await services.entries.deleteStory(story.id);
    services.logger.info({ storyId: story.id, userId: body.user.id }, "story sharing declined by its author");
    await respond({ replace_original: true, text: t.storyConsentDeclined });
    return;
  }
  const approved = await services.entries.approveStory(story.id, services.now());
  await respond({ replace_original: true, text: t.storyConsentShared });
  if (approved) {
    services.logger.info(
      { storyId: story.id, userId: body.user.id },
      "story shared with its author's consent",
    );
    await postStoryToFeed(services, client, team, approved);
  }
}

async function thanksChoice(
  services: Services,
  { ack, body, action, client, respond }: ButtonArgs,
): Promise<void> {
  await ack();
  const parsed = (() => {
    try {
      return thanksChoiceValue.safeParse(JSON.parse(action.value ?? ""));
    } catch {
      return null;
    }
  })();
  const ref = parsed?.success ? parseEntryKey(parsed.data.key) : null;
  const { t } = await speakerFor(services, client, body.user.id, null);
  if (!parsed?.success || !ref) {
    await respond({ replace_original: true, text: t.entryGone });
    return;
  }
  const outcome = await recordThanks(services, client, ref, body.user.id, parsed.data.note || null);
  const to = mention(outcome.authorId ?? parsed.data.to);
  const reply = {
    recorded: t.thanksSent(to),
    duplicate: t.alreadyThanked(to),
    self: t.thanksSelf,
    missing: t.entryGone,
  }[outcome.result];
  await respond({ replace_original: true, text: reply });
}
