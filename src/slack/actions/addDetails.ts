// *Add details* under a quick log's confirmation: the author's good call in the full form.
import type { Services } from "../../services.ts";
import { goodCallModal } from "../../views/goodCall.ts";
import { entryId } from "../../views/values.ts";
import type { ButtonArgs } from "../args.ts";
import { speakerFor } from "../context.ts";
import { ownGoodCall } from "../flows/goodCall.ts";

export function addDetails(services: Services) {
  return async ({ ack, body, action, client, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const own = await ownGoodCall(services, entryId.decode(action.value), body.user.id, "edit");
    const { t } = await speakerFor(services, client, body.user.id, own.team);
    if (own.kind !== "own") {
      const text = own.kind === "missing" ? t.entryGone : t.undoNotYours;
      await respond({ response_type: "ephemeral", replace_original: false, text });
      return;
    }
    await client.views.open({
      trigger_id: body.trigger_id,
      view: goodCallModal({
        t,
        metadata: { teamId: own.team.id, goodCallId: own.call.id },
        teams: null,
        draft: own.call,
        defaultCurrency: own.team.usualLimit?.currency ?? "EUR",
      }),
    });
  };
}
