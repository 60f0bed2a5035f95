// *Share as story* in a manager's DM: the story form drafted from the good call, for its author's consent.
import type { Services } from "../../services.ts";
import { shorten } from "../../views/text.ts";
import { entryKey } from "../../views/values.ts";
import type { ButtonArgs } from "../args.ts";
import { speakerFor } from "../context.ts";
import { openStoryModal } from "../flows/storyForm.ts";

export function shareAsStory(services: Services) {
  return async ({ ack, body, action, client, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const ref = entryKey.decode(action.value);
    const call = ref?.kind === "goodCall" ? await services.entries.findGoodCall(ref.id) : null;
    const { t } = await speakerFor(services, client, body.user.id, null);
    if (!call) {
      await respond({ response_type: "ephemeral", replace_original: false, text: t.entryGone });
      return;
    }
    await openStoryModal(services, client, {
      userId: body.user.id,
      channelId: call.teamId,
      triggerId: body.trigger_id,
      draft: {
        title: shorten(call.what, 60),
        body: [call.what, call.why].filter(Boolean).join("\n\n"),
        goodCallId: call.id,
      },
      metadata: { teamId: call.teamId, consentFor: call.authorId, goodCallId: call.id },
      relatedGoodCalls: [call],
    });
  };
}
