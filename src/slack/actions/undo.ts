// *Undo* under a quick log's confirmation: the author deletes the good call, and its feed post says so.
import type { Services } from "../../services.ts";
import { entryId } from "../../views/values.ts";
import type { ButtonArgs } from "../args.ts";
import { speakerFor } from "../context.ts";
import { markFeedMessageRemoved } from "../flows/feed.ts";
import { ownGoodCall } from "../flows/goodCall.ts";

export function undo(services: Services) {
  return async ({ ack, body, action, client, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const own = await ownGoodCall(services, entryId.decode(action.value), body.user.id, "undo");
    const { t } = await speakerFor(services, client, body.user.id, own.team);
    if (own.kind === "missing") {
      // The confirmation names something that is gone: replace it rather than add to it.
      await respond({ response_type: "ephemeral", replace_original: true, text: t.entryGone });
      return;
    }
    if (own.kind === "not-author") {
      await respond({ response_type: "ephemeral", replace_original: false, text: t.undoNotYours });
      return;
    }
    const { call, team } = own;
    await services.entries.deleteGoodCall(call.id);
    services.logger.info({ goodCallId: call.id, userId: body.user.id }, "good call undone");
    await respond({ response_type: "ephemeral", replace_original: true, text: t.undone });
    if (call.feedTs) await markFeedMessageRemoved(client, team, call.feedTs);
  };
}
