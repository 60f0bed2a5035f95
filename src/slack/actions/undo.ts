// *Undo* under a quick log's confirmation: the author deletes the good call, and its feed post says so.
import type { Services } from "../../services.ts";
import { markFeedMessageRemoved } from "../../teamChannel.ts";
import type { ButtonArgs } from "../args.ts";
import { authorsGoodCall } from "../flows/goodCall.ts";

export function undo(services: Services) {
  return async (args: ButtonArgs): Promise<void> => {
    const { ack, client, respond } = args;
    await ack();
    const own = await authorsGoodCall(services, args, { replaceWhenGone: true });
    if (!own) return;
    const { actor, call, team, t } = own;
    await services.entries.deleteGoodCall(call.id);
    services.logger.info({ goodCallId: call.id, userId: actor.userId }, "good call undone");
    await respond({ response_type: "ephemeral", replace_original: true, text: t.undone });
    if (call.feedTs) await markFeedMessageRemoved(client, team, call.feedTs, "author");
  };
}
