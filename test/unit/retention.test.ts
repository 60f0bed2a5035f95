// Unit tests for retention: what the settings field accepts, and which entries a day's run deletes.
import { describe, expect, it } from "vitest";
import { parseRetentionMonths, retentionCutoff, retentionDay } from "../../src/domain/retention.ts";

describe("parseRetentionMonths", () => {
  it.each([
    ["", null],
    [null, null],
    ["  ", null],
    ["6", 6],
    ["60", 60],
    [" 24 ", 24],
  ])("reads %j as %j", (input, expected) => {
    expect(parseRetentionMonths(input)).toBe(expected);
  });

  it.each(["5", "61", "0", "-6", "12.5", "1e1", "twelve"])("refuses %j", (input) => {
    expect(parseRetentionMonths(input)).toBe("invalid");
  });
});

describe("retentionCutoff", () => {
  it("is local midnight N calendar months back, the same all day", () => {
    const morning = new Date("2026-06-15T04:00:00Z"); // 07:00 in Helsinki (UTC+3)
    const evening = new Date("2026-06-15T20:30:00Z"); // 23:30 in Helsinki
    const cutoff = new Date("2025-06-14T21:00:00Z"); // 2025-06-15 00:00 in Helsinki
    expect(retentionCutoff(morning, 12, "Europe/Helsinki")).toEqual(cutoff);
    expect(retentionCutoff(evening, 12, "Europe/Helsinki")).toEqual(cutoff);
  });

  it("ends on the last day of a shorter month", () => {
    expect(retentionCutoff(new Date("2026-08-31T12:00:00Z"), 6, "UTC")).toEqual(
      new Date("2026-02-28T00:00:00Z"),
    );
  });

  it("follows the team's time zone across a date line", () => {
    // 2026-03-01 12:00 UTC is already 01:00 on 2 March in Auckland (NZDT, UTC+13).
    expect(retentionCutoff(new Date("2026-03-01T12:00:00Z"), 6, "Pacific/Auckland")).toEqual(
      new Date("2025-09-01T12:00:00Z"),
    );
  });
});

describe("retentionDay", () => {
  it("is the team's local date", () => {
    const at = new Date("2026-03-01T22:30:00Z");
    expect(retentionDay(at, "UTC")).toBe("2026-03-01");
    expect(retentionDay(at, "Europe/Helsinki")).toBe("2026-03-02");
  });
});
