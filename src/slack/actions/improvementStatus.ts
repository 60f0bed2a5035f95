// The status menu under an improvement (team channel, App Home). Declining asks for a reason first.
import { transition } from "../../domain/improvement.ts";
import type { Services } from "../../services.ts";
import { declineModal } from "../../views/loop.ts";
import { improvementChanged, improvementRefusal } from "../../views/replies.ts";
import { improvementStatusChoice } from "../../views/values.ts";
import type { SelectArgs } from "../args.ts";
import { speakerFor } from "../context.ts";
import { publishHome } from "../flows/home.ts";
import { changeImprovementStatus } from "../flows/improvements.ts";

export function changeImprovementStatusFromMenu(services: Services) {
  return async ({ ack, body, action, client, respond }: SelectArgs): Promise<void> => {
    await ack();
    const choice = improvementStatusChoice.decode(action.selected_option.value);
    const { t } = await speakerFor(services, client, body.user.id, null);
    // In App Home there is no message to answer under: the refreshed Home is the answer.
    const inHome = body.container.type === "view";
    if (!choice) {
      if (!inHome) await respond({ response_type: "ephemeral", replace_original: false, text: t.entryGone });
      return;
    }
    const { improvementId, status } = choice;
    if (status === "declined") {
      const improvement = await services.loop.findImprovement(improvementId);
      const team = improvement ? await services.teams.find(improvement.teamId) : null;
      // The domain's rules decide; when a reason is all that is missing, the form asks for one.
      const check =
        improvement && team
          ? transition(improvement.status, status, {
              actorId: body.user.id,
              ownerId: improvement.ownerId,
              isManager: team.managerIds.includes(body.user.id),
              reason: null,
            })
          : null;
      if (check && !check.ok && check.reason === "reason-required") {
        await client.views.open({ trigger_id: body.trigger_id, view: declineModal(t, improvementId) });
        return;
      }
    }
    const change = await changeImprovementStatus(services, client, improvementId, body.user.id, status, null);
    if (!inHome) {
      const text = change.ok
        ? improvementChanged(t, change.improvement.title, status)
        : improvementRefusal(t, change.reason, status);
      await respond({ response_type: "ephemeral", replace_original: false, text });
    }
    if (inHome) await publishHome(services, client, body.user.id);
  };
}
