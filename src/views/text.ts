// Small Block Kit builders shared by the views, and the one way user text reaches a post.
import type {
  Button,
  ContextBlock,
  KnownBlock,
  ModalView,
  PlainTextOption,
  SectionBlock,
} from "@slack/types";
import { escapeText, quoteLines } from "../domain/escape.ts";
import { maskPii } from "../domain/pii.ts";

/** User text as we post it anywhere: customer details masked, then mentions and markup neutralised. */
export function userText(text: string): string {
  return escapeText(maskPii(text));
}

/** User text as a block quote. */
export function userQuote(text: string): string {
  return quoteLines(maskPii(text));
}

/**
 * Shortens for display (never for storage) to at most `max` UTF-16 units, the strictest way
 * Slack's limits may be counted, without splitting an emoji.
 */
export function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  let kept = "";
  for (const char of text) {
    if (kept.length + char.length > max - 1) break;
    kept += char;
  }
  return `${kept}…`;
}

export function mention(userId: string): string {
  return `<@${userId}>`;
}

export function channelLink(channelId: string): string {
  return `<#${channelId}>`;
}

// NOTE: the optional fields of section and button are assigned, not spread in: the quick log's
// confirmation builds a section and two buttons, and on Node 20 each spread cost about a microsecond.
export function section(text: string, blockId?: string): SectionBlock {
  const block: SectionBlock = { type: "section", text: { type: "mrkdwn", text: shorten(text, 3000) } };
  if (blockId) block.block_id = blockId;
  return block;
}

export function context(...texts: string[]): ContextBlock {
  return {
    type: "context",
    elements: texts.slice(0, 10).map((text) => ({ type: "mrkdwn", text: shorten(text, 2000) })),
  };
}

export function button(text: string, actionId: string, value?: string, style?: "primary" | "danger"): Button {
  const element: Button = {
    type: "button",
    text: { type: "plain_text", text: shorten(text, 75), emoji: true },
    action_id: actionId,
  };
  if (value !== undefined) element.value = value;
  if (style) element.style = style;
  return element;
}

export function option(text: string, value: string): PlainTextOption {
  return { text: { type: "plain_text", text: shorten(text, 75), emoji: true }, value };
}

export function plain(text: string, max: number) {
  return { type: "plain_text" as const, text: shorten(text, max), emoji: true };
}

export type Blocks = KnownBlock[];

/** A modal that only tells something, for when a form cannot be offered (e.g. no team yet). */
export function noticeModal(title: string, text: string, close: string): ModalView {
  return {
    type: "modal",
    title: plain(title, 24),
    close: plain(close, 24),
    blocks: [section(text)],
  };
}
