// *Appreciate* under a feed post: one per person and entry, and the post's count kept current.
import type { Services } from "../../services.ts";
import { appreciationReply } from "../../views/replies.ts";
import { entryKey } from "../../views/values.ts";
import type { ButtonArgs } from "../args.ts";
import { speakerFor } from "../context.ts";
import { refreshFeedMessage } from "../flows/feed.ts";

export function appreciate(services: Services) {
  return async ({ ack, body, action, client, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const entry = entryKey.decode(action.value);
    const { t } = await speakerFor(services, client, body.user.id, null);
    const outcome = entry
      ? await services.entries.appreciate(entry, body.user.id, null, services.now())
      : { result: "missing" as const };
    await respond({
      response_type: "ephemeral",
      replace_original: false,
      text: appreciationReply(t, outcome.result),
    });
    if (entry && outcome.result === "recorded") {
      services.logger.info({ ...entry, userId: body.user.id }, "appreciation recorded");
      await refreshFeedMessage(services, client, entry);
    }
  };
}
