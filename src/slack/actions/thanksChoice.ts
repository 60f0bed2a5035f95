// The buttons `/goodcall thanks` offers when the person's latest good call and story are both recent.
import { entryRequest } from "../../domain/access.ts";
import type { Services } from "../../services.ts";
import { thanksReply } from "../../views/replies.ts";
import { mention } from "../../views/text.ts";
import { thanksChoiceValue } from "../../views/values.ts";
import { actionSurface, actorFor, authorize } from "../access.ts";
import type { ButtonArgs } from "../args.ts";
import { speakerFor } from "../context.ts";
import { recordThanks } from "../flows/thanks.ts";

export function thanksChoice(services: Services) {
  return async ({ ack, body, action, client, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const actor = await actorFor(services, body.user.id, body.channel?.id);
    const choice = thanksChoiceValue.decode(action.value);
    const owner = choice ? await services.entries.whose(choice.entry) : null;
    const { t } = await speakerFor(services, client, actor.userId, null);
    if (!choice || !owner) {
      await respond({ replace_original: true, text: t.entryGone });
      return;
    }
    // The value names any entry and any person; only the entry's team members may thank for it,
    // and a private good call only its team's managers.
    const surface = actionSurface(body, respond, client);
    if (!(await authorize(services, actor, entryRequest(owner), { surface, t }))) return;
    const outcome = await recordThanks(services, client, choice.entry, actor.userId, choice.note || null);
    const text = thanksReply(t, outcome.result, mention(outcome.authorId ?? owner.authorId));
    await respond({ replace_original: true, text });
  };
}
