// Which entry a person-named thanks is for.
import { describe, expect, it } from "vitest";
import { AMBIGUOUS_WITHIN_MS, thanksTarget } from "../../src/domain/thanks.ts";

const now = new Date("2026-11-22T12:00:00Z");
const ago = (ms: number) => new Date(now.getTime() - ms);
const DAY = 24 * 3600_000;

describe("thanksTarget", () => {
  it("has nothing to thank for someone who logged nothing", () => {
    expect(thanksTarget(null, null, now)).toEqual({ kind: "none" });
  });

  it("takes the only entry there is", () => {
    expect(thanksTarget({ id: 1, createdAt: ago(DAY) }, null, now)).toEqual({ kind: "goodCall", id: 1 });
    expect(thanksTarget(null, { id: 2, createdAt: ago(30 * DAY) }, now)).toEqual({ kind: "story", id: 2 });
  });

  it("asks which one when both are recent", () => {
    expect(thanksTarget({ id: 1, createdAt: ago(DAY) }, { id: 2, createdAt: ago(2 * DAY) }, now)).toEqual({
      kind: "choose",
    });
  });

  it("takes the newer one when either is older than the window", () => {
    const old = ago(AMBIGUOUS_WITHIN_MS + 1);
    expect(thanksTarget({ id: 1, createdAt: ago(DAY) }, { id: 2, createdAt: old }, now)).toEqual({
      kind: "goodCall",
      id: 1,
    });
    expect(thanksTarget({ id: 1, createdAt: old }, { id: 2, createdAt: ago(DAY) }, now)).toEqual({
      kind: "story",
      id: 2,
    });
  });
});
