import fc from "fast-check";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import {
  currentPeriod,
  DEFAULT_SCHEDULE,
  dailyPeriodEnding,
  dailySlotAtOrBefore,
  dueDigestPeriods,
  formatPeriod,
  formatTimeOfDay,
  isValidTimeZone,
  type Period,
  parseTimeOfDay,
  parseWeekday,
  previousPeriod,
  type Schedule,
  slotAfter,
  slotAtOrBefore,
  slotBefore,
  weekContaining,
} from "../../src/domain/period.ts";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;

const at = (iso: string) => new Date(iso);
const iso = (d: Date) => d.toISOString();
const isoPeriod = (p: Period) => ({ start: iso(p.start), end: iso(p.end) });
const helsinki = (weekday: number, minute: number): Schedule => ({
  timeZone: "Europe/Helsinki",
  weekday,
  minute,
});
const newYork = (weekday: number, minute: number): Schedule => ({
  timeZone: "America/New_York",
  weekday,
  minute,
});
const fridayHelsinki = helsinki(5, 900);

describe("weekly slots across DST", () => {
  it("puts Helsinki Friday 15:00 on the right UTC instant in winter and summer time", () => {
    expect(iso(slotAtOrBefore(fridayHelsinki, at("2026-11-21T00:00:00Z")))).toBe("2026-11-20T13:00:00.000Z");
    expect(iso(slotAtOrBefore(fridayHelsinki, at("2026-03-28T00:00:00Z")))).toBe("2026-03-27T13:00:00.000Z");
    expect(iso(slotAfter(fridayHelsinki, at("2026-03-27T13:00:00Z")))).toBe("2026-04-03T12:00:00.000Z");
  });

  it("makes the week around a spring-forward an hour short and around a fall-back an hour long", () => {
    const cases: Array<[Schedule, string, string]> = [
      [fridayHelsinki, "2026-03-27T13:00:00.000Z", "2026-04-03T12:00:00.000Z"],
      [fridayHelsinki, "2026-10-23T12:00:00.000Z", "2026-10-30T13:00:00.000Z"],
      [newYork(5, 900), "2026-03-06T20:00:00.000Z", "2026-03-13T19:00:00.000Z"],
      [newYork(5, 900), "2026-10-30T19:00:00.000Z", "2026-11-06T20:00:00.000Z"],
    ];
    for (const [schedule, before, after] of cases) {
      expect(iso(slotAfter(schedule, at(before)))).toBe(after);
      expect(iso(slotBefore(schedule, at(after)))).toBe(before);
    }
  });

  it("keeps Asia/Kolkata (no DST, +05:30) at a fixed UTC time all year", () => {
    const kolkata: Schedule = { timeZone: "Asia/Kolkata", weekday: 5, minute: 900 };
    expect(iso(slotAfter(kolkata, at("2026-03-25T00:00:00Z")))).toBe("2026-03-27T09:30:00.000Z");
    expect(iso(slotAfter(kolkata, at("2026-11-16T00:00:00Z")))).toBe("2026-11-20T09:30:00.000Z");
  });

  it("moves a Sunday slot in the spring-forward gap forward by the gap, once that week", () => {
    // Helsinki skips 03:00–04:00 on 2026-03-29, New York skips 02:00–03:00 on 2026-03-08.
    expect(iso(slotAfter(helsinki(7, 210), at("2026-03-27T00:00:00Z")))).toBe("2026-03-29T01:30:00.000Z"); // 04:30 EEST
    expect(iso(slotAfter(newYork(7, 150), at("2026-03-06T00:00:00Z")))).toBe("2026-03-08T07:30:00.000Z"); // 03:30 EDT
    expect(iso(slotAtOrBefore(helsinki(7, 210), at("2026-03-29T01:29:59Z")))).toBe(
      "2026-03-22T01:30:00.000Z",
    );
    expect(iso(slotAfter(helsinki(7, 210), at("2026-03-29T01:30:00Z")))).toBe("2026-04-05T00:30:00.000Z");
  });

  it("leaves Sunday 02:30 alone in the DST weeks where it exists once", () => {
    expect(iso(slotAfter(helsinki(7, 150), at("2026-03-27T00:00:00Z")))).toBe("2026-03-29T00:30:00.000Z"); // EET
    expect(iso(slotAfter(helsinki(7, 150), at("2026-10-23T00:00:00Z")))).toBe("2026-10-24T23:30:00.000Z"); // EEST
    expect(iso(slotAfter(newYork(7, 150), at("2026-10-30T00:00:00Z")))).toBe("2026-11-01T07:30:00.000Z"); // EST
  });

  it("resolves an ambiguous fall-back time to its first occurrence, whichever instant we ask from", () => {
    // Helsinki repeats 03:00–04:00 on 2026-10-25 (first EEST = 00:xxZ, then EET = 01:xxZ).
    const sunday0330 = helsinki(7, 210);
    expect(iso(slotAfter(sunday0330, at("2026-10-23T00:00:00Z")))).toBe("2026-10-25T00:30:00.000Z");
    // From inside the repeated hour, the second 03:30 is not a slot of its own.
    expect(iso(slotAtOrBefore(sunday0330, at("2026-10-25T01:45:00Z")))).toBe("2026-10-25T00:30:00.000Z");
    expect(iso(slotAfter(sunday0330, at("2026-10-25T00:45:00Z")))).toBe("2026-11-01T01:30:00.000Z");
    // New York repeats 01:00–02:00 on 2026-11-01: 01:30 EDT = 05:30Z comes first.
    expect(iso(slotAfter(newYork(7, 90), at("2026-10-30T00:00:00Z")))).toBe("2026-11-01T05:30:00.000Z");
    expect(iso(slotAtOrBefore(newYork(7, 90), at("2026-11-01T06:45:00Z")))).toBe("2026-11-01T05:30:00.000Z");
  });

  it("crosses month and year ends", () => {
    expect(iso(slotAfter(fridayHelsinki, at("2026-12-31T00:00:00Z")))).toBe("2027-01-01T13:00:00.000Z");
    expect(iso(slotBefore(fridayHelsinki, at("2027-01-01T13:00:00Z")))).toBe("2026-12-25T13:00:00.000Z");
    const thursday = helsinki(4, 900);
    expect(iso(slotAtOrBefore(thursday, at("2026-12-31T22:30:00Z")))).toBe("2026-12-31T13:00:00.000Z"); // local: 1 Jan
    expect(iso(slotAfter(thursday, at("2026-12-31T13:00:00Z")))).toBe("2027-01-07T13:00:00.000Z");
    // 22:00 on 31 Dec in New York is already 2027 in UTC.
    expect(iso(slotAtOrBefore(newYork(5, 900), at("2027-01-01T03:00:00Z")))).toBe("2026-12-25T20:00:00.000Z");
    expect(iso(slotAfter(newYork(5, 900), at("2027-01-01T03:00:00Z")))).toBe("2027-01-01T20:00:00.000Z");
  });

  it("treats a slot instant as at-or-before itself and not after itself", () => {
    const slot = at("2026-11-20T13:00:00Z");
    expect(iso(slotAtOrBefore(fridayHelsinki, slot))).toBe(iso(slot));
    expect(iso(slotAfter(fridayHelsinki, slot))).toBe("2026-11-27T13:00:00.000Z");
    expect(iso(slotBefore(fridayHelsinki, slot))).toBe("2026-11-13T13:00:00.000Z");
  });

  it("survives a skipped calendar day: Samoa went from 29 Dec 2011 straight to 31 Dec", () => {
    const apia: Schedule = { timeZone: "Pacific/Apia", weekday: 5, minute: 900 };
    // Friday 30 Dec never happened; its slot moves a day forward, to Saturday 15:00 (+14:00).
    expect(iso(slotAfter(apia, at("2011-12-24T01:00:00Z")))).toBe("2011-12-31T01:00:00.000Z");
    expect(iso(slotAfter(apia, at("2011-12-31T01:00:00Z")))).toBe("2012-01-06T01:00:00.000Z");
    // Before Saturday's 15:00, the latest daily 15:00 is Thursday's, two local dates back.
    expect(iso(dailySlotAtOrBefore("Pacific/Apia", 900, at("2011-12-31T00:30:00Z")))).toBe(
      "2011-12-30T01:00:00.000Z",
    );
  });

  it("rejects invalid schedules", () => {
    expect(() => slotAfter(helsinki(0, 900), at("2026-11-20T00:00:00Z"))).toThrow(RangeError);
    expect(() => slotAfter(helsinki(5, 1440), at("2026-11-20T00:00:00Z"))).toThrow(RangeError);
    expect(() =>
      slotAfter({ ...fridayHelsinki, timeZone: "Mars/Olympus" }, at("2026-11-20T00:00:00Z")),
    ).toThrow(RangeError);
  });
});

const ZONES = [
  "Europe/Helsinki",
  "America/New_York",
  "Asia/Kolkata",
  "UTC",
  "Australia/Lord_Howe", // 30-minute DST shift at 02:00
  "Pacific/Chatham", // +12:45/+13:45, shifts at 02:45/03:45
];
// Random schedules rarely land in a DST gap or overlap, so half of them are Sunday at a minute near
// some zone's transition (the four zones with DST all change on a Sunday, between 01:00 and 04:00).
const scheduleArb = fc.oneof(
  fc.record({
    timeZone: fc.constantFrom(...ZONES),
    weekday: fc.integer({ min: 1, max: 7 }),
    minute: fc.integer({ min: 0, max: 1439 }),
  }),
  fc.record({
    timeZone: fc.constantFrom(...ZONES),
    weekday: fc.constant(7),
    minute: fc.constantFrom(90, 120, 135, 150, 165, 180, 195, 210, 225),
  }),
);
const instantArb = fc.date({
  min: at("2020-01-01T00:00:00Z"),
  max: at("2030-12-31T00:00:00Z"),
  noInvalidDate: true,
});

/** True when the schedule's wall time does not exist on the slot's local day (luxon then shifts it). */
function wallTimeMissing(schedule: Schedule, local: DateTime): boolean {
  const wanted = DateTime.fromObject(
    {
      year: local.year,
      month: local.month,
      day: local.day,
      hour: Math.floor(schedule.minute / 60),
      minute: schedule.minute % 60,
    },
    { zone: schedule.timeZone },
  );
  return wanted.hour * 60 + wanted.minute !== schedule.minute;
}

describe("slot properties", () => {
  it("walks 60 consecutive periods that tile, last 7 days ± 1 h, and sit on the schedule's wall time", () => {
    fc.assert(
      fc.property(scheduleArb, instantArb, (schedule, from) => {
        let previous = slotAtOrBefore(schedule, from);
        expect(previous.getTime()).toBeLessThanOrEqual(from.getTime());
        expect(slotAfter(schedule, from).getTime()).toBeGreaterThan(from.getTime());
        for (let i = 0; i < 60; i++) {
          const next = slotAfter(schedule, previous);
          // Each period [previous, next) starts where the last ended, by construction; these check the
          // three lookups agree on it, so any of them can be used to find a period's neighbours.
          expect(slotBefore(schedule, next)).toEqual(previous);
          expect(slotAtOrBefore(schedule, next)).toEqual(next);
          expect(Math.abs(next.getTime() - previous.getTime() - WEEK)).toBeLessThanOrEqual(HOUR);

          const local = DateTime.fromJSDate(next, { zone: schedule.timeZone });
          expect(local.weekday).toBe(schedule.weekday);
          const localMinute = local.hour * 60 + local.minute;
          if (localMinute !== schedule.minute) {
            expect(wallTimeMissing(schedule, local)).toBe(true);
            expect(localMinute - schedule.minute).toBeGreaterThan(0);
            expect(localMinute - schedule.minute).toBeLessThanOrEqual(60);
          }
          previous = next;
        }
      }),
      // Each run is 60 weeks, so 25 runs cover ~30 years of DST changes across the six zones.
      { numRuns: 25 },
    );
  });

  it("catches up on missed slots with periods that tile from the last posted end", () => {
    fc.assert(
      fc.property(
        scheduleArb,
        instantArb,
        fc.integer({ min: 0, max: 5 * WEEK }),
        (schedule, from, downtime) => {
          const lastEnd = slotAtOrBefore(schedule, from);
          const now = new Date(lastEnd.getTime() + downtime);
          const due = dueDigestPeriods(schedule, lastEnd, now, 6 * WEEK, at("2019-01-01T00:00:00Z"));
          let cursor = lastEnd;
          for (const period of due) {
            expect(period.start).toEqual(cursor);
            expect(period.end.getTime()).toBeGreaterThan(period.start.getTime());
            cursor = period.end;
          }
          // Everything up to the latest slot <= now is covered, nothing beyond it.
          expect(cursor).toEqual(slotAtOrBefore(schedule, now));
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe("dueDigestPeriods", () => {
  const slot = at("2026-11-20T13:00:00Z");
  const previous = at("2026-11-13T13:00:00Z");
  const longAgo = at("2026-01-01T00:00:00Z");
  const plus = (d: Date, ms: number) => new Date(d.getTime() + ms);
  const due = (lastEnd: Date | null, now: Date, graceMs = 48 * HOUR, createdAt = longAgo) =>
    dueDigestPeriods(fridayHelsinki, lastEnd, now, graceMs, createdAt).map((p) => ({
      ...isoPeriod(p),
      late: p.late,
    }));

  it("has nothing due before the slot", () => {
    expect(due(previous, plus(slot, -60_000))).toEqual([]);
  });

  it("has exactly the one period due at and shortly after the slot, on time", () => {
    const expected = [{ start: iso(previous), end: iso(slot), late: false }];
    expect(due(previous, slot)).toEqual(expected);
    expect(due(previous, plus(slot, 15 * 60_000))).toEqual(expected);
    expect(due(slot, plus(slot, 10 * 60_000))).toEqual([]);
  });

  it("catches up a slot missed 30 hours ago and marks it late", () => {
    expect(due(previous, plus(slot, 30 * HOUR))).toEqual([
      { start: iso(previous), end: iso(slot), late: true },
    ]);
  });

  it("skips a slot older than the grace window", () => {
    expect(due(previous, plus(slot, 49 * HOUR))).toEqual([]);
  });

  it("returns two missed slots within grace, oldest first, tiling", () => {
    const twoBack = at("2026-11-06T13:00:00Z");
    expect(due(twoBack, plus(slot, HOUR), 8 * DAY)).toEqual([
      { start: iso(twoBack), end: iso(previous), late: true },
      { start: iso(previous), end: iso(slot), late: true },
    ]);
  });

  it("starts a period after skipped slots at the previous slot, not at the old end", () => {
    expect(due(at("2026-10-30T13:00:00Z"), plus(slot, HOUR))).toEqual([
      { start: iso(previous), end: iso(slot), late: true },
    ]);
  });

  it("after a schedule change, runs from the old slot to the first new slot", () => {
    const monday0900 = helsinki(1, 540);
    const firstMonday = at("2026-11-23T07:00:00Z");
    const periods = dueDigestPeriods(monday0900, slot, firstMonday, 48 * HOUR, longAgo);
    expect(periods.map(isoPeriod)).toEqual([{ start: iso(slot), end: iso(firstMonday) }]);
    const following = dueDigestPeriods(monday0900, firstMonday, plus(firstMonday, WEEK), 48 * HOUR, longAgo);
    expect(following.map(isoPeriod)).toEqual([{ start: iso(firstMonday), end: "2026-11-30T07:00:00.000Z" }]);
  });

  it("gives a new team the latest slot's whole week, only if the slot is after the team was created", () => {
    expect(due(null, plus(slot, 5 * 60_000), 48 * HOUR, plus(slot, -3 * DAY))).toEqual([
      { start: iso(previous), end: iso(slot), late: false },
    ]);
    expect(due(null, plus(slot, 2 * HOUR), 48 * HOUR, plus(slot, HOUR))).toEqual([]);
    expect(due(null, plus(slot, 3 * DAY), 48 * HOUR)).toEqual([]);
  });
});

describe("previous and current periods", () => {
  it("gives the slot-to-slot period before a regular period", () => {
    const period = { start: at("2026-11-13T13:00:00Z"), end: at("2026-11-20T13:00:00Z") };
    expect(isoPeriod(previousPeriod(fridayHelsinki, period))).toEqual({
      start: "2026-11-06T13:00:00.000Z",
      end: "2026-11-13T13:00:00.000Z",
    });
  });

  it("gives the 7 local days before a period that starts off-schedule, keeping the wall time across DST", () => {
    const afterChange = { start: at("2026-10-30T13:00:00Z"), end: at("2026-11-02T07:00:00Z") };
    expect(isoPeriod(previousPeriod(helsinki(1, 540), afterChange))).toEqual({
      start: "2026-10-23T12:00:00.000Z",
      end: "2026-10-30T13:00:00.000Z",
    });
  });

  it("gives the running period for a preview", () => {
    expect(isoPeriod(currentPeriod(fridayHelsinki, at("2026-11-18T10:00:00Z")))).toEqual({
      start: "2026-11-13T13:00:00.000Z",
      end: "2026-11-20T13:00:00.000Z",
    });
  });

  it("finds the Monday-to-Monday local week, 167 hours long when it holds a spring-forward", () => {
    expect(isoPeriod(weekContaining("Europe/Helsinki", at("2026-03-29T12:00:00Z")))).toEqual({
      start: "2026-03-22T22:00:00.000Z",
      end: "2026-03-29T21:00:00.000Z",
    });
    // Sunday 23:30 in New York is already Monday in UTC, but still in the local week from Monday 9 Nov.
    expect(iso(weekContaining("America/New_York", at("2026-11-16T04:30:00Z")).start)).toBe(
      "2026-11-09T05:00:00.000Z",
    );
  });
});

describe("daily roundup slots", () => {
  it("finds the latest local 16:00", () => {
    expect(iso(dailySlotAtOrBefore("Europe/Helsinki", 960, at("2026-11-20T14:30:00Z")))).toBe(
      "2026-11-20T14:00:00.000Z",
    );
    expect(iso(dailySlotAtOrBefore("Europe/Helsinki", 960, at("2026-11-20T13:59:00Z")))).toBe(
      "2026-11-19T14:00:00.000Z",
    );
    expect(iso(dailySlotAtOrBefore("Europe/Helsinki", 960, at("2026-11-20T14:00:00Z")))).toBe(
      "2026-11-20T14:00:00.000Z",
    );
  });

  it("applies the same DST rules as weekly slots", () => {
    expect(iso(dailySlotAtOrBefore("Europe/Helsinki", 210, at("2026-03-29T12:00:00Z")))).toBe(
      "2026-03-29T01:30:00.000Z",
    );
    expect(iso(dailySlotAtOrBefore("Europe/Helsinki", 210, at("2026-10-25T12:00:00Z")))).toBe(
      "2026-10-25T00:30:00.000Z",
    );
  });

  it("covers the day before a slot, 23 or 25 hours across DST changes", () => {
    expect(isoPeriod(dailyPeriodEnding("Europe/Helsinki", at("2026-11-20T14:00:00Z")))).toEqual({
      start: "2026-11-19T14:00:00.000Z",
      end: "2026-11-20T14:00:00.000Z",
    });
    expect(isoPeriod(dailyPeriodEnding("Europe/Helsinki", at("2026-03-29T13:00:00Z")))).toEqual({
      start: "2026-03-28T14:00:00.000Z",
      end: "2026-03-29T13:00:00.000Z",
    });
    expect(isoPeriod(dailyPeriodEnding("America/New_York", at("2026-11-01T21:00:00Z")))).toEqual({
      start: "2026-10-31T20:00:00.000Z",
      end: "2026-11-01T21:00:00.000Z",
    });
  });

  it("with the roundup's minute, starts at the previous slot even when a DST gap moved this one", () => {
    const movedSlot = at("2026-03-29T01:30:00Z"); // 03:30 does not exist that day; the slot ran at 04:30
    expect(iso(dailyPeriodEnding("Europe/Helsinki", movedSlot, 210).start)).toBe("2026-03-28T01:30:00.000Z");
    expect(iso(dailyPeriodEnding("Europe/Helsinki", movedSlot).start)).toBe("2026-03-28T02:30:00.000Z");
    expect(iso(dailyPeriodEnding("Europe/Helsinki", at("2026-11-20T14:00:00Z"), 960).start)).toBe(
      "2026-11-19T14:00:00.000Z",
    );
  });
});

describe("formatPeriod", () => {
  const cases: Array<[string, string, string, string]> = [
    ["2026-11-13T13:00:00Z", "2026-11-20T13:00:00Z", "13–20 Nov 2026", "13.–20.11.2026"],
    // A week ending at Monday 00:00 covers up to Sunday.
    ["2026-11-15T22:00:00Z", "2026-11-22T22:00:00Z", "16–22 Nov 2026", "16.–22.11.2026"],
    ["2026-11-27T13:00:00Z", "2026-12-04T13:00:00Z", "27 Nov – 4 Dec 2026", "27.11.–4.12.2026"],
    ["2026-12-25T13:00:00Z", "2027-01-01T13:00:00Z", "25 Dec 2026 – 1 Jan 2027", "25.12.2026–1.1.2027"],
    ["2026-11-19T14:00:00Z", "2026-11-20T14:00:00Z", "19–20 Nov 2026", "19.–20.11.2026"],
    ["2026-11-20T07:00:00Z", "2026-11-20T13:00:00Z", "20 Nov 2026", "20.11.2026"],
  ];
  it.each(cases)("formats %s – %s in English and Finnish", (start, end, en, fi) => {
    const period = { start: at(start), end: at(end) };
    expect(formatPeriod(period, "Europe/Helsinki", "en")).toBe(en);
    expect(formatPeriod(period, "Europe/Helsinki", "fi")).toBe(fi);
  });

  it("uses the team's time zone for the days", () => {
    const period = { start: at("2026-11-13T23:30:00Z"), end: at("2026-11-20T23:30:00Z") };
    expect(formatPeriod(period, "Europe/Helsinki", "en")).toBe("14–21 Nov 2026");
    expect(formatPeriod(period, "UTC", "en")).toBe("13–20 Nov 2026");
  });
});

describe("parsing and formatting schedule input", () => {
  it.each([
    ["friday", 5],
    ["Fri", 5],
    ["FRIDAYS", 5],
    ["perjantai", 5],
    ["pe", 5],
    ["Perjantaisin", 5],
    ["5", 5],
    ["monday", 1],
    ["ma", 1],
    ["maanantaina", 1],
    ["tue", 2],
    ["ti", 2],
    ["wed", 3],
    ["keskiviikko", 3],
    ["ke", 3],
    ["thu", 4],
    ["to", 4],
    ["torstai", 4],
    ["sat", 6],
    ["la", 6],
    ["lauantai", 6],
    ["sun", 7],
    ["su", 7],
    ["sunnuntai", 7],
    [" 7 ", 7],
    ["fri.", 5],
  ])("reads weekday %j as %i", (input, expected) => {
    expect(parseWeekday(input)).toBe(expected);
  });

  it.each(["", "t", "s", "0", "8", "funday", "fridayy", "perjantaix", "5th", "x"])(
    "rejects weekday %j",
    (input) => {
      expect(parseWeekday(input)).toBeNull();
    },
  );

  it.each([
    ["15:00", 900],
    ["15.00", 900],
    ["3pm", 900],
    ["3 PM", 900],
    ["3:30 p.m.", 930],
    ["9", 540],
    ["09:05", 545],
    ["klo 15", 900],
    ["12am", 0],
    ["12pm", 720],
    ["0:00", 0],
    ["23:59", 1439],
  ])("reads time %j as %i minutes", (input, expected) => {
    expect(parseTimeOfDay(input)).toBe(expected);
  });

  it.each(["", "24:00", "15:60", "13pm", "0am", "15:0", "1500", "-1", "15:00:00", "noon", "3 pmx"])(
    "rejects time %j",
    (input) => {
      expect(parseTimeOfDay(input)).toBeNull();
    },
  );

  it("formats minutes as a 24-hour time that parses back", () => {
    expect(formatTimeOfDay(DEFAULT_SCHEDULE.minute)).toBe("15:00");
    expect(formatTimeOfDay(0)).toBe("00:00");
    expect(formatTimeOfDay(545)).toBe("09:05");
    for (let minute = 0; minute < 1440; minute++) {
      expect(parseTimeOfDay(formatTimeOfDay(minute))).toBe(minute);
    }
    expect(() => formatTimeOfDay(1440)).toThrow(RangeError);
  });

  it("defaults to Friday 15:00", () => {
    expect(DEFAULT_SCHEDULE).toEqual({ weekday: 5, minute: 900 });
  });

  it("accepts IANA zone names only", () => {
    for (const zone of [...ZONES, "America/Argentina/Buenos_Aires", "Etc/GMT+5"])
      expect(isValidTimeZone(zone)).toBe(true);
    for (const zone of ["", "Mars/Olympus", "+02:00", "Europe/Helsinki "])
      expect(isValidTimeZone(zone)).toBe(false);
  });
});
