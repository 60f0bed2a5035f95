// Makes user-written text safe to post to Slack: no mentions, broadcasts or links it did not mean.

// U+2060 WORD JOINER is invisible, so "@channel" still reads the same, but Slack no longer sees the keyword.
const WORD_JOINER = "\u2060";
const BROADCAST = /@(channel|here|everyone)/giu;
// What escapeText changes starts with one of these.
const NEEDS_ESCAPING = /[&<>@]/u;

/**
 * Escapes text for Slack mrkdwn and plain_text fields. Escaping `&`, `<` and `>` is what Slack asks
 * for, and it alone disarms `<!channel>`, `<@U123>`, `<#C123>`, `<!subteam^…>` and typed links,
 * because all of them need a literal `<`. Escaping `&` first means text that is already escaped
 * (`&lt;!here&gt;`) is shown as typed instead of turning back into markup.
 *
 * NOTE: `*`, `_`, `~` and backticks are left alone: Slack has no escape for them (a backslash or an
 * entity is shown literally), so the only alternative would be to delete what people wrote. At worst
 * they change emphasis inside the user's own text; they cannot reach outside it.
 */
export function escapeText(text: string): string {
  // Most texts have nothing to escape: they are returned as they are, without four passes over them.
  if (!NEEDS_ESCAPING.test(text)) return text;
  return text
    .replace(/&/gu, "&amp;")
    .replace(/</gu, "&lt;")
    .replace(/>/gu, "&gt;")
    .replace(BROADCAST, `@${WORD_JOINER}$1`);
}

/** Escapes text and renders it as a block quote; every line is prefixed, so a newline cannot end the quote. */
export function quoteLines(text: string): string {
  return escapeText(text)
    .split(/\r\n|\r|\n/u)
    .map((line) => `> ${line}`)
    .join("\n");
}

/**
 * Slack sends message and command text with `&`, `<` and `>` already escaped; this turns it back into
 * what the person typed, so we store their words and escape exactly once when posting.
 */
export function decodeSlackText(text: string): string {
  if (!text.includes("&")) return text;
  return text.replace(/&lt;/gu, "<").replace(/&gt;/gu, ">").replace(/&amp;/gu, "&");
}

/**
 * What a person typed, from Slack's formatted text: mentions and links become readable words
 * (`<@U1|maija>` → `@maija`, `<!here>` → `@here`, `<#C1|support>` → `#support`,
 * `<https://x|docs>` → `docs (https://x)`), then entities are decoded. Stored text is plain, so it
 * can be escaped exactly once wherever it is posted, and never turns into a live mention.
 */
export function slackTextToPlain(text: string): string {
  if (!text.includes("<")) return decodeSlackText(text);
  const plain = text.replace(/<([^<>]*)>/gu, (_whole, inner: string) => {
    const [target = "", label] = inner.split("|", 2);
    if (target.startsWith("@")) return `@${label ?? target.slice(1)}`;
    if (target.startsWith("#")) return `#${label ?? target.slice(1)}`;
    if (target.startsWith("!subteam^")) return label ?? "@group";
    if (target.startsWith("!date^")) return label ?? "";
    if (target.startsWith("!")) return `@${target.slice(1)}`;
    const address = target.replace(/^mailto:/u, "");
    return label && label !== address ? `${label} (${address})` : address;
  });
  return decodeSlackText(plain);
}
