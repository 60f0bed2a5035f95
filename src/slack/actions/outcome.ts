// "Did it help?" answers in the follow-up DM: recorded once, then an optional note.
import type { Services } from "../../services.ts";
import { noteModal } from "../../views/loop.ts";
import { outcomeReply } from "../../views/replies.ts";
import { outcomeAnswer } from "../../views/values.ts";
import type { ButtonArgs } from "../args.ts";
import { speakerFor } from "../context.ts";

export function answerFollowUp(services: Services) {
  return async ({ ack, body, action, client, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const answer = outcomeAnswer.decode(action.value);
    const { t } = await speakerFor(services, client, body.user.id, null);
    if (!answer) {
      await respond({ response_type: "ephemeral", replace_original: false, text: t.entryGone });
      return;
    }
    const { goodCallId, outcome } = answer;
    const result = await services.loop.recordOutcome(goodCallId, body.user.id, outcome, services.now());
    const text = outcomeReply(t, result, outcome);
    if (result !== "recorded") {
      await respond({ response_type: "ephemeral", replace_original: false, text });
      return;
    }
    services.logger.info({ goodCallId, userId: body.user.id, outcome }, "follow-up answered");
    await client.views.open({ trigger_id: body.trigger_id, view: noteModal(t, goodCallId) });
    await respond({ replace_original: true, text });
  };
}
