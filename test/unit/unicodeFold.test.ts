// Folding for detection: plain ASCII takes a shorter way, which must fold exactly as the general one.
import fc from "fast-check";
import { expect, it } from "vitest";
import { foldForDetection } from "../../src/domain/unicodeFold.ts";

it("folds plain ASCII as the general way folds it, and traces every span back alike", () => {
  fc.assert(
    fc.property(fc.stringMatching(/^[a-z0-9 @.+\-\n\r\t]{0,40}$/), (text) => {
      // A letter beyond ASCII sends the text the general way; folding leaves it as it is.
      const ascii = foldForDetection(text);
      const general = foldForDetection(`${text}é`);
      expect(general.text).toBe(`${ascii.text}é`);
      for (let start = 0; start < ascii.text.length; start++)
        for (let end = start + 1; end <= ascii.text.length; end++)
          expect(ascii.origin({ start, end })).toEqual(general.origin({ start, end }));
    }),
    { numRuns: 300 },
  );
});
