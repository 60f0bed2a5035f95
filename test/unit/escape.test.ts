// Unit tests for making user text safe to post to Slack.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeSlackText, escapeText, quoteLines, slackTextToPlain } from "../../src/domain/escape.ts";

const WJ = "\u2060";

// Strings rich in the characters that matter, so the properties meet mentions and entities often.
const slackish = fc
  .array(
    fc.oneof(
      fc.constantFrom("<", ">", "&", "@", "!", "#", "^", "|", "\n", ";", "amp", "lt", "gt"),
      fc.constantFrom("channel", "here", "everyone", "HERE", "Channel", "<!channel>", "<@U123>", "&lt;"),
      fc.string({ unit: "grapheme", maxLength: 4 }),
    ),
    { maxLength: 30 },
  )
  .map((parts) => parts.join(""));

function assertSafe(output: string) {
  expect(output).not.toMatch(/[<>]/u);
  expect(output).not.toMatch(/@(channel|here|everyone)/iu);
  expect(output.replace(/&(amp|lt|gt);/gu, "")).not.toContain("&");
}

describe("escapeText", () => {
  it.each([
    ["<!channel> look", "&lt;!channel&gt; look"],
    ["<!here|here>", "&lt;!here|here&gt;"],
    ["<@U123> did it", "&lt;@U123&gt; did it"],
    ["<#C123|general>", "&lt;#C123|general&gt;"],
    ["<!subteam^S123|@team>", "&lt;!subteam^S123|@team&gt;"],
    ["<https://evil.example|click>", "&lt;https://evil.example|click&gt;"],
    ["Tom & Jerry", "Tom &amp; Jerry"],
    ["@channel please", `@${WJ}channel please`],
    ["@HERE and @Everyone", `@${WJ}HERE and @${WJ}Everyone`],
    ["mail me@here.fi", `mail me@${WJ}here.fi`],
    ["@anna is fine", "@anna is fine"],
    ["&lt;!channel&gt;", "&amp;lt;!channel&amp;gt;"],
    ["Hyvä työ! 🎉 :tada:\nrivi kaksi", "Hyvä työ! 🎉 :tada:\nrivi kaksi"],
    ["*bold* _it_ ~s~ `code`", "*bold* _it_ ~s~ `code`"],
    ["", ""],
  ])("%j → %j", (input, output) => {
    expect(escapeText(input)).toBe(output);
  });

  it("never leaves markup, broadcasts or bare ampersands, for any text", () => {
    fc.assert(
      fc.property(fc.oneof(slackish, fc.string({ unit: "grapheme" })), (text) =>
        assertSafe(escapeText(text)),
      ),
    );
  });

  it("stays safe when escaping twice", () => {
    fc.assert(fc.property(slackish, (text) => assertSafe(escapeText(escapeText(text)))));
  });

  it("loses nothing but the markup: removing the escapes gives back the text", () => {
    fc.assert(
      fc.property(slackish, (text) => {
        expect(decodeSlackText(escapeText(text)).replaceAll(WJ, "")).toBe(text.replaceAll(WJ, ""));
      }),
    );
  });
});

describe("quoteLines", () => {
  it.each([
    ["one line", "> one line"],
    ["first\nsecond", "> first\n> second"],
    ["windows\r\nlines\rold mac", "> windows\n> lines\n> old mac"],
    ["para\n\nnext", "> para\n> \n> next"],
    ["<!here> @channel", `> &lt;!here&gt; @${WJ}channel`],
    ["", "> "],
  ])("%j → %j", (input, output) => {
    expect(quoteLines(input)).toBe(output);
  });

  it("prefixes every line and stays safe", () => {
    fc.assert(
      fc.property(slackish, (text) => {
        const quoted = quoteLines(text);
        for (const line of quoted.split("\n")) expect(line.startsWith("> ")).toBe(true);
        assertSafe(quoted.replace(/^> /gmu, ""));
      }),
    );
  });
});

describe("decodeSlackText", () => {
  it("turns Slack's entities back into what was typed, & last", () => {
    expect(decodeSlackText("a &lt;b&gt; &amp;lt; &amp;")).toBe("a <b> &lt; &");
  });
});

describe("slackTextToPlain", () => {
  it.each([
    ["helped <@U123|maija> with the order", "helped @maija with the order"],
    ["told <!channel> and <!here>", "told @channel and @here"],
    ["see <#C1|support>", "see #support"],
    // Readable as the channel's name; parseSlackGoodCallText keeps it out of the tags.
    ["asked in <#C0OTHER|random> and <#C0SALES>", "asked in #random and #C0SALES"],
    ["read <https://example.com/faq|the FAQ>", "read the FAQ (https://example.com/faq)"],
    ["mail <mailto:a@b.fi|a@b.fi>", "mail a@b.fi"],
    ["fish &amp; chips &lt;3", "fish & chips <3"],
    ["typed &lt;!channel&gt; on purpose", "typed <!channel> on purpose"],
  ])("%j → %j", (input, expected) => {
    expect(slackTextToPlain(input)).toBe(expected);
  });

  it("never produces a live mention once escaped for posting", () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const posted = escapeText(slackTextToPlain(text));
        expect(posted).not.toMatch(/<[@!#]/);
        expect(posted).not.toMatch(/@(channel|here|everyone)/i);
      }),
    );
  });
});
