// Declining an improvement: the reason is required, and the status rules still apply.
import { validateDeclineReason } from "../../domain/improvement.ts";
import type { Services } from "../../services.ts";
import { Field } from "../../views/ids.ts";
import { improvementRefusal } from "../../views/replies.ts";
import { Metadata } from "../../views/values.ts";
import type { SubmitArgs } from "../args.ts";
import { speakerFor } from "../context.ts";
import { changeImprovementStatus } from "../flows/improvements.ts";
import { fieldError, fieldText, viewState } from "../forms.ts";

export function submitDecline(services: Services) {
  return async ({ ack, body, view, client }: SubmitArgs): Promise<void> => {
    const metadata = Metadata.decline.decode(view.private_metadata);
    const state = viewState.safeParse(view.state.values);
    const reason = state.success ? (fieldText(state.data, Field.Reason)?.trim() ?? "") : "";
    const { t } = await speakerFor(services, client, body.user.id, null);
    if (!metadata) return ack(fieldError(Field.Reason, t.entryGone));
    if (validateDeclineReason(reason) !== null) return ack(fieldError(Field.Reason, t.declineReasonRequired));
    const change = await changeImprovementStatus(
      services,
      client,
      metadata.improvementId,
      body.user.id,
      "declined",
      reason,
    );
    if (!change.ok) return ack(fieldError(Field.Reason, improvementRefusal(t, change.reason, "declined")));
    await ack();
  };
}
