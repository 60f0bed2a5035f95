// The `/goodcall forget me` confirmation buttons: delete the person's data, or leave it.
import type { Messages } from "../../domain/i18n.ts";
import type { Services } from "../../services.ts";
import { slackIdValue } from "../../views/values.ts";
import { actionSurface, actorFor, authorize } from "../access.ts";
import type { ButtonArgs } from "../args.ts";
import { speakerFor } from "../context.ts";

/** The buttons carry whom the confirmation was for: only that person answers it, for themselves. */
async function forSelf(services: Services, args: ButtonArgs): Promise<{ t: Messages } | null> {
  const { body, action, client, respond } = args;
  const actor = await actorFor(services, body.user.id);
  const { t } = await speakerFor(services, client, actor.userId, null);
  // A value that is not a user id at all is refused the same way: it was not this person's.
  const request = { kind: "self", userId: slackIdValue.decode(action.value) ?? "" } as const;
  const surface = actionSurface(body, respond, client);
  return (await authorize(services, actor, request, { surface, t })) ? { t } : null;
}

export function forgetMeConfirmed(services: Services) {
  return async (args: ButtonArgs): Promise<void> => {
    const { ack, body, respond } = args;
    await ack();
    const allowed = await forSelf(services, args);
    if (!allowed) return;
    const { t } = allowed;
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
  return async (args: ButtonArgs): Promise<void> => {
    const { ack, respond } = args;
    await ack();
    const allowed = await forSelf(services, args);
    if (allowed) await respond({ replace_original: true, text: allowed.t.forgetCancelled });
  };
}
