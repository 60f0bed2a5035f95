// *Add details* under a quick log's confirmation: the author's good call in the full form.
import type { Services } from "../../services.ts";
import { goodCallModal } from "../../views/goodCall.ts";
import { entryId } from "../../views/values.ts";
import { actionSurface, actorFor, authorize } from "../access.ts";
import type { ButtonArgs } from "../args.ts";
import { speakerFor } from "../context.ts";
import { goodCallWithTeam } from "../flows/goodCall.ts";

export function addDetails(services: Services) {
  return async ({ ack, body, action, client, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const actor = await actorFor(services, body.user.id, body.channel?.id);
    const found = await goodCallWithTeam(services, entryId.decode(action.value));
    const { t } = await speakerFor(services, client, actor.userId, found?.team ?? null);
    if (!found) {
      await respond({ response_type: "ephemeral", replace_original: false, text: t.entryGone });
      return;
    }
    const { call, team } = found;
    const request = { kind: "author", teamId: team.id, authorId: call.authorId } as const;
    const surface = actionSurface(body, respond, client);
    if (!(await authorize(services, actor, request, { surface, t }))) return;
    await client.views.open({
      trigger_id: body.trigger_id,
      view: goodCallModal({
        t,
        metadata: { teamId: team.id, goodCallId: call.id },
        teams: null,
        draft: call,
        defaultCurrency: team.usualLimit?.currency ?? "EUR",
      }),
    });
  };
}
