// The SQLite conversions name columns; the schema is what they must match.

import { readFileSync } from "node:fs";
import fc from "fast-check";
import { expect, it } from "vitest";
import { BOOLEAN_COLUMNS, DATE_COLUMNS, fromSqliteRow, toSqliteDate } from "../../src/db/dialect.ts";

const schema = readFileSync(new URL("../../prisma/schema.prisma", import.meta.url), "utf8");

/** Field names of one Prisma type across all models, and the names used with any other type. */
function fieldsOf(type: string): { of: Set<string>; others: Set<string> } {
  const of = new Set<string>();
  const others = new Set<string>();
  for (const [, name, fieldType] of schema.matchAll(/^\s+(\w+)\s+(\w+)[?[\]]*(?:\s|$)/gm)) {
    if (!name || !fieldType || name === "provider" || name === "url") continue;
    (fieldType === type ? of : others).add(name);
  }
  return { of, others };
}

it("converts exactly the schema's DateTime and Boolean fields, whose names mean one type everywhere", () => {
  const dates = fieldsOf("DateTime");
  const booleans = fieldsOf("Boolean");
  expect([...DATE_COLUMNS].sort()).toEqual([...dates.of].sort());
  expect([...BOOLEAN_COLUMNS].sort()).toEqual([...booleans.of].sort());
  expect([...dates.of].filter((name) => dates.others.has(name))).toEqual([]);
  expect([...booleans.of].filter((name) => booleans.others.has(name))).toEqual([]);
});

it("stores dates as fixed-width text that sorts as the instants do, and reads them back", () => {
  const earlier = new Date("2026-11-27T15:00:00.000Z");
  const later = new Date("2026-11-27T15:00:00.001Z");
  expect(toSqliteDate(earlier)).toBe("2026-11-27T15:00:00.000+00:00");
  expect(toSqliteDate(earlier) < toSqliteDate(later)).toBe(true);
  const row = fromSqliteRow({ createdAt: toSqliteDate(later), flaggedPii: 1, late: 0, what: "2026-11-27" });
  expect(row).toEqual({ createdAt: later, flaggedPii: true, late: false, what: "2026-11-27" });
});

it("writes each instant as its own text however dates come, equal or not, and refuses an invalid one", () => {
  fc.assert(
    // From before year 0 to after 9999 (written by toISOString with a sign and six digits).
    fc.property(
      fc.array(fc.integer({ min: -63_000_000_000_000, max: 254_000_000_000_000 }), { maxLength: 20 }),
      (times) => {
        // Repeats side by side and apart: the text must never be a previous instant's.
        for (const time of [...times, ...[...times].reverse()])
          expect(toSqliteDate(new Date(time))).toBe(new Date(time).toISOString().replace("Z", "+00:00"));
      },
    ),
  );
  expect(() => toSqliteDate(new Date(Number.NaN))).toThrow(RangeError);
});
