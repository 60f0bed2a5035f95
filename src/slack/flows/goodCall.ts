// Logging a good call, whichever way it came in (inline, form): its promise, its follow-up time, the
// work after the ack, and who may change it afterwards.
import type { WebClient } from "@slack/web-api";
import { parsePromiseDue, promiseDueAt } from "../../domain/promise.ts";
import type { GoodCall, Team } from "../../domain/types.ts";
import { sendInstantDms } from "../../jobs/dms.ts";
import type { Services } from "../../services.ts";
import { postGoodCallToFeed } from "./feed.ts";

/** "…call back by Friday" in a quick log becomes a promise with a reminder on its due date. */
export function inlinePromise(
  text: string,
  now: Date,
  timeZone: string,
): { due: string; remindAt: Date } | null {
  const found = parsePromiseDue(text, now, timeZone);
  return found ? { due: found.dueDate, remindAt: promiseDueAt(found.dueDate, timeZone) } : null;
}

/** After the ack: membership, the team feed and instant DMs, from the call just saved. */
export function afterGoodCall(services: Services, client: WebClient, team: Team, call: GoodCall): void {
  const goodCallId = call.id;
  const userId = call.authorId;
  services.background.run("good call follow-ups", { goodCallId, teamId: team.id }, async () => {
    await services.teams.addMember(team.id, userId);
    // The feed and the managers' DMs are independent: one failing must not hold up the other.
    await Promise.allSettled([
      postGoodCallToFeed(services, client, team, call).catch((error: unknown) =>
        services.logger.warn({ err: error, goodCallId, teamId: team.id }, "feed post failed"),
      ),
      sendInstantDms({ services, client }, team, { kind: "goodCall", goodCall: call }, services.now()),
    ]);
  });
}

export type OwnGoodCall =
  | { kind: "own"; call: GoodCall; team: Team }
  | { kind: "missing"; team: null }
  | { kind: "not-author"; call: GoodCall; team: Team };

/** A good call as its author may change it (edit, undo); anyone else is refused and logged. */
export async function ownGoodCall(
  services: Services,
  id: number | null,
  userId: string,
  purpose: "edit" | "undo",
): Promise<OwnGoodCall> {
  const call = id === null ? null : await services.entries.findGoodCall(id);
  const team = call ? await services.teams.find(call.teamId) : null;
  if (!call || !team) return { kind: "missing", team: null };
  if (call.authorId !== userId) {
    services.logger.warn({ goodCallId: call.id, userId, purpose }, "refused: not the author");
    return { kind: "not-author", call, team };
  }
  return { kind: "own", call, team };
}
