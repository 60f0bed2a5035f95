// *Not a promise* under a quick log's confirmation: the author says the day in their text promised
// nothing, so the promise and its reminder go; the good call stays.
import { parseCommand } from "../../domain/parse.ts";
import type { Services } from "../../services.ts";
import { goodCallConfirmation } from "../../views/goodCall.ts";
import { entryId } from "../../views/values.ts";
import { actionSurface, actorFor, authorize } from "../access.ts";
import type { ButtonArgs } from "../args.ts";
import { speakerFor } from "../context.ts";
import { goodCallWithTeam } from "../flows/goodCall.ts";

export function notAPromise(services: Services) {
  return async ({ ack, body, action, client, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const actor = await actorFor(services, body.user.id, body.channel?.id);
    const found = await goodCallWithTeam(services, entryId.decode(action.value));
    const { t, language } = await speakerFor(services, client, actor.userId, found?.team ?? null);
    if (!found) {
      await respond({ response_type: "ephemeral", replace_original: true, text: t.entryGone });
      return;
    }
    const { call, team } = found;
    const request = { kind: "author", teamId: team.id, authorId: call.authorId } as const;
    const surface = actionSurface(body, respond, client);
    if (!(await authorize(services, actor, request, { surface, t }))) return;
    const result = await services.loop.dropPromise(call.id);
    if (result !== "recorded") {
      const text = result === "missing" ? t.entryGone : t.promiseAlready;
      await respond({ response_type: "ephemeral", replace_original: false, text });
      return;
    }
    services.logger.info({ goodCallId: call.id, userId: actor.userId }, "promise removed by its author");
    // The same confirmation without the promise, so its other buttons (an idea reading too) still work.
    const reread = parseCommand(call.what);
    const offer = reread.kind === "log" ? reread.offer : undefined;
    await respond({
      response_type: "ephemeral",
      replace_original: true,
      ...goodCallConfirmation({
        t,
        language,
        call: { ...call, promiseDue: null, promiseStatus: null },
        piiFound: call.flaggedPii,
        teamName: team.id === body.channel?.id ? null : team.name,
        notice: t.promiseRemoved,
        ...(offer ? { offer } : {}),
      }),
    });
  };
}
