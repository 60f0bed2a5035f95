// *Not a promise* under a quick log's confirmation: the author says the day in their text promised
// nothing, so the promise and its reminder go; the good call stays.
import { parseCommand } from "../../domain/parse.ts";
import type { Services } from "../../services.ts";
import { goodCallConfirmation } from "../../views/goodCall.ts";
import type { ButtonArgs } from "../args.ts";
import { authorsGoodCall } from "../flows/goodCall.ts";

export function notAPromise(services: Services) {
  return async (args: ButtonArgs): Promise<void> => {
    const { ack, body, respond } = args;
    await ack();
    const own = await authorsGoodCall(services, args, { replaceWhenGone: true });
    if (!own) return;
    const { actor, call, team, t, language } = own;
    const result = await services.loop.dropPromise(call.id);
    if (result !== "recorded") {
      const text = result === "missing" ? t.entryGone : t.promiseAlready;
      await respond({ response_type: "ephemeral", replace_original: false, text });
      return;
    }
    services.logger.info({ goodCallId: call.id, userId: actor.userId }, "promise removed by its author");
    // The same confirmation without the promise, so its other buttons (an idea reading too) still work.
    // A private call was never offered as an idea: an idea is the team's to read.
    const reread = parseCommand(call.what);
    const offer = reread.kind === "log" && call.visibility === "team" ? reread.offer : undefined;
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
