// The outbox: everything GoodCall sends exactly once (digests, manager summaries, daily roundups,
// instant DMs, follow-up and promise reminders, notices of missed digests). One key codec, one claim/lease/retry/give-up policy,
// and for each kind one way to load what a message is about and one way to render it.
import type { KnownBlock } from "@slack/types";
import { ErrorCode, type WebClient } from "@slack/web-api";
import type { Delivery, DeliveryKind } from "../db/deliveries.ts";
import { type AnsweredCall, authoritySection, evidenceWindow } from "../domain/authority.ts";
import { formatDay, languageFromLocale, type Messages, messages } from "../domain/i18n.ts";
import type { SummaryFacts } from "../domain/managerSummary.ts";
import { composeManagerSummary, summaryInput, summaryLoop } from "../domain/managerSummary.ts";
import { formatPeriod, type Period } from "../domain/period.ts";
import { type QuarterlyReport, quarterContaining } from "../domain/report.ts";
import type { GoodCall, Language, Story, Team } from "../domain/types.ts";
import { loadReport } from "../report/load.ts";
import type { Services } from "../services.ts";
import { renderDigest } from "../views/digest.ts";
import { followUpDm, promiseDm } from "../views/loop.ts";
import { instantGoodCallDm, instantStoryDm, managerSummaryDm, roundupDm } from "../views/managers.ts";
import { missedDigestDm } from "../views/missed.ts";
import { reportDm } from "../views/report.ts";
import {
  describeSlackError,
  mayHaveArrived,
  openDm,
  retryAdvice,
  singleTryClient,
  slackErrorCode,
} from "../web.ts";
import { ChannelPacer, forEachLimited, type Pause, sleep, type Waits } from "./pacer.ts";
import { loadWeek, type Week } from "./week.ts";

/**
 * A message goes out within 48 hours of what it is about, or not at all: a digest missed while the
 * app was down is still posted (late) within it, and failed deliveries are retried until it ends.
 */
export const GRACE_MS = 48 * 3600_000;
/** How long a claim is ours before another instance may assume we crashed and take it over. */
export const LEASE_MS = 5 * 60_000;

/**
 * How one delivery attempt talks to Slack. The Web API client's own retries last about 30 minutes,
 * six leases: another run would take the claim over and post while the first still retried. So each
 * request is made once, and the outbox tries again itself, renewing its lease (a conditional update
 * that fails once another run owns the claim) before every try, and stopping when it is no longer
 * its own.
 */
export interface DeliveryTimings {
  /** One request's limit: healthy Slack answers in well under a second; a hung connection ends here. */
  requestTimeoutMs: number;
  /** Pauses after the 1st, 2nd … failed try of an attempt; the last repeats. Retry-After wins when longer. */
  retryPausesMs: readonly number[];
  /**
   * Every try of one attempt ends within this. It must stay well under LEASE_MS: a lease renewed
   * before each try then cannot run out while the attempt still tries, so a run takes over only an
   * attempt that has ended or crashed. After it, the delivery waits for a later run (retryDelayMs).
   */
  attemptBudgetMs: number;
}

export const DELIVERY_TIMINGS: DeliveryTimings = {
  requestTimeoutMs: 20_000,
  retryPausesMs: [2_000, 4_000, 8_000, 16_000],
  // 2 minutes: a few tries through a short Slack hiccup (2+4+8+16 s of pauses), and 3 minutes of
  // the 5-minute lease to spare for the database, pacing and clocks that differ between hosts.
  attemptBudgetMs: 2 * 60_000,
};

/** What a delivery is waiting for, for whoever watches a run (the CLI prints it). */
export interface WaitNotice {
  kind: DeliveryKind;
  teamId: string;
  teamName: string;
  recipientId: string | null;
  /** The try of this attempt that failed, from 1. */
  failedTry: number;
  error: string;
  retryInMs: number;
}

/** Message metadata that lets a resumed attempt find what an earlier one already posted. */
const METADATA_EVENT = { channel: "goodcall_digest", dm: "goodcall_dm" } as const;
/** Slack's answers for a person who is no longer there to read a DM. */
const GONE = new Set([
  "user_not_found",
  "account_inactive",
  "user_disabled",
  "cannot_dm_bot",
  "users_not_found",
]);

/** Backoff for failed deliveries: 1, 2, 4 … minutes, at most an hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(60, 2 ** Math.max(0, attempts - 1)) * 60_000;
}

/**
 * OAuth mode: every team's messages go out with its own workspace's token, and a workspace that
 * uninstalled GoodCall has its data deleted after a grace period.
 */
export interface Workspaces {
  /** Null when the team's workspace has no usable installation: nothing is sent for it. */
  clientFor(team: Team): Promise<WebClient | null>;
  /** How long an uninstalled workspace's data is kept (GOODCALL_UNINSTALL_GRACE_DAYS). */
  deleteAfterMs: number;
}

export interface JobDeps {
  services: Services;
  /** Single-workspace mode's client (SLACK_BOT_TOKEN); in OAuth mode `workspaces` supplies each team's. */
  client: WebClient;
  workspaces?: Workspaces;
  /** Paces every post of a run (digests and DMs alike); deliverEach makes one when none is given. */
  pacer?: ChannelPacer;
  /** Deliveries in flight at once, 4 by default; at most half of them of one workspace. */
  concurrency?: number;
  /** DELIVERY_TIMINGS unless a test shortens them. */
  timings?: DeliveryTimings;
  /** Told whenever a delivery waits to try Slack again. */
  onWait?: (notice: WaitNotice) => void;
}

/** The client that speaks for a team's workspace; null when its workspace has no usable installation. */
export async function clientFor(deps: JobDeps, team: Team): Promise<WebClient | null> {
  return deps.workspaces ? deps.workspaces.clientFor(team) : deps.client;
}

/**
 * A run's clock: the moment it runs for, moving on with real time. Leases renewed during a run are
 * measured on it, so they stay comparable with the claims the run made at its start.
 */
export function runClock(now: Date): () => Date {
  const startedAt = Date.now();
  return () => new Date(now.getTime() + (Date.now() - startedAt));
}

// Keys. The stored strings keep the format they have always had, so claims already in a database
// stay valid; code builds and reads them only through encodeKey and decodeKey.

export interface EntryRef {
  kind: "goodCall" | "story";
  id: number;
}

interface Keys {
  digest: { kind: "digest"; teamId: string; periodEnd: Date };
  summary: { kind: "summary"; teamId: string; managerId: string; periodEnd: Date };
  roundup: { kind: "roundup"; teamId: string; managerId: string; slot: Date };
  instant: { kind: "instant"; teamId: string; managerId: string; entry: EntryRef };
  followup: { kind: "followup"; goodCallId: number };
  /** "Remind me tomorrow" moves the reminder time, which makes a new key. */
  promise: { kind: "promise"; goodCallId: number; remindAt: Date };
  /** A manager told that a team's digest(s) up to periodEnd were never posted. */
  missed: { kind: "missed"; teamId: string; managerId: string; periodEnd: Date };
  /** A manager's quarterly loop report on the quarter that ended at quarterEnd. */
  report: { kind: "report"; teamId: string; managerId: string; quarterEnd: Date };
}

export type KeyOf<K extends DeliveryKind> = Keys[K];
export type OutboxKey = Keys[DeliveryKind];

const ENTRY_CODES = { goodCall: "gc", story: "st" } as const;

export function encodeKey(key: OutboxKey): string {
  switch (key.kind) {
    case "digest":
      return `digest:${key.teamId}:${key.periodEnd.toISOString()}`;
    case "summary":
      return `summary:${key.teamId}:${key.managerId}:${key.periodEnd.toISOString()}`;
    case "roundup":
      return `roundup:${key.teamId}:${key.managerId}:${key.slot.toISOString()}`;
    case "instant":
      return `instant:${key.teamId}:${key.managerId}:${ENTRY_CODES[key.entry.kind]}:${key.entry.id}`;
    case "followup":
      return `followup:${key.goodCallId}`;
    case "promise":
      return `promise:${key.goodCallId}:${key.remindAt.toISOString()}`;
    case "missed":
      return `missed:${key.teamId}:${key.managerId}:${key.periodEnd.toISOString()}`;
    case "report":
      return `report:${key.teamId}:${key.managerId}:${key.quarterEnd.toISOString()}`;
  }
}

// Slack ids never contain ":", but ISO times do, so each format is matched whole rather than split.
const SLACK_ID = "([A-Za-z0-9_-]+)";
const TIME = "(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z)";
const ID = "([1-9]\\d{0,15})";
const FORMATS = {
  digest: new RegExp(`^digest:${SLACK_ID}:${TIME}$`),
  summary: new RegExp(`^summary:${SLACK_ID}:${SLACK_ID}:${TIME}$`),
  roundup: new RegExp(`^roundup:${SLACK_ID}:${SLACK_ID}:${TIME}$`),
  instant: new RegExp(`^instant:${SLACK_ID}:${SLACK_ID}:(gc|st):${ID}$`),
  followup: new RegExp(`^followup:${ID}$`),
  promise: new RegExp(`^promise:${ID}:${TIME}$`),
  missed: new RegExp(`^missed:${SLACK_ID}:${SLACK_ID}:${TIME}$`),
  report: new RegExp(`^report:${SLACK_ID}:${SLACK_ID}:${TIME}$`),
};

/** The key a stored string stands for; null for anything encodeKey would not have written. */
export function decodeKey(text: string): OutboxKey | null {
  const kind = text.slice(0, text.indexOf(":"));
  if (!Object.hasOwn(FORMATS, kind)) return null;
  const m = FORMATS[kind as DeliveryKind].exec(text);
  if (!m) return null;
  const [a = "", b = "", c = "", d = ""] = m.slice(1);
  const time = (iso: string) => {
    const date = new Date(iso);
    // A well-formed but impossible time (February 30th) would not come back as the same string.
    return Number.isNaN(date.getTime()) || date.toISOString() !== iso ? null : date;
  };
  switch (kind as DeliveryKind) {
    case "digest": {
      const periodEnd = time(b);
      return periodEnd && { kind: "digest", teamId: a, periodEnd };
    }
    case "summary": {
      const periodEnd = time(c);
      return periodEnd && { kind: "summary", teamId: a, managerId: b, periodEnd };
    }
    case "roundup": {
      const slot = time(c);
      return slot && { kind: "roundup", teamId: a, managerId: b, slot };
    }
    case "instant":
      return {
        kind: "instant",
        teamId: a,
        managerId: b,
        entry: { kind: c === "gc" ? "goodCall" : "story", id: Number(d) },
      };
    case "followup":
      return { kind: "followup", goodCallId: Number(a) };
    case "promise": {
      const remindAt = time(b);
      return remindAt && { kind: "promise", goodCallId: Number(a), remindAt };
    }
    case "missed": {
      const periodEnd = time(c);
      return periodEnd && { kind: "missed", teamId: a, managerId: b, periodEnd };
    }
    case "report": {
      const quarterEnd = time(c);
      return quarterEnd && { kind: "report", teamId: a, managerId: b, quarterEnd };
    }
  }
}

// Kinds: what each message is about (its value), loaded for a retry or a takeover, or handed to
// the first attempt by whoever claimed it; and how that value is rendered for its reader.

type Message = { text: string; blocks: KnownBlock[] };

export type InstantEntry = { kind: "goodCall"; goodCall: GoodCall } | { kind: "story"; story: Story };

interface Values {
  digest: Week;
  summary: { week: Week; facts: SummaryFacts; unreachableManagers: string[]; answered: AnsweredCall[] };
  roundup: { goodCalls: GoodCall[]; stories: Story[] };
  instant: InstantEntry;
  followup: GoodCall;
  promise: GoodCall;
  missed: Period;
  report: QuarterlyReport;
}

/** What a first attempt may already have in hand: the entry just logged, the week loaded or composed. */
interface Given {
  digest: Week;
  summary: Week;
  roundup: never;
  instant: InstantEntry;
  followup: GoodCall;
  promise: never;
  missed: never;
  /** The team's report, added up once for all its managers. */
  report: QuarterlyReport;
}

interface Kind<K extends DeliveryKind> {
  /** Null when what the message is about is gone (deleted, forgotten). */
  load(
    services: Services,
    team: Team,
    delivery: Delivery,
    key: KeyOf<K>,
    given?: Given[K],
  ): Promise<Values[K] | null>;
  /**
   * Null when there is nothing to say (already answered, nothing happened today). `language` is the
   * reader's, the language of `t`: every date and amount in the message is written in it too.
   */
  render(t: Messages, language: Language, team: Team, key: KeyOf<K>, value: Values[K]): Message | null;
}

function periodOf(delivery: Delivery): Period {
  return { start: delivery.periodStart ?? new Date(0), end: delivery.periodEnd ?? new Date(0) };
}

const KINDS: { [K in DeliveryKind]: Kind<K> } = {
  digest: {
    load: async (services, team, delivery, _key, given) =>
      given ?? loadWeek(services, team, periodOf(delivery), delivery.late),
    render: (t, _language, _team, _key, week) => renderDigest(week.digest, t),
  },
  summary: {
    async load(services, team, delivery, _key, given) {
      const week = given ?? (await loadWeek(services, team, periodOf(delivery), false));
      const [facts, managers, answered] = await Promise.all([
        services.digests.summaryFacts(
          team.id,
          week.input.period,
          week.input.goodCalls.map((c) => c.id),
        ),
        services.teams.managersOf(team.id),
        services.authority.answeredIn(team.id, evidenceWindow(week.input.period.end, team.timeZone)),
      ]);
      return {
        week,
        facts,
        unreachableManagers: managers.filter((m) => m.unreachable).map((m) => m.userId),
        answered,
      };
    },
    render(t, language, team, key, { week, facts, unreachableManagers, answered }) {
      const input = summaryInput(week, facts, {
        managerId: key.managerId,
        usualLimit: team.usualLimit,
        unreachableManagers,
      });
      return managerSummaryDm(
        t,
        composeManagerSummary({ ...input, language }),
        team.usualLimit,
        summaryLoop(week.digest, facts.openImprovements),
        authoritySection(week.input.goodCalls, team.usualLimit, answered),
      );
    },
  },
  roundup: {
    async load(services, team, delivery) {
      const period = periodOf(delivery);
      const [goodCalls, stories] = await Promise.all([
        services.entries.goodCallsIn(team.id, period),
        services.entries.storiesIn(team.id, period),
      ]);
      return { goodCalls, stories };
    },
    render(t, language, team, key, { goodCalls, stories }) {
      const calls = goodCalls.filter((c) => c.authorId !== key.managerId);
      const others = stories.filter((s) => s.authorId !== key.managerId);
      // A roundup is sent only when there is something in it.
      if (calls.length === 0 && others.length === 0) return null;
      return roundupDm(t, language, team, calls, others);
    },
  },
  instant: {
    async load(services, _team, _delivery, key, given) {
      if (given) return given;
      if (key.entry.kind === "goodCall") {
        const goodCall = await services.entries.findGoodCall(key.entry.id);
        return goodCall && { kind: "goodCall", goodCall };
      }
      const story = await services.entries.findStory(key.entry.id);
      return story && { kind: "story", story };
    },
    render: (t, language, team, _key, entry) =>
      entry.kind === "goodCall"
        ? instantGoodCallDm(t, language, team, entry.goodCall)
        : instantStoryDm(t, team, entry.story),
  },
  followup: {
    load: async (services, _team, _delivery, key, given) =>
      given ?? services.entries.findGoodCall(key.goodCallId),
    render: (t, _language, team, _key, call) => (call.outcome ? null : followUpDm(t, call, team.timeZone)),
  },
  promise: {
    load: (services, _team, _delivery, key) => services.entries.findGoodCall(key.goodCallId),
    render(t, language, _team, _key, call) {
      if (call.promiseStatus !== "pending" || !call.promiseDue) return null;
      // The day as the confirmation wrote it ("Fri 4 Dec" / "pe 4.12."): a calendar date, no zone needed.
      return promiseDm(t, call, formatDay(call.promiseDue, language));
    },
  },
  missed: {
    load: async (_services, _team, delivery) => periodOf(delivery),
    render: (t, language, team, _key, period) =>
      missedDigestDm(t, team, formatPeriod(period, team.timeZone, language)),
  },
  report: {
    async load(services, team, delivery, _key, given) {
      if (given) return given;
      const { start, end } = periodOf(delivery);
      // The claimed span is the quarter, whatever the team's time zone has become since.
      const middle = new Date((start.getTime() + end.getTime()) / 2);
      return loadReport(services, team, { ...quarterContaining(team.timeZone, middle), start, end }, end);
    },
    render: (t, language, _team, _key, report) => reportDm(t, language, report),
  },
};

// The policy: claim, take over, send, retry with backoff, give up.

/** A claimed delivery ready to send, with what its first attempt already has in hand. */
export interface PendingOf<K extends DeliveryKind> {
  kind: K;
  team: Team;
  delivery: Delivery;
  key: KeyOf<K>;
  given?: Given[K];
}
/** Any kind: what a takeover finds (it has nothing in hand). */
export type Pending = PendingOf<DeliveryKind>;

/** The columns a claim row carries besides its key: whom it goes to and which period it is about. */
export interface ClaimFields {
  recipientId?: string;
  periodStart?: Date;
  periodEnd?: Date;
  late?: boolean;
}

/** Claims one message; null when someone else already has it (sent, given up, or in progress). */
export async function claim<K extends DeliveryKind>(
  services: Services,
  team: Team,
  key: KeyOf<K>,
  fields: ClaimFields,
  now: Date,
  given?: Given[K],
): Promise<PendingOf<K> | null> {
  const delivery = await services.deliveries.claim(
    { key: encodeKey(key), kind: key.kind, teamId: team.id, ...fields },
    now,
    LEASE_MS,
  );
  if (!delivery) return null;
  return { kind: kindOf(key), team, delivery, key, ...(given !== undefined ? { given } : {}) };
}

/**
 * Claims those of several messages nobody has claimed yet: one read of the keys, then an insert
 * for each missing one (which may still lose a race, and then is simply not ours).
 */
export async function claimMissing<K extends DeliveryKind>(
  services: Services,
  team: Team,
  claims: Array<{ key: KeyOf<K>; fields: ClaimFields }>,
  now: Date,
  given?: Given[K],
): Promise<Array<PendingOf<K>>> {
  const existing = await services.deliveries.claimedKeys(claims.map((c) => encodeKey(c.key)));
  const claimed: Array<PendingOf<K>> = [];
  for (const { key, fields } of claims) {
    if (existing.has(encodeKey(key))) continue;
    const pending = await claim(services, team, key, fields, now, given);
    if (pending) claimed.push(pending);
  }
  return claimed;
}

/** Unfinished deliveries of these kinds (crashed owner, or retry time come), now ours. */
export async function takeOver<K extends DeliveryKind>(
  services: Services,
  kinds: readonly K[],
  now: Date,
  teams: Team[],
  teamId?: string,
): Promise<Array<PendingOf<K>>> {
  const byId = new Map(teams.map((t) => [t.id, t]));
  const taken: Array<PendingOf<K>> = [];
  for (const delivery of await services.deliveries.takeOverDue(kinds, now, LEASE_MS, teamId)) {
    const team = byId.get(delivery.teamId);
    const key = decodeKey(delivery.key);
    if (!team) continue;
    if (!key || key.kind !== delivery.kind || !isOneOf(key, kinds)) {
      // Only encodeKey writes keys, so this row came from elsewhere; leave it rather than guess.
      services.logger.error({ key: delivery.key, kind: delivery.kind }, "outbox key not understood; skipped");
      continue;
    }
    taken.push({ kind: kindOf(key), team, delivery, key });
  }
  return taken;
}

function isOneOf<K extends DeliveryKind>(key: OutboxKey, kinds: readonly K[]): key is KeyOf<K> {
  return (kinds as readonly DeliveryKind[]).includes(key.kind);
}

// NOTE: TypeScript cannot see that a KeyOf<K>'s kind is a K; this is the one place that says so.
function kindOf<K extends DeliveryKind>(key: KeyOf<K>): K {
  return key.kind as K;
}

export type SendResult =
  | "posted"
  | "already-posted"
  | "nothing-to-say"
  | "recipient-gone"
  | "retry-later"
  | "failed"
  /** Another run took the claim over while this one waited on Slack; that run sends it. */
  | "taken-over";

export interface Sent<K extends DeliveryKind> {
  result: SendResult;
  error?: string;
  /** What the message was about, when it was loaded (sent or not): a digest's week, for its summaries. */
  value?: Values[K];
}

/**
 * How a run sends: its clock (for leases), and how a delivery waits between tries (pause) and for
 * its turn to post (idle) without holding others.
 */
export interface SendOptions {
  clock?: () => Date;
  pause?: Pause;
  idle?: Pause;
}

/** The one workspace of single-workspace mode, for the pacer. */
const SINGLE_WORKSPACE = "single workspace";

/** The workspace whose limits a team's posts count against (Slack's chat.postMessage limit is per workspace). */
function workspaceOf(deps: JobDeps, pacer: ChannelPacer, team: Team): Promise<string> {
  return pacer.workspaceOf(team.id, async () => {
    if (!deps.workspaces) return SINGLE_WORKSPACE;
    // NOTE: a team without a workspace gets no client, so nothing is posted; its own lane is as good as any.
    return (await deps.services.teams.workspaceOf(team.id)).workspaceId ?? `team ${team.id}`;
  });
}

/**
 * Delivers `items` as a run does: a few at a time (JobDeps.concurrency), at most half of those of
 * one workspace, every post paced by one pacer (JobDeps.pacer, or a new one) so that the run keeps
 * to Slack's limits per channel and per workspace, and a workspace that waits on them gives its
 * workers to the others. `work` sends with the deps and waits it is handed.
 */
export async function deliverEach<T extends { team: Team }>(
  deps: JobDeps,
  items: T[],
  work: (item: T, paced: JobDeps, waits: Waits) => Promise<void>,
): Promise<void> {
  const pacer = deps.pacer ?? new ChannelPacer();
  const paced = { ...deps, pacer };
  const concurrency = deps.concurrency ?? 4;
  await forEachLimited(items, concurrency, (item, waits) => work(item, paced, waits), {
    of: (item) => workspaceOf(deps, pacer, item.team),
    width: Math.ceil(concurrency / 2),
  });
}

const WORDS = {
  channel: {
    sent: "digest posted",
    retry: "digest delivery failed; will retry",
    givenUp: "digest delivery given up: the period is more than 48 hours old",
  },
  dm: {
    sent: "manager DM sent",
    retry: "manager DM failed; will retry",
    givenUp: "manager DM given up after 48 hours",
  },
};

/** The claim went to another run while we waited: stop without touching it. */
class ClaimLost extends Error {}

/** The attempt's time is spent: the delivery waits for a later run. */
class AttemptSpent extends Error {
  constructor(readonly last: unknown) {
    super("slack_too_slow");
  }
}

/** Sends one claimed message; a failure is recorded and retried by a later run, a gone reader skipped. */
export async function send<K extends DeliveryKind>(
  deps: JobDeps,
  item: PendingOf<K>,
  now: Date,
  options: SendOptions = {},
): Promise<Sent<K>> {
  const { services } = deps;
  const { team, delivery } = item;
  const clock = options.clock ?? runClock(now);
  const pause = options.pause ?? sleep;
  const idle = options.idle ?? sleep;
  const timings = deps.timings ?? DELIVERY_TIMINGS;
  const workspaceClient = await clientFor(deps, team);
  if (!workspaceClient) {
    // Uninstalled since the run listed its teams: nothing can be sent, and a reinstall is a new start.
    await services.deliveries.markFailed(delivery.id, "app_uninstalled", null);
    services.logger.warn(
      { kind: delivery.kind, teamId: team.id },
      "not sent: the workspace uninstalled GoodCall",
    );
    return { result: "failed", error: "app_uninstalled" };
  }
  // NOTE: named `client` so the manifest test sees which Web API methods the outbox calls.
  const client = singleTryClient(workspaceClient, timings.requestTimeoutMs);
  // A digest goes to the team's channel; everything else is a DM to one person.
  const toChannel = item.kind === "digest";
  const words = toChannel ? WORDS.channel : WORDS.dm;
  const recipient = delivery.recipientId ?? "";
  const log = {
    kind: delivery.kind,
    teamId: team.id,
    ...(toChannel ? { periodEnd: delivery.periodEnd?.toISOString() } : { recipientId: recipient }),
    attempt: delivery.attempts + 1,
  };

  const attemptStarted = Date.now();
  let failures = 0;
  let lastError: unknown;
  /** One Slack request, tried again after temporary failures while the attempt's time and our claim last. */
  const call = async <T>(request: () => Promise<T>): Promise<T> => {
    for (;;) {
      // A try may take two requests (a look-up, then the post), each up to the request timeout.
      const tryMs = 2 * timings.requestTimeoutMs;
      if (failures > 0 && Date.now() - attemptStarted + tryMs > timings.attemptBudgetMs) {
        throw new AttemptSpent(lastError);
      }
      if (!(await services.deliveries.renewLease(delivery.id, clock(), LEASE_MS))) throw new ClaimLost();
      try {
        return await request();
      } catch (error) {
        failures += 1;
        lastError = error;
        const advice = retryAdvice(error);
        if (!advice) throw error;
        const pauses = timings.retryPausesMs;
        const waitMs = Math.max(advice.waitMs, pauses[Math.min(failures, pauses.length) - 1] ?? 0);
        if (Date.now() - attemptStarted + waitMs + tryMs > timings.attemptBudgetMs) throw error;
        deps.onWait?.({
          kind: delivery.kind,
          teamId: team.id,
          teamName: team.name,
          recipientId: delivery.recipientId,
          failedTry: failures,
          error: describeSlackError(error),
          retryInMs: waitMs,
        });
        await pause(waitMs);
      }
    }
  };

  let value: Values[K] | null = null;
  // Even a failed send hands on what it loaded, so the summaries of a digest Slack refused need not load it again.
  const loaded = () => (value !== null ? { value } : {});
  try {
    // A DM speaks the person's own Slack language when we know it, else the team's.
    const language = toChannel ? team.language : await readerLanguage(services, team, recipient);
    const kind: Kind<K> = KINDS[item.kind];
    value = await kind.load(services, team, delivery, item.key, item.given);
    const message = value === null ? null : kind.render(messages(language), language, team, item.key, value);
    if (!message) {
      await services.deliveries.markPosted(delivery.id, now, null);
      return { result: "nothing-to-say" };
    }
    const channel = toChannel ? team.id : await call(() => openDm(client, recipient));
    const { pacer } = deps;
    const workspace = pacer ? await workspaceOf(deps, pacer, team) : SINGLE_WORKSPACE;
    const eventType = toChannel ? METADATA_EVENT.channel : METADATA_EVENT.dm;
    // An earlier attempt may have reached Slack before its owner crashed, and a post that timed out
    // or got a 5xx may have arrived all the same: in both cases, look before posting (again).
    let look = delivery.attemptStartedAt !== null;
    if (!(await services.deliveries.markAttemptStarted(delivery.id, clock()))) throw new ClaimLost();
    const metadata = { event_type: eventType, event_payload: { key: delivery.key } };
    const posted = await call(async () => {
      if (look) {
        const ts = await findPosted(services, client, channel, eventType, delivery.key);
        if (ts) return { ts, already: true };
      }
      await pacer?.turn(workspace, channel, idle);
      try {
        const answer = await client.chat.postMessage({ channel, ...message, unfurl_links: false, metadata });
        return { ts: answer.ts, already: false };
      } catch (error) {
        if (mayHaveArrived(error)) look = true;
        // Every post to the workspace waits out Slack's Retry-After, not only this one.
        if ((error as { code?: string }).code === ErrorCode.RateLimitedError) {
          pacer?.hold(workspace, retryAdvice(error)?.waitMs ?? 0);
        }
        throw error;
      }
    });
    await services.deliveries.markPosted(delivery.id, clock(), posted.ts ?? null);
    if (posted.already) {
      services.logger.info(log, "message found already posted; not posting again");
      return { result: "already-posted", ...loaded() };
    }
    services.logger.info({ ...log, ...(toChannel ? { late: delivery.late } : {}) }, words.sent);
    return { result: "posted", ...loaded() };
  } catch (thrown) {
    if (thrown instanceof ClaimLost) {
      services.logger.warn(
        log,
        "another run took this delivery over while Slack was failing; leaving it to that run",
      );
      return { result: "taken-over", ...loaded() };
    }
    const error = thrown instanceof AttemptSpent ? thrown.last : thrown;
    const code = slackErrorCode(error);
    const text = describeSlackError(error);
    if (!toChannel && code && GONE.has(code)) {
      await services.deliveries.markFailed(delivery.id, text, null);
      await services.teams.markManagerUnreachable(team.id, recipient, now);
      services.logger.warn({ ...log, error: text }, "manager unreachable (left the workspace?); skipped");
      return { result: "recipient-gone", error: text };
    }
    const at = clock();
    // The 48 hours run from what a message is about; a notice of a missed digest is about its own claim.
    const origin = item.kind === "missed" ? delivery.createdAt : (delivery.periodEnd ?? now);
    const retryAt = new Date(at.getTime() + retryDelayMs(delivery.attempts + 1));
    if (retryAt.getTime() - origin.getTime() > GRACE_MS) {
      await services.deliveries.markFailed(delivery.id, text, null);
      services.logger.warn({ ...log, error: text }, words.givenUp);
      return { result: "failed", error: text, ...loaded() };
    }
    await services.deliveries.markFailed(delivery.id, text, retryAt);
    services.logger.warn({ ...log, error: text, retryAt: retryAt.toISOString() }, words.retry);
    return { result: "retry-later", error: text, ...loaded() };
  }
}

async function readerLanguage(services: Services, team: Team, userId: string): Promise<Language> {
  return languageFromLocale(await services.people.locale(userId)) ?? team.language;
}

/** The ts of the message an earlier attempt posted with this key, found by its metadata. */
async function findPosted(
  services: Services,
  client: WebClient,
  channel: string,
  eventType: string,
  key: string,
): Promise<string | null> {
  try {
    const history = await client.conversations.history({ channel, limit: 200, include_all_metadata: true });
    const found = history.messages?.find(
      (m) =>
        m.metadata?.event_type === eventType &&
        (m.metadata.event_payload as { key?: string } | undefined)?.key === key,
    );
    return found?.ts ?? null;
  } catch (error) {
    // An install made before the app asked for im:history cannot read DMs until it is reinstalled;
    // then the DM is sent without looking, as before (it may repeat after a crash).
    if (slackErrorCode(error) !== "missing_scope") throw error;
    services.logger.warn(
      { channel },
      "cannot read the conversation to check for an earlier post (missing_scope)",
    );
    return null;
  }
}

/**
 * Renders a sent DM again from what is true now, e.g. to mark what its reader has since thanked;
 * null when it is about something gone or its key is not understood.
 */
export async function renderDelivery(deps: JobDeps, team: Team, delivery: Delivery): Promise<Message | null> {
  const key = decodeKey(delivery.key);
  if (!key || key.kind !== delivery.kind) return null;
  return rerender(deps.services, { kind: key.kind, team, delivery, key });
}

async function rerender<K extends DeliveryKind>(
  services: Services,
  item: PendingOf<K>,
): Promise<Message | null> {
  const language =
    item.kind === "digest"
      ? item.team.language
      : await readerLanguage(services, item.team, item.delivery.recipientId ?? "");
  const kind: Kind<K> = KINDS[item.kind];
  const value = await kind.load(services, item.team, item.delivery, item.key);
  return value === null ? null : kind.render(messages(language), language, item.team, item.key, value);
}
