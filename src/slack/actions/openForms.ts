// Buttons that only open a form: log a good call, share a story (App Home, digests), team settings.
import type { Services } from "../../services.ts";
import { slackIdValue } from "../../views/values.ts";
import { actionSurface, actorFor } from "../access.ts";
import type { ButtonArgs } from "../args.ts";
import { speakerFor } from "../context.ts";
import { openGoodCallModal } from "../flows/goodCallForm.ts";
import { openSettings } from "../flows/settings.ts";
import { openStoryModal } from "../flows/storyForm.ts";

// The value of these buttons says only where they were ("home", "digest"); the team comes from the
// channel Slack signed (a digest in the team channel) or the person's own teams.
export function openGoodCallForm(services: Services) {
  return async ({ ack, body, client }: ButtonArgs): Promise<void> => {
    await ack();
    const channelId = body.channel?.id;
    await openGoodCallModal(services, {
      client,
      actor: await actorFor(services, body.user.id, channelId),
      ...(channelId ? { channelId } : {}),
      triggerId: body.trigger_id,
    });
  };
}

export function openStoryForm(services: Services) {
  return async ({ ack, body, client }: ButtonArgs): Promise<void> => {
    await ack();
    const channelId = body.channel?.id;
    await openStoryModal(services, client, {
      actor: await actorFor(services, body.user.id, channelId),
      ...(channelId ? { channelId } : {}),
      triggerId: body.trigger_id,
      draft: {},
      metadata: {},
    });
  };
}

export function openSettingsForm(services: Services) {
  return async ({ ack, body, client, action, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const actor = await actorFor(services, body.user.id, body.channel?.id);
    const teamId = slackIdValue.decode(action.value);
    const team = teamId ? await services.teams.find(teamId) : null;
    if (!team) {
      const { t } = await speakerFor(services, client, actor.userId, null);
      await respond({ response_type: "ephemeral", replace_original: false, text: t.entryGone });
      return;
    }
    const surface = actionSurface(body, respond, client);
    await openSettings(services, client, { actor, team, triggerId: body.trigger_id, surface });
  };
}
