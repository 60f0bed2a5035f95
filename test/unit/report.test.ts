// The quarterly loop report's arithmetic: quarters on a team's calendar, when a report is due, the
// weeks it charts, the windows a fix is judged by, and what a quarter's facts add up to.
import fc from "fast-check";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { parseCommand } from "../../src/domain/parse.ts";
import type { PatternCall } from "../../src/domain/patterns.ts";
import {
  composeReport,
  dueReportQuarter,
  fixWindows,
  parseQuarter,
  quarterBefore,
  quarterContaining,
  quarterOf,
  type ReportFacts,
  reportSpan,
  weeksOf,
} from "../../src/domain/report.ts";

const DAY = 24 * 3600_000;
const HOUR = 3600_000;
const GRACE = 48 * HOUR;
const at = (iso: string) => new Date(iso);
const ZONES = [
  "Europe/Helsinki",
  "America/New_York",
  "Asia/Kolkata",
  "UTC",
  "Pacific/Chatham",
  "America/Santiago",
];
const zoneArb = fc.constantFrom(...ZONES);
const instantArb = fc.date({
  min: at("2020-01-01T00:00:00Z"),
  max: at("2030-12-31T00:00:00Z"),
  noInvalidDate: true,
});

describe("quarters", () => {
  it("are calendar quarters on the team's local calendar", () => {
    const q4 = quarterOf(2026, 4, "Europe/Helsinki");
    expect(q4.start.toISOString()).toBe("2026-09-30T21:00:00.000Z");
    expect(q4.end.toISOString()).toBe("2026-12-31T22:00:00.000Z");
    // 23:30 UTC on 31 Dec is already New Year in Helsinki, still Q4 in New York.
    const newYear = at("2026-12-31T23:30:00Z");
    expect(quarterContaining("Europe/Helsinki", newYear)).toMatchObject({ year: 2027, quarter: 1 });
    expect(quarterContaining("America/New_York", newYear)).toMatchObject({ year: 2026, quarter: 4 });
    expect(quarterBefore(quarterOf(2027, 1, "UTC"), "UTC")).toMatchObject({ year: 2026, quarter: 4 });
    expect(() => quarterOf(2026, 5, "UTC")).toThrow(RangeError);
  });

  it("tile time: each contains its instants, and the next starts where it ends", () => {
    fc.assert(
      fc.property(zoneArb, instantArb, (zone, instant) => {
        const q = quarterContaining(zone, instant);
        expect(q.start.getTime()).toBeLessThanOrEqual(instant.getTime());
        expect(instant.getTime()).toBeLessThan(q.end.getTime());
        expect(quarterBefore(quarterContaining(zone, q.end), zone)).toEqual(q);
        expect(DateTime.fromJSDate(q.start, { zone }).toFormat("dd HH:mm")).toBe("01 00:00");
      }),
    );
  });

  it("read as people write them", () => {
    expect(parseQuarter("2026-Q3")).toEqual({ year: 2026, quarter: 3 });
    expect(parseQuarter("2026q4")).toEqual({ year: 2026, quarter: 4 });
    expect(parseQuarter("Q1 2027")).toEqual({ year: 2027, quarter: 1 });
    expect(parseQuarter("2026-Q5")).toBeNull();
    expect(parseQuarter("last")).toBeNull();
  });
});

describe("when a quarter's report is due", () => {
  const zone = "Europe/Helsinki";
  it("from 09:00 on the first day of the next quarter, for 48 hours after the quarter ended", () => {
    // 1 Jan 2027 09:00 in Helsinki is 07:00 UTC.
    expect(dueReportQuarter(zone, at("2027-01-01T06:59:00Z"), GRACE)).toBeNull();
    expect(dueReportQuarter(zone, at("2027-01-01T07:00:00Z"), GRACE)).toMatchObject({
      year: 2026,
      quarter: 4,
    });
    expect(dueReportQuarter(zone, at("2027-01-02T21:59:00Z"), GRACE)).toMatchObject({
      year: 2026,
      quarter: 4,
    });
    expect(dueReportQuarter(zone, at("2027-01-02T22:01:00Z"), GRACE)).toBeNull();
    expect(dueReportQuarter(zone, at("2026-11-30T12:00:00Z"), GRACE)).toBeNull();
  });

  it("is the quarter that just ended, whenever it is due", () => {
    fc.assert(
      fc.property(zoneArb, instantArb, (zone, instant) => {
        const due = dueReportQuarter(zone, instant, GRACE);
        if (!due) return;
        expect(due.end.getTime()).toBeLessThanOrEqual(instant.getTime());
        expect(instant.getTime() - due.end.getTime()).toBeLessThanOrEqual(GRACE);
        expect(quarterContaining(zone, instant).start).toEqual(due.end);
      }),
    );
  });
});

describe("weeksOf", () => {
  it("cuts a quarter into Monday weeks, the first from the quarter's first day", () => {
    const q4 = quarterOf(2026, 4, "Europe/Helsinki");
    const weeks = weeksOf(q4, "Europe/Helsinki");
    expect(weeks.map((w) => w.day).slice(0, 3)).toEqual(["2026-10-01", "2026-10-05", "2026-10-12"]);
    expect(weeks.at(-1)?.day).toBe("2026-12-28");
    expect(weeks).toHaveLength(14);
  });

  it("partitions any span: contiguous, within it, at most a week each, Mondays after the first", () => {
    fc.assert(
      fc.property(zoneArb, instantArb, fc.integer({ min: 0, max: 100 * DAY }), (zone, start, length) => {
        const span = { start, end: new Date(start.getTime() + length) };
        const weeks = weeksOf(span, zone);
        if (length === 0) {
          expect(weeks).toEqual([]);
          return;
        }
        expect(weeks[0]?.start).toEqual(span.start);
        expect(weeks.at(-1)?.end).toEqual(span.end);
        for (const [i, week] of weeks.entries()) {
          expect(week.end.getTime()).toBeGreaterThan(week.start.getTime());
          expect(week.end.getTime() - week.start.getTime()).toBeLessThanOrEqual(7 * DAY + HOUR);
          if (i > 0) {
            expect(week.start).toEqual(weeks[i - 1]?.end);
            expect(DateTime.fromJSDate(week.start, { zone }).weekday).toBe(1);
          }
        }
      }),
    );
  });
});

describe("fixWindows", () => {
  it("compares four weeks before a fix with four weeks after, or less when the report ends sooner", () => {
    const doneAt = at("2026-11-02T10:00:00Z");
    expect(fixWindows(doneAt, at("2026-12-31T22:00:00Z")).days).toBe(28);
    const short = fixWindows(doneAt, at("2026-11-12T09:00:00Z"));
    expect(short.days).toBe(9);
    expect(short.before).toEqual({ start: new Date(doneAt.getTime() - 9 * DAY), end: doneAt });
    expect(short.after).toEqual({ start: doneAt, end: new Date(doneAt.getTime() + 9 * DAY) });
    expect(fixWindows(doneAt, new Date(doneAt.getTime() + HOUR)).days).toBe(0);
  });

  it("always compares two equal spans that end by the report's end", () => {
    fc.assert(
      fc.property(instantArb, fc.integer({ min: -DAY, max: 120 * DAY }), (doneAt, ahead) => {
        const until = new Date(doneAt.getTime() + ahead);
        const w = fixWindows(doneAt, until);
        const length = (p: { start: Date; end: Date }) => p.end.getTime() - p.start.getTime();
        expect(length(w.before)).toBe(length(w.after));
        expect(length(w.after)).toBe(w.days * DAY);
        expect(w.days).toBeLessThanOrEqual(28);
        if (w.days > 0) expect(w.after.end.getTime()).toBeLessThanOrEqual(until.getTime());
      }),
    );
  });
});

const team = { id: "C1", name: "support", timeZone: "Europe/Helsinki" };
const q4 = quarterOf(2026, 4, team.timeZone);

function call(id: number, createdAt: Date, authorId: string, tags: string[] = []): PatternCall {
  return { id, authorId, what: `good call ${id}`, why: null, tags, value: null, createdAt };
}

function facts(overrides: Partial<ReportFacts> = {}): ReportFacts {
  return {
    goodCalls: [],
    firstThanksAt: new Map(),
    outcomes: [],
    promiseStatuses: [],
    proposed: [],
    done: [],
    patternImprovements: [],
    ...overrides,
  };
}

describe("composeReport", () => {
  it("adds up a quarter: weeks, thanks, outcomes, promises, patterns and each fix's recurrence", () => {
    const calls = [
      call(1, at("2026-10-02T08:00:00Z"), "U1", ["late-delivery"]),
      call(2, at("2026-10-06T08:00:00Z"), "U2", ["late-delivery"]),
      call(3, at("2026-10-07T08:00:00Z"), "U1", ["late-delivery"]),
      call(4, at("2026-11-20T08:00:00Z"), "U3", ["refund"]),
    ];
    const doneAt = at("2026-10-20T10:00:00Z");
    const report = composeReport({
      team,
      quarter: q4,
      until: at("2027-02-01T00:00:00Z"),
      facts: facts({
        goodCalls: calls,
        firstThanksAt: new Map([
          [1, at("2026-10-02T09:00:00Z")],
          [2, at("2026-10-06T11:00:00Z")],
        ]),
        outcomes: ["helped", "helped", "no_change", "backfired", null],
        promiseStatuses: ["kept", "broken", "pending", "kept"],
        proposed: [{ id: 7, title: "Saturday re-delivery", status: "done" }],
        done: [
          {
            id: 7,
            title: "Saturday re-delivery",
            patternKey: "tag:late-delivery",
            patternLabel: "#late-delivery",
            doneAt,
            calls: {
              before: calls.slice(0, 3),
              after: [
                { what: "x", why: null, tags: ["late-delivery"] },
                { what: "y", why: null, tags: [] },
              ],
            },
          },
        ],
        patternImprovements: [
          { patternKey: "tag:late-delivery", status: "declined" },
          { patternKey: "tag:late-delivery", status: "done" },
          { patternKey: "tag:late-delivery", status: "proposed" },
        ],
      }),
    });
    expect(report.complete).toBe(true);
    expect(report.span).toEqual({ start: q4.start, end: q4.end });
    expect(report.weeks.slice(0, 2).map((w) => [w.day, w.goodCalls])).toEqual([
      ["2026-10-01", 1],
      ["2026-10-05", 2],
    ]);
    expect(report.goodCalls).toBe(4);
    expect(report.people).toBe(3);
    // Thanked after 1 hour and 3 hours: the median is 2 hours.
    expect(report.thanks).toEqual({ acknowledged: 2, total: 4, medianMs: 2 * HOUR });
    expect(report.outcomes).toEqual({ followedUp: 5, helped: 2, noChange: 1, backfired: 1 });
    expect(report.promises).toEqual({ kept: 2, broken: 1, open: 1 });
    expect(report.patterns).toEqual([
      { key: "tag:late-delivery", label: "#late-delivery", count: 3, people: 2, fix: "done" },
    ]);
    expect(report.improvements).toEqual({
      proposed: [{ id: 7, title: "Saturday re-delivery", status: "done" }],
      done: 1,
    });
    expect(report.fixes).toEqual([
      {
        id: 7,
        title: "Saturday re-delivery",
        patternLabel: "#late-delivery",
        doneAt,
        doneDay: "2026-10-20",
        windowDays: 28,
        before: 3,
        after: 1,
      },
    ]);
  });

  it("reports a running quarter up to now, and a fix done today as too early to compare", () => {
    const now = at("2026-11-30T12:00:00Z");
    const report = composeReport({
      team,
      quarter: q4,
      until: now,
      facts: facts({
        done: [
          {
            id: 1,
            title: "Fix",
            patternKey: "tag:x",
            patternLabel: "#x",
            doneAt: at("2026-11-30T08:00:00Z"),
            calls: null,
          },
          {
            id: 2,
            title: "Idea",
            patternKey: null,
            patternLabel: null,
            doneAt: at("2026-11-01T08:00:00Z"),
            calls: null,
          },
        ],
      }),
    });
    expect(report.complete).toBe(false);
    expect(report.span.end).toEqual(now);
    expect(report.weeks.at(-1)).toMatchObject({ day: "2026-11-30", end: now });
    expect(report.fixes.map((f) => [f.windowDays, f.before, f.after])).toEqual([
      [0, null, null],
      [28, null, null],
    ]);
    expect(report.thanks.medianMs).toBeNull();
  });

  it("charts every good call of the span in exactly one week", () => {
    fc.assert(
      fc.property(
        zoneArb,
        fc.array(fc.integer({ min: 0, max: 95 * DAY }), { maxLength: 60 }),
        fc.integer({ min: 1, max: 95 * DAY }),
        (zone, offsets, untilOffset) => {
          const quarter = quarterOf(2026, 4, zone);
          const until = new Date(quarter.start.getTime() + untilOffset);
          const span = reportSpan(quarter, until);
          const calls = offsets
            .map((o, i) => call(i + 1, new Date(quarter.start.getTime() + o), `U${i % 4}`))
            .filter((c) => c.createdAt < span.end);
          const report = composeReport({
            team: { ...team, timeZone: zone },
            quarter,
            until,
            facts: facts({ goodCalls: calls }),
          });
          expect(report.weeks.reduce((sum, w) => sum + w.goodCalls, 0)).toBe(calls.length);
          expect(report.goodCalls).toBe(calls.length);
          expect(report.thanks.acknowledged).toBeLessThanOrEqual(report.thanks.total);
        },
      ),
    );
  });
});

describe("/goodcall report", () => {
  it("is the report in English and Finnish; a sentence that starts with the word is a good call", () => {
    expect(parseCommand("report")).toEqual({ kind: "report" });
    expect(parseCommand("raportti")).toEqual({ kind: "report" });
    expect(parseCommand("Report please")).toEqual({ kind: "report" });
    expect(parseCommand("report the broken fridge to the supplier and gave a 10 € voucher").kind).toBe("log");
  });
});
