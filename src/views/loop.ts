// Block Kit for the improvement loop: "did it help?", promise reminders, improvements and their forms.
import type { KnownBlock, ModalView } from "@slack/types";
import { formatShortDate, type Messages } from "../domain/i18n.ts";
import {
  allowedNext,
  DECLINE_REASON_MAX,
  IMPROVEMENT_TITLE_MAX,
  type ImprovementStatus,
} from "../domain/improvement.ts";
import type { PatternExample } from "../domain/patterns.ts";
import type { PromiseAnswer } from "../domain/promise.ts";
import { type GoodCall, OUTCOMES } from "../domain/types.ts";
import { LIMITS } from "../domain/validate.ts";
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
import {
  BlockIds,
  improvementStatusChoice,
  Metadata,
  outcomeAnswer,
  type ProposeFixMetadata,
  promiseAnswer,
} from "./values.ts";

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

/**
 * "Did it help?" days later: the day it was logged (on the team's calendar, in the reader's language)
 * and its text, so the author knows which call is meant without scrolling back.
 */
export function followUpDm(t: Messages, call: GoodCall, timeZone: string): { text: string; blocks: Blocks } {
  const ask = t.followUpAsk(formatShortDate(t, call.createdAt, timeZone));
  return {
    text: ask,
    blocks: [
      section(`${ask}\n${userQuote(shorten(call.what, 1000))}`),
      {
        type: "actions",
        block_id: BlockIds.outcome.encode(call.id),
        elements: OUTCOMES.map((o) =>
          button(
            t.outcomeLabels[o],
            actionVariant(ActionId.Outcome, o),
            outcomeAnswer.encode({ goodCallId: call.id, outcome: o }),
            o === "helped" ? "primary" : undefined,
          ),
        ),
      },
    ],
  };
}

export function promiseDm(t: Messages, call: GoodCall, dueText: string): { text: string; blocks: Blocks } {
  const answer = (a: PromiseAnswer) => promiseAnswer.encode({ goodCallId: call.id, answer: a });
  return {
    text: t.promiseAsk(dueText),
    blocks: [
      section(`${t.promiseAsk(dueText)}\n${userQuote(shorten(call.what, 1000))}`),
      {
        type: "actions",
        block_id: BlockIds.promise.encode(call.id),
        elements: [
          button(t.promiseKept, actionVariant(ActionId.Promise, "kept"), answer("kept"), "primary"),
          button(t.promiseLater, actionVariant(ActionId.Promise, "later"), answer("later")),
          button(t.promiseBroken, actionVariant(ActionId.Promise, "broken"), answer("broken")),
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
    private_metadata: Metadata.outcomeNote.encode({ goodCallId }),
    blocks: [
      {
        type: "input",
        block_id: Field.Note,
        optional: true,
        label: plain(t.labelOutcomeNote, 2000),
        element: {
          type: "plain_text_input",
          action_id: Field.Note,
          multiline: true,
          max_length: LIMITS.noteMax,
        },
      },
    ],
  };
}

/** The improvement as its team sees it, with a status menu for whoever may change it. */
export function improvementBlocks(t: Messages, improvement: ImprovementView): Blocks {
  const lines = [`💡 *${userText(shorten(improvement.title, 150))}*`];
  if (improvement.description) lines.push(userText(shorten(improvement.description, 1000)));
  const meta = [`*${t.improvementStatuses[improvement.status]}*`];
  // No owner when the one who had it asked to be forgotten and the team had no other manager to take it.
  if (improvement.ownerId) meta.push(t.improvementOwner(mention(improvement.ownerId)));
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
      block_id: BlockIds.improvement.encode(improvement.id),
      elements: [
        {
          type: "static_select",
          action_id: ActionId.ImprovementStatus,
          placeholder: plain(t.changeStatus, 150),
          options: next.map((status) =>
            option(
              t.improvementStatuses[status],
              improvementStatusChoice.encode({ improvementId: improvement.id, status }),
            ),
          ),
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
  const title = userText(shorten(improvement.title, 150));
  // A proposer who asked to be forgotten is named by nobody rather than by someone else. The
  // notification text names the title; in the message the blocks below show it, so the line above
  // them does not.
  const posted = improvement.proposerId
    ? t.improvementPosted(mention(improvement.proposerId), title)
    : t.improvementPostedByNobody(title);
  const byLine = improvement.proposerId
    ? t.improvementProposedBy(mention(improvement.proposerId))
    : t.improvementProposedByNobody;
  return { text: posted, blocks: [context(byLine), ...improvementBlocks(t, improvement)] };
}

export function declineModal(t: Messages, improvementId: number): ModalView {
  return {
    type: "modal",
    callback_id: CallbackId.DeclineModal,
    title: plain(t.declineTitle, 24),
    submit: plain(t.save, 24),
    close: plain(t.cancel, 24),
    private_metadata: Metadata.decline.encode({ improvementId }),
    blocks: [
      {
        type: "input",
        block_id: Field.Reason,
        label: plain(t.labelDeclineReason, 2000),
        element: {
          type: "plain_text_input",
          action_id: Field.Reason,
          multiline: true,
          max_length: DECLINE_REASON_MAX,
        },
      },
    ],
  };
}

/** A pattern's examples for the people proposing a fix; a private good call is shown without its words. */
function examplesBlock(t: Messages, examples: PatternExample[]): KnownBlock[] {
  if (examples.length === 0) return [];
  const lines = examples.map((example) =>
    example.kind === "private"
      ? t.privateCalls.placeholder
      : `${mention(example.authorId)}: ${userText(shorten(example.what, 150))}`,
  );
  return [context(t.privateCalls.patternExamples, ...lines)];
}

export function proposeFixModal(
  t: Messages,
  metadata: ProposeFixMetadata,
  count: number,
  examples: PatternExample[],
): ModalView {
  return {
    type: "modal",
    callback_id: CallbackId.ProposeFixModal,
    title: plain(t.proposeFixTitle, 24),
    submit: plain(t.propose, 24),
    close: plain(t.cancel, 24),
    private_metadata: Metadata.proposeFix.encode(metadata),
    blocks: [
      context(
        t.improvementFrom(userText(shorten(metadata.patternLabel, 60)), count),
        channelLink(metadata.teamId),
      ),
      ...examplesBlock(t, examples),
      {
        type: "input",
        block_id: Field.Title,
        label: plain(t.labelTitle, 2000),
        element: {
          type: "plain_text_input",
          action_id: Field.Title,
          max_length: IMPROVEMENT_TITLE_MAX,
          initial_value: shorten(t.proposeFixDraft(metadata.patternLabel), IMPROVEMENT_TITLE_MAX),
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
          max_length: LIMITS.descriptionMax,
        },
      },
    ],
  };
}
