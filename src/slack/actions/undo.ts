// *Undo* under a quick log's confirmation: the author deletes the good call, and its feed post says so.
import type { Services } from "../../services.ts";
import { markFeedMessageRemoved } from "../../teamChannel.ts";
import { entryId } from "../../views/values.ts";
import { actionSurface, actorFor, authorize } from "../access.ts";
import type { ButtonArgs } from "../args.ts";
import { speakerFor } from "../context.ts";
import { goodCallWithTeam } from "../flows/goodCall.ts";

export function undo(services: Services) {
  return async ({ ack, body, action, client, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const actor = await actorFor(services, body.user.id, body.channel?.id);
    const found = await goodCallWithTeam(services, entryId.decode(action.value));
    const { t } = await speakerFor(services, client, actor.userId, found?.team ?? null);
    if (!found) {
      // The confirmation names something that is gone: replace it rather than add to it.
      await respond({ response_type: "ephemeral", replace_original: true, text: t.entryGone });
      return;
    }
    const { call, team } = found;
    const request = { kind: "author", teamId: team.id, authorId: call.authorId } as const;
    const surface = actionSurface(body, respond, client);
    if (!(await authorize(services, actor, request, { surface, t }))) return;
    await services.entries.deleteGoodCall(call.id);
    services.logger.info({ goodCallId: call.id, userId: actor.userId }, "good call undone");
    await respond({ response_type: "ephemeral", replace_original: true, text: t.undone });
    if (call.feedTs) await markFeedMessageRemoved(client, team, call.feedTs, "author");
  };
}
