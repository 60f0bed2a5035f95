// The status menu under an improvement (team channel, App Home). Declining asks for a reason first.
import { transition } from "../../domain/improvement.ts";
import type { Services } from "../../services.ts";
import { declineModal } from "../../views/loop.ts";
import { improvementChanged, improvementRefusal } from "../../views/replies.ts";
import { improvementStatusChoice } from "../../views/values.ts";
import { actionSurface, actorFor, authorize } from "../access.ts";
import type { SelectArgs } from "../args.ts";
import { speakerFor } from "../context.ts";
import { publishHome } from "../flows/home.ts";
import { changeImprovementStatus } from "../flows/improvements.ts";

export function changeImprovementStatusFromMenu(services: Services) {
  return async ({ ack, body, action, client, respond }: SelectArgs): Promise<void> => {
    await ack();
    const actor = await actorFor(services, body.user.id, body.channel?.id);
    const choice = improvementStatusChoice.decode(action.selected_option.value);
    const improvement = choice ? await services.loop.findImprovement(choice.improvementId) : null;
    const team = improvement ? await services.teams.find(improvement.teamId) : null;
    const { t } = await speakerFor(services, client, actor.userId, team);
    // In App Home there is no message to answer under: the refreshed Home is the answer.
    const inHome = body.container.type === "view";
    if (!choice || !improvement || !team) {
      if (!inHome) await respond({ response_type: "ephemeral", replace_original: false, text: t.entryGone });
      return;
    }
    const request = { kind: "improvement", teamId: team.id, ownerId: improvement.ownerId } as const;
    const surface = actionSurface(body, respond, client);
    if (!(await authorize(services, actor, request, { surface, t }))) return;
    const { improvementId, status } = choice;
    if (status === "declined") {
      // The domain's rules decide; when a reason is all that is missing, the form asks for one.
      const check = transition(improvement.status, status, {
        actorId: actor.userId,
        ownerId: improvement.ownerId,
        isManager: actor.manages.has(team.id),
        reason: null,
      });
      if (!check.ok && check.reason === "reason-required") {
        await client.views.open({ trigger_id: body.trigger_id, view: declineModal(t, improvementId) });
        return;
      }
    }
    const change = await changeImprovementStatus(services, client, improvementId, actor.userId, status, null);
    if (!inHome) {
      const text = change.ok
        ? improvementChanged(t, change.improvement.title, status)
        : improvementRefusal(t, change.reason, status);
      await respond({ response_type: "ephemeral", replace_original: false, text });
    }
    if (inHome) await publishHome(services, client, actor.userId);
  };
}
