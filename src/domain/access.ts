// Who may see and do what: the one decision every listener asks before it loads anything for
// display, writes, or posts. Ids from button values and private_metadata are only claims; this
// decides against the facts loaded for the person asking (their memberships and manager roles).
import type { Visibility } from "./types.ts";

/** The person asking, with their teams loaded once per request. */
export interface Actor {
  userId: string;
  /** Teams the person is a member of (managers are members of the teams they manage). */
  memberOf: ReadonlySet<string>;
  manages: ReadonlySet<string>;
}

/** What the actor wants to do, and the facts about the thing it is done to. */
export type AccessRequest =
  /** See a team's entries, patterns, improvements, numbers; appreciate; thank; log into it; propose. */
  | { kind: "team"; teamId: string }
  /** Change a team's settings, draft a story from someone's good call, see the managers' week. */
  | { kind: "manage"; teamId: string }
  /** Edit, undo, answer "did it help?", answer a promise, consent to share: only the author. */
  | { kind: "author"; teamId: string; authorId: string }
  /** Move an improvement through its statuses: its owner or the team's managers. */
  | { kind: "improvement"; teamId: string; ownerId: string }
  /** Things about the person alone (their own data, their own DM preference for a team they manage). */
  | { kind: "self"; userId: string }
  /**
   * See, appreciate or thank one entry: as "team", except that a private good call is only its
   * author's and the team's managers'.
   */
  | { kind: "entry"; teamId: string; authorId: string; private: boolean };

export type AccessRefusal =
  | "not-member"
  | "not-manager"
  | "not-author"
  | "not-permitted"
  | "not-self"
  | "private";
export type AccessDecision = { ok: true } | { ok: false; reason: AccessRefusal };

const OK: AccessDecision = { ok: true };

/** The request to see or thank an entry, from whose it is (src/db/entries.ts `whose`). */
export function entryRequest(owner: {
  teamId: string;
  authorId: string;
  visibility: Visibility;
}): AccessRequest {
  return {
    kind: "entry",
    teamId: owner.teamId,
    authorId: owner.authorId,
    private: owner.visibility === "private",
  };
}

export function isMember(actor: Actor, teamId: string): boolean {
  return actor.memberOf.has(teamId) || actor.manages.has(teamId);
}

export function decideAccess(actor: Actor, request: AccessRequest): AccessDecision {
  switch (request.kind) {
    case "team":
      return isMember(actor, request.teamId) ? OK : { ok: false, reason: "not-member" };
    case "manage":
      if (actor.manages.has(request.teamId)) return OK;
      // Someone outside the team hears only that it is not theirs, not that it has managers to ask.
      return { ok: false, reason: isMember(actor, request.teamId) ? "not-manager" : "not-member" };
    case "author":
      // An author who has since left the team keeps their own entries: the author is the author.
      return actor.userId === request.authorId ? OK : { ok: false, reason: "not-author" };
    case "improvement":
      if (!isMember(actor, request.teamId)) return { ok: false, reason: "not-member" };
      return actor.userId === request.ownerId || actor.manages.has(request.teamId)
        ? OK
        : { ok: false, reason: "not-permitted" };
    case "self":
      return actor.userId === request.userId ? OK : { ok: false, reason: "not-self" };
    case "entry":
      if (!isMember(actor, request.teamId)) return { ok: false, reason: "not-member" };
      if (!request.private || actor.userId === request.authorId || actor.manages.has(request.teamId))
        return OK;
      return { ok: false, reason: "private" };
  }
}
