// The `/goodcall forget me` confirmation buttons: delete the person's data, or leave it.
import type { Messages } from "../../domain/i18n.ts";
import type { Services } from "../../services.ts";
import { takeBackFromChannels } from "../../teamChannel.ts";
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
    const { ack, body, respond, client } = args;
    await ack();
    const allowed = await forSelf(services, args);
    if (!allowed) return;
    const { t } = allowed;
    const userId = body.user.id;
    const managed = await services.teams.managedBy(userId);
    // The rows are gone (and the file scrubbed) before the person is told so.
    const erased = await services.personalData.forget(userId);
    services.logger.info(
      {
        userId,
        goodCalls: erased.goodCalls,
        stories: erased.stories,
        appreciations: erased.appreciations,
        feedPosts: erased.feedPosts.length,
      },
      "personal data deleted on request",
    );
    const text = [
      t.forgetDone(erased.goodCalls, erased.stories, erased.appreciations),
      managed.length > 0 ? t.forgetKeptManager : "",
    ]
      .filter(Boolean)
      .join(" ");
    await respond({ replace_original: true, text });
    // Slack calls, one per feed message, can take a while; the person has their answer already.
    services.background.run("take back forgotten posts", { userId }, () =>
      takeBackFromChannels(services, client, erased, "author"),
    );
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
