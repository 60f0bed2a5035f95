// Start-up loads libphonenumber ahead of the first request, imported (one bundled chunk in the build); findPii then uses that copy.
import { expect, it } from "vitest";
import { findPii, loadPhoneNumbers, preloadPhoneNumbers } from "../../src/domain/pii.ts";

it("uses the preloaded libphonenumber rather than loading it again", async () => {
  await preloadPhoneNumbers();
  expect(loadPhoneNumbers()).toBe(await import("libphonenumber-js/max"));
  expect(findPii("Soitan takaisin numeroon 040/1234567 huomenna")).toEqual(["phone"]);
});
