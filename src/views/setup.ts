// Block Kit for the reply to a new team's setup.
import type { ActionsBlock } from "@slack/types";
import type { Messages } from "../domain/i18n.ts";
import { ActionId } from "./ids.ts";
import { button } from "./text.ts";

export function actionsRow(t: Messages, teamId: string): ActionsBlock {
  return { type: "actions", elements: [button(t.openSettings, ActionId.OpenSettings, teamId, "primary")] };
}
