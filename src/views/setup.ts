// Block Kit for the reply to a new team's setup.
import type { ActionsBlock } from "@slack/types";
import type { Messages } from "../domain/i18n.ts";
import { ActionId } from "./ids.ts";
import { type Blocks, button, channelLink, section } from "./text.ts";
import { slackIdValue } from "./values.ts";

export function actionsRow(t: Messages, teamId: string): ActionsBlock {
  return {
    type: "actions",
    elements: [button(t.openSettings, ActionId.OpenSettings, slackIdValue.encode(teamId), "primary")],
  };
}

/** "This channel is now a team", with the button that opens its settings. */
export function setupDoneMessage(t: Messages, teamId: string): { text: string; blocks: Blocks } {
  const text = t.setupDone(channelLink(teamId));
  return { text, blocks: [section(text), actionsRow(t, teamId)] };
}
