// *Appreciate* under a feed post: one per person and entry, and the post's count kept current.
import { entryRequest } from "../../domain/access.ts";
import type { Services } from "../../services.ts";
import { refreshFeedMessage } from "../../teamChannel.ts";
import { appreciationReply } from "../../views/replies.ts";
import { entryKey } from "../../views/values.ts";
import { actionSurface, actorFor, authorize } from "../access.ts";
import type { ButtonArgs } from "../args.ts";
import { speakerFor } from "../context.ts";

export function appreciate(services: Services) {
  return async ({ ack, body, action, client, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const actor = await actorFor(services, body.user.id, body.channel?.id);
    const entry = entryKey.decode(action.value);
    const owner = entry ? await services.entries.whose(entry) : null;
    const { t } = await speakerFor(services, client, actor.userId, null);
    const reply = (text: string) => respond({ response_type: "ephemeral", replace_original: false, text });
    if (!entry || !owner) {
      await reply(t.entryGone);
      return;
    }
    // The value names any entry; only the members of its team may appreciate it,
    // and a private good call only its team's managers.
    const surface = actionSurface(body, respond, client);
    if (!(await authorize(services, actor, entryRequest(owner), { surface, t }))) return;
    const outcome = await services.entries.appreciate(entry, actor.userId, null, services.now());
    await reply(appreciationReply(t, outcome.result));
    if (outcome.result === "recorded") {
      services.logger.info({ ...entry, userId: actor.userId }, "appreciation recorded");
      await refreshFeedMessage(services, client, entry);
    }
  };
}
