// Correctly signed requests carrying bytes Slack would never send, and the row count of every table,
// for tests that show a bad request changes nothing.
import { SIGNING_SECRET } from "./harness.ts";
import { signRequest } from "./signing.ts";

export const FORM = "application/x-www-form-urlencoded";
export const JSON_TYPE = "application/json";

export interface RawRequest {
  raw: string;
  contentType: string;
  headers?: Record<string, string>;
  timestampSec?: number;
}

export async function postSigned(
  baseUrl: string,
  request: RawRequest,
): Promise<{ status: number; body: string }> {
  const response = await fetch(`${baseUrl}/slack/events`, {
    method: "POST",
    headers: {
      "content-type": request.contentType,
      ...signRequest(request.raw, SIGNING_SECRET, request.timestampSec),
      ...request.headers,
    },
    body: request.raw,
  });
  return { status: response.status, body: await response.text() };
}

export { rowCounts } from "./tables.ts";
