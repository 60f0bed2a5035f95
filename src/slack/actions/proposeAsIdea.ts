// *Propose it as an idea instead* under a quick log that read both ways (`idea to …`): the author
// meant an improvement, so one is proposed from the call's text and the good call is removed.
import {
  IMPROVEMENT_TITLE_MAX,
  IMPROVEMENT_TITLE_MIN,
  validateImprovementTitle,
} from "../../domain/improvement.ts";
import { ideaTitleOf } from "../../domain/parse.ts";
import type { Services } from "../../services.ts";
import { markFeedMessageRemoved } from "../../teamChannel.ts";
import { userText } from "../../views/text.ts";
import type { ButtonArgs } from "../args.ts";
import { authorsGoodCall } from "../flows/goodCall.ts";
import { createImprovement } from "../flows/improvements.ts";

export function proposeAsIdea(services: Services) {
  return async (args: ButtonArgs): Promise<void> => {
    const { ack, client, respond } = args;
    await ack();
    const own = await authorsGoodCall(services, args, { replaceWhenGone: true });
    if (!own) return;
    const { actor, call, team, t } = own;
    // The title comes from the stored call, never from the button: only its author's words are proposed.
    const title = ideaTitleOf(call.what);
    const problem = validateImprovementTitle(title);
    if (problem) {
      // The good call stays: a title that does not fit is said, and nothing is lost.
      const text =
        problem === "empty"
          ? t.titleTooShort(IMPROVEMENT_TITLE_MIN)
          : t.fieldTooLong(IMPROVEMENT_TITLE_MAX, [...title].length);
      await respond({ response_type: "ephemeral", replace_original: false, text });
      return;
    }
    const improvement = await createImprovement(services, client, team, {
      title,
      description: null,
      proposerId: actor.userId,
      patternKey: null,
      patternLabel: null,
      goodCallIds: [],
    });
    await services.entries.deleteGoodCall(call.id);
    services.logger.info(
      { goodCallId: call.id, improvementId: improvement.id, userId: actor.userId },
      "good call proposed as an idea instead",
    );
    await respond({
      response_type: "ephemeral",
      replace_original: true,
      text: t.ideaInstead(userText(improvement.title)),
    });
    if (call.feedTs) await markFeedMessageRemoved(client, team, call.feedTs, "author");
  };
}
