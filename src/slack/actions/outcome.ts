// "Did it help?" answers in the follow-up DM: recorded once, then an optional note.
import type { Services } from "../../services.ts";
import { noteModal } from "../../views/loop.ts";
import { outcomeReply } from "../../views/replies.ts";
import { outcomeAnswer } from "../../views/values.ts";
import { actionSurface, actorFor, authorize } from "../access.ts";
import type { ButtonArgs } from "../args.ts";
import { speakerFor } from "../context.ts";

export function answerFollowUp(services: Services) {
  return async ({ ack, body, action, client, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const actor = await actorFor(services, body.user.id, body.channel?.id);
    const answer = outcomeAnswer.decode(action.value);
    const owner = answer ? await services.entries.whose({ kind: "goodCall", id: answer.goodCallId }) : null;
    const { t } = await speakerFor(services, client, actor.userId, null);
    if (!answer || !owner) {
      await respond({ response_type: "ephemeral", replace_original: false, text: t.entryGone });
      return;
    }
    const request = { kind: "author", teamId: owner.teamId, authorId: owner.authorId } as const;
    const surface = actionSurface(body, respond, client);
    if (!(await authorize(services, actor, request, { surface, t }))) return;
    const { goodCallId, outcome } = answer;
    const result = await services.loop.recordOutcome(goodCallId, actor.userId, outcome, services.now());
    const text = outcomeReply(t, result, outcome);
    if (result !== "recorded") {
      await respond({ response_type: "ephemeral", replace_original: false, text });
      return;
    }
    services.logger.info({ goodCallId, userId: actor.userId, outcome }, "follow-up answered");
    await client.views.open({ trigger_id: body.trigger_id, view: noteModal(t, goodCallId) });
    await respond({ replace_original: true, text });
  };
}
