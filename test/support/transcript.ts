// Renders the fake Slack's recorded calls as the conversation people saw, with ids shown as names,
// so end-to-end tests can assert on what the app said rather than on JSON.
type Json = Record<string, unknown>;

/** The parts of a recorded call the transcript reads (structurally a SlackCall). */
export interface TranscriptCall {
  method: string;
  args: Json;
  status: number;
  error?: string;
  /** Who a response_url or trigger_id belonged to, when the test said so. */
  to?: { user?: string; channel?: string };
}

export interface TranscriptOptions {
  /** Only what was said after this mark (from `fake.mark()`), to read one step of a conversation. */
  since?: number;
  /** Messages by their notification `text` and views by title only, instead of everything in their blocks. */
  brief?: boolean;
}

export interface Naming {
  /** A registered display name for a user or channel id, if any. */
  nameOf(id: string): string | undefined;
  /** The app's own name, the speaker of every message. */
  speaker: string;
}

function isRecord(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** The readable text of blocks: every plain_text and mrkdwn in order, buttons as [Label], joined with " | ". */
export function blocksText(blocks: unknown): string {
  const parts: string[] = [];
  const visit = (node: unknown, inButton: boolean): void => {
    if (Array.isArray(node)) {
      for (const child of node) visit(child, inButton);
      return;
    }
    if (!isRecord(node)) return;
    if ((node.type === "plain_text" || node.type === "mrkdwn") && typeof node.text === "string") {
      parts.push(inButton ? `[${node.text}]` : node.text);
      return;
    }
    const isButton = node.type === "button";
    for (const key of ["text", "fields", "elements", "accessory", "label", "element"]) {
      if (key in node) visit(node[key], isButton);
    }
  };
  visit(blocks, false);
  return parts.join(" | ");
}

const SPECIAL_MENTIONS = new Set(["here", "channel", "everyone"]);

/**
 * Slack mrkdwn as a person reads it: `<@U1>` → "@Anna", `<#C1|x>` → "#support", `<!here>` → "@here", then the
 * `&lt; &gt; &amp;` escapes decoded. Mentions are rendered first, so typed markup that the app escaped reads as
 * the literal text it is, never as a live mention.
 */
export function renderMrkdwn(text: string, naming: Naming): string {
  return text
    .replace(/<([@#!])([^>|]+)(?:\|([^>]*))?>/g, (_match, sigil: string, id: string, label?: string) => {
      if (sigil === "@") return `@${naming.nameOf(id) ?? label ?? id}`;
      if (sigil === "#") return `#${naming.nameOf(id) ?? label ?? id}`;
      if (SPECIAL_MENTIONS.has(id)) return `@${id}`;
      return label ?? `<!${id}>`;
    })
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&")
    .replace(/\n+/g, " / ");
}

/** Renders recorded calls as transcript lines; calls that say nothing to anyone (lookups, auth) are skipped. */
export function renderTranscript(
  calls: readonly TranscriptCall[],
  naming: Naming,
  options: TranscriptOptions = {},
): string[] {
  const user = (id: string): string => `@${naming.nameOf(id) ?? id}`;
  // Posting to a user id, or to the fake's "D<user>" DM channel, is a DM with that person.
  const place = (channel: string): string => {
    if (/^[UW]/.test(channel)) return `DM ${user(channel)}`;
    if (/^D[UW]/.test(channel)) return `DM ${user(channel.slice(1))}`;
    if (channel.startsWith("D")) return `DM ${channel}`;
    return `#${naming.nameOf(channel) ?? channel}`;
  };
  const content = (value: Json): string => {
    const text = str(value.text) ?? "";
    const blocks = blocksText(value.blocks);
    return renderMrkdwn(options.brief ? text || blocks : blocks || text, naming);
  };
  const said = `  ${naming.speaker}`;

  const line = (call: TranscriptCall): string | undefined => {
    const { args, to } = call;
    const failed = call.error
      ? ` (failed: ${call.error})`
      : call.status !== 200
        ? ` (failed: HTTP ${call.status})`
        : "";
    const channel = str(args.channel) ?? "";
    const thread = str(args.thread_ts) ? " (thread)" : "";
    switch (call.method) {
      case "chat.postMessage":
        return `${place(channel)}${thread}${said}${failed}: ${content(args)}`;
      case "chat.postEphemeral":
        return `ephemeral to ${user(str(args.user) ?? "?")} in ${place(channel)}${failed}: ${content(args)}`;
      case "chat.update":
        return `chat.update ${place(channel)}${failed}: ${content(args)}`;
      case "chat.delete":
        return `chat.delete ${place(channel)}${failed}`;
      case "reactions.add":
        return `${place(channel)}${said} reacted :${str(args.name) ?? "?"}:${failed}`;
      case "files.completeUploadExternal": {
        const files = Array.isArray(args.files) ? args.files.filter(isRecord) : [];
        const titles = files.map((f) => `file "${str(f.title) ?? str(f.id) ?? "?"}"`).join(", ");
        const comment = str(args.initial_comment);
        const where = place(str(args.channel_id) ?? "");
        return `${where}${said}${failed}: ${titles}${comment ? ` ${renderMrkdwn(comment, naming)}` : ""}`;
      }
      case "response_url": {
        // Slack's response_url replies are ephemeral unless they say otherwise; who saw one is only known when the
        // test minted the url with fake.responseUrl(id, { user, channel }).
        const where = to?.channel ? ` in ${place(to.channel)}` : "";
        if (args.delete_original === true || args.delete_original === "true") {
          return `deleted the original${where}${failed}`;
        }
        if (args.replace_original === true || args.replace_original === "true") {
          return `replaced the original${where}${failed}: ${content(args)}`;
        }
        if (args.response_type === "in_channel") {
          return `${to?.channel ? place(to.channel) : "in-channel reply"}${said}${failed}: ${content(args)}`;
        }
        const who = to?.user ? ` to ${user(to.user)}` : " reply";
        return `ephemeral${who}${where}${failed}: ${content(args)}`;
      }
      case "views.open":
      case "views.push":
      case "views.update":
      case "views.publish": {
        const view = isRecord(args.view) ? args.view : {};
        const title = isRecord(view.title) ? str(view.title.text) : undefined;
        const forUser = str(args.user_id) ?? to?.user;
        const heading = `${call.method}${forUser ? ` for ${user(forUser)}` : ""}${failed}: `;
        const name = title ? `"${title}"` : `(${str(view.type) ?? "view"})`;
        const body = options.brief ? "" : renderMrkdwn(blocksText(view.blocks), naming);
        return `${heading}${name}${body ? ` — ${body}` : ""}`;
      }
      // A Workflow Builder step ended: with its outputs, or with the error the workflow shows.
      case "functions.completeSuccess": {
        const outputs = typeof args.outputs === "string" ? args.outputs : JSON.stringify(args.outputs);
        return `workflow step done${failed}: ${outputs}`;
      }
      case "functions.completeError":
        return `workflow step failed${failed}: ${renderMrkdwn(str(args.error) ?? "", naming)}`;
      default:
        return undefined;
    }
  };
  return calls.slice(options.since ?? 0).flatMap((call) => line(call) ?? []);
}
