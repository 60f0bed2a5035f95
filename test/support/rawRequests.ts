// Correctly signed requests carrying bytes Slack would never send, and the row count of every table,
// for tests that show a bad request changes nothing.
import type { Db } from "../../src/db/client.ts";
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

/** Rows in every table of the app's database, by table name. */
export function rowCounts(db: Db): Record<string, number> {
  const tables = db.sql
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .all() as Array<{ name: string }>;
  return Object.fromEntries(
    tables.map(({ name }) => [
      name,
      (db.sql.prepare(`SELECT count(*) AS n FROM "${name}"`).get() as { n: number }).n,
    ]),
  );
}
