// Builders for the requests Slack sends the app (slash commands, interactions, events), with realistic defaults.
import { randomUUID } from "node:crypto";

const TEAM = { id: "T1", domain: "example" };
const APP_ID = "A1";
// Slack's legacy verification token; Bolt ignores it but Slack still sends it.
const VERIFICATION_TOKEN = "verification-token";

let sequence = 0;
function next(): number {
  sequence += 1;
  return sequence;
}

function triggerId(): string {
  return `${next()}.1.${randomUUID().replaceAll("-", "")}`;
}

/** A Slack-style timestamp string ("seconds.micros") for now. */
function slackTs(): string {
  const micros = Date.now() * 1000 + (next() % 1000);
  return `${Math.floor(micros / 1e6)}.${String(micros % 1e6).padStart(6, "0")}`;
}

function user(userId: string) {
  return { id: userId, username: userId.toLowerCase(), name: userId.toLowerCase(), team_id: TEAM.id };
}

function team() {
  return { id: TEAM.id, domain: TEAM.domain };
}

export function slashCommand(o: {
  command: string;
  text: string;
  userId?: string;
  channelId?: string;
  channelName?: string;
  responseUrl: string;
  triggerId?: string;
}): Record<string, string> {
  const userId = o.userId ?? "U1";
  const channelId = o.channelId ?? "C1";
  return {
    token: VERIFICATION_TOKEN,
    team_id: TEAM.id,
    team_domain: TEAM.domain,
    channel_id: channelId,
    channel_name:
      o.channelName ?? (channelId.startsWith("D") ? "directmessage" : `team-${channelId.toLowerCase()}`),
    user_id: userId,
    user_name: userId.toLowerCase(),
    command: o.command,
    text: o.text,
    api_app_id: APP_ID,
    is_enterprise_install: "false",
    response_url: o.responseUrl,
    trigger_id: o.triggerId ?? triggerId(),
  };
}

export function blockAction(o: {
  userId?: string;
  actionId: string;
  value?: string;
  blockId?: string;
  channelId?: string;
  messageTs?: string;
  responseUrl?: string;
  view?: Record<string, unknown>;
  triggerId?: string;
}): Record<string, unknown> {
  const userId = o.userId ?? "U1";
  const channelId = o.channelId ?? "C1";
  const action = {
    action_id: o.actionId,
    block_id: o.blockId ?? "b1",
    type: "button",
    text: { type: "plain_text", text: o.actionId },
    ...(o.value !== undefined ? { value: o.value } : {}),
    action_ts: slackTs(),
  };
  const payload: Record<string, unknown> = {
    type: "block_actions",
    token: VERIFICATION_TOKEN,
    api_app_id: APP_ID,
    team: team(),
    user: user(userId),
    trigger_id: o.triggerId ?? triggerId(),
    actions: [action],
  };
  if (o.view) {
    const viewId = typeof o.view.id === "string" ? o.view.id : "V123";
    payload.view = { id: viewId, team_id: TEAM.id, app_id: APP_ID, state: { values: {} }, ...o.view };
    payload.container = { type: "view", view_id: viewId };
  } else {
    payload.channel = { id: channelId, name: `team-${channelId.toLowerCase()}` };
    payload.container = o.messageTs
      ? { type: "message", message_ts: o.messageTs, channel_id: channelId, is_ephemeral: false }
      : { type: "message", channel_id: channelId, is_ephemeral: true };
    if (o.messageTs)
      payload.message = { type: "message", ts: o.messageTs, text: "", user: "UBOT", bot_id: "B1" };
  }
  if (o.responseUrl) payload.response_url = o.responseUrl;
  return payload;
}

export function viewSubmission(o: {
  userId?: string;
  callbackId: string;
  values: Record<string, Record<string, Record<string, unknown>>>;
  privateMetadata?: string;
  viewId?: string;
}): Record<string, unknown> {
  return {
    type: "view_submission",
    token: VERIFICATION_TOKEN,
    api_app_id: APP_ID,
    team: team(),
    user: user(o.userId ?? "U1"),
    trigger_id: triggerId(),
    view: {
      id: o.viewId ?? "V123",
      team_id: TEAM.id,
      app_id: APP_ID,
      type: "modal",
      callback_id: o.callbackId,
      private_metadata: o.privateMetadata ?? "",
      title: { type: "plain_text", text: "GoodCall" },
      blocks: [],
      state: { values: o.values },
      hash: `h${next()}`,
    },
    response_urls: [],
    is_enterprise_install: false,
  };
}

export function messageShortcut(o: {
  userId?: string;
  callbackId: string;
  channelId?: string;
  messageTs: string;
  text: string;
  messageUserId: string;
  responseUrl: string;
  triggerId?: string;
}): Record<string, unknown> {
  const channelId = o.channelId ?? "C1";
  return {
    type: "message_action",
    token: VERIFICATION_TOKEN,
    api_app_id: APP_ID,
    callback_id: o.callbackId,
    trigger_id: o.triggerId ?? triggerId(),
    action_ts: slackTs(),
    message_ts: o.messageTs,
    team: team(),
    user: user(o.userId ?? "U1"),
    channel: { id: channelId, name: `team-${channelId.toLowerCase()}` },
    message: { type: "message", user: o.messageUserId, ts: o.messageTs, text: o.text },
    response_url: o.responseUrl,
    is_enterprise_install: false,
  };
}

export function globalShortcut(o: {
  userId?: string;
  callbackId: string;
  triggerId?: string;
}): Record<string, unknown> {
  return {
    type: "shortcut",
    token: VERIFICATION_TOKEN,
    api_app_id: APP_ID,
    callback_id: o.callbackId,
    trigger_id: o.triggerId ?? triggerId(),
    action_ts: slackTs(),
    team: team(),
    user: user(o.userId ?? "U1"),
    is_enterprise_install: false,
  };
}

/** An Events API envelope around one event (app_home_opened, member_joined_channel, …). */
export function eventCallback(event: Record<string, unknown>): Record<string, unknown> {
  return {
    token: VERIFICATION_TOKEN,
    team_id: TEAM.id,
    api_app_id: APP_ID,
    type: "event_callback",
    event_id: `Ev${next()}`,
    event_time: Math.floor(Date.now() / 1000),
    event: { event_ts: slackTs(), ...event },
    authorizations: [{ team_id: TEAM.id, user_id: "UBOT", is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
  };
}

/**
 * A Workflow Builder step run: the function_executed event Slack sends when a workflow reaches the
 * app's step, for a run the fake Slack started (its execution id and the step's own token).
 */
export function functionExecuted(o: {
  execution: { id: string; callbackId: string; token: string };
  inputs: Record<string, unknown>;
}): Record<string, unknown> {
  const created = Math.floor(Date.now() / 1000) - 86_400;
  return eventCallback({
    type: "function_executed",
    function: {
      id: `Fn${next()}`,
      callback_id: o.execution.callbackId,
      title: o.execution.callbackId,
      type: "app",
      input_parameters: [],
      output_parameters: [],
      app_id: APP_ID,
      date_created: created,
      date_updated: created,
      date_deleted: 0,
    },
    inputs: o.inputs,
    function_execution_id: o.execution.id,
    workflow_execution_id: `Wx${next()}`,
    bot_access_token: o.execution.token,
  });
}

export function urlVerification(challenge: string): Record<string, unknown> {
  return { token: VERIFICATION_TOKEN, challenge, type: "url_verification" };
}

/** Interactive payloads travel as one form field, `payload`, holding the JSON. */
export function asForm(payload: unknown): { payload: string } {
  return { payload: JSON.stringify(payload) };
}
