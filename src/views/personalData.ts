// Block Kit for a person's own data: the `/goodcall forget me` confirmation.
import type { Messages } from "../domain/i18n.ts";
import { ActionId } from "./ids.ts";
import { type Blocks, button, section } from "./text.ts";
import { slackIdValue } from "./values.ts";

/** The buttons carry the asker's id, so only they can confirm, and only for themselves. */
export function forgetConfirmation(t: Messages, userId: string): { text: string; blocks: Blocks } {
  const value = slackIdValue.encode(userId);
  return {
    text: t.forgetConfirm,
    blocks: [
      section(t.forgetConfirm),
      {
        type: "actions",
        elements: [
          button(t.forgetYes, ActionId.ForgetYes, value, "danger"),
          button(t.forgetNo, ActionId.ForgetNo, value),
        ],
      },
    ],
  };
}
