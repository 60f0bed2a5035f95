// Who may see and do what, decided in one place: the rule tables and properties that no request
// about a team the actor has nothing to do with is ever allowed.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type AccessRequest, type Actor, decideAccess } from "../../src/domain/access.ts";

function actor(userId: string, memberOf: string[] = [], manages: string[] = []): Actor {
  return { userId, memberOf: new Set(memberOf), manages: new Set(manages) };
}

describe("decideAccess", () => {
  const anna = actor("UANNA", ["C1"]);
  const mikko = actor("UMIKKO", [], ["C1"]);
  const outsider = actor("UOUT");
  const otherTeam = actor("UOTHER", ["C2"], ["C3"]);

  it.each<[string, Actor, AccessRequest, boolean]>([
    ["a member sees their team", anna, { kind: "team", teamId: "C1" }, true],
    ["a manager is a member of the team they manage", mikko, { kind: "team", teamId: "C1" }, true],
    ["a person in no team sees no team", outsider, { kind: "team", teamId: "C1" }, false],
    ["a member of another team does not see this one", otherTeam, { kind: "team", teamId: "C1" }, false],
    ["only managers manage", anna, { kind: "manage", teamId: "C1" }, false],
    ["a manager manages", mikko, { kind: "manage", teamId: "C1" }, true],
    ["managing another team gives nothing here", otherTeam, { kind: "manage", teamId: "C1" }, false],
    ["the author acts on their own entry", anna, { kind: "author", teamId: "C1", authorId: "UANNA" }, true],
    ["a manager cannot act as the author", mikko, { kind: "author", teamId: "C1", authorId: "UANNA" }, false],
    [
      "the owner moves their improvement",
      anna,
      { kind: "improvement", teamId: "C1", ownerId: "UANNA" },
      true,
    ],
    [
      "a manager moves any improvement of the team",
      mikko,
      { kind: "improvement", teamId: "C1", ownerId: "UANNA" },
      true,
    ],
    [
      "another member cannot",
      actor("UB", ["C1"]),
      { kind: "improvement", teamId: "C1", ownerId: "UANNA" },
      false,
    ],
    [
      "an owner who left the team no longer can",
      actor("UANNA"),
      { kind: "improvement", teamId: "C1", ownerId: "UANNA" },
      false,
    ],
    ["a person acts for themselves", anna, { kind: "self", userId: "UANNA" }, true],
    ["and never for someone else", mikko, { kind: "self", userId: "UANNA" }, false],
  ])("%s", (_name, who, request, allowed) => {
    expect(decideAccess(who, request).ok).toBe(allowed);
  });

  it("says why it refuses, so the reply can be kind and specific", () => {
    expect(decideAccess(outsider, { kind: "team", teamId: "C1" })).toEqual({
      ok: false,
      reason: "not-member",
    });
    expect(decideAccess(anna, { kind: "manage", teamId: "C1" })).toEqual({
      ok: false,
      reason: "not-manager",
    });
    expect(decideAccess(outsider, { kind: "manage", teamId: "C1" })).toEqual({
      ok: false,
      reason: "not-member",
    });
    expect(decideAccess(mikko, { kind: "author", teamId: "C1", authorId: "UANNA" })).toEqual({
      ok: false,
      reason: "not-author",
    });
  });

  const id = fc.stringMatching(/^[A-Z][A-Z0-9]{2,8}$/);

  it("never lets anyone into a team they are neither a member nor a manager of", () => {
    fc.assert(
      fc.property(id, fc.array(id), fc.array(id), id, id, (user, memberOf, manages, team, owner) => {
        fc.pre(!memberOf.includes(team) && !manages.includes(team));
        const who = actor(user, memberOf, manages);
        for (const request of [
          { kind: "team", teamId: team },
          { kind: "manage", teamId: team },
          { kind: "improvement", teamId: team, ownerId: owner },
        ] as AccessRequest[]) {
          expect(decideAccess(who, request).ok).toBe(false);
        }
      }),
    );
  });

  it("never lets anyone act as someone else's author", () => {
    fc.assert(
      fc.property(id, id, fc.array(id), fc.array(id), id, (user, author, memberOf, manages, team) => {
        fc.pre(user !== author);
        expect(
          decideAccess(actor(user, memberOf, manages), { kind: "author", teamId: team, authorId: author }).ok,
        ).toBe(false);
      }),
    );
  });
});
