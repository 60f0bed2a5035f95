// Promise reminder answers: kept, broken, or remind me later.
import { remindAgainAt } from "../../domain/promise.ts";
import type { Services } from "../../services.ts";
import { promiseReply } from "../../views/replies.ts";
import { promiseAnswer } from "../../views/values.ts";
import type { ButtonArgs } from "../args.ts";
import { speakerFor } from "../context.ts";

export function answerPromise(services: Services) {
  return async ({ ack, body, action, client, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const decoded = promiseAnswer.decode(action.value);
    const { t } = await speakerFor(services, client, body.user.id, null);
    if (!decoded) {
      await respond({ response_type: "ephemeral", replace_original: false, text: t.entryGone });
      return;
    }
    const { goodCallId, answer } = decoded;
    const userId = body.user.id;
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
