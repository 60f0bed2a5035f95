// The trust boundary for what Slack sends: a request's envelope is checked against the shape our
// listeners and Bolt rely on before Bolt sees it, a retried event is taken in once, and a request
// stamped in the future is refused.
import { createHmac, createSecretKey, type KeyObject, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { parse } from "node:querystring";
import {
  type App,
  type Logger as BoltLogger,
  type BufferedIncomingMessage,
  defaultBodyLimit,
  HTTPModuleFunctions,
  HTTPReceiver,
  type HTTPReceiverOptions,
  HTTPResponseAck,
  isRawBodyError,
  type ReceiverEvent,
  type StringIndexed,
} from "@slack/bolt";
import { z } from "zod";
import { type EventRepository, eventRepository } from "../db/events.ts";
import type { Logger } from "../logger.ts";
import type { Services } from "../services.ts";
import { Event, Step } from "../views/ids.ts";
import { TurnBudget } from "./turnBudget.ts";

/** Where Bolt's HTTPReceiver takes Slack's requests (its default endpoint). */
export const SLACK_EVENTS_PATH = "/slack/events";

// Slack checks that a request is no older than five minutes; a request from further ahead than
// that is as suspect (a replay prepared with a skewed clock), so the window is the same both ways.
const MAX_CLOCK_SKEW_SEC = 5 * 60;

// ---------------------------------------------------------------------------------------------
// Ids by shape
// ---------------------------------------------------------------------------------------------

// NOTE: Slack's ids are an uppercase letter naming the kind, then uppercase letters and digits;
// today 9–11 characters, documented as free to grow. We accept 2–24: the lower bound is lower than
// Slack's because the tests' people and channels are "U1" and "C1", and what protects the database
// is the alphabet and the upper bound, not the minimum.
function slackId(kinds: string) {
  return z.string().regex(new RegExp(`^[${kinds}][A-Z0-9]{1,23}$`));
}

export const UserId = slackId("UW");
export const ChannelId = slackId("CGD");
export const TeamId = slackId("T");
export const EnterpriseId = slackId("E");
const EventId = z.string().regex(/^Ev[A-Z0-9]{1,40}$/);
/** Ids we match on or pass back to Slack but never store as a key: present, a string, bounded. */
const Token = z.string().min(1).max(255);

// ---------------------------------------------------------------------------------------------
// Envelopes: the minimal shape each kind must have
// ---------------------------------------------------------------------------------------------

// Block Kit values that name people or conversations; managers are saved from them, so they are
// ids like any other.
const Selections = {
  selected_user: UserId.nullish(),
  selected_users: z.array(UserId).nullish(),
  selected_channel: ChannelId.nullish(),
  selected_channels: z.array(ChannelId).nullish(),
  selected_conversation: ChannelId.nullish(),
  selected_conversations: z.array(ChannelId).nullish(),
};

const State = z.object({
  values: z.record(z.string(), z.record(z.string(), z.object(Selections))),
});

const View = z.object({
  id: Token,
  callback_id: z.string().max(255).optional(),
  private_metadata: z.string().optional(),
  state: State.optional(),
  app_installed_team_id: TeamId.optional(),
});

// Interactive payloads name the workspace in `team`, which is null for org-wide installs; Bolt
// then reads `user.team_id`.
const Interaction = {
  user: z.object({ id: UserId, team_id: TeamId.optional() }),
  team: z.object({ id: TeamId, enterprise_id: EnterpriseId.optional() }).nullable(),
  enterprise: z.object({ id: EnterpriseId }).nullish(),
};

const Channel = z.object({ id: ChannelId });

const BlockActions = z.object({
  type: z.literal("block_actions"),
  ...Interaction,
  actions: z
    .array(
      z.object({
        action_id: Token,
        block_id: Token,
        type: Token,
        value: z.string().optional(),
        selected_option: z.object({ value: z.string() }).optional(),
        ...Selections,
      }),
    )
    .min(1),
  container: z.object({ type: Token, channel_id: ChannelId.optional() }),
  channel: Channel.optional(),
  view: View.optional(),
  message: z.object({ ts: Token }).optional(),
  trigger_id: Token.optional(),
});

const ViewSubmission = z.object({
  type: z.enum(["view_submission", "view_closed"]),
  ...Interaction,
  // Bolt routes a submission by its callback id.
  view: View.extend({ callback_id: z.string().max(255), state: State }),
});

const GlobalShortcut = z.object({
  type: z.literal("shortcut"),
  ...Interaction,
  callback_id: Token,
  trigger_id: Token,
});

const MessageShortcut = z.object({
  type: z.literal("message_action"),
  ...Interaction,
  callback_id: Token,
  trigger_id: Token,
  channel: Channel,
  message: z.object({ ts: Token, user: UserId.optional(), text: z.string().optional() }),
});

// Form fields: a repeated field arrives as an array, which `z.string()` refuses.
const SlashCommand = z.object({
  command: z.string().regex(/^\/[a-z0-9_-]{1,31}$/),
  text: z.string(),
  user_id: UserId,
  channel_id: ChannelId,
  channel_name: z.string().max(255).optional(),
  team_id: TeamId,
  enterprise_id: EnterpriseId.optional(),
  trigger_id: Token,
  response_url: z.string().min(1).max(2048),
});

// Bolt reads `channel_id`, `item` and `subteam` of any event to find its conversation and user;
// none of the events we subscribe to has them, so they are refused rather than checked.
const ReadByBoltOnly = {
  channel_id: z.never().optional(),
  item: z.never().optional(),
  subteam: z.never().optional(),
};

// Only the events the manifest subscribes to.
const SubscribedEvent = z.discriminatedUnion("type", [
  z.object({
    type: z.literal(Event.AppHomeOpened),
    user: UserId,
    channel: ChannelId,
    tab: z.string(),
    ...ReadByBoltOnly,
  }),
  z.object({
    type: z.enum([Event.MemberJoinedChannel, Event.MemberLeftChannel]),
    user: UserId,
    channel: ChannelId,
    ...ReadByBoltOnly,
  }),
  // OAuth mode (src/oauth/uninstall.ts): the workspace is named by the envelope, not the event.
  z.object({ type: z.literal("app_uninstalled"), ...ReadByBoltOnly }),
  // A Workflow Builder step of ours runs (src/slack/functions/): Bolt routes it by callback id and
  // ends it with the step's own token. Its inputs are the step's to read and check.
  z.object({
    type: z.literal(Event.FunctionExecuted),
    function: z.object({ callback_id: z.enum(Object.values(Step)) }),
    inputs: z.record(z.string(), z.unknown()),
    function_execution_id: Token,
    bot_access_token: Token,
    ...ReadByBoltOnly,
  }),
  z.object({
    type: z.literal("tokens_revoked"),
    tokens: z.object({ oauth: z.array(UserId).optional(), bot: z.array(UserId).optional() }),
    ...ReadByBoltOnly,
  }),
]);

const EventCallback = z.object({
  type: z.literal("event_callback"),
  team_id: TeamId,
  enterprise_id: EnterpriseId.nullish(),
  event_id: EventId,
  event: SubscribedEvent,
  authorizations: z
    .array(
      z.object({
        team_id: TeamId.nullable(),
        enterprise_id: EnterpriseId.nullish(),
        user_id: UserId,
      }),
    )
    .optional(),
});

const UrlVerification = z.object({ type: z.literal("url_verification"), challenge: Token });

export type Envelope =
  | { kind: "ssl_check" }
  | { kind: "url_verification" }
  | { kind: "command" }
  | { kind: "interaction" }
  | { kind: "event"; eventId: string };

export type EnvelopeCheck = { ok: true; envelope: Envelope } | { ok: false; problem: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Where the first problem is and what kind it is; never the value, which may be customer text. */
function problemOf(error: z.ZodError): string {
  const [issue] = error.issues;
  return issue ? `${issue.path.join(".") || "(body)"}: ${issue.code}` : "invalid";
}

function checked(schema: z.ZodType, body: unknown, envelope: Envelope): EnvelopeCheck {
  const result = schema.safeParse(body);
  return result.success ? { ok: true, envelope } : { ok: false, problem: problemOf(result.error) };
}

/**
 * Checks a parsed request body. It is classified exactly as Bolt routes it (over HTTP the
 * receiver's own `ssl_check` and `url_verification` first, then Bolt's `getTypeAndConversation`:
 * an `event`, a `command`, options, `actions`, then `type`), so the schema that passes a body is the
 * one for the listener Bolt will hand it to; a `type` saying otherwise cannot smuggle a body past
 * its check.
 */
export function checkEnvelope(body: unknown, from: "http" | "socket"): EnvelopeCheck {
  if (!isRecord(body)) return { ok: false, problem: "(body): not an object" };
  if (from === "http" && body.ssl_check === "1") return { ok: true, envelope: { kind: "ssl_check" } };
  if (from === "http" && body.type === "url_verification")
    return checked(UrlVerification, body, { kind: "url_verification" });
  if (body.event !== undefined) {
    const eventId = typeof body.event_id === "string" ? body.event_id : "";
    return checked(EventCallback, body, { kind: "event", eventId });
  }
  if (body.command !== undefined) return checked(SlashCommand, body, { kind: "command" });
  // Options requests (external selects): the app offers none.
  if (body.name !== undefined || body.type === "block_suggestion")
    return { ok: false, problem: "type: not served" };
  if (body.actions !== undefined || body.type === "dialog_submission")
    return checked(BlockActions, body, { kind: "interaction" });
  switch (body.type) {
    case "shortcut":
      return checked(GlobalShortcut, body, { kind: "interaction" });
    case "message_action":
      return checked(MessageShortcut, body, { kind: "interaction" });
    case "view_submission":
    case "view_closed":
      return checked(ViewSubmission, body, { kind: "interaction" });
    default:
      return { ok: false, problem: "type: not served" };
  }
}

// ---------------------------------------------------------------------------------------------
// Admission: checked, and not a retry of an event already taken in
// ---------------------------------------------------------------------------------------------

export interface EnvelopeDeps {
  events: EventRepository;
  logger: Logger;
  now: () => Date;
}

type Admission =
  | { verdict: "admit"; envelope: Envelope }
  | { verdict: "malformed"; problem: string }
  | { verdict: "duplicate"; eventId: string };

async function admit(deps: EnvelopeDeps, body: unknown, from: "http" | "socket"): Promise<Admission> {
  const check = checkEnvelope(body, from);
  if (!check.ok) return { verdict: "malformed", problem: check.problem };
  // NOTE: the id is recorded before the event is handled, so an event whose handling dies with
  // the process is not handled again: at most once, which suits App Home and membership updates.
  const { envelope } = check;
  if (envelope.kind === "event" && !(await deps.events.firstDelivery(envelope.eventId, deps.now())))
    return { verdict: "duplicate", eventId: envelope.eventId };
  return { verdict: "admit", envelope };
}

export function envelopeDeps(services: Services): EnvelopeDeps {
  return { events: eventRepository(services.db), logger: services.logger, now: services.now };
}

// ---------------------------------------------------------------------------------------------
// HTTP: in front of Bolt's HTTPReceiver
// ---------------------------------------------------------------------------------------------

type Screened =
  | { status: "pass"; request: BufferedIncomingMessage; body: StringIndexed }
  | { status: 200 | 400 | 401 | 413; reason: string; problem?: string; eventId?: string; retryNum?: number };

// NOTE: Slack's signature, checked by Bolt's rules (verifySlackRequest: a `v0=` HMAC-SHA256 of
// `v0:{timestamp}:{body}`, no older than five minutes) with one HMAC and a constant-time compare:
// Bolt's own check costs three HMACs and 32 random bytes, so the receiver built here skips it.
const MAX_AGE_SEC = 5 * 60;

/** The signing secret as a key, made once: an HMAC keyed by a ready key object starts a third faster. */
function signingKey(signingSecret: string | undefined): KeyObject | null {
  return signingSecret ? createSecretKey(Buffer.from(signingSecret, "utf8")) : null;
}

function signedBySlack(
  req: IncomingMessage,
  body: string,
  signingKey: KeyObject | null,
  nowMs: number,
): boolean {
  const signature = req.headers["x-slack-signature"];
  const stamp = req.headers["x-slack-request-timestamp"];
  if (!signingKey || typeof signature !== "string" || typeof stamp !== "string") return false;
  const timestamp = Number(stamp);
  if (Number.isNaN(timestamp) || timestamp < Math.floor(nowMs / 1000) - MAX_AGE_SEC) return false;
  const [version, hash] = signature.split("=");
  if (version !== "v0" || !hash) return false;
  const ours = createHmac("sha256", signingKey).update(`v0:${timestamp}:${body}`).digest();
  const theirs = Buffer.from(hash, "utf8");
  // Bolt compares the hex strings; ours as hex text is the same comparison, in constant time.
  const expected = Buffer.from(ours.toString("hex"), "utf8");
  return theirs.length === expected.length && timingSafeEqual(theirs, expected);
}

/**
 * The request's body, parsed once, as Bolt will parse it (parseHTTPRequestBody); null when it is no
 * JSON. A form with `ssl_check=1` is Slack's unsigned check and is read as that alone, as Bolt does.
 */
function parsedBody(req: IncomingMessage, text: string): { body: unknown; sslCheck: boolean } | null {
  try {
    if (req.headers["content-type"] === "application/x-www-form-urlencoded") {
      const form = parse(text);
      if (form.ssl_check === "1") return { body: { ssl_check: "1" }, sslCheck: true };
      return { body: typeof form.payload === "string" ? JSON.parse(form.payload) : form, sslCheck: false };
    }
    return { body: JSON.parse(text), sslCheck: false };
  } catch {
    return null;
  }
}

async function screen(
  deps: EnvelopeDeps,
  signingKey: KeyObject | null,
  nowMs: () => number,
  req: IncomingMessage,
): Promise<Screened> {
  let buffered: BufferedIncomingMessage;
  try {
    buffered = await HTTPModuleFunctions.bufferIncomingMessage(req, defaultBodyLimit);
  } catch (error) {
    if (isRawBodyError(error) && error.statusCode === 413) return { status: 413, reason: "body too large" };
    return { status: 400, reason: "body unreadable" };
  }
  const text = buffered.rawBody.toString();
  const parsed = parsedBody(req, text);
  const now = nowMs();
  if (!parsed?.sslCheck && !signedBySlack(req, text, signingKey, now))
    return { status: 401, reason: "signature or timestamp refused" };
  const stamped = Number(req.headers["x-slack-request-timestamp"]);
  if (stamped > Math.floor(now / 1000) + MAX_CLOCK_SKEW_SEC)
    return { status: 401, reason: "timestamp in the future" };
  if (!parsed) return { status: 400, reason: "body not parseable" };
  const admission = await admit(deps, parsed.body, "http");
  if (admission.verdict === "malformed")
    return { status: 400, reason: "malformed envelope", problem: admission.problem };
  if (admission.verdict === "duplicate")
    return {
      status: 200,
      reason: "event already taken in",
      eventId: admission.eventId,
      retryNum: HTTPModuleFunctions.extractRetryNumFromHTTPRequest(req),
    };
  return { status: "pass", request: buffered, body: parsed.body as StringIndexed };
}

/** The request's path, or null when its target is no URL (Node passes "http://[::1" through). */
function pathOf(req: IncomingMessage): string | null {
  // Slack always asks for the path itself: no URL to parse.
  if (req.url === SLACK_EVENTS_PATH) return SLACK_EVENTS_PATH;
  try {
    return new URL(req.url ?? "/", "http://localhost").pathname;
  } catch {
    return null;
  }
}

/** How long a turn of the event loop starts requests from Slack before it lets Node accept and read others. */
const TURN_BUDGET_MS = 1;

/** HTTPReceiver's options that the screened receiver does not take: it answers Slack's requests as their defaults do. */
type HandledHere =
  | "endpoints"
  | "signatureVerification"
  | "processBeforeResponse"
  | "customPropertiesExtractor"
  | "processEventErrorHandler"
  | "unhandledRequestHandler"
  | "unhandledRequestTimeoutMillis";

/**
 * Bolt's HTTPReceiver with the envelope check in front of it, serving Slack on SLACK_EVENTS_PATH.
 *
 * NOTE: why wrap the request listener rather than use the receiver's options. Bolt parses the body
 * and reads `body.ssl_check` inside a detached async closure, so a signed body `null` is an
 * unhandled rejection that ends the process; none of `dispatchErrorHandler` (synchronous routing
 * only), `processEventErrorHandler` (wraps `app.processEvent` only), `customPropertiesExtractor`
 * (runs after the crash) or `unhandledRequestHandler` (missing acks) is reached first. The request
 * listener is a public property that the receiver's server calls for every request; other paths
 * (`/healthz`, the OAuth install pages) go to Bolt's as they came.
 *
 * NOTE: a request from Slack that passes the screen goes to the app the way Bolt's receiver would
 * send it (handleIncomingEvent), through the parts Bolt exports for custom receivers (HTTPResponseAck,
 * HTTPModuleFunctions), with the body parsed and checked here: Bolt's receiver would read and parse
 * the same bytes again (with its async steps, 5–15 % of a quick log's CPU in alternated runs). Bolt's
 * own signature check is not needed either: every request Bolt would take from Slack (a POST whose
 * path is one of its endpoints, routed as Bolt routes it) has passed `signedBySlack` here first. The
 * receiver is built here, not passed in, so it never exists without this screen.
 */
export function screenedHttpReceiver(
  options: Omit<HTTPReceiverOptions, HandledHere | "logger"> & { logger: BoltLogger },
  deps: EnvelopeDeps,
  // The machine's clock, as Bolt's own staleness check uses; not the app's (tests move that one).
  nowMs: () => number = Date.now,
): HTTPReceiver {
  const key = signingKey(options.signingSecret);
  const receiver = new ScreenedReceiver({
    ...options,
    endpoints: [SLACK_EVENTS_PATH],
    signatureVerification: false,
  });
  const { logger } = options;
  const bolt = receiver.requestListener;
  const turns = new TurnBudget(TURN_BUDGET_MS);
  const connections = new WeakSet<object>();
  receiver.requestListener = (req: IncomingMessage, res: ServerResponse) => {
    const path = pathOf(req);
    // Bolt parses the target the same way and answers 500 when it throws.
    if (path === null) {
      HTTPModuleFunctions.buildNoBodyResponse(res, 400);
      return;
    }
    // Bolt upper-cases the method before it compares: so does the screen, or a request Bolt would
    // take from Slack could pass unscreened.
    if (req.method?.toUpperCase() !== "POST" || path !== SLACK_EVENTS_PATH) {
      bolt(req, res);
      return;
    }
    // The first request of a connection: more may be waiting to be accepted (see TurnBudget).
    const newConnection = !connections.has(req.socket);
    if (newConnection) connections.add(req.socket);
    turns.run(() => {
      screen(deps, key, nowMs, req)
        .then((screened) => {
          if (screened.status === "pass") return dispatch(receiver.givenApp(), logger, screened, res);
          const { status, ...fields } = screened;
          deps.logger.warn({ status, ...fields }, "refused a request from Slack before Bolt saw it");
          HTTPModuleFunctions.buildNoBodyResponse(res, status);
        })
        .catch((error: unknown) => {
          // The database failing on the event record: Slack will retry, and then we take it in.
          deps.logger.error({ err: error }, "could not check a request from Slack");
          if (!res.headersSent) HTTPModuleFunctions.buildNoBodyResponse(res, 500);
        });
    }, newConnection);
  };
  return receiver;
}

/** An HTTPReceiver that keeps the app it was given, for requests the screen hands to the app itself. */
class ScreenedReceiver extends HTTPReceiver {
  private bolt: App | undefined;

  override init(app: App): void {
    super.init(app);
    this.bolt = app;
  }

  givenApp(): App {
    if (!this.bolt) throw new Error("a request came before the receiver was given its app");
    return this.bolt;
  }
}

/**
 * What Bolt's HTTPReceiver does with a request from Slack once it has read and parsed it, with its
 * default options: Slack's SSL check and URL verification answered, anything else handed to the app
 * with an ack that answers the HTTP request (or, if nothing acks, answers after Bolt's timeout).
 */
async function dispatch(
  app: App,
  logger: BoltLogger,
  { request, body }: { request: BufferedIncomingMessage; body: StringIndexed },
  response: ServerResponse,
): Promise<void> {
  if (body.ssl_check === "1") {
    HTTPModuleFunctions.buildSSLCheckResponse(response);
    return;
  }
  if (body.type === "url_verification") {
    HTTPModuleFunctions.buildUrlVerificationResponse(response, body);
    return;
  }
  const ack = new HTTPResponseAck({
    logger,
    processBeforeResponse: false,
    httpRequest: request,
    httpRequestBody: body,
    httpResponse: response,
  });
  try {
    await app.processEvent({
      body,
      ack: ack.bind(),
      retryNum: HTTPModuleFunctions.extractRetryNumFromHTTPRequest(request),
      retryReason: HTTPModuleFunctions.extractRetryReasonFromHTTPRequest(request),
      customProperties: {},
    });
  } catch (error) {
    const acknowledged = await HTTPModuleFunctions.defaultProcessEventErrorHandler({
      error: error as Error,
      logger,
      request,
      response,
      storedResponse: ack.storedResponse,
    });
    if (acknowledged) ack.ack();
  }
}

// ---------------------------------------------------------------------------------------------
// Socket Mode: the same admission, in front of the app
// ---------------------------------------------------------------------------------------------

/**
 * Socket Mode hands envelopes straight to `app.processEvent`, so the admission goes in front of
 * it. A refused envelope is acked empty: over a socket there is no status to answer with, and an
 * ack stops Slack from sending it again.
 */
export function screenSocketModeEvents(app: App, deps: EnvelopeDeps): void {
  const processEvent = app.processEvent.bind(app);
  app.processEvent = async (event: ReceiverEvent) => {
    const admission = await admit(deps, event.body, "socket");
    if (admission.verdict === "admit") return processEvent(event);
    deps.logger.warn(
      { ...admission, retryNum: event.retryNum },
      "refused a Socket Mode envelope before Bolt saw it",
    );
    await event.ack();
  };
}
