// `/story [text]`: open the story form, pre-filled with any text given.
import { slackTextToPlain } from "../../domain/escape.ts";
import { LIMITS } from "../../domain/validate.ts";
import type { Services } from "../../services.ts";
import { actorFor } from "../access.ts";
import type { CommandArgs } from "../args.ts";
import { speakerFor } from "../context.ts";
import { openStoryModal } from "../flows/storyForm.ts";

export function storyCommand(services: Services) {
  return async (args: CommandArgs): Promise<void> => {
    const { command, ack, client } = args;
    const text = command.text.trim();
    if ([...text].length > LIMITS.storyMax) {
      const team = await services.teams.find(command.channel_id);
      const { t } = await speakerFor(services, client, command.user_id, team);
      await ack({ response_type: "ephemeral", text: t.fieldTooLong(LIMITS.storyMax, [...text].length) });
      return;
    }
    await ack();
    await openStoryModal(services, client, {
      actor: await actorFor(services, command.user_id, command.channel_id),
      channelId: command.channel_id,
      triggerId: command.trigger_id,
      draft: text ? { body: slackTextToPlain(text) } : {},
      metadata: {},
    });
  };
}
