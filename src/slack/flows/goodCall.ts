// Logging a good call, whichever way it came in (inline, form): its promise, its follow-up time, the
// work after the ack, and who may change it afterwards.
import type { WebClient } from "@slack/web-api";
import type { Actor } from "../../domain/access.ts";
import type { Messages } from "../../domain/i18n.ts";
import { parsePromiseDue, promiseDueAt } from "../../domain/promise.ts";
import type { GoodCall, Language, Team } from "../../domain/types.ts";
import { sendInstantDms } from "../../jobs/dms.ts";
import type { Services } from "../../services.ts";
import { postGoodCallToFeed } from "../../teamChannel.ts";
import { entryId } from "../../views/values.ts";
import { actionSurface, actorFor, authorize } from "../access.ts";
import type { ButtonArgs } from "../args.ts";
import { speakerFor } from "../context.ts";

/** "…call back by Friday" in a quick log becomes a promise with a reminder on its due date. */
export function inlinePromise(
  text: string,
  now: Date,
  timeZone: string,
): { due: string; remindAt: Date } | null {
  const found = parsePromiseDue(text, now, timeZone);
  return found ? { due: found.dueDate, remindAt: promiseDueAt(found.dueDate, timeZone) } : null;
}

/**
 * After the ack: the team feed and instant DMs, from the call just saved. Membership is not added
 * here: only a member gets this far (src/slack/access.ts), so logging never makes anyone a member.
 */
export function afterGoodCall(services: Services, client: WebClient, team: Team, call: GoodCall): void {
  const goodCallId = call.id;
  services.background.run("good call follow-ups", { goodCallId, teamId: team.id }, async () => {
    // The feed and the managers' DMs are independent: one failing must not hold up the other.
    await Promise.allSettled([
      postGoodCallToFeed(services, client, team, call).catch((error: unknown) =>
        services.logger.warn({ err: error, goodCallId, teamId: team.id }, "feed post failed"),
      ),
      sendInstantDms({ services, client }, team, { kind: "goodCall", goodCall: call }, services.now()),
    ]);
  });
}

/**
 * A good call and its team, loaded to decide who may change it (the author: src/domain/access.ts);
 * null when either is gone.
 */
export async function goodCallWithTeam(
  services: Services,
  id: number | null,
): Promise<{ call: GoodCall; team: Team } | null> {
  const call = id === null ? null : await services.entries.findGoodCall(id);
  const team = call ? await services.teams.find(call.teamId) : null;
  return call && team ? { call, team } : null;
}

/**
 * The good call a button under a quick log's confirmation names, when the person clicking is its
 * author (Add details, Undo, Not a promise, Propose it as an idea instead all start here); otherwise
 * they are told why not and null comes back. `replaceWhenGone`: a confirmation naming something
 * gone is replaced rather than added to.
 */
export async function authorsGoodCall(
  services: Services,
  { body, action, client, respond }: ButtonArgs,
  options: { replaceWhenGone: boolean },
): Promise<{ actor: Actor; call: GoodCall; team: Team; t: Messages; language: Language } | null> {
  const actor = await actorFor(services, body.user.id, body.channel?.id);
  const found = await goodCallWithTeam(services, entryId.decode(action.value));
  const { t, language } = await speakerFor(services, client, actor.userId, found?.team ?? null);
  if (!found) {
    await respond({
      response_type: "ephemeral",
      replace_original: options.replaceWhenGone,
      text: t.entryGone,
    });
    return null;
  }
  const { call, team } = found;
  const request = { kind: "author", teamId: team.id, authorId: call.authorId } as const;
  const surface = actionSurface(body, respond, client);
  if (!(await authorize(services, actor, request, { surface, t }))) return null;
  return { actor, call, team, t, language };
}
