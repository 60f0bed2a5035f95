// Block Kit for the improvement loop: "did it help?", promise reminders, improvements and their forms.
import type { KnownBlock, ModalView } from "@slack/types";
import type { Messages } from "../domain/i18n.ts";
import type { ImprovementStatus } from "../domain/improvement.ts";
import { allowedNext } from "../domain/improvement.ts";
import { type GoodCall, OUTCOMES } from "../domain/types.ts";
import { ActionId, actionVariant, CallbackId, Field } from "./ids.ts";
import {
  type Blocks,
  button,
  channelLink,
  context,
  mention,
  option,
  plain,
  section,
  shorten,
  userQuote,
  userText,
} from "./text.ts";

export interface ImprovementView {
  id: number;
  teamId: string;
  title: string;
  description: string | null;
  ownerId: string;
  proposerId: string;
  status: ImprovementStatus;
  declineReason: string | null;
  patternLabel: string | null;
  linkedCount: number;
}

export function followUpDm(t: Messages, call: GoodCall): { text: string; blocks: Blocks } {
  return {
    text: t.followUpAsk,
    blocks: [
      section(`${t.followUpAsk}\n${userQuote(shorten(call.what, 1000))}`),
      {
        type: "actions",
        block_id: `outcome:${call.id}`,
        elements: OUTCOMES.map((o) =>
          button(
            t.outcomeLabels[o],
            actionVariant(ActionId.Outcome, o),
            `${call.id}:${o}`,
            o === "helped" ? "primary" : undefined,
          ),
        ),
      },
    ],
  };
}

export function promiseDm(t: Messages, call: GoodCall, dueText: string): { text: string; blocks: Blocks } {
  return {
    text: t.promiseAsk(dueText),
    blocks: [
      section(`${t.promiseAsk(dueText)}\n${userQuote(shorten(call.what, 1000))}`),
      {
        type: "actions",
        block_id: `promise:${call.id}`,
        elements: [
          button(t.promiseKept, actionVariant(ActionId.Promise, "kept"), `${call.id}:kept`, "primary"),
          button(t.promiseLater, actionVariant(ActionId.Promise, "later"), `${call.id}:later`),
          button(t.promiseBroken, actionVariant(ActionId.Promise, "broken"), `${call.id}:broken`),
        ],
      },
    ],
  };
}

export function noteModal(t: Messages, goodCallId: number): ModalView {
  return {
    type: "modal",
    callback_id: CallbackId.OutcomeNoteModal,
    title: plain(t.outcomeNoteTitle, 24),
    submit: plain(t.save, 24),
    close: plain(t.close, 24),
    private_metadata: JSON.stringify({ goodCallId }),
    blocks: [
      {
        type: "input",
        block_id: Field.Note,
        optional: true,
        label: plain(t.labelOutcomeNote, 2000),
        element: { type: "plain_text_input", action_id: Field.Note, multiline: true, max_length: 500 },
      },
    ],
  };
}

/** The improvement as its team sees it, with a status menu for whoever may change it. */
export function improvementBlocks(t: Messages, improvement: ImprovementView): Blocks {
  const lines = [`💡 *${userText(shorten(improvement.title, 150))}*`];
  if (improvement.description) lines.push(userText(shorten(improvement.description, 1000)));
  const meta = [
    `*${t.improvementStatuses[improvement.status]}*`,
    t.improvementOwner(mention(improvement.ownerId)),
  ];
  if (improvement.patternLabel)
    meta.push(t.improvementFrom(userText(shorten(improvement.patternLabel, 60)), improvement.linkedCount));
  if (improvement.status === "declined" && improvement.declineReason) {
    meta.push(t.improvementDeclined(userText(shorten(improvement.declineReason, 500))));
  }
  const blocks: KnownBlock[] = [section(lines.join("\n")), context(...meta)];
  const next = allowedNext(improvement.status);
  if (next.length > 0) {
    blocks.push({
      type: "actions",
      block_id: `improvement:${improvement.id}`,
      elements: [
        {
          type: "static_select",
          action_id: ActionId.ImprovementStatus,
          placeholder: plain(t.changeStatus, 150),
          options: next.map((status) => option(t.improvementStatuses[status], `${improvement.id}:${status}`)),
        },
      ],
    });
  }
  return blocks;
}

export function improvementMessage(
  t: Messages,
  improvement: ImprovementView,
): { text: string; blocks: Blocks } {
  const posted = t.improvementPosted(
    mention(improvement.proposerId),
    userText(shorten(improvement.title, 150)),
  );
  return { text: posted, blocks: [context(posted), ...improvementBlocks(t, improvement)] };
}

export function declineModal(t: Messages, improvementId: number): ModalView {
  return {
    type: "modal",
    callback_id: CallbackId.DeclineModal,
    title: plain(t.declineTitle, 24),
    submit: plain(t.save, 24),
    close: plain(t.cancel, 24),
    private_metadata: JSON.stringify({ improvementId }),
    blocks: [
      {
        type: "input",
        block_id: Field.Reason,
        label: plain(t.labelDeclineReason, 2000),
        element: { type: "plain_text_input", action_id: Field.Reason, multiline: true, max_length: 500 },
      },
    ],
  };
}

export interface ProposeFixMetadata {
  teamId: string;
  patternKey: string;
  patternLabel: string;
  periodStart: string;
  periodEnd: string;
}

export function proposeFixModal(t: Messages, metadata: ProposeFixMetadata, count: number): ModalView {
  return {
    type: "modal",
    callback_id: CallbackId.ProposeFixModal,
    title: plain(t.proposeFixTitle, 24),
    submit: plain(t.propose, 24),
    close: plain(t.cancel, 24),
    private_metadata: JSON.stringify(metadata),
    blocks: [
      context(
        t.improvementFrom(userText(shorten(metadata.patternLabel, 60)), count),
        channelLink(metadata.teamId),
      ),
      {
        type: "input",
        block_id: Field.Title,
        label: plain(t.labelTitle, 2000),
        element: {
          type: "plain_text_input",
          action_id: Field.Title,
          max_length: 150,
          initial_value: shorten(t.proposeFixDraft(metadata.patternLabel), 150),
        },
      },
      {
        type: "input",
        block_id: Field.Description,
        optional: true,
        label: plain(t.labelDescription, 2000),
        element: {
          type: "plain_text_input",
          action_id: Field.Description,
          multiline: true,
          max_length: 2000,
        },
      },
    ],
  };
}
