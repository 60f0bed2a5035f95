// The rules an edit of a good call follows: when the follow-up is due, and what a due date in the
// form does to the call's promise.
import { describe, expect, it } from "vitest";
import { followUpDueAt } from "../../src/domain/followUp.ts";
import { promiseDueAt, promiseFromForm, remindAgainAt } from "../../src/domain/promise.ts";

const HELSINKI = "Europe/Helsinki";
// Tuesday 8 December 2026, noon in Helsinki.
const NOW = new Date("2026-12-08T10:00:00Z");
const DAY = 24 * 3600_000;

describe("followUpDueAt", () => {
  it("is the team's days after the call was logged, and nothing without a follow-up", () => {
    const createdAt = new Date(NOW.getTime() - DAY);
    expect(followUpDueAt({ followUp: true, createdAt }, 7, NOW)).toEqual(
      new Date(createdAt.getTime() + 7 * DAY),
    );
    expect(followUpDueAt({ followUp: false, createdAt }, 7, NOW)).toBeNull();
  });

  it("is now when the box is ticked after that moment, so the next run asks", () => {
    const createdAt = new Date(NOW.getTime() - 30 * DAY);
    expect(followUpDueAt({ followUp: true, createdAt }, 7, NOW)).toEqual(NOW);
  });
});

describe("promiseFromForm", () => {
  const pending = { promiseDue: "2026-12-04", promiseStatus: "pending" as const };

  it("sets a new date that is today or later, with its reminder time", () => {
    expect(promiseFromForm("2026-12-08", null, NOW, HELSINKI)).toEqual({
      kind: "set",
      due: "2026-12-08",
      remindAt: promiseDueAt("2026-12-08", HELSINKI),
    });
    expect(promiseFromForm("2026-12-10", pending, NOW, HELSINKI)).toMatchObject({
      kind: "set",
      due: "2026-12-10",
    });
  });

  it("refuses a newly entered date in the past, or one that is no date", () => {
    expect(promiseFromForm("2026-12-07", null, NOW, HELSINKI)).toEqual({ kind: "in-past" });
    expect(promiseFromForm("2026-12-07", pending, NOW, HELSINKI)).toEqual({ kind: "in-past" });
    expect(promiseFromForm("2026-02-31", null, NOW, HELSINKI)).toEqual({ kind: "in-past" });
    expect(promiseFromForm("friday", null, NOW, HELSINKI)).toEqual({ kind: "in-past" });
  });

  it("keeps an unchanged date, even one that has passed", () => {
    expect(promiseFromForm("2026-12-04", pending, NOW, HELSINKI)).toEqual({ kind: "keep" });
  });

  it("keeps a settled promise as it is, whatever the form says", () => {
    const kept = { promiseDue: "2026-12-04", promiseStatus: "kept" as const };
    expect(promiseFromForm(null, kept, NOW, HELSINKI)).toEqual({ kind: "keep" });
    expect(promiseFromForm("2026-12-20", kept, NOW, HELSINKI)).toEqual({ kind: "keep" });
  });

  it("clears a pending promise when the date is removed; nothing to clear is still 'clear'", () => {
    expect(promiseFromForm(null, pending, NOW, HELSINKI)).toEqual({ kind: "clear" });
    expect(promiseFromForm("  ", null, NOW, HELSINKI)).toEqual({ kind: "clear" });
  });
});

describe("remindAgainAt", () => {
  it("is a day after the click", () => {
    expect(remindAgainAt(NOW)).toEqual(new Date(NOW.getTime() + DAY));
  });
});
