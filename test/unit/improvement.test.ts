// Unit tests for improvements: every status transition, who may make it, decline reasons and titles.
import { describe, expect, it } from "vitest";
import {
  allowedNext,
  DECLINE_REASON_MAX,
  IMPROVEMENT_STATUSES,
  type ImprovementStatus,
  transition,
  validateDeclineReason,
  validateImprovementTitle,
} from "../../src/domain/improvement.ts";

const owner = { actorId: "U_OWNER", ownerId: "U_OWNER", isManager: false, reason: "not worth it now" };

// Every pair of statuses, and whether the owner may make that move.
const ALLOWED: Record<ImprovementStatus, ImprovementStatus[]> = {
  proposed: ["in_progress", "done", "declined"],
  in_progress: ["done", "declined", "proposed"],
  done: ["in_progress"],
  declined: ["proposed"],
};
const pairs = IMPROVEMENT_STATUSES.flatMap((from) => IMPROVEMENT_STATUSES.map((to) => [from, to] as const));

describe("transition", () => {
  it.each(pairs)("%s → %s", (from, to) => {
    const expected =
      from === to
        ? { ok: false, reason: "same" }
        : ALLOWED[from].includes(to)
          ? { ok: true, status: to }
          : { ok: false, reason: "not-allowed" };
    expect(transition(from, to, owner)).toEqual(expected);
  });

  it("lists the allowed next statuses, and a caller cannot change them", () => {
    for (const status of IMPROVEMENT_STATUSES) expect(allowedNext(status)).toEqual(ALLOWED[status]);
    allowedNext("done").push("declined");
    expect(allowedNext("done")).toEqual(["in_progress"]);
  });

  it.each([
    ["the owner", { actorId: "U1", ownerId: "U1", isManager: false }, true],
    ["a manager who is not the owner", { actorId: "U2", ownerId: "U1", isManager: true }, true],
    ["someone else", { actorId: "U3", ownerId: "U1", isManager: false }, false],
  ])("lets %s change the status: %s", (_who, actor, permitted) => {
    const result = transition("proposed", "in_progress", actor);
    expect(result).toEqual(
      permitted ? { ok: true, status: "in_progress" } : { ok: false, reason: "not-permitted" },
    );
  });

  it("answers someone else with not-permitted before anything else", () => {
    const stranger = { actorId: "U3", ownerId: "U1", isManager: false };
    expect(transition("done", "done", stranger)).toEqual({ ok: false, reason: "not-permitted" });
    expect(transition("done", "declined", stranger)).toEqual({ ok: false, reason: "not-permitted" });
  });

  it.each([
    [undefined, false],
    [null, false],
    ["", false],
    ["   \n ", false],
    ["x".repeat(DECLINE_REASON_MAX + 1), false],
    ["x".repeat(DECLINE_REASON_MAX), true],
    ["  Courier contract already covers this  ", true],
  ])("declining with reason %j is accepted: %s", (reason, accepted) => {
    const result = transition("in_progress", "declined", { ...owner, reason });
    expect(result).toEqual(
      accepted ? { ok: true, status: "declined" } : { ok: false, reason: "reason-required" },
    );
  });

  it("needs no reason for any other move", () => {
    expect(transition("proposed", "done", { ...owner, reason: null })).toEqual({ ok: true, status: "done" });
  });
});

describe("validateDeclineReason", () => {
  it.each([
    [null, "empty"],
    [" ", "empty"],
    ["ok", null],
    ["ä".repeat(DECLINE_REASON_MAX), null],
    ["ä".repeat(DECLINE_REASON_MAX + 1), "too-long"],
  ])("%j → %s", (reason, expected) => {
    expect(validateDeclineReason(reason)).toBe(expected);
  });
});

describe("validateImprovementTitle", () => {
  it.each([
    ["", "empty"],
    ["  ab  ", "empty"],
    ["abc", null],
    ["Ship late orders by courier", null],
    ["x".repeat(150), null],
    ["x".repeat(151), "too-long"],
    // Emoji count as one character each, as people see them.
    ["🚚".repeat(150), null],
  ])("%j → %s", (title, expected) => {
    expect(validateImprovementTitle(title)).toBe(expected);
  });
});
