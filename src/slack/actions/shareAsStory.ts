// *Share as story* in a manager's DM: the story form drafted from the good call, for its author's consent.
import type { Services } from "../../services.ts";
import { shorten } from "../../views/text.ts";
import { entryKey } from "../../views/values.ts";
import { actionSurface, actorFor, authorize } from "../access.ts";
import type { ButtonArgs } from "../args.ts";
import { speakerFor } from "../context.ts";
import { goodCallWithTeam } from "../flows/goodCall.ts";
import { openStoryModal } from "../flows/storyForm.ts";

export function shareAsStory(services: Services) {
  return async ({ ack, body, action, client, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const actor = await actorFor(services, body.user.id, body.channel?.id);
    const ref = entryKey.decode(action.value);
    const found = ref?.kind === "goodCall" ? await goodCallWithTeam(services, ref.id) : null;
    const { t } = await speakerFor(services, client, actor.userId, found?.team ?? null);
    if (!found) {
      await respond({ response_type: "ephemeral", replace_original: false, text: t.entryGone });
      return;
    }
    const { call, team } = found;
    // Drafting a story from someone's good call is for the managers of its team, and nobody else.
    const surface = actionSurface(body, respond, client);
    if (!(await authorize(services, actor, { kind: "manage", teamId: team.id }, { surface, t }))) return;
    await openStoryModal(services, client, {
      actor,
      team,
      triggerId: body.trigger_id,
      draft: {
        title: shorten(call.what, 60),
        body: [call.what, call.why].filter(Boolean).join("\n\n"),
        goodCallId: call.id,
      },
      metadata: { teamId: team.id, consentFor: call.authorId, goodCallId: call.id },
      relatedGoodCalls: [call],
    });
  };
}
