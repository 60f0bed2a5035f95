// Shortcuts: "Log a good call" from anywhere, "Save as success story" on any message. Each only
// opens a form, so the callbacks are the flows themselves.
import type { App, GlobalShortcut, MessageShortcut } from "@slack/bolt";
import { slackTextToPlain } from "../../domain/escape.ts";
import type { Services } from "../../services.ts";
import { CallbackId } from "../../views/ids.ts";
import { actorFor } from "../access.ts";
import { openGoodCallModal } from "../flows/goodCallForm.ts";
import { openStoryModal } from "../flows/storyForm.ts";

export function registerShortcuts(app: App, services: Services): void {
  app.shortcut<GlobalShortcut>(CallbackId.LogGoodCallShortcut, async ({ ack, body, client }) => {
    await ack();
    // No channel here: the form offers only the person's own teams.
    const actor = await actorFor(services, body.user.id);
    await openGoodCallModal(services, { client, actor, triggerId: body.trigger_id });
  });
  app.shortcut<MessageShortcut>(CallbackId.SaveAsStoryShortcut, async ({ ack, shortcut, client }) => {
    await ack();
    // Slack signed the channel the message is in: in a team's channel the person is its member.
    await openStoryModal(services, client, {
      actor: await actorFor(services, shortcut.user.id, shortcut.channel.id),
      channelId: shortcut.channel.id,
      triggerId: shortcut.trigger_id,
      draft: { body: slackTextToPlain(shortcut.message.text ?? "") },
      metadata: { source: { channelId: shortcut.channel.id, messageTs: shortcut.message.ts } },
    });
  });
}
