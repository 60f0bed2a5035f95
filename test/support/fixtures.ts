// Domain values for pure tests: a period, and good calls and stories within it.
import type { PeriodTotals } from "../../src/domain/digest.ts";
import type { GoodCall, Story } from "../../src/domain/types.ts";

export const PERIOD = { start: new Date("2026-11-13T13:00:00Z"), end: new Date("2026-11-20T13:00:00Z") };
export const NONE: PeriodTotals = { goodCalls: 0, people: 0, stories: 0, appreciations: 0, valueGiven: [] };

/** Minutes into the period, so "newer" reads as a bigger number. */
export const at = (minute: number) => new Date(PERIOD.start.getTime() + minute * 60_000);

export function goodCall(overrides: Partial<GoodCall> = {}): GoodCall {
  return {
    id: 1,
    teamId: "T1",
    authorId: "U1",
    what: "Sent a replacement at once",
    why: null,
    tags: [],
    value: null,
    followUp: false,
    source: "inline",
    flaggedPii: false,
    feedTs: null,
    visibility: "team",
    createdAt: at(0),
    appreciationCount: 0,
    ...overrides,
  };
}

export function story(overrides: Partial<Story> = {}): Story {
  return {
    id: 1,
    teamId: "T1",
    authorId: "U1",
    title: "A happy customer",
    body: "They wrote back to say thanks.",
    quote: null,
    goodCallId: null,
    permalink: null,
    flaggedPii: false,
    feedTs: null,
    createdAt: at(0),
    appreciationCount: 0,
    ...overrides,
  };
}
