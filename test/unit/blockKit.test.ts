// Each Block Kit limit the fake enforces, just inside and just over, so the fake refuses exactly what Slack refuses.
import { describe, expect, it } from "vitest";
import { checkMessage, checkView } from "../support/blockKit.ts";

const plain = (text: string) => ({ type: "plain_text", text });
const mrkdwn = (text: string) => ({ type: "mrkdwn", text });
const x = (n: number) => "x".repeat(n);
const section = (text = "hi") => ({ type: "section", text: mrkdwn(text) });
const button = (over: Record<string, unknown> = {}) => ({
  type: "button",
  text: plain("Go"),
  action_id: "go",
  ...over,
});
const actions = (...elements: unknown[]) => ({ type: "actions", elements });
const option = (text: string, value = "v") => ({ text: plain(text), value });
const select = (options: unknown[]) => ({ type: "static_select", action_id: "pick", options });
const textInput = (element: Record<string, unknown> = {}, over: Record<string, unknown> = {}) => ({
  type: "input",
  label: plain("What"),
  element: { type: "plain_text_input", action_id: "what", ...element },
  ...over,
});
const modal = (over: Record<string, unknown> = {}) => ({
  type: "modal",
  title: plain("Log a good call"),
  submit: plain("Save"),
  blocks: [],
  ...over,
});
const message = (...blocks: unknown[]) => ({ text: "fallback", blocks });

// [limit, passing, failing, expected problem] — each case is one limit just inside and just over it.
const messageCases: [string, Record<string, unknown>, Record<string, unknown>, string][] = [
  [
    "50 blocks per message",
    message(...Array.from({ length: 50 }, () => ({ type: "divider" }))),
    message(...Array.from({ length: 51 }, () => ({ type: "divider" }))),
    "message: 51 blocks (max 50)",
  ],
  [
    "top-level text 40000",
    { text: x(40000) },
    { text: x(40001) },
    "message: text is 40001 chars (max 40000)",
  ],
  [
    "header text 150",
    message({ type: "header", text: plain(x(150)) }),
    message({ type: "header", text: plain(x(151)) }),
    "message: blocks[0] (header) text.text is 151 chars (max 150)",
  ],
  [
    "section text 3000",
    message(section(x(3000))),
    message(section(x(3001))),
    "message: blocks[0] (section) text.text is 3001 chars (max 3000)",
  ],
  [
    "10 section fields",
    message({ type: "section", fields: Array.from({ length: 10 }, () => mrkdwn("f")) }),
    message({ type: "section", fields: Array.from({ length: 11 }, () => mrkdwn("f")) }),
    "message: blocks[0] (section) has 11 fields (max 10)",
  ],
  [
    "section field 2000",
    message({ type: "section", fields: [mrkdwn(x(2000))] }),
    message({ type: "section", fields: [mrkdwn(x(2001))] }),
    "message: blocks[0] (section) fields[0].text is 2001 chars (max 2000)",
  ],
  [
    "10 context elements",
    message({ type: "context", elements: Array.from({ length: 10 }, () => mrkdwn("c")) }),
    message({ type: "context", elements: Array.from({ length: 11 }, () => mrkdwn("c")) }),
    "message: blocks[0] (context) has 11 elements (max 10)",
  ],
  [
    "25 actions elements",
    message(actions(...Array.from({ length: 25 }, (_, i) => button({ action_id: `a${i}` })))),
    message(actions(...Array.from({ length: 26 }, (_, i) => button({ action_id: `a${i}` })))),
    "message: blocks[0] (actions) has 26 elements (max 25)",
  ],
  [
    "button text 75",
    message(actions(button({ text: plain(x(75)) }))),
    message(actions(button({ text: plain(x(76)) }))),
    "message: blocks[0] (actions) elements[0] (button) text.text is 76 chars (max 75)",
  ],
  [
    "button value 2000",
    message(actions(button({ value: x(2000) }))),
    message(actions(button({ value: x(2001) }))),
    "message: blocks[0] (actions) elements[0] (button) value is 2001 chars (max 2000)",
  ],
  [
    "action_id 255",
    message(actions(button({ action_id: x(255) }))),
    message(actions(button({ action_id: x(256) }))),
    "message: blocks[0] (actions) elements[0] (button) action_id is 256 chars (max 255)",
  ],
  [
    "action_ids unique within a block",
    message(actions(button({ action_id: "a" }), button({ action_id: "b" }))),
    message(actions(button({ action_id: "a" }), button({ action_id: "a" }))),
    'message: blocks[0] (actions) repeats action_id "a"',
  ],
  [
    "block_id 255",
    message({ ...section(), block_id: x(255) }),
    message({ ...section(), block_id: x(256) }),
    "message: blocks[0] (section) block_id is 256 chars (max 255)",
  ],
  [
    "block_ids unique",
    message({ ...section(), block_id: "a" }, { ...section(), block_id: "b" }),
    message({ ...section(), block_id: "a" }, { ...section(), block_id: "a" }),
    'message: blocks[1] (section) repeats block_id "a"',
  ],
  [
    "100 select options",
    message(actions(select(Array.from({ length: 100 }, (_, i) => option(`o${i}`))))),
    message(actions(select(Array.from({ length: 101 }, (_, i) => option(`o${i}`))))),
    "message: blocks[0] (actions) elements[0] (static_select) has 101 options (max 100)",
  ],
  [
    "option text 75",
    message(actions(select([option(x(75))]))),
    message(actions(select([option(x(76))]))),
    "message: blocks[0] (actions) elements[0] (static_select) options[0] text.text is 76 chars (max 75)",
  ],
  [
    "option value 150",
    message(actions(select([option("o", x(150))]))),
    message(actions(select([option("o", x(151))]))),
    "message: blocks[0] (actions) elements[0] (static_select) options[0] value is 151 chars (max 150)",
  ],
  [
    "known block types only",
    message({ type: "divider" }),
    message({ type: "banner" }),
    "message: blocks[0] (banner) is an unknown block type",
  ],
  [
    "no empty text",
    message(section("x")),
    message(section("")),
    "message: blocks[0] (section) text is empty",
  ],
  [
    "section needs text or fields",
    message(section()),
    message({ type: "section" }),
    "message: blocks[0] (section) has neither text nor fields",
  ],
];

// Limits that only apply to views, checked with checkView.
const viewCases: [string, unknown, unknown, string][] = [
  [
    "100 blocks per view",
    modal({ blocks: Array.from({ length: 100 }, () => ({ type: "divider" })) }),
    modal({ blocks: Array.from({ length: 101 }, () => ({ type: "divider" })) }),
    "view: 101 blocks (max 100)",
  ],
  [
    "modal title 24",
    modal({ title: plain(x(24)) }),
    modal({ title: plain(x(25)) }),
    "view: title.text is 25 chars (max 24)",
  ],
  [
    "modal submit 24",
    modal({ submit: plain(x(24)) }),
    modal({ submit: plain(x(25)) }),
    "view: submit.text is 25 chars (max 24)",
  ],
  [
    "modal close 24",
    modal({ close: plain(x(24)) }),
    modal({ close: plain(x(25)) }),
    "view: close.text is 25 chars (max 24)",
  ],
  [
    "private_metadata 3000",
    modal({ private_metadata: x(3000) }),
    modal({ private_metadata: x(3001) }),
    "view: private_metadata is 3001 chars (max 3000)",
  ],
  [
    "input label 2000",
    modal({ blocks: [textInput({}, { label: plain(x(2000)) })] }),
    modal({ blocks: [textInput({}, { label: plain(x(2001)) })] }),
    "view: blocks[0] (input) label.text is 2001 chars (max 2000)",
  ],
  [
    "input hint 2000",
    modal({ blocks: [textInput({}, { hint: plain(x(2000)) })] }),
    modal({ blocks: [textInput({}, { hint: plain(x(2001)) })] }),
    "view: blocks[0] (input) hint.text is 2001 chars (max 2000)",
  ],
  [
    "plain_text_input max_length 3000",
    modal({ blocks: [textInput({ max_length: 3000 })] }),
    modal({ blocks: [textInput({ max_length: 3001 })] }),
    "view: blocks[0] (input) element (plain_text_input) max_length is 3001 (max 3000)",
  ],
  [
    "initial_value within max_length",
    modal({ blocks: [textInput({ max_length: 10, initial_value: x(10) })] }),
    modal({ blocks: [textInput({ max_length: 10, initial_value: x(11) })] }),
    "view: blocks[0] (input) element (plain_text_input) initial_value is 11 chars (max_length 10)",
  ],
  [
    "inputs need a submit button",
    modal({ blocks: [textInput()] }),
    modal({ blocks: [textInput()], submit: undefined }),
    "view: modal has input blocks but no submit",
  ],
  [
    "title is plain_text",
    modal(),
    modal({ title: mrkdwn("Hi") }),
    "view: title has type mrkdwn (expected plain_text)",
  ],
  [
    "modal or home",
    { type: "home", blocks: [] },
    { type: "popup", blocks: [] },
    "view: type is popup (expected modal or home)",
  ],
];

describe("Block Kit limits", () => {
  it.each(messageCases)("message: %s", (_limit, passing, failing, problem) => {
    expect(checkMessage(passing)).toEqual([]);
    expect(checkMessage(failing)).toEqual([problem]);
  });

  it.each(viewCases)("view: %s", (_limit, passing, failing, problem) => {
    expect(checkView(passing)).toEqual([]);
    expect(checkView(failing)).toEqual([problem]);
  });

  it("labels problems with the method that sent them", () => {
    expect(checkMessage({ text: x(40001) }, "chat.update")).toEqual([
      "chat.update: text is 40001 chars (max 40000)",
    ]);
  });

  it("reports every violation in one message, not just the first", () => {
    const problems = checkMessage(message({ type: "header", text: plain(x(151)) }, { type: "banner" }));
    expect(problems).toHaveLength(2);
  });
});
