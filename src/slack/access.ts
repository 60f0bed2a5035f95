// The trust boundary every listener passes: who is asking (loaded once per request), the decision in
// src/domain/access.ts, and the one way a refusal is answered. Ids in button values,
// private_metadata and a workflow step's inputs are claims; only the user and channel Slack signed
// are facts.
import type { RespondFn } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { type AccessRequest, type Actor, decideAccess, isMember } from "../domain/access.ts";
import type { Messages } from "../domain/i18n.ts";
import type { Services } from "../services.ts";
import { accessRefusal, stepRefusal } from "../views/replies.ts";
import { mention, noticeModal } from "../views/text.ts";
import { fieldError } from "./forms.ts";

/**
 * The person asking. `signedChannelId` must be the channel Slack signed the request from (a command's
 * channel_id, a message button's channel), never one read from a value: being able to act there
 * proves the person is in that channel, so in a team's channel they are a member, recorded now in
 * case setup's member list or a join event missed them (they joined before the app was invited).
 */
export async function actorFor(
  services: Services,
  userId: string,
  signedChannelId?: string | null,
): Promise<Actor> {
  const actor = await services.teams.actor(userId);
  if (!signedChannelId || isMember(actor, signedChannelId)) return actor;
  const team = await services.teams.find(signedChannelId);
  if (!team) return actor;
  await services.teams.addMember(team.id, userId);
  services.logger.info({ teamId: team.id, userId }, "member recorded from their team channel");
  return { ...actor, memberOf: new Set([...actor.memberOf, team.id]) };
}

/** Where the refusal is said: the surface the person used, so they see it where they acted. */
export type RefusalSurface =
  /** A slash command: the ack itself carries the ephemeral reply. */
  | { kind: "command"; ack: (reply: { response_type: "ephemeral"; text: string }) => Promise<void> }
  /** A button or menu under a message: an ephemeral reply that leaves the message as it was. */
  | { kind: "message"; respond: RespondFn }
  /** A button in App Home or a form: no message to answer under, so a small notice opens. */
  | { kind: "notice"; client: WebClient; triggerId: string }
  /** A form submission: the refusal under the form's main field, and nothing saved. */
  | { kind: "form"; ack: (reply: ReturnType<typeof fieldError>) => Promise<void>; field: string }
  /** A Workflow Builder step: the step ends in an error saying why, and nothing is saved. */
  | { kind: "step"; fail: (text: string) => Promise<void> };

/** A block action's surface: under its message, or (App Home, a form) a notice. */
export function actionSurface(
  body: { container?: { type?: string }; trigger_id?: string },
  respond: RespondFn,
  client: WebClient,
): RefusalSurface {
  return body.container?.type === "message" || !body.trigger_id
    ? { kind: "message", respond }
    : { kind: "notice", client, triggerId: body.trigger_id };
}

/** Says `text` on the person's surface; `t` names the notice a surface without a message gets. */
export async function refuse(surface: RefusalSurface, t: Messages, text: string): Promise<void> {
  switch (surface.kind) {
    case "command":
      return surface.ack({ response_type: "ephemeral", text });
    case "message":
      await surface.respond({ response_type: "ephemeral", replace_original: false, text });
      return;
    case "notice":
      await surface.client.views.open({
        trigger_id: surface.triggerId,
        view: noticeModal(t.accessTitle, text, t.close),
      });
      return;
    case "form":
      return surface.ack(fieldError(surface.field, text));
    case "step":
      return surface.fail(text);
  }
}

/**
 * Whether the decision must be confirmed against the database rather than the actor's memberships as
 * kept in the cache (src/db/cache.ts), which may be up to CACHE_TTL_MS behind a change another
 * instance made. Confirmed: every refusal that rests on memberships, so nobody just added is turned
 * away, and every grant of a manager's power (settings, with managers and retention; drafting a story
 * from someone's good call; moving improvements; a private good call), so nobody just removed keeps it. A "team" grant
 * (see the team's entries, log, thank, propose) is taken from the cache: someone removed on another
 * instance keeps it for at most the TTL. Authors and "self" rest on the entry and the signed user.
 */
function confirmInDatabase(request: AccessRequest, granted: boolean): boolean {
  switch (request.kind) {
    case "team":
      return !granted;
    case "entry":
      // A private good call is seen by its author and the team's managers: a manager removed on
      // another instance must not keep reading it from the cache.
      return request.private || !granted;
    case "manage":
    case "improvement":
      return true;
    case "author":
    case "self":
      return false;
  }
}

/**
 * True when the actor may do what they asked. Otherwise the refusal is logged once (ids only) and
 * answered on their surface, and the caller stops: nothing has been loaded for display, written or
 * posted. `managerIds` are named in a "managers only" refusal, which only the team's members get.
 */
export async function authorize(
  services: Services,
  actor: Actor,
  request: AccessRequest,
  reply: { surface: RefusalSurface; t: Messages; managerIds?: readonly string[] },
): Promise<boolean> {
  let decision = decideAccess(actor, request);
  if (confirmInDatabase(request, decision.ok)) {
    decision = decideAccess(await services.teams.actor(actor.userId, { fresh: true }), request);
  }
  if (decision.ok) return true;
  services.logger.warn(
    {
      userId: actor.userId,
      request: request.kind,
      ...("teamId" in request ? { teamId: request.teamId } : {}),
      reason: decision.reason,
    },
    "access refused",
  );
  const managers = reply.managerIds?.length ? reply.managerIds.map(mention).join(", ") : null;
  const text =
    reply.surface.kind === "step"
      ? stepRefusal(reply.t, decision.reason)
      : accessRefusal(reply.t, decision.reason, managers);
  await refuse(reply.surface, reply.t, text);
  return false;
}
