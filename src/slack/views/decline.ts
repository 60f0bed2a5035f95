// Declining an improvement: the reason is required, and the status rules still apply.
import { validateDeclineReason } from "../../domain/improvement.ts";
import type { Services } from "../../services.ts";
import { Field } from "../../views/ids.ts";
import { improvementRefusal } from "../../views/replies.ts";
import { Metadata } from "../../views/values.ts";
import { actorFor, authorize } from "../access.ts";
import type { SubmitArgs } from "../args.ts";
import { speakerFor } from "../context.ts";
import { changeImprovementStatus } from "../flows/improvements.ts";
import { fieldError, fieldText, viewState } from "../forms.ts";

export function submitDecline(services: Services) {
  return async ({ ack, body, view, client }: SubmitArgs): Promise<void> => {
    const actor = await actorFor(services, body.user.id);
    const metadata = Metadata.decline.decode(view.private_metadata);
    const improvement = metadata ? await services.loop.findImprovement(metadata.improvementId) : null;
    const state = viewState.safeParse(view.state.values);
    const reason = state.success ? (fieldText(state.data, Field.Reason)?.trim() ?? "") : "";
    const { t } = await speakerFor(services, client, actor.userId, null);
    if (!improvement) return ack(fieldError(Field.Reason, t.entryGone));
    const request = {
      kind: "improvement",
      teamId: improvement.teamId,
      ownerId: improvement.ownerId,
    } as const;
    const surface = { kind: "form", ack, field: Field.Reason } as const;
    if (!(await authorize(services, actor, request, { surface, t }))) return;
    if (validateDeclineReason(reason) !== null) return ack(fieldError(Field.Reason, t.declineReasonRequired));
    const change = await changeImprovementStatus(
      services,
      client,
      improvement.id,
      actor.userId,
      "declined",
      reason,
    );
    if (!change.ok) return ack(fieldError(Field.Reason, improvementRefusal(t, change.reason, "declined")));
    await ack();
  };
}
