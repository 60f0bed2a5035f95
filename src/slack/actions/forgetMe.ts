// The `/goodcall forget me` confirmation buttons: delete the person's data, or leave it.
import type { Services } from "../../services.ts";
import { slackIdValue } from "../../views/values.ts";
import type { ButtonArgs } from "../args.ts";
import { speakerFor } from "../context.ts";

export function forgetMeConfirmed(services: Services) {
  return async ({ ack, body, action, client, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const { t } = await speakerFor(services, client, body.user.id, null);
    // Only the person who asked can confirm, and only for themselves.
    if (slackIdValue.decode(action.value) !== body.user.id) {
      await respond({ response_type: "ephemeral", replace_original: false, text: t.undoNotYours });
      return;
    }
    const managed = await services.teams.managedBy(body.user.id);
    const deleted = await services.personalData.forget(body.user.id);
    services.logger.info({ userId: body.user.id, ...deleted }, "personal data deleted on request");
    const text = [
      t.forgetDone(deleted.goodCalls, deleted.stories),
      managed.length > 0 ? t.forgetKeptManager : "",
    ]
      .filter(Boolean)
      .join(" ");
    await respond({ replace_original: true, text });
  };
}

export function forgetMeCancelled(services: Services) {
  return async ({ ack, body, client, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const { t } = await speakerFor(services, client, body.user.id, null);
    await respond({ replace_original: true, text: t.forgetCancelled });
  };
}
