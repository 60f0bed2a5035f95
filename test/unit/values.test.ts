// The codecs for what round-trips through Slack: each value decodes to what was encoded, the wire
// formats stay as they were, and anything else decodes to null rather than throwing.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  BlockIds,
  entryId,
  entryKey,
  improvementStatusChoice,
  Metadata,
  managerPreferenceChoice,
  outcomeAnswer,
  promiseAnswer,
  proposeFixValue,
  slackIdValue,
  thanksChoiceValue,
} from "../../src/views/values.ts";

describe("wire formats", () => {
  it("stay what Slack already holds in old messages", () => {
    expect(entryId.encode(12)).toBe("12");
    expect(entryKey.encode({ kind: "goodCall", id: 12 })).toBe("gc:12");
    expect(entryKey.encode({ kind: "story", id: 3 })).toBe("st:3");
    expect(outcomeAnswer.encode({ goodCallId: 5, outcome: "no_change" })).toBe("5:no_change");
    expect(promiseAnswer.encode({ goodCallId: 5, answer: "later" })).toBe("5:later");
    expect(improvementStatusChoice.encode({ improvementId: 9, status: "in_progress" })).toBe("9:in_progress");
    expect(managerPreferenceChoice.encode({ teamId: "C1", preference: "daily" })).toBe("C1:daily");
    expect(proposeFixValue.encode({ patternKey: "voucher", teamId: null })).toBe("pattern:voucher");
    expect(proposeFixValue.encode({ patternKey: "kw:late", teamId: "C1" })).toBe("pattern:kw:late|C1");
    expect(BlockIds.thanks.encode({ kind: "story", id: 2 })).toBe("thanks:st:2");
    expect(BlockIds.appreciate.encode({ kind: "goodCall", id: 2 })).toBe("appreciate:gc:2");
    expect(BlockIds.outcome.encode(4)).toBe("outcome:4");
    expect(BlockIds.preference.encode("C1")).toBe("preference:C1");
    expect(
      JSON.parse(thanksChoiceValue.encode({ entry: { kind: "goodCall", id: 1 }, to: "U2", note: "hi" })),
    ).toEqual({
      key: "gc:1",
      to: "U2",
      note: "hi",
    });
    expect(
      JSON.parse(Metadata.thanks.encode({ entry: { kind: "story", id: 7 }, channel: "D1", ts: "1.2" })),
    ).toEqual({
      key: "st:7",
      channel: "D1",
      ts: "1.2",
    });
    const period = { start: new Date("2026-11-27T13:00:00Z"), end: new Date("2026-12-04T13:00:00Z") };
    expect(
      JSON.parse(
        Metadata.proposeFix.encode({ teamId: "C1", patternKey: "voucher", patternLabel: "Voucher", period }),
      ),
    ).toEqual({
      teamId: "C1",
      patternKey: "voucher",
      patternLabel: "Voucher",
      periodStart: "2026-11-27T13:00:00.000Z",
      periodEnd: "2026-12-04T13:00:00.000Z",
    });
  });
});

describe("decoding", () => {
  it("gives back what was encoded", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 40 }), fc.boolean(), (id, isCall) => {
        const ref = isCall ? ({ kind: "goodCall", id } as const) : ({ kind: "story", id } as const);
        expect(entryKey.decode(entryKey.encode(ref))).toEqual(ref);
        expect(BlockIds.thanked.decode(BlockIds.thanked.encode(ref))).toEqual(ref);
        expect(entryId.decode(entryId.encode(id))).toBe(id);
      }),
    );
    const metadata = { teamId: "C1", goodCallId: 4, channelId: "C2" };
    expect(Metadata.goodCall.decode(Metadata.goodCall.encode(metadata))).toEqual(metadata);
    expect(Metadata.story.decode(Metadata.story.encode({}))).toEqual({});
    expect(proposeFixValue.decode("pattern:kw:late|C1")).toEqual({ patternKey: "kw:late", teamId: "C1" });
    expect(proposeFixValue.decode("pattern:voucher")).toEqual({ patternKey: "voucher", teamId: null });
  });

  it("refuses stale, foreign or forged text with null, never a throw", () => {
    for (const text of [undefined, null, "", "0", "-1", "1.5", "gc:", "xx:1", "gc:1:2", "{", "null", "[]"]) {
      expect(entryId.decode(text)).toBeNull();
      expect(entryKey.decode(text)).toBeNull();
      expect(outcomeAnswer.decode(text)).toBeNull();
      expect(thanksChoiceValue.decode(text)).toBeNull();
      expect(Metadata.thanks.decode(text)).toBeNull();
      expect(Metadata.settings.decode(text)).toBeNull();
    }
    expect(outcomeAnswer.decode("5:exploded")).toBeNull();
    expect(promiseAnswer.decode("5:maybe")).toBeNull();
    expect(improvementStatusChoice.decode("x:done")).toBeNull();
    expect(managerPreferenceChoice.decode("C1:hourly")).toBeNull();
    expect(slackIdValue.decode("<@U1>")).toBeNull();
    expect(BlockIds.thanks.decode("thanked:gc:1")).toBeNull();
    expect(
      thanksChoiceValue.decode(JSON.stringify({ key: "gc:1", to: "U2", note: "x".repeat(501) })),
    ).toBeNull();
    expect(Metadata.goodCall.decode(JSON.stringify({ goodCallId: "4" }))).toBeNull();
  });
});
