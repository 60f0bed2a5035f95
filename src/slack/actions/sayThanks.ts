// *Say thanks* in a manager's DM: the thanks form for that good call or story.
import type { Services } from "../../services.ts";
import { thanksModal } from "../../views/managers.ts";
import { entryKey } from "../../views/values.ts";
import type { ButtonArgs } from "../args.ts";
import { speakerFor } from "../context.ts";

export function sayThanks(services: Services) {
  return async ({ ack, body, action, client, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const ref = entryKey.decode(action.value);
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
          entry: ref,
          ...(container.channel_id ? { channel: container.channel_id } : {}),
          ...(container.message_ts ? { ts: container.message_ts } : {}),
        },
        entry.authorId,
      ),
    });
  };
}
