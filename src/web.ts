// Slack Web API helpers that listeners and jobs both use: opening a DM and reading Slack's errors.
import { ErrorCode, LogLevel, WebClient } from "@slack/web-api";

export async function openDm(client: WebClient, userId: string): Promise<string> {
  const opened = await client.conversations.open({ users: userId });
  const channel = opened.channel?.id;
  if (!channel) throw new Error("conversations.open returned no channel");
  return channel;
}

/** Slack's error code (e.g. `not_in_channel`), when the failure came from Slack. */
export function slackErrorCode(error: unknown): string | undefined {
  return (error as { data?: { error?: string } }).data?.error;
}

type WebError = {
  code?: string;
  data?: { error?: string };
  statusCode?: number;
  body?: unknown;
  retryAfter?: number;
  message?: string;
};

/**
 * What went wrong, fit for a log line and the delivery row: Slack's error code, else the error's
 * code or class name. Never a message: an ORM's message quotes the query and its arguments, which
 * may be what a customer told us.
 */
export function describeSlackError(error: unknown): string {
  const e = (error ?? {}) as WebError;
  if (e.code === ErrorCode.HTTPError) {
    // Slack's 5xx pages sometimes carry its JSON error; the status alone is the fallback.
    const body = e.body as { error?: unknown } | undefined;
    return typeof body?.error === "string" ? body.error : `http_${e.statusCode ?? "error"}`;
  }
  if (e.code === ErrorCode.RateLimitedError) return "ratelimited";
  if (e.code === ErrorCode.RequestError) return "no_answer";
  if (e?.data?.error) return e.data.error;
  if (typeof e?.code === "string" && e.code !== "") return e.code;
  const name = (error as { name?: unknown } | null)?.name;
  return typeof name === "string" && name !== "" ? name : "unknown_error";
}

/** Platform errors Slack documents as temporary on its side: worth another try soon. */
const TEMPORARY = new Set(["internal_error", "fatal_error", "service_unavailable", "request_timeout"]);

/**
 * Whether a failed call may succeed if tried again soon, and how long Slack asked us to wait
 * (429 Retry-After); null for an answer that another try would only repeat (channel_not_found …).
 */
export function retryAdvice(error: unknown): { waitMs: number } | null {
  const e = error as WebError;
  if (e.code === ErrorCode.RateLimitedError) return { waitMs: (e.retryAfter ?? 1) * 1000 };
  if (e.code === ErrorCode.HTTPError || e.code === ErrorCode.RequestError) return { waitMs: 0 };
  const code = slackErrorCode(error);
  return code && TEMPORARY.has(code) ? { waitMs: 0 } : null;
}

/**
 * Whether a post that failed this way may still have reached the channel: Slack may have posted it
 * and then failed to answer (a timeout, a dropped connection, a 5xx).
 */
export function mayHaveArrived(error: unknown): boolean {
  const code = (error as WebError).code;
  return code === ErrorCode.HTTPError || code === ErrorCode.RequestError;
}

const onceClients = new WeakMap<WebClient, Map<number, WebClient>>();

/**
 * The same workspace's client, making each request exactly once within `timeoutMs`: the outbox
 * retries by itself, checking between tries that its claim is still its own. (The client's own
 * retries last about 30 minutes, far beyond a claim's lease, and cannot be stopped from outside.)
 */
export function singleTryClient(client: WebClient, timeoutMs: number): WebClient {
  const byTimeout = onceClients.get(client) ?? new Map<number, WebClient>();
  onceClients.set(client, byTimeout);
  const known = byTimeout.get(timeoutMs);
  if (known) return known;
  const made = new WebClient(client.token, {
    slackApiUrl: client.slackApiUrl,
    retryConfig: { retries: 0 },
    timeout: timeoutMs,
    // A 429 comes back to the outbox with its Retry-After instead of pausing the client's queue.
    rejectRateLimitedCalls: true,
    // Failures are logged once, with the delivery they belong to, by the outbox.
    logLevel: LogLevel.ERROR,
  });
  byTimeout.set(timeoutMs, made);
  return made;
}
