// Slack messages as an operator reads them in a terminal (CLI previews, the demo): people and channels
// by name, links and escapes undone, buttons as [Label].
import type { KnownBlock } from "@slack/types";

/** Display names by Slack id, for people and channels; an id without one is shown as the id. */
export type Names = ReadonlyMap<string, string>;

const MARKUP = /<([@#!])([^>|]+)(?:\|([^>]*))?>/gu;
const LINK = /<((?:https?|mailto):[^>|]+)(?:\|([^>]*))?>/gu;

/**
 * `<@U1>` → "@Aino", `<#C1>` or `<#C1|x>` → "#support", `<!here>` → "@here"; an id nobody named stays
 * readable as "@U1". Nothing else is changed, so it also suits text that is not Slack mrkdwn.
 */
export function readableMentions(text: string, names: Names): string {
  return text.replace(MARKUP, (_match, sigil: string, id: string, label?: string) => {
    if (sigil === "!") return label ?? `@${id.split("^")[0] ?? id}`;
    return `${sigil}${names.get(id) ?? label ?? id}`;
  });
}

/** Slack mrkdwn, escaped as we post it, as plain text: mentions by name, links as "label (url)", bold unmarked. */
export function readableMrkdwn(text: string, names: Names): string {
  return (
    readableMentions(text, names)
      .replace(LINK, (_match, url: string, label?: string) => (label ? `${label} (${url})` : url))
      // Bold marks around whole words only: a lone asterisk someone typed stays.
      .replace(/(^|[\s(])\*([^*\n]+)\*(?=$|[\s).,:;!?])/gmu, "$1$2")
      .replace(/^> ?/gmu, "│ ")
      .replace(/&lt;/gu, "<")
      .replace(/&gt;/gu, ">")
      .replace(/&amp;/gu, "&")
  );
}

type TextObject = { type: string; text: string };

function textOf(object: TextObject | undefined, names: Names): string {
  if (!object) return "";
  return object.type === "mrkdwn" ? readableMrkdwn(object.text, names) : object.text;
}

function buttonLabel(element: { type: string; text?: TextObject }): string | null {
  return element.type === "button" && element.text ? `[${element.text.text}]` : null;
}

/** A message's blocks as terminal lines; its notification text when it has no blocks. */
export function terminalText(message: { text: string; blocks?: KnownBlock[] }, names: Names): string {
  if (!message.blocks || message.blocks.length === 0) return readableMrkdwn(message.text, names);
  const lines: string[] = [];
  for (const block of message.blocks) {
    switch (block.type) {
      case "header":
        lines.push(block.text.text);
        break;
      case "section": {
        const parts = [textOf(block.text, names), ...(block.fields ?? []).map((f) => textOf(f, names))];
        const button = block.accessory ? buttonLabel(block.accessory) : null;
        lines.push([...parts.filter(Boolean), ...(button ? [button] : [])].join("\n"));
        break;
      }
      case "context":
        lines.push(
          block.elements
            .map((e) => ("text" in e && typeof e.text === "string" ? textOf(e as TextObject, names) : ""))
            .filter(Boolean)
            .join(" · "),
        );
        break;
      case "actions":
        lines.push(
          block.elements
            .map((e) => buttonLabel(e))
            .filter((label) => label !== null)
            .join(" "),
        );
        break;
      case "divider":
        lines.push("");
        break;
      default:
        // Images, inputs and rich text do not occur in what GoodCall posts.
        break;
    }
  }
  return lines.join("\n");
}
