// Shortcuts: "Log a good call" from anywhere, "Save as success story" on a message a person wrote.
// Each only opens a form, so the callbacks are the flows themselves.
import type {
  AllMiddlewareArgs,
  App,
  GlobalShortcut,
  MessageShortcut,
  SlackShortcutMiddlewareArgs,
} from "@slack/bolt";
import { slackTextToPlain } from "../../domain/escape.ts";
import { writtenByPerson } from "../../domain/parse.ts";
import type { Services } from "../../services.ts";
import { CallbackId, Shortcut } from "../../views/ids.ts";
import { actorFor } from "../access.ts";
import { speakerFor } from "../context.ts";
import { openGoodCallModal } from "../flows/goodCallForm.ts";
import { openStoryModal } from "../flows/storyForm.ts";

/** Exactly our two shortcuts. */
const SHORTCUTS = new RegExp(`^(?:${[...Shortcut.Global, ...Shortcut.Message].join("|")})$`);

/** One Bolt listener for both shortcuts, routing by callback id (see registerActions for why). */
export function registerShortcuts(app: App, services: Services): void {
  const logGoodCall = async ({
    ack,
    body,
    client,
  }: SlackShortcutMiddlewareArgs<GlobalShortcut> & AllMiddlewareArgs) => {
    await ack();
    // No channel here: the form offers only the person's own teams.
    const actor = await actorFor(services, body.user.id);
    await openGoodCallModal(services, { client, actor, triggerId: body.trigger_id });
  };
  const saveAsStory = async (args: SlackShortcutMiddlewareArgs<MessageShortcut> & AllMiddlewareArgs) => {
    const { ack, shortcut, client, context, respond } = args;
    await ack();
    if (!writtenByPerson(shortcut.message, context.botUserId)) {
      // Nothing is read or saved: an app's post (or our own digest) is not a customer's story.
      const team = await services.teams.find(shortcut.channel.id);
      const { t } = await speakerFor(services, client, shortcut.user.id, team);
      services.logger.info({ userId: shortcut.user.id }, "story from a bot's message refused");
      await respond({ response_type: "ephemeral", text: t.storyFromBot });
      return;
    }
    // Slack signed the channel the message is in: in a team's channel the person is its member.
    await openStoryModal(services, client, {
      actor: await actorFor(services, shortcut.user.id, shortcut.channel.id),
      channelId: shortcut.channel.id,
      triggerId: shortcut.trigger_id,
      draft: { body: slackTextToPlain(shortcut.message.text ?? "") },
      metadata: { source: { channelId: shortcut.channel.id, messageTs: shortcut.message.ts } },
    });
  };
  // NOTE: by callback id alone, as Bolt matched each listener before: the manifest gives each id its kind.
  app.shortcut({ callback_id: SHORTCUTS }, async (args) => {
    if (args.shortcut.callback_id === CallbackId.LogGoodCallShortcut)
      return logGoodCall(args as SlackShortcutMiddlewareArgs<GlobalShortcut> & AllMiddlewareArgs);
    return saveAsStory(args as SlackShortcutMiddlewareArgs<MessageShortcut> & AllMiddlewareArgs);
  });
}
