// Codecs for what we hand Slack and get back verbatim: button and option values, block-id suffixes
// and private_metadata. Views encode with them, listeners and tests decode with them, so the wire
// formats live here once and cannot drift apart.
import { z } from "zod";
import { IMPROVEMENT_STATUSES, type ImprovementStatus } from "../domain/improvement.ts";
import type { Period } from "../domain/period.ts";
import { PROMISE_ANSWERS, type PromiseAnswer } from "../domain/promise.ts";
import {
  type EntryRef,
  MANAGER_PREFERENCES,
  type ManagerPreference,
  type Money,
  OUTCOMES,
  type Outcome,
} from "../domain/types.ts";
import { LIMITS } from "../domain/validate.ts";

export interface Codec<T> {
  encode(value: T): string;
  /**
   * The value, or null when the text is not one. Everything decoded here round-tripped through
   * Slack, so a null means a stale, foreign or forged payload: refuse it, never throw.
   */
  decode(text: string | null | undefined): T | null;
}

function codec<T>(schema: z.ZodType<T>, encode: (value: T) => string): Codec<T> {
  return {
    encode,
    decode(text) {
      const parsed = schema.safeParse(text);
      return parsed.success ? parsed.data : null;
    },
  };
}

/** JSON on the wire; `toWire` turns the decoded shape back into what `wire` parses. */
function jsonCodec<T>(wire: z.ZodType<T>, toWire: (value: T) => unknown = (value) => value): Codec<T> {
  return {
    encode: (value) => JSON.stringify(toWire(value)),
    decode(text) {
      try {
        const parsed = wire.safeParse(JSON.parse(text || "{}"));
        return parsed.success ? parsed.data : null;
      } catch {
        return null;
      }
    },
  };
}

/** A block id or value of the form `<prefix>:<inner>`. */
function prefixed<T>(prefix: string, inner: Codec<T>): Codec<T> {
  const head = `${prefix}:`;
  return {
    encode: (value) => `${head}${inner.encode(value)}`,
    decode: (text) => (text?.startsWith(head) ? inner.decode(text.slice(head.length)) : null),
  };
}

/** `<id>:<choice>`, the shape of every "this answer for that row" option or button value. */
function idWith<K extends string, C extends string, V extends string>(
  idName: K,
  choiceName: C,
  choices: readonly V[],
): Codec<Record<K, number> & Record<C, V>> {
  type Pair = Record<K, number> & Record<C, V>;
  return {
    encode: (value: Pair) => `${value[idName]}:${value[choiceName]}`,
    decode(text) {
      const match = /^([1-9]\d{0,15}):(.+)$/.exec(text ?? "");
      const choice = choices.find((c) => c === match?.[2]);
      if (!match || choice === undefined) return null;
      return { [idName]: Number(match[1]), [choiceName]: choice } as Pair;
    },
  };
}

const positiveId = z
  .string()
  .regex(/^[1-9]\d{0,15}$/)
  .transform(Number);
const slackId = z.string().regex(/^[A-Z0-9]{2,40}$/);

/** A good call's or story's database id, as the Add details, Undo and consent buttons carry it. */
export const entryId: Codec<number> = codec(positiveId, String);

const ENTRY_PREFIX = { goodCall: "gc", story: "st" } as const;

/** An entry of either kind: `gc:<id>` or `st:<id>`. */
export const entryKey: Codec<EntryRef> = codec(
  z
    .string()
    .regex(/^(gc|st):[1-9]\d{0,15}$/)
    .transform((text): EntryRef => {
      const id = Number(text.slice(3));
      return text.startsWith("gc:") ? { kind: "goodCall", id } : { kind: "story", id };
    }),
  (ref) => `${ENTRY_PREFIX[ref.kind]}:${ref.id}`,
);

/** A Slack user, team or channel id. */
export const slackIdValue: Codec<string> = codec(slackId, (id) => id);

/** "Did it help?" buttons. */
export const outcomeAnswer: Codec<{ goodCallId: number; outcome: Outcome }> = idWith(
  "goodCallId",
  "outcome",
  OUTCOMES,
);

/** Promise reminder buttons: kept, remind me later, broken. */
export const promiseAnswer: Codec<{ goodCallId: number; answer: PromiseAnswer }> = idWith(
  "goodCallId",
  "answer",
  PROMISE_ANSWERS,
);

/** The status menu under an improvement. */
export const improvementStatusChoice: Codec<{ improvementId: number; status: ImprovementStatus }> = idWith(
  "improvementId",
  "status",
  IMPROVEMENT_STATUSES,
);

/** A manager's DM preference menu in App Home: `<team id>:<preference>`. */
export const managerPreferenceChoice: Codec<{ teamId: string; preference: ManagerPreference }> = {
  encode: ({ teamId, preference }) => `${teamId}:${preference}`,
  decode(text) {
    const [teamId, preference, ...rest] = (text ?? "").split(":");
    const valid = MANAGER_PREFERENCES.find((p) => p === preference);
    return valid && rest.length === 0 && slackId.safeParse(teamId).success && teamId
      ? { teamId, preference: valid }
      : null;
  },
};

/**
 * *Propose a fix*: `pattern:<key>` in a digest (the channel is the team) and `pattern:<key>|<team>`
 * in a manager's DM, where the channel is the DM. Pattern keys are tags or `kw:<stem>`, never `|`.
 */
export const proposeFixValue: Codec<{ patternKey: string; teamId: string | null }> = prefixed("pattern", {
  encode: ({ patternKey, teamId }) => (teamId ? `${patternKey}|${teamId}` : patternKey),
  decode(text) {
    const match = /^([^|]+)(?:\|([A-Z0-9]{2,40}))?$/.exec(text ?? "");
    return match?.[1] ? { patternKey: match[1], teamId: match[2] ?? null } : null;
  },
});

/**
 * *Raise the limit* in a manager's summary: `<team>:<cents>:<currency>`, the suggested limit to fill
 * in. Both are claims: the team is checked for its manager, the amount against its current limit.
 */
export const raiseLimitValue: Codec<{ teamId: string; suggested: Money }> = {
  encode: ({ teamId, suggested }) => `${teamId}:${suggested.cents}:${suggested.currency}`,
  decode(text) {
    const match = /^([A-Z0-9]{2,40}):([1-9]\d{0,15}):([A-Z]{3})$/.exec(text ?? "");
    if (!match?.[1] || !match[2] || !match[3]) return null;
    const cents = Number(match[2]);
    if (cents > LIMITS.maxAmountCents) return null;
    return { teamId: match[1], suggested: { cents, currency: match[3] } };
  },
};

/** The note rides along in the button value (at most 500 characters, well inside Slack's 2,000). */
export const thanksChoiceValue: Codec<{ entry: EntryRef; to: string; note: string }> = jsonCodec(
  z.object({ key: z.string(), to: slackId, note: z.string().max(LIMITS.noteMax) }).transform((wire, ctx) => {
    const entry = entryKey.decode(wire.key);
    if (!entry) {
      ctx.addIssue({ code: "custom", message: "not an entry key" });
      return z.NEVER;
    }
    return { entry, to: wire.to, note: wire.note };
  }),
  ({ entry, to, note }) => ({ key: entryKey.encode(entry), to, note }),
);

/** Block ids that name the row they belong to. */
export const BlockIds = {
  thanks: prefixed("thanks", entryKey),
  thanked: prefixed("thanked", entryKey),
  appreciate: prefixed("appreciate", entryKey),
  outcome: prefixed("outcome", entryId),
  promise: prefixed("promise", entryId),
  improvement: prefixed("improvement", entryId),
  preference: prefixed("preference", slackIdValue),
} as const;

const wireId = z.number().int().positive();

export interface GoodCallFormMetadata {
  teamId?: string;
  /** Set when the form edits an existing good call. */
  goodCallId?: number;
  /** The channel the form was opened from, to confirm there. */
  channelId?: string;
}

export interface StoryFormMetadata {
  teamId?: string;
  /** Where a story saved from a message came from; the permalink is fetched on submit. */
  source?: { channelId: string; messageTs: string };
  /** A manager drafts a story from someone's good call: it is shared only once that author agrees. */
  consentFor?: string;
  goodCallId?: number;
}

export interface ThanksFormMetadata {
  entry: EntryRef;
  /** The manager's DM the thanks started in, to mark it "Thanked ✓" afterwards. */
  channel?: string;
  ts?: string;
}

export interface ProposeFixMetadata {
  teamId: string;
  patternKey: string;
  patternLabel: string;
  period: Period;
}

/** private_metadata of every form, by form. */
export const Metadata = {
  goodCall: jsonCodec<GoodCallFormMetadata>(
    z.object({
      teamId: z.string().optional(),
      goodCallId: wireId.optional(),
      channelId: z.string().optional(),
    }),
  ),
  story: jsonCodec<StoryFormMetadata>(
    z.object({
      teamId: z.string().optional(),
      source: z.object({ channelId: z.string(), messageTs: z.string() }).optional(),
      consentFor: z.string().optional(),
      goodCallId: wireId.optional(),
    }),
  ),
  settings: jsonCodec<{ teamId: string }>(z.object({ teamId: z.string() })),
  thanks: jsonCodec<ThanksFormMetadata>(
    z
      .object({ key: z.string(), channel: z.string().optional(), ts: z.string().optional() })
      .transform((wire, ctx) => {
        const entry = entryKey.decode(wire.key);
        if (!entry) {
          ctx.addIssue({ code: "custom", message: "not an entry key" });
          return z.NEVER;
        }
        return {
          entry,
          ...(wire.channel ? { channel: wire.channel } : {}),
          ...(wire.ts ? { ts: wire.ts } : {}),
        };
      }),
    ({ entry, ...rest }) => ({ key: entryKey.encode(entry), ...rest }),
  ),
  outcomeNote: jsonCodec<{ goodCallId: number }>(z.object({ goodCallId: wireId })),
  decline: jsonCodec<{ improvementId: number }>(z.object({ improvementId: wireId })),
  proposeFix: jsonCodec<ProposeFixMetadata>(
    z
      .object({
        teamId: z.string(),
        patternKey: z.string(),
        patternLabel: z.string(),
        periodStart: z.iso.datetime(),
        periodEnd: z.iso.datetime(),
      })
      .transform(({ periodStart, periodEnd, ...rest }) => ({
        ...rest,
        period: { start: new Date(periodStart), end: new Date(periodEnd) },
      })),
    ({ period, ...rest }) => ({
      ...rest,
      periodStart: period.start.toISOString(),
      periodEnd: period.end.toISOString(),
    }),
  ),
} as const;
