// Retention: how long a team keeps its good calls and stories, and which day's run deletes what.
import { DateTime } from "luxon";

/** What a team's retention deleted within a period: the setting last applied, and the counts. */
export interface RetentionDeleted {
  months: number;
  goodCalls: number;
  stories: number;
}

/** Fewer than six months would empty the half-year comparisons managers use; five years covers any audit need. */
export const RETENTION_MONTHS = { min: 6, max: 60 } as const;

/**
 * A team's retention setting from its form: null (keep everything) for an empty field, the whole
 * number of months when it is within bounds, and "invalid" for anything else.
 */
export function parseRetentionMonths(input: string | null): number | null | "invalid" {
  const text = (input ?? "").trim();
  if (text === "") return null;
  if (!/^\d+$/.test(text)) return "invalid";
  const months = Number(text);
  return months >= RETENTION_MONTHS.min && months <= RETENTION_MONTHS.max ? months : "invalid";
}

/** The team's local date (YYYY-MM-DD): retention runs at most once per team and local day. */
export function retentionDay(now: Date, timeZone: string): string {
  return DateTime.fromJSDate(now, { zone: timeZone }).toISODate() ?? now.toISOString().slice(0, 10);
}

/**
 * Entries created before this moment are deleted: local midnight, `months` calendar months before
 * today. Starting from midnight keeps the cutoff the same all day, so a second run the same day
 * finds nothing new; calendar months end on the month's last day (31 March − 1 month = 28/29 February).
 */
export function retentionCutoff(now: Date, months: number, timeZone: string): Date {
  return DateTime.fromJSDate(now, { zone: timeZone }).startOf("day").minus({ months }).toJSDate();
}
