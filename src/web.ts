// Slack Web API helpers that listeners and jobs both use: opening a DM and reading Slack's errors.
import type { WebClient } from "@slack/web-api";

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

/**
 * What went wrong, fit for a log line and the delivery row: Slack's error code, else the error's
 * code or class name. Never a message: an ORM's message quotes the query and its arguments, which
 * may be what a customer told us.
 */
export function describeSlackError(error: unknown): string {
  const e = error as { data?: { error?: string }; code?: unknown; name?: unknown };
  if (e?.data?.error) return e.data.error;
  if (typeof e?.code === "string" && e.code !== "") return e.code;
  if (typeof e?.name === "string" && e.name !== "") return e.name;
  return "unknown_error";
}
