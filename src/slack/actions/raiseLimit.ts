// *Raise the limit…* in a manager's weekly summary: the team's settings with the suggested usual limit
// filled in, for its managers only. The value names a team and an amount; both are only claims.
import type { Services } from "../../services.ts";
import { raiseLimitValue } from "../../views/values.ts";
import { actionSurface, actorFor } from "../access.ts";
import type { ButtonArgs } from "../args.ts";
import { speakerFor } from "../context.ts";
import { openSettings } from "../flows/settings.ts";

export function raiseLimit(services: Services) {
  return async ({ ack, body, client, action, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const actor = await actorFor(services, body.user.id, body.channel?.id);
    const value = raiseLimitValue.decode(action.value);
    const team = value ? await services.teams.find(value.teamId) : null;
    if (!value || !team) {
      const { t } = await speakerFor(services, client, actor.userId, null);
      await respond({ response_type: "ephemeral", replace_original: false, text: t.entryGone });
      return;
    }
    await openSettings(services, client, {
      actor,
      team,
      triggerId: body.trigger_id,
      surface: actionSurface(body, respond, client),
      suggestedLimit: value.suggested,
    });
  };
}
