// Promise reminder answers: kept, broken, or remind me later.
import { remindAgainAt } from "../../domain/promise.ts";
import type { Services } from "../../services.ts";
import { promiseReply } from "../../views/replies.ts";
import { promiseAnswer } from "../../views/values.ts";
import { actionSurface, actorFor, authorize } from "../access.ts";
import type { ButtonArgs } from "../args.ts";
import { speakerFor } from "../context.ts";

export function answerPromise(services: Services) {
  return async ({ ack, body, action, client, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const actor = await actorFor(services, body.user.id, body.channel?.id);
    const decoded = promiseAnswer.decode(action.value);
    const owner = decoded ? await services.entries.whose({ kind: "goodCall", id: decoded.goodCallId }) : null;
    const { t } = await speakerFor(services, client, actor.userId, null);
    if (!decoded || !owner) {
      await respond({ response_type: "ephemeral", replace_original: false, text: t.entryGone });
      return;
    }
    const request = { kind: "author", teamId: owner.teamId, authorId: owner.authorId } as const;
    const surface = actionSurface(body, respond, client);
    if (!(await authorize(services, actor, request, { surface, t }))) return;
    const { goodCallId, answer } = decoded;
    const userId = actor.userId;
    const now = services.now();
    const result =
      answer === "later"
        ? await services.loop.remindPromiseLater(goodCallId, userId, remindAgainAt(now))
        : await services.loop.setPromiseStatus(goodCallId, userId, answer, now);
    const text = promiseReply(t, result, answer);
    if (result === "recorded") {
      services.logger.info({ goodCallId, userId, answer }, "promise answered");
      await respond({ replace_original: true, text });
    } else {
      await respond({ response_type: "ephemeral", replace_original: false, text });
    }
  };
}
