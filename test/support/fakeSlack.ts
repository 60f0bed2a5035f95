// A stateful fake of Slack's Web API on 127.0.0.1: the real WebClient talks HTTP to it, and unexpected calls are problems.
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { parse as parseYaml } from "yaml";
import { checkMessage, checkView } from "./blockKit.ts";
import { renderTranscript, type TranscriptOptions } from "./transcript.ts";

export type { TranscriptOptions } from "./transcript.ts";

export interface SlackCall {
  method: string;
  args: Record<string, unknown>;
  at: number;
  /** The bearer token the call carried (header, or the `token` form field), if any. */
  token?: string;
  /** The HTTP status the fake answered with, and Slack's `error` when it answered ok:false. */
  status: number;
  error?: string;
  /** For response_url calls: the id given to responseUrl(id). */
  id?: string;
  /** Who a response_url or trigger_id was minted for (responseUrl(id, to), triggerId(user)), for the transcript. */
  to?: { user?: string; channel?: string };
}

export type Failure =
  | { status: 429; retryAfter: number }
  | { status: 500 | 503 }
  | { error: string }
  | { delayMs: number }
  /** Slack does the work (the message is posted) and then answers only after this long: a lost answer. */
  | { answerAfterMs: number };

/** A sliding window: at most `posts` successful posts within any `windowMs`. */
export interface PostWindow {
  posts: number;
  windowMs: number;
}

/**
 * Slack's limits on chat.postMessage: about one post per second to a channel, and a workspace-wide
 * limit of several hundred a minute (docs.slack.dev, "Rate limits": the Special tier). Over either,
 * Slack answers 429 with Retry-After in whole seconds. Tests shrink the windows to stay fast.
 */
export interface PostLimits {
  /** Posts to one channel or DM. */
  perChannel?: PostWindow;
  /** Posts to the whole workspace of the token (an OAuth install's own, else the fake's workspace). */
  perWorkspace?: PostWindow;
}

/**
 * Slack's limits read strictly: no bursts, and "several hundred a minute" at its lowest, so that an app
 * that keeps to these keeps to Slack's.
 */
export const SLACK_POST_LIMITS: Readonly<Required<PostLimits>> = {
  perChannel: { posts: 1, windowMs: 1_000 },
  perWorkspace: { posts: 300, windowMs: 60_000 },
};

export interface FakeUser {
  id: string;
  name?: string;
  locale?: string;
  deleted?: boolean;
  tz?: string;
}

export interface Upload {
  fileId: string;
  filename: string;
  /** The file as text; `bytes` as sent, for files that are not text (a chart's PNG). */
  content: string;
  bytes: Buffer;
  /** The image described for screen readers (files.getUploadURLExternal's alt_text). */
  altText?: string;
  channel?: string;
  title?: string;
  initialComment?: string;
}

/** A message as it currently stands in a channel, after chat.update / chat.delete. */
export interface StoredMessage {
  channel: string;
  ts: string;
  text?: string;
  blocks?: unknown[];
  threadTs?: string;
  metadata?: unknown;
}

/** A workspace installing the app through the OAuth flow (see FakeSlack.authorizeCode). */
export interface FakeInstall {
  teamId?: string;
  teamName?: string;
  enterpriseId?: string;
  /** An org-wide install on Enterprise Grid: Slack names no team. */
  isEnterpriseInstall?: boolean;
  installerId?: string;
  /**
   * Token rotation: the installed bot token expires after this many seconds and comes with a
   * refresh token; refreshed tokens last 12 hours, as Slack's do.
   */
  expiresIn?: number;
}

/** A bot token the fake issued through oauth.v2.access, and what it belongs to. */
export interface IssuedToken {
  token: string;
  teamId: string | null;
  enterpriseId: string | null;
  botUserId: string;
  revoked: boolean;
}

/** A Workflow Builder step run the fake started (FakeSlack.startFunction), and how the app ended it. */
export interface FunctionExecution {
  id: string;
  callbackId: string;
  /** The step's own token, as Slack sends it in function_executed (`bot_access_token`). */
  token: string;
  state: "running" | "completed" | "failed";
  outputs?: Record<string, unknown>;
  error?: string;
}

export interface FakeSlack {
  /** e.g. "http://127.0.0.1:PORT/api/" — give it to Bolt / WebClient as slackApiUrl. */
  url: string;
  /** What apps.connections.open answers; set it to a local Socket Mode server's url. */
  socketUrl: string;
  /** A response_url for the app; say who it belongs to and the transcript shows who saw the reply. */
  responseUrl(id?: string, to?: { user?: string; channel?: string }): string;
  /** A trigger_id belonging to a person, so the transcript can say whom a view was opened for. */
  triggerId(user: string): string;
  calls(method?: string): SlackCall[];
  waitFor(method: string, predicate?: (c: SlackCall) => boolean, timeoutMs?: number): Promise<SlackCall>;
  clear(): void;
  /** The next `times` calls of `method` (those `when` matches, e.g. one channel's) fail this way. */
  failNext(
    method: string,
    failure: Failure,
    times?: number,
    when?: (args: Record<string, unknown>) => boolean,
  ): void;
  setUser(user: FakeUser): void;
  setChannelMembers(channel: string, members: string[]): void;
  /** chat.postMessage answers 429 over these limits from now on (with fresh windows); null lifts them. */
  limitPosts(limits: PostLimits | null): void;
  uploads(): Upload[];
  messages(channel?: string): StoredMessage[];
  /** The App Home last published for a user, if any. */
  homeView(userId: string): Record<string, unknown> | undefined;
  /** Display names for the transcript only (users.info still answers from setUser): { U1: "Anna", C1: "support" }. */
  names(names: Record<string, string>): void;
  /** A point in the record; transcript({ since }) then reads only what was said after it. */
  mark(): number;
  /** What the app said, one readable line per message, reply or view; see test/support/transcript.ts. */
  transcript(options?: TranscriptOptions): string[];
  problems(): string[];
  /**
   * OAuth: the `code` Slack would add to the app's redirect after someone approved an install;
   * oauth.v2.access exchanges it (once) for a bot token of its own for that workspace.
   */
  authorizeCode(install: FakeInstall): string;
  /** Every bot token issued through OAuth (installs and refreshes), oldest first. */
  issuedTokens(): IssuedToken[];
  /**
   * Workflow Builder: starts a run of the app's step `callbackId` (a function in manifest.yml), with
   * the execution id and token its function_executed event carries. functions.completeSuccess or
   * completeError ends it, once; its token is revoked then, as Slack revokes it.
   */
  startFunction(callbackId: string): FunctionExecution;
  /** Every step run started, with how it ended, oldest first. */
  functionExecutions(): FunctionExecution[];
  close(): Promise<void>;
}

type Json = Record<string, unknown>;
type Reply = { status: number; body: Json; headers?: Record<string, string> };

// WebClient JSON-encodes every non-primitive argument into one form field; these are the ones Slack's methods take.
// Only these are parsed back, so a `text` that happens to start with "[" stays text.
const STRUCTURED_FIELDS = new Set([
  "attachments",
  "blocks",
  "files",
  "metadata",
  "option_groups",
  "options",
  "unfurls",
  "user_auth_blocks",
  "view",
]);

const MESSAGE_METHODS = new Set(["chat.postMessage", "chat.postEphemeral", "chat.update", "response_url"]);

function isRecord(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function ok(body: Json = {}): Reply {
  return { status: 200, body: { ok: true, ...body } };
}

function slackError(error: string): Reply {
  return { status: 200, body: { ok: false, error } };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks);
}

function parseArgs(contentType: string, raw: Buffer): Json {
  const text = raw.toString("utf8");
  if (contentType.startsWith("application/json")) {
    const parsed: unknown = text ? JSON.parse(text) : {};
    return isRecord(parsed) ? parsed : { body: parsed };
  }
  const args: Json = {};
  for (const [key, value] of new URLSearchParams(text)) {
    args[key] = STRUCTURED_FIELDS.has(key) ? tryJson(value) : value;
  }
  return args;
}

function tryJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** The uploaded file: WebClient sends it as multipart form-data (field "body"); other clients may send it raw. */
async function readUpload(contentType: string, raw: Buffer): Promise<Buffer> {
  if (!contentType.startsWith("multipart/form-data")) return raw;
  const form = await new Response(raw, { headers: { "content-type": contentType } }).formData();
  for (const [, value] of form)
    return typeof value === "string" ? Buffer.from(value) : Buffer.from(await value.arrayBuffer());
  return Buffer.alloc(0);
}

function formatTs(micros: number): string {
  return `${Math.floor(micros / 1e6)}.${String(micros % 1e6).padStart(6, "0")}`;
}

export async function startFakeSlack(
  options: {
    botUserId?: string;
    teamId?: string;
    /** The app's OAuth credentials, which oauth.v2.access insists on. */
    oauth?: { clientId: string; clientSecret: string };
  } = {},
): Promise<FakeSlack> {
  const botUserId = options.botUserId ?? "UBOT";
  const teamId = options.teamId ?? "T1";
  const botId = "B1";

  // OAuth: codes waiting to be exchanged, and the bot tokens and refresh tokens handed out.
  const codes = new Map<string, FakeInstall>();
  const issued = new Map<string, IssuedToken>();
  const refreshTokens = new Map<string, { install: FakeInstall }>();
  let codeCounter = 0;
  let tokenCounter = 0;
  /** Bot user ids per workspace (or org), so each install's bot is its own user. */
  const botUserOf = (install: FakeInstall) =>
    `UBOT${install.isEnterpriseInstall ? install.enterpriseId : install.teamId}`;
  const issue = (install: FakeInstall): Json => {
    tokenCounter += 1;
    const owner = install.isEnterpriseInstall ? install.enterpriseId : install.teamId;
    // Slack's rotating bot tokens start with xoxe.xoxb-; the others with xoxb-.
    const token = `${install.expiresIn !== undefined ? "xoxe." : ""}xoxb-${owner}-${tokenCounter}`;
    issued.set(token, {
      token,
      teamId: install.isEnterpriseInstall ? null : (install.teamId ?? null),
      enterpriseId: install.enterpriseId ?? null,
      botUserId: botUserOf(install),
      revoked: false,
    });
    if (install.expiresIn === undefined) return { access_token: token };
    const refresh = `xoxe-1-${owner}-${tokenCounter}`;
    refreshTokens.set(refresh, { install });
    return { access_token: token, refresh_token: refresh, expires_in: install.expiresIn };
  };
  const oauthAccess = (args: Json): Reply => {
    const credentials = options.oauth;
    if (
      !credentials ||
      args.client_id !== credentials.clientId ||
      args.client_secret !== credentials.clientSecret
    ) {
      problemList.push("oauth.v2.access: wrong or missing client_id / client_secret");
      return slackError("invalid_client_id");
    }
    if (args.grant_type === "refresh_token") {
      const known = refreshTokens.get(str(args.refresh_token) ?? "");
      if (!known) return slackError("invalid_refresh_token");
      // Slack hands out a new refresh token with every refresh; the app must store the pair.
      return ok({ token_type: "bot", ...issue({ ...known.install, expiresIn: 12 * 3600 }) });
    }
    const install = codes.get(str(args.code) ?? "");
    if (!install) return slackError("invalid_code");
    codes.delete(str(args.code) ?? "");
    return ok({
      app_id: "A1",
      authed_user: { id: install.installerId ?? "U1" },
      scope: "channels:history,channels:read,chat:write,commands",
      token_type: "bot",
      bot_user_id: botUserOf(install),
      team: install.isEnterpriseInstall
        ? null
        : { id: install.teamId, name: install.teamName ?? install.teamId },
      enterprise: install.enterpriseId ? { id: install.enterpriseId, name: install.enterpriseId } : null,
      is_enterprise_install: install.isEnterpriseInstall === true,
      ...issue(install),
    });
  };

  let recorded: SlackCall[] = [];
  let problemList: string[] = [];
  let waiters: { method: string; predicate: (c: SlackCall) => boolean; resolve: (c: SlackCall) => void }[] =
    [];
  const failures = new Map<
    string,
    { failure: Failure; remaining: number; when: (args: Json) => boolean }[]
  >();
  const users = new Map<string, FakeUser>([[botUserId, { id: botUserId, name: "goodcall" }]]);
  const channelMembers = new Map<string, string[]>();
  const uploadList: Upload[] = [];
  const uploadNames = new Map<string, string>();
  const uploadAltTexts = new Map<string, string>();
  const messageList: StoredMessage[] = [];
  const homes = new Map<string, Json>();
  const usedTriggers = new Set<string>();
  const triggerOwners = new Map<string, string>();
  const displayNames = new Map<string, string>();
  let triggerCounter = 0;
  /** Times of the posts still inside their window, per channel ("workspace channel") and per workspace. */
  const recentPosts = new Map<string, number[]>();
  let postLimits: PostLimits | null = null;
  let tsMicros = 1_700_000_000_000_000;
  let viewCounter = 122;
  let fileCounter = 0;

  const nextTs = (): string => {
    tsMicros += 100;
    return formatTs(tsMicros);
  };
  const nextViewId = (): string => {
    viewCounter += 1;
    return `V${viewCounter}`;
  };

  const record = (call: SlackCall): void => {
    recorded.push(call);
    for (const waiter of waiters.filter((w) => w.method === call.method && w.predicate(call))) {
      waiter.resolve(call);
    }
    waiters = waiters.filter((w) => !(w.method === call.method && w.predicate(call)));
  };

  const takeFailure = (method: string, args: Json): Failure | undefined => {
    const queue = failures.get(method);
    const index = queue?.findIndex((f) => f.when(args)) ?? -1;
    const next = queue?.[index];
    if (!queue || !next) return undefined;
    next.remaining -= 1;
    if (next.remaining <= 0) queue.splice(index, 1);
    return next.failure;
  };

  // Slack answers invalid_blocks to any message or view over its limits; the fake also records why.
  const blockProblems = (method: string, args: Json): string[] => {
    if (MESSAGE_METHODS.has(method)) return checkMessage(args, method);
    if (method.startsWith("views.")) return checkView(args.view, method);
    return [];
  };

  const storeMessage = (message: StoredMessage): void => {
    const index = messageList.findIndex((m) => m.channel === message.channel && m.ts === message.ts);
    if (index >= 0) messageList[index] = message;
    else messageList.push(message);
  };

  /**
   * How long a post must wait under the limits (0: it may go now, and is counted). Only posts that
   * went through count, as they fill the channel and the workspace.
   */
  const postWaitMs = (workspace: string, channel: string, now: number): number => {
    const windows: Array<[string, PostWindow | undefined]> = [
      [`${workspace} ${channel}`, postLimits?.perChannel],
      [workspace, postLimits?.perWorkspace],
    ];
    let waitMs = 0;
    for (const [key, window] of windows) {
      if (!window) continue;
      const recent = (recentPosts.get(key) ?? []).filter((t) => now - t < window.windowMs);
      recentPosts.set(key, recent);
      const oldest = recent[recent.length - window.posts];
      if (oldest !== undefined) waitMs = Math.max(waitMs, oldest + window.windowMs - now);
    }
    if (waitMs > 0) return waitMs;
    for (const [key, window] of windows) if (window) recentPosts.get(key)?.push(now);
    return 0;
  };
  /** The workspace a token speaks for: its OAuth install's workspace (or org), else the fake's own. */
  const workspaceOf = (token: string): string => {
    const own = issued.get(token);
    return own ? (own.teamId ?? own.enterpriseId ?? teamId) : teamId;
  };

  const useTrigger = (method: string, args: Json): Reply | undefined => {
    const trigger = str(args.trigger_id) ?? str(args.interactivity_pointer);
    if (!trigger) {
      problemList.push(`${method}: called without trigger_id`);
      return slackError("invalid_arguments");
    }
    // A trigger_id opens one view; a second use is an error in Slack, often a sign of a double handler.
    if (usedTriggers.has(trigger)) {
      problemList.push(`${method}: trigger_id ${trigger} used twice`);
      return slackError("exchanged_trigger_id");
    }
    usedTriggers.add(trigger);
    return undefined;
  };

  const viewReply = (id: string, view: unknown): Reply => {
    const echoed = isRecord(view) ? view : {};
    return ok({ view: { ...echoed, id, team_id: teamId, app_id: "A1", bot_id: botId, hash: `h${id}` } });
  };

  const methods: Record<string, (args: Json, now: number, token: string) => Reply | Promise<Reply>> = {
    "auth.test": (_args, _now, token) => {
      const own = issued.get(token);
      // A token from the OAuth flow is its own workspace's bot; any other is the default workspace's.
      if (own)
        return ok({
          url: `https://${own.teamId ?? own.enterpriseId ?? "org"}.slack.com/`.toLowerCase(),
          team: own.teamId ?? "",
          user: "goodcall",
          team_id: own.teamId ?? "",
          ...(own.enterpriseId ? { enterprise_id: own.enterpriseId } : {}),
          user_id: own.botUserId,
          bot_id: `B${own.botUserId}`,
          is_enterprise_install: own.teamId === null,
        });
      return ok({
        url: "https://example.slack.com/",
        team: "Example",
        user: "goodcall",
        team_id: teamId,
        user_id: botUserId,
        bot_id: botId,
        is_enterprise_install: false,
      });
    },
    "auth.revoke": (_args, _now, token) => {
      const own = issued.get(token);
      if (own) own.revoked = true;
      return ok({ revoked: true });
    },
    "chat.postMessage": (args, now, token) => {
      const target = str(args.channel);
      if (!target) return slackError("channel_not_found");
      if (args.text === undefined && args.blocks === undefined && args.attachments === undefined) {
        return slackError("no_text");
      }
      // Posting to a user id posts to the DM with that user, and Slack answers with the DM's id.
      const channel = /^[UW]/.test(target) ? `D${target}` : target;
      const waitMs = postWaitMs(workspaceOf(token), channel, now);
      if (waitMs > 0) {
        return {
          status: 429,
          body: { ok: false, error: "ratelimited" },
          headers: { "Retry-After": String(Math.max(1, Math.ceil(waitMs / 1000))) },
        };
      }
      const ts = nextTs();
      const threadTs = str(args.thread_ts);
      storeMessage({
        channel,
        ts,
        text: str(args.text),
        blocks: asBlocks(args.blocks),
        threadTs,
        metadata: args.metadata,
      });
      return ok({
        channel,
        ts,
        message: {
          type: "message",
          text: args.text ?? "",
          blocks: args.blocks,
          user: botUserId,
          bot_id: botId,
          ts,
          team: teamId,
        },
      });
    },
    // Newest first, like Slack; message metadata only with include_all_metadata.
    "conversations.history": (args) => {
      const channel = str(args.channel);
      if (!channel) return slackError("channel_not_found");
      const oldest = Number(str(args.oldest) ?? "0");
      const withMetadata = str(args.include_all_metadata) === "true" || args.include_all_metadata === true;
      const found = messageList
        .filter((m) => m.channel === channel && Number(m.ts) >= oldest)
        .sort((a, b) => Number(b.ts) - Number(a.ts))
        .slice(0, Number(str(args.limit) ?? "100"))
        .map((m) => ({
          type: "message",
          ts: m.ts,
          text: m.text ?? "",
          bot_id: botId,
          user: botUserId,
          ...(withMetadata && m.metadata ? { metadata: m.metadata } : {}),
        }));
      return ok({ messages: found, has_more: false });
    },
    "chat.postEphemeral": (args) => {
      if (!str(args.channel)) return slackError("channel_not_found");
      if (!str(args.user)) return slackError("user_not_found");
      if (args.text === undefined && args.blocks === undefined && args.attachments === undefined) {
        return slackError("no_text");
      }
      return ok({ message_ts: nextTs() });
    },
    "chat.update": (args) => {
      const channel = str(args.channel);
      const ts = str(args.ts);
      if (!channel || !ts) return slackError("invalid_arguments");
      // Lenient on purpose: tests often hand the app a message ts the fake never posted.
      const previous = messageList.find((m) => m.channel === channel && m.ts === ts);
      storeMessage({ ...previous, channel, ts, text: str(args.text), blocks: asBlocks(args.blocks) });
      return ok({ channel, ts, text: args.text ?? "" });
    },
    "chat.delete": (args) => {
      const index = messageList.findIndex((m) => m.channel === args.channel && m.ts === args.ts);
      if (index >= 0) messageList.splice(index, 1);
      return ok({ channel: args.channel, ts: args.ts });
    },
    "chat.getPermalink": (args) => {
      const channel = str(args.channel);
      const ts = str(args.message_ts);
      if (!channel || !ts) return slackError("invalid_arguments");
      return ok({
        channel,
        permalink: `https://example.slack.com/archives/${channel}/p${ts.replace(".", "")}`,
      });
    },
    "views.open": (args) => useTrigger("views.open", args) ?? viewReply(nextViewId(), args.view),
    "views.push": (args) => useTrigger("views.push", args) ?? viewReply(nextViewId(), args.view),
    "views.update": (args) => {
      const id = str(args.view_id) ?? str(args.external_id);
      if (!id) return slackError("invalid_arguments");
      return viewReply(id, args.view);
    },
    "views.publish": (args) => {
      const userId = str(args.user_id);
      if (!userId) return slackError("invalid_arguments");
      if (isRecord(args.view)) homes.set(userId, args.view);
      return viewReply(`VHOME${userId}`, args.view);
    },
    "conversations.open": (args) => {
      const first = (str(args.users) ?? "").split(",")[0];
      if (!first) return slackError("users_list_not_supplied");
      return ok({ channel: { id: `D${first}` } });
    },
    "conversations.info": (args) => {
      const id = str(args.channel);
      if (!id) return slackError("channel_not_found");
      return ok({ channel: { id, name: `team-${id.toLowerCase()}`, is_channel: true, is_member: true } });
    },
    "conversations.members": (args) =>
      ok({
        members: channelMembers.get(str(args.channel) ?? "") ?? [],
        response_metadata: { next_cursor: "" },
      }),
    "users.info": (args) => {
      const user = users.get(str(args.user) ?? "");
      if (!user) return slackError("user_not_found");
      const name = user.name ?? user.id.toLowerCase();
      return ok({
        user: {
          id: user.id,
          team_id: teamId,
          name,
          real_name: name,
          deleted: user.deleted ?? false,
          is_bot: user.id === botUserId,
          tz: user.tz ?? "Europe/Helsinki",
          // Like Slack, the locale is only returned when asked for.
          ...(String(args.include_locale) === "true" ? { locale: user.locale ?? "en-US" } : {}),
          profile: { real_name: name, display_name: name },
        },
      });
    },
    "files.getUploadURLExternal": (args) => {
      fileCounter += 1;
      const fileId = `F${fileCounter}`;
      uploadNames.set(fileId, str(args.filename) ?? "file");
      const altText = str(args.alt_text);
      if (altText !== undefined) uploadAltTexts.set(fileId, altText);
      return ok({ upload_url: `${base}upload/${fileId}`, file_id: fileId });
    },
    "files.completeUploadExternal": (args) => {
      const files = Array.isArray(args.files) ? args.files.filter(isRecord) : [];
      for (const file of files) {
        const upload = uploadList.find((u) => u.fileId === file.id);
        if (!upload) {
          problemList.push(`files.completeUploadExternal: file ${String(file.id)} was never uploaded`);
          return slackError("file_not_found");
        }
        upload.channel = str(args.channel_id);
        upload.title = str(file.title);
        upload.initialComment = str(args.initial_comment);
      }
      return ok({ files: files.map((f) => ({ id: f.id, title: f.title })) });
    },
    "apps.connections.open": () => ok({ url: fake.socketUrl }),
    "reactions.add": () => ok(),
  };

  // Workflow Builder steps: runs the fake started, each ended once, with outputs as manifest.yml declares.
  const executions = new Map<string, FunctionExecution>();
  const declaredFunctions = (): Record<string, { output_parameters?: Record<string, FunctionParameter> }> =>
    (parseYaml(readFileSync(new URL("../../manifest.yml", import.meta.url), "utf8")) as Json)
      .functions as Record<string, { output_parameters?: Record<string, FunctionParameter> }>;
  const endFunction = (method: string, args: Json, ending: Partial<FunctionExecution>): Reply => {
    const execution = executions.get(str(args.function_execution_id) ?? "");
    if (!execution) {
      problemList.push(
        `${method}: function_execution_id ${String(args.function_execution_id)} was never issued`,
      );
      return slackError("function_execution_not_found");
    }
    if (execution.state !== "running") {
      problemList.push(`${method}: step run ${execution.id} was already ${execution.state}`);
      return slackError("execution_not_in_running_state");
    }
    Object.assign(execution, ending);
    return ok();
  };
  methods["functions.completeSuccess"] = (args) => {
    const outputs = isRecord(args.outputs) ? args.outputs : tryJson(str(args.outputs) ?? "");
    const execution = executions.get(str(args.function_execution_id) ?? "");
    const declared = execution ? (declaredFunctions()[execution.callbackId]?.output_parameters ?? {}) : {};
    const wrong = outputProblems(isRecord(outputs) ? outputs : {}, declared);
    if (!isRecord(outputs) || wrong.length > 0) {
      problemList.push(`functions.completeSuccess: outputs ${JSON.stringify(outputs)}: ${wrong.join("; ")}`);
      return slackError("parameter_validation_failed");
    }
    return endFunction("functions.completeSuccess", args, { state: "completed", outputs });
  };
  methods["functions.completeError"] = (args) => {
    const error = str(args.error);
    if (!error) return slackError("invalid_arguments");
    return endFunction("functions.completeError", args, { state: "failed", error });
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const now = Date.now();
    const path = new URL(req.url ?? "/", "http://fake").pathname;
    const contentType = req.headers["content-type"] ?? "";
    const raw = await readBody(req);
    const send = (reply: Reply): void => {
      res.writeHead(reply.status, { "content-type": "application/json", ...reply.headers });
      res.end(JSON.stringify(reply.body));
    };

    const upload = /^\/upload\/(\w+)$/.exec(path);
    if (upload?.[1]) {
      const fileId = upload[1];
      const bytes = await readUpload(contentType, raw);
      const altText = uploadAltTexts.get(fileId);
      uploadList.push({
        fileId,
        filename: uploadNames.get(fileId) ?? "file",
        content: bytes.toString("utf8"),
        bytes,
        ...(altText !== undefined ? { altText } : {}),
      });
      res.writeHead(200, { "content-type": "text/plain" });
      res.end(`OK - ${raw.length}`);
      return;
    }

    const apiMatch = /^\/api\/([\w.]+)$/.exec(path);
    const responseMatch = /^\/response\/([^/]+)$/.exec(path);
    if (req.method !== "POST" || (!apiMatch && !responseMatch)) {
      problemList.push(`unexpected request: ${req.method} ${path}`);
      send({ status: 404, body: { ok: false, error: "not_found" } });
      return;
    }
    const method = apiMatch?.[1] ?? "response_url";
    const id = responseMatch?.[1] ? decodeURIComponent(responseMatch[1]) : undefined;

    let parsed: Json;
    try {
      parsed = parseArgs(contentType, raw);
    } catch (error) {
      problemList.push(`${method}: unparseable body (${String(error)})`);
      send(slackError("invalid_json"));
      return;
    }
    // The token travels in the header and, when passed per call (as Bolt does), in the body too; keep it out of args.
    const { token: bodyToken, ...args } = parsed;
    const header = req.headers.authorization;
    const token = header?.startsWith("Bearer ") ? header.slice(7) : str(bodyToken);

    const failure = takeFailure(method, args);
    const reply = await answer(method, args, token, now, failure);
    const call: SlackCall = { method, args, at: now, token, status: reply.status };
    if (reply.body.ok === false && typeof reply.body.error === "string") call.error = reply.body.error;
    if (id !== undefined) call.id = id;
    const to = responseMatch ? responseTarget(req.url ?? "") : viewTarget(args);
    if (to) call.to = to;
    record(call);
    // Recorded (and posted) first, answered later: the caller may give up or die before it hears.
    if (failure && "answerAfterMs" in failure) await new Promise((r) => setTimeout(r, failure.answerAfterMs));
    if (!res.destroyed) send(reply);
  };

  const answer = async (
    method: string,
    args: Json,
    token: string | undefined,
    now: number,
    failure: Failure | undefined,
  ): Promise<Reply> => {
    if (failure && "delayMs" in failure) await new Promise((r) => setTimeout(r, failure.delayMs));
    else if (failure && "error" in failure) return slackError(failure.error);
    else if (failure && "retryAfter" in failure) {
      return {
        status: 429,
        body: { ok: false, error: "ratelimited" },
        headers: { "Retry-After": String(failure.retryAfter) },
      };
    } else if (failure && "status" in failure) {
      return { status: failure.status, body: { ok: false, error: "internal_error" } };
    }

    if (method === "response_url") {
      const problems = checkMessage(args, method);
      problemList.push(...problems);
      return problems.length > 0 ? slackError("invalid_blocks") : ok();
    }
    // The one method called with the app's client id and secret instead of a token.
    if (method === "oauth.v2.access") return oauthAccess(args);
    const handler = methods[method];
    if (!handler) {
      problemList.push(`${method}: unknown method (the fake does not implement it)`);
      return slackError("unknown_method");
    }
    if (!token) {
      problemList.push(`${method}: called without a token`);
      return slackError("not_authed");
    }
    if (issued.get(token)?.revoked) return slackError("token_revoked");
    if ([...executions.values()].some((e) => e.token === token && e.state !== "running"))
      return slackError("token_revoked");
    const problems = blockProblems(method, args);
    if (problems.length > 0) {
      problemList.push(...problems);
      return slackError("invalid_blocks");
    }
    return handler(args, now, token);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      problemList.push(`fake Slack crashed on ${req.url}: ${String(error)}`);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}/`;

  const responseTarget = (url: string): SlackCall["to"] => {
    const query = new URL(url, "http://fake").searchParams;
    const user = query.get("user") ?? undefined;
    const channel = query.get("channel") ?? undefined;
    return user || channel ? { user, channel } : undefined;
  };
  const viewTarget = (args: Json): SlackCall["to"] => {
    const owner = triggerOwners.get(str(args.trigger_id) ?? "");
    return owner ? { user: owner } : undefined;
  };
  // Registered names win; people from setUser keep their Slack name so older tests still read well.
  const naming = {
    nameOf: (id: string) => displayNames.get(id) ?? users.get(id)?.name,
    get speaker() {
      return displayNames.get(botUserId) ?? "GoodCall";
    },
  };

  const fake: FakeSlack = {
    url: `${base}api/`,
    socketUrl: "",
    responseUrl: (id = "response", to = {}) => {
      const query = new URLSearchParams();
      if (to.user) query.set("user", to.user);
      if (to.channel) query.set("channel", to.channel);
      const search = query.size > 0 ? `?${query}` : "";
      return `${base}response/${encodeURIComponent(id)}${search}`;
    },
    triggerId: (user) => {
      triggerCounter += 1;
      const trigger = `${triggerCounter}.1.fake${user}`;
      triggerOwners.set(trigger, user);
      return trigger;
    },
    calls: (method) => (method === undefined ? [...recorded] : recorded.filter((c) => c.method === method)),
    waitFor: (method, predicate = () => true, timeoutMs = 3000) => {
      const found = recorded.find((c) => c.method === method && predicate(c));
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const waiter = {
          method,
          predicate,
          resolve: (call: SlackCall) => {
            clearTimeout(timer);
            resolve(call);
          },
        };
        const timer = setTimeout(() => {
          waiters = waiters.filter((w) => w !== waiter);
          const seen = recorded.map((c) => c.method).join(", ") || "none";
          reject(
            new Error(
              `fake Slack: no matching ${method} call within ${timeoutMs} ms. Recorded: ${seen}\n${fake.transcript().join("\n")}`,
            ),
          );
        }, timeoutMs);
        waiters.push(waiter);
      });
    },
    clear: () => {
      recorded = [];
      problemList = [];
      failures.clear();
      uploadList.length = 0;
      messageList.length = 0;
      homes.clear();
      recentPosts.clear();
    },
    failNext: (method, failure, times = 1, when = () => true) => {
      const queue = failures.get(method) ?? [];
      queue.push({ failure, remaining: times, when });
      failures.set(method, queue);
    },
    setUser: (user) => {
      users.set(user.id, user);
    },
    setChannelMembers: (channel, members) => {
      channelMembers.set(channel, [...members]);
    },
    limitPosts: (limits) => {
      postLimits = limits;
      recentPosts.clear();
    },
    uploads: () => uploadList.map((u) => ({ ...u, bytes: Buffer.from(u.bytes) })),
    messages: (channel) =>
      messageList.filter((m) => channel === undefined || m.channel === channel).map((m) => ({ ...m })),
    homeView: (userId) => homes.get(userId),
    names: (names) => {
      for (const [id, name] of Object.entries(names)) displayNames.set(id, name);
    },
    mark: () => recorded.length,
    transcript: (options) => renderTranscript(recorded, naming, options),
    problems: () => [...problemList],
    authorizeCode: (install) => {
      codeCounter += 1;
      const code = `code-${codeCounter}`;
      codes.set(code, install);
      return code;
    },
    issuedTokens: () => [...issued.values()].map((t) => ({ ...t })),
    startFunction: (callbackId) => {
      const n = executions.size + 1;
      const execution: FunctionExecution = {
        id: `Fx${String(n).padStart(10, "0")}`,
        callbackId,
        token: `xwfp-${n}`,
        state: "running",
      };
      executions.set(execution.id, execution);
      return { ...execution };
    },
    functionExecutions: () => [...executions.values()].map((e) => ({ ...e })),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return fake;
}

function asBlocks(value: unknown): unknown[] | undefined {
  return Array.isArray(value) ? value : undefined;
}

interface FunctionParameter {
  type: string;
  is_required?: boolean;
}

/** What Slack would refuse in a step's outputs: an undeclared name, a required one missing, a wrong type. */
function outputProblems(outputs: Json, declared: Record<string, FunctionParameter>): string[] {
  const problems = Object.keys(outputs)
    .filter((name) => !(name in declared))
    .map((name) => `${name} is not declared`);
  for (const [name, parameter] of Object.entries(declared)) {
    const value = outputs[name];
    if (value === undefined) {
      if (parameter.is_required) problems.push(`${name} is required`);
    } else if (
      typeof value !==
      (parameter.type === "number" || parameter.type === "boolean" ? parameter.type : "string")
    ) {
      problems.push(`${name} should be a ${parameter.type}`);
    }
  }
  return problems;
}
