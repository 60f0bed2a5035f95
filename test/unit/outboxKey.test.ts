// Unit tests for the outbox's key codec: every key reads back as itself, in the format stored today.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeKey, encodeKey, type OutboxKey } from "../../src/jobs/outbox.ts";

const at = new Date("2026-11-20T13:00:00.000Z");

describe("outbox keys", () => {
  // These strings are what databases in use hold: they must keep meaning the same deliveries.
  it.each<[OutboxKey, string]>([
    [{ kind: "digest", teamId: "C1", periodEnd: at }, "digest:C1:2026-11-20T13:00:00.000Z"],
    [
      { kind: "summary", teamId: "C1", managerId: "U1", periodEnd: at },
      "summary:C1:U1:2026-11-20T13:00:00.000Z",
    ],
    [{ kind: "roundup", teamId: "C1", managerId: "U1", slot: at }, "roundup:C1:U1:2026-11-20T13:00:00.000Z"],
    [
      { kind: "instant", teamId: "C1", managerId: "U1", entry: { kind: "goodCall", id: 42 } },
      "instant:C1:U1:gc:42",
    ],
    [
      { kind: "instant", teamId: "C1", managerId: "U1", entry: { kind: "story", id: 7 } },
      "instant:C1:U1:st:7",
    ],
    [{ kind: "followup", goodCallId: 42 }, "followup:42"],
    [{ kind: "promise", goodCallId: 42, remindAt: at }, "promise:42:2026-11-20T13:00:00.000Z"],
  ])("%o is stored as %s", (key, text) => {
    expect(encodeKey(key)).toBe(text);
    expect(decodeKey(text)).toEqual(key);
  });

  it.each([
    "",
    "digest",
    "digest:C1",
    "digest:C1:yesterday",
    "digest:C1:2026-02-30T13:00:00.000Z",
    "digest:C1:2026-11-20T13:00:00.000Z:extra",
    "summary:C1:2026-11-20T13:00:00.000Z",
    "instant:C1:U1:xx:42",
    "instant:C1:U1:gc:0",
    "followup:abc",
    "promise:42",
    "newsletter:C1",
    "toString:1",
  ])("does not read %j", (text) => {
    expect(decodeKey(text)).toBeNull();
  });

  const slackId = fc.stringMatching(/^[A-Z][A-Z0-9]{1,11}$/);
  const time = fc.date({ min: new Date("2000-01-01Z"), max: new Date("2100-01-01Z"), noInvalidDate: true });
  const id = fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER });
  const key: fc.Arbitrary<OutboxKey> = fc.oneof(
    fc.record({ kind: fc.constant("digest" as const), teamId: slackId, periodEnd: time }),
    fc.record({
      kind: fc.constant("summary" as const),
      teamId: slackId,
      managerId: slackId,
      periodEnd: time,
    }),
    fc.record({ kind: fc.constant("roundup" as const), teamId: slackId, managerId: slackId, slot: time }),
    fc.record({
      kind: fc.constant("instant" as const),
      teamId: slackId,
      managerId: slackId,
      entry: fc.record({ kind: fc.constantFrom("goodCall" as const, "story" as const), id }),
    }),
    fc.record({ kind: fc.constant("followup" as const), goodCallId: id }),
    fc.record({ kind: fc.constant("promise" as const), goodCallId: id, remindAt: time }),
  );

  it("reads back every key it writes, and no two keys share a string", () => {
    fc.assert(
      fc.property(key, key, (a, b) => {
        expect(decodeKey(encodeKey(a))).toEqual(a);
        if (encodeKey(a) === encodeKey(b)) expect(a).toEqual(b);
      }),
    );
  });
});
