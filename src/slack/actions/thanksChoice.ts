// The buttons `/goodcall thanks` offers when the person's latest good call and story are both recent.
import type { Services } from "../../services.ts";
import { thanksReply } from "../../views/replies.ts";
import { mention } from "../../views/text.ts";
import { thanksChoiceValue } from "../../views/values.ts";
import type { ButtonArgs } from "../args.ts";
import { speakerFor } from "../context.ts";
import { recordThanks } from "../flows/thanks.ts";

export function thanksChoice(services: Services) {
  return async ({ ack, body, action, client, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const choice = thanksChoiceValue.decode(action.value);
    const { t } = await speakerFor(services, client, body.user.id, null);
    if (!choice) {
      await respond({ replace_original: true, text: t.entryGone });
      return;
    }
    const outcome = await recordThanks(services, client, choice.entry, body.user.id, choice.note || null);
    const text = thanksReply(t, outcome.result, mention(outcome.authorId ?? choice.to));
    await respond({ replace_original: true, text });
  };
}
