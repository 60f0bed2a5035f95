// Buttons that only open a form: log a good call, share a story (App Home, digests), team settings.
import type { Services } from "../../services.ts";
import { slackIdValue } from "../../views/values.ts";
import type { ButtonArgs } from "../args.ts";
import { speakerFor } from "../context.ts";
import { openGoodCallModal } from "../flows/goodCallForm.ts";
import { openSettingsIfManager } from "../flows/settings.ts";
import { openStoryModal } from "../flows/storyForm.ts";

export function openGoodCallForm(services: Services) {
  return async ({ ack, body, client }: ButtonArgs): Promise<void> => {
    await ack();
    await openGoodCallModal(services, {
      client,
      userId: body.user.id,
      ...(body.channel?.id ? { channelId: body.channel.id } : {}),
      triggerId: body.trigger_id,
    });
  };
}

export function openStoryForm(services: Services) {
  return async ({ ack, body, client }: ButtonArgs): Promise<void> => {
    await ack();
    await openStoryModal(services, client, {
      userId: body.user.id,
      ...(body.channel?.id ? { channelId: body.channel.id } : {}),
      triggerId: body.trigger_id,
      draft: {},
      metadata: {},
    });
  };
}

export function openSettingsForm(services: Services) {
  return async ({ ack, body, client, action, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const teamId = slackIdValue.decode(action.value);
    const team = teamId ? await services.teams.find(teamId) : null;
    if (!team) {
      const { t } = await speakerFor(services, client, body.user.id, null);
      await respond({ response_type: "ephemeral", replace_original: false, text: t.entryGone });
      return;
    }
    const refusal = await openSettingsIfManager(services, client, team, body.user.id, body.trigger_id);
    if (refusal) await respond({ response_type: "ephemeral", replace_original: false, text: refusal });
  };
}
