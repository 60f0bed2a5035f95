// Signs and sends requests to the app exactly as Slack does, so tests exercise Bolt's real signature check.
import { createHmac } from "node:crypto";

/** Slack's request signature: `v0=` + HMAC-SHA256 of `v0:{timestamp}:{raw body}` with the signing secret. */
export function signRequest(
  body: string,
  secret: string,
  timestampSec = Math.floor(Date.now() / 1000),
): Record<string, string> {
  const signature = createHmac("sha256", secret).update(`v0:${timestampSec}:${body}`).digest("hex");
  return { "x-slack-request-timestamp": String(timestampSec), "x-slack-signature": `v0=${signature}` };
}

export async function postToSlackApp(
  baseUrl: string,
  body: { form?: Record<string, string>; json?: unknown },
  secret: string,
  opts: { timestampSec?: number; signature?: string } = {},
): Promise<{ status: number; body: string; elapsedMs: number }> {
  // NOTE: the bare content type, no charset: Bolt answers 400 to "…; charset=utf-8", and Slack never sends it.
  const [raw, contentType] =
    body.form !== undefined
      ? [new URLSearchParams(body.form).toString(), "application/x-www-form-urlencoded"]
      : [JSON.stringify(body.json), "application/json"];
  const headers: Record<string, string> = {
    "content-type": contentType,
    ...signRequest(raw, secret, opts.timestampSec),
  };
  if (opts.signature !== undefined) headers["x-slack-signature"] = opts.signature;
  const started = performance.now();
  const response = await fetch(`${baseUrl.replace(/\/$/, "")}/slack/events`, {
    method: "POST",
    headers,
    body: raw,
  });
  const text = await response.text();
  return { status: response.status, body: text, elapsedMs: performance.now() - started };
}
