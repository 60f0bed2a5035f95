// Unit tests for recurrence: does a pattern come back after the improvement meant to fix it?
import { describe, expect, it } from "vitest";
import { RECURRENCE_LOOKBACK_MS, recurrence, recurrenceWindows } from "../../src/domain/recurrence.ts";

const call = (what: string, tags: string[] = []) => ({ what, why: null, tags });

describe("recurrenceWindows", () => {
  it("compares the four weeks before the fix with the time since, up to the period's end", () => {
    const doneAt = new Date("2026-11-10T10:00:00Z");
    const end = new Date("2026-11-20T13:00:00Z");
    expect(recurrenceWindows(doneAt, end)).toEqual({
      before: { start: new Date(doneAt.getTime() - RECURRENCE_LOOKBACK_MS), end: doneAt },
      since: { start: doneAt, end },
    });
  });
});

describe("recurrence", () => {
  it("counts the calls of the pattern's tag before and since", () => {
    const before = [call("a", ["late-delivery"]), call("b", ["late-delivery", "x"]), call("c")];
    const since = [call("d", ["late-delivery"]), call("e", ["other"])];
    expect(recurrence("tag:late-delivery", { before, since })).toEqual({
      recurrenceBefore: 2,
      recurrenceSince: 1,
    });
  });

  it("counts a keyword pattern by the stem, in any form of the word", () => {
    const before = [call("Refunded a late delivery"), call("Deliveries were late again")];
    expect(recurrence("kw:deliver", { before, since: [] })).toEqual({
      recurrenceBefore: 2,
      recurrenceSince: 0,
    });
  });
});
