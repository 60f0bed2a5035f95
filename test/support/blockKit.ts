// Slack's Block Kit limits, checked the way Slack checks them, so a test fails where Slack would answer invalid_blocks.

type Json = Record<string, unknown>;

const BLOCK_TYPES = new Set([
  "actions",
  "context",
  "divider",
  "file",
  "header",
  "image",
  "input",
  "markdown",
  "rich_text",
  "section",
  "video",
]);

// Element types whose options live in `options` / `option_groups`, with Slack's per-type maximum.
const MAX_OPTIONS: Record<string, number> = {
  static_select: 100,
  multi_static_select: 100,
  overflow: 5,
  radio_buttons: 10,
  checkboxes: 10,
};

function isRecord(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Collects violations under a path prefix, so each message says exactly where the problem is. */
class Checker {
  readonly problems: string[] = [];
  private readonly blockIds = new Set<string>();

  constructor(private readonly label: string) {}

  add(path: string, problem: string): void {
    this.problems.push(`${this.label}: ${path ? `${path} ` : ""}${problem}`);
  }

  maxLength(path: string, value: unknown, max: number): void {
    if (typeof value === "string" && value.length > max) {
      this.add(path, `is ${value.length} chars (max ${max})`);
    }
  }

  maxCount(path: string, value: unknown, max: number, what: string): void {
    const count = asArray(value).length;
    if (count > max) this.add(path, `has ${count} ${what} (max ${max})`);
  }

  /** A text object: plain_text or mrkdwn, non-empty (Slack rejects empty text), at most `max` chars. */
  text(path: string, value: unknown, max: number, plainOnly = false): void {
    if (value === undefined) return;
    if (!isRecord(value)) {
      this.add(path, "is not a text object");
      return;
    }
    const allowed = plainOnly ? ["plain_text"] : ["plain_text", "mrkdwn"];
    if (typeof value.type !== "string" || !allowed.includes(value.type)) {
      this.add(path, `has type ${String(value.type)} (expected ${allowed.join(" or ")})`);
    }
    if (typeof value.text !== "string" || value.text.length === 0) {
      this.add(path, "is empty");
      return;
    }
    this.maxLength(`${path}.text`, value.text, max);
  }

  blocks(blocks: unknown, max: number): void {
    const list = asArray(blocks);
    if (list.length > max) this.add("", `${list.length} blocks (max ${max})`);
    list.forEach((block, index) => {
      this.block(`blocks[${index}]`, block);
    });
  }

  private block(path: string, block: unknown): void {
    if (!isRecord(block)) {
      this.add(path, "is not an object");
      return;
    }
    const type = String(block.type);
    const at = `${path} (${type})`;
    if (!BLOCK_TYPES.has(type)) {
      this.add(at, "is an unknown block type");
      return;
    }
    if (block.block_id !== undefined) {
      const blockId = String(block.block_id);
      this.maxLength(`${at} block_id`, blockId, 255);
      if (this.blockIds.has(blockId)) this.add(at, `repeats block_id "${blockId}"`);
      this.blockIds.add(blockId);
    }
    switch (type) {
      case "header":
        this.text(`${at} text`, block.text, 150, true);
        if (block.text === undefined) this.add(at, "has no text");
        break;
      case "section":
        if (block.text === undefined && block.fields === undefined)
          this.add(at, "has neither text nor fields");
        this.text(`${at} text`, block.text, 3000);
        this.maxCount(at, block.fields, 10, "fields");
        asArray(block.fields).forEach((field, i) => {
          this.text(`${at} fields[${i}]`, field, 2000);
        });
        if (block.accessory !== undefined) this.element(`${at} accessory`, block.accessory);
        break;
      case "context":
        this.maxCount(at, block.elements, 10, "elements");
        asArray(block.elements).forEach((element, i) => {
          if (isRecord(element) && element.type !== "image") this.text(`${at} elements[${i}]`, element, 3000);
        });
        break;
      case "actions": {
        this.maxCount(at, block.elements, 25, "elements");
        const actionIds = new Set<string>();
        asArray(block.elements).forEach((element, i) => {
          this.element(`${at} elements[${i}]`, element);
          if (isRecord(element) && typeof element.action_id === "string") {
            // Slack requires action_ids to be unique within their block.
            if (actionIds.has(element.action_id)) this.add(at, `repeats action_id "${element.action_id}"`);
            actionIds.add(element.action_id);
          }
        });
        break;
      }
      case "input":
        if (block.label === undefined) this.add(at, "has no label");
        this.text(`${at} label`, block.label, 2000, true);
        this.text(`${at} hint`, block.hint, 2000, true);
        if (block.element === undefined) this.add(at, "has no element");
        else this.element(`${at} element`, block.element);
        break;
      case "image":
        this.maxLength(`${at} alt_text`, block.alt_text, 2000);
        this.maxLength(`${at} image_url`, block.image_url, 3000);
        break;
      default:
        break;
    }
  }

  private element(path: string, element: unknown): void {
    if (!isRecord(element)) {
      this.add(path, "is not an object");
      return;
    }
    const type = String(element.type);
    const at = `${path} (${type})`;
    this.maxLength(`${at} action_id`, element.action_id, 255);
    this.text(`${at} placeholder`, element.placeholder, 150, true);
    if (type === "button") {
      if (element.text === undefined) this.add(at, "has no text");
      this.text(`${at} text`, element.text, 75, true);
      this.maxLength(`${at} value`, element.value, 2000);
      this.maxLength(`${at} url`, element.url, 3000);
    }
    if (type === "plain_text_input") {
      const maxLength = typeof element.max_length === "number" ? element.max_length : 3000;
      if (maxLength > 3000) this.add(at, `max_length is ${maxLength} (max 3000)`);
      if (typeof element.initial_value === "string" && element.initial_value.length > maxLength) {
        this.add(at, `initial_value is ${element.initial_value.length} chars (max_length ${maxLength})`);
      }
    }
    const maxOptions = MAX_OPTIONS[type];
    if (maxOptions !== undefined) {
      this.maxCount(at, element.options, maxOptions, "options");
      this.options(at, element.options);
      this.maxCount(at, element.option_groups, 100, "option_groups");
      asArray(element.option_groups).forEach((group, g) => {
        if (!isRecord(group)) return;
        this.maxCount(`${at} option_groups[${g}]`, group.options, 100, "options");
        this.options(`${at} option_groups[${g}]`, group.options);
      });
    }
  }

  private options(path: string, options: unknown): void {
    asArray(options).forEach((option, i) => {
      if (!isRecord(option)) return;
      this.text(`${path} options[${i}] text`, option.text, 75);
      this.maxLength(`${path} options[${i}] value`, option.value, 150);
    });
  }
}

/**
 * Checks a message body (chat.postMessage / postEphemeral / update arguments, or a response_url body).
 * `label` prefixes every violation, e.g. "chat.postMessage: 51 blocks (max 50)".
 */
export function checkMessage(args: Record<string, unknown>, label = "message"): string[] {
  const checker = new Checker(label);
  checker.maxLength("text", args.text, 40000);
  if (args.blocks !== undefined) {
    if (!Array.isArray(args.blocks)) checker.add("blocks", "is not an array");
    else checker.blocks(args.blocks, 50);
  }
  return checker.problems;
}

/** Checks a modal or App Home view as passed to views.open / update / push / publish. */
export function checkView(view: unknown, label = "view"): string[] {
  const checker = new Checker(label);
  if (!isRecord(view)) {
    checker.add("", "view is not an object");
    return checker.problems;
  }
  if (view.type !== "modal" && view.type !== "home") {
    checker.add("type", `is ${String(view.type)} (expected modal or home)`);
  }
  if (view.type === "modal") {
    if (view.title === undefined) checker.add("", "modal has no title");
    checker.text("title", view.title, 24, true);
    checker.text("submit", view.submit, 24, true);
    checker.text("close", view.close, 24, true);
    // Slack refuses a modal with input blocks but no submit button.
    const hasInput = asArray(view.blocks).some((b) => isRecord(b) && b.type === "input");
    if (hasInput && view.submit === undefined) checker.add("", "modal has input blocks but no submit");
  }
  checker.maxLength("private_metadata", view.private_metadata, 3000);
  checker.maxLength("callback_id", view.callback_id, 255);
  checker.maxLength("external_id", view.external_id, 255);
  checker.blocks(view.blocks, 100);
  return checker.problems;
}
