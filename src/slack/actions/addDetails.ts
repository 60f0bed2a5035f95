// *Add details* under a quick log's confirmation: the author's good call in the full form.
import type { Services } from "../../services.ts";
import { goodCallModal } from "../../views/goodCall.ts";
import type { ButtonArgs } from "../args.ts";
import { authorsGoodCall } from "../flows/goodCall.ts";

export function addDetails(services: Services) {
  return async (args: ButtonArgs): Promise<void> => {
    const { ack, body, client } = args;
    await ack();
    const own = await authorsGoodCall(services, args, { replaceWhenGone: false });
    if (!own) return;
    const { call, team, t, language } = own;
    await client.views.open({
      trigger_id: body.trigger_id,
      view: goodCallModal({
        t,
        metadata: { teamId: team.id, goodCallId: call.id },
        teams: null,
        draft: call,
        defaultCurrency: team.usualLimit?.currency ?? "EUR",
        room: team.usualLimit ? { limit: team.usualLimit, language } : null,
      }),
    });
  };
}
