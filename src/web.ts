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

/** Slack's error code or the error's message; never a request body. */
export function describeSlackError(error: unknown): string {
  const e = error as { data?: { error?: string }; code?: string; message?: string };
  return e.data?.error ?? e.message ?? e.code ?? String(error);
}
