// Small steps tests share: a team set up the way a person does it, and reading what the app said.
import { expect } from "vitest";
import { CallbackId, Field } from "../../src/views/ids.ts";
import type { TranscriptOptions } from "./fakeSlack.ts";
import type { Harness, Reply } from "./harness.ts";

/** The people tests talk as; makeTeam treats them as people GoodCall has met before. */
export const REGULARS = ["U1", "U2", "U3", "U4", "U5"] as const;

/**
 * A team set up by its manager, whose people (`met`, by default the REGULARS, the manager among
 * them) have used GoodCall before: Slack told us they have no locale, so they are answered in the team's language, in the ack. Meeting someone for the
 * first time (the locale look-up, the answer by response_url) is test/e2e/language.test.ts's
 * subject; pass `met: []` to meet everyone in the test itself.
 */
export async function makeTeam(
  h: Harness,
  options: {
    channel?: string;
    manager?: string;
    feed?: boolean;
    language?: "en" | "fi";
    met?: readonly string[];
  } = {},
) {
  const channel = options.channel ?? "C1";
  const manager = options.manager ?? "U1";
  for (const userId of options.met ?? REGULARS) {
    if ((await h.services.people.locale(userId)) !== undefined) continue;
    await h.services.people.setLocale(userId, null);
  }
  const reply = await h.command("/goodcall", "setup", { user: manager, channel, channelName: "support" });
  expect(reply.status).toBe(200);
  await h.idle();
  const team = await h.services.teams.find(channel);
  if (!team) throw new Error("setup did not create the team");
  if (options.feed || options.language) {
    return h.services.teams.updateSettings(channel, {
      ...team,
      feedEnabled: options.feed ?? team.feedEnabled,
      language: options.language ?? team.language,
    });
  }
  return team;
}

/** The text of an ack or message body: its `text` and every section's text. */
export function textOf(body: Record<string, unknown> | null | undefined): string {
  const json = body ?? {};
  const blocks = (json.blocks as Array<Record<string, unknown>> | undefined) ?? [];
  const parts: unknown[] = [json.text];
  for (const block of blocks) {
    const text = block.text as { text?: string } | undefined;
    parts.push(text?.text);
    for (const element of (block.elements as Array<{ text?: string | { text?: string } }> | undefined) ??
      []) {
      parts.push(typeof element.text === "string" ? element.text : element.text?.text);
    }
  }
  return parts.filter(Boolean).join("\n");
}

export function ackText(reply: Reply): string {
  return textOf(reply.json);
}

/**
 * What the app said, as transcript lines ("#support  GoodCall: …", "DM @Mikko  GoodCall: …"), once its background
 * work is done. Replies Bolt sends after the ack (response_url) are not background work, so `until` waits for the
 * line a test expects before reading, and fails with the whole transcript when it never comes.
 */
export async function said(
  h: Harness,
  options: TranscriptOptions & { until?: string | RegExp; timeoutMs?: number } = {},
): Promise<string[]> {
  const { until, timeoutMs = 3000, ...read } = options;
  await h.idle();
  const matches = (line: string) => (typeof until === "string" ? line.includes(until) : until?.test(line));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const lines = h.fake.transcript(read);
    if (until === undefined || lines.some(matches)) return lines;
    if (Date.now() > deadline) {
      throw new Error(
        `the app never said ${String(until)} within ${timeoutMs} ms; it said:\n${lines.join("\n")}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * What a form's inputs hold when it opens, by block id: the transcript shows a form's labels, not the text someone
 * finds already typed in (an input's `initial_value`), so tests that care read it here.
 */
export function prefilled(view: unknown): Record<string, string> {
  const blocks = (view as { blocks?: unknown } | undefined)?.blocks;
  const entries = (Array.isArray(blocks) ? blocks : []).flatMap((block: unknown) => {
    const { block_id: id, element } = block as { block_id?: unknown; element?: { initial_value?: unknown } };
    const value = element?.initial_value;
    return typeof id === "string" && typeof value === "string" ? [[id, value] as const] : [];
  });
  return Object.fromEntries(entries);
}

/**
 * The button someone clicks, found by its action id in message blocks: what a click sends back is the button's
 * action id and value, which the transcript (showing `[Label]`) leaves out, so a test clicks exactly what was sent.
 */
export function buttonIn(blocks: unknown, actionId: string): { actionId: string; value: string } | undefined {
  const found: Array<{ actionId: string; value: string }> = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const child of node) visit(child);
      return;
    }
    if (typeof node !== "object" || node === null) return;
    const { type, action_id: id, value, elements, accessory } = node as Record<string, unknown>;
    if (type === "button" && id === actionId && typeof value === "string") found.push({ actionId, value });
    visit(elements);
    visit(accessory);
  };
  visit(blocks);
  return found[0];
}

/** `user` opens the good-call form with `/goodcall` and submits `what`, ticking "Follow up?" when asked. */
export async function logThroughForm(
  h: Harness,
  user: string,
  what: string,
  options: { followUp?: boolean } = {},
): Promise<Reply> {
  await h.command("/goodcall", "", { user });
  const opened = await h.fake.waitFor("views.open");
  return h.submit({
    userId: user,
    callbackId: CallbackId.GoodCallModal,
    privateMetadata: (opened.args.view as { private_metadata: string }).private_metadata,
    values: {
      [Field.What]: { [Field.What]: { type: "plain_text_input", value: what } },
      ...(options.followUp
        ? {
            [Field.FollowUp]: {
              [Field.FollowUp]: { type: "checkboxes", selected_options: [{ value: "yes" }] },
            },
          }
        : {}),
    },
  });
}
