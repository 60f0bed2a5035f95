// Tags as stored: the one codec round-trips every list of normalised tags.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeTags, encodeTags } from "../../src/domain/tags.ts";

describe("tags codec", () => {
  it("stores no tags as an empty column and reads it back as none", () => {
    expect(encodeTags([])).toBe("");
    expect(decodeTags("")).toEqual([]);
    expect(decodeTags(null)).toEqual([]);
  });

  it("round-trips any list of normalised tags", () => {
    const tag = fc.stringMatching(/^[a-z0-9äöå][a-z0-9äöå_-]{0,20}$/);
    fc.assert(
      fc.property(fc.array(tag), (tags) => {
        expect(decodeTags(encodeTags(tags))).toEqual(tags);
      }),
    );
  });
});
