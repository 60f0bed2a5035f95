// The product's words as types: what the pure core, the views and the repositories exchange.

export type Language = "en" | "fi";
export const LANGUAGES: readonly Language[] = ["en", "fi"];

/** An amount in minor units (cents) with an ISO 4217 code, e.g. { cents: 1250, currency: "EUR" }. */
export interface Money {
  cents: number;
  currency: string;
}

export type ManagerPreference = "instant" | "daily" | "weekly" | "off";
export const MANAGER_PREFERENCES: readonly ManagerPreference[] = ["instant", "daily", "weekly", "off"];

export interface Team {
  id: string;
  name: string;
  timeZone: string;
  /** ISO weekday, 1 = Monday … 7 = Sunday. */
  digestWeekday: number;
  /** Minutes after local midnight. */
  digestMinute: number;
  language: Language;
  feedEnabled: boolean;
  usualLimit: Money | null;
  followUpDays: number;
  /** Entries older than this many months are deleted; null keeps them all. */
  retentionMonths: number | null;
  managerIds: string[];
  createdAt: Date;
}

/** What a team's managers set in its settings. */
export interface TeamSettings {
  managerIds: string[];
  timeZone: string;
  digestWeekday: number;
  digestMinute: number;
  language: Language;
  feedEnabled: boolean;
  usualLimit: Money | null;
  followUpDays: number;
  retentionMonths: number | null;
}

/**
 * Who sees a good call: its team (the feed, the digest's quotes), or only its author and the team's
 * managers. A private call still counts in every number and takes part in patterns; its words are
 * never shown to the rest of the team.
 */
export type Visibility = "team" | "private";
export const VISIBILITIES: readonly Visibility[] = ["team", "private"];

export interface GoodCall {
  id: number;
  teamId: string;
  authorId: string;
  what: string;
  why: string | null;
  tags: string[];
  value: Money | null;
  followUp: boolean;
  /** How it was logged: `/goodcall <text>`, the form, or a Workflow Builder step. */
  source: "inline" | "modal" | "workflow";
  flaggedPii: boolean;
  feedTs: string | null;
  visibility: Visibility;
  createdAt: Date;
  appreciationCount: number;
  /** The author's answer to "did it help?", when asked and answered. */
  outcome?: Outcome | null;
  outcomeNote?: string | null;
  /** A promise to the customer: due date (YYYY-MM-DD, team time zone) and what became of it. */
  promiseDue?: string | null;
  promiseStatus?: PromiseStatus | null;
  /** The author's answer to "Did a rule or process get in the way?", when they gave one. */
  ruleInTheWay?: string | null;
}

/**
 * What a digest, its managers' summaries and its patterns read of a good call: a digest run loads
 * only these for every good call of the week (see digests.weeks).
 */
export type DigestCall = Pick<
  GoodCall,
  | "id"
  | "authorId"
  | "what"
  | "why"
  | "tags"
  | "value"
  | "visibility"
  | "createdAt"
  | "appreciationCount"
  | "outcome"
  | "ruleInTheWay"
>;

export type Outcome = "helped" | "no_change" | "backfired";
export const OUTCOMES: readonly Outcome[] = ["helped", "no_change", "backfired"];
export type PromiseStatus = "pending" | "kept" | "broken";

export interface Story {
  id: number;
  teamId: string;
  authorId: string;
  title: string;
  body: string;
  quote: string | null;
  goodCallId: number | null;
  permalink: string | null;
  flaggedPii: boolean;
  feedTs: string | null;
  createdAt: Date;
  appreciationCount: number;
}

/** The one way to name a good call or a story: in button values, thanks and appreciations. */
export type EntryRef = { kind: "goodCall"; id: number } | { kind: "story"; id: number };

/** What became of an appreciation or a thanks: one per person and entry, never one's own. */
export type AppreciationResult = "recorded" | "duplicate" | "self" | "missing";

/** What became of an author's answer (an outcome, a promise): the author answers once. */
export type AnswerResult = "recorded" | "already" | "not-author" | "missing";
