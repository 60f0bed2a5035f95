// *Say thanks* in a manager's DM: the thanks form for that good call or story.
import { entryRequest } from "../../domain/access.ts";
import type { Services } from "../../services.ts";
import { thanksModal } from "../../views/managers.ts";
import { entryKey } from "../../views/values.ts";
import { actionSurface, actorFor, authorize } from "../access.ts";
import type { ButtonArgs } from "../args.ts";
import { speakerFor } from "../context.ts";

export function sayThanks(services: Services) {
  return async ({ ack, body, action, client, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const actor = await actorFor(services, body.user.id, body.channel?.id);
    const ref = entryKey.decode(action.value);
    const owner = ref ? await services.entries.whose(ref) : null;
    const { t } = await speakerFor(services, client, actor.userId, null);
    if (!ref || !owner) {
      await respond({ response_type: "ephemeral", replace_original: false, text: t.entryGone });
      return;
    }
    // The value names any entry; only the members of its team may thank for it,
    // and a private good call only its team's managers.
    const surface = actionSurface(body, respond, client);
    if (!(await authorize(services, actor, entryRequest(owner), { surface, t }))) return;
    if (owner.authorId === actor.userId) {
      await respond({ response_type: "ephemeral", replace_original: false, text: t.thanksSelf });
      return;
    }
    const container = body.container as { channel_id?: string; message_ts?: string };
    await client.views.open({
      trigger_id: body.trigger_id,
      view: thanksModal(
        t,
        {
          entry: ref,
          ...(container.channel_id ? { channel: container.channel_id } : {}),
          ...(container.message_ts ? { ts: container.message_ts } : {}),
        },
        owner.authorId,
      ),
    });
  };
}
