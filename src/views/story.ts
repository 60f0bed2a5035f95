// Block Kit for customer success stories: the form and the feed post.
import type { KnownBlock, ModalView } from "@slack/types";
import type { Messages } from "../domain/i18n.ts";
import type { GoodCall, Story, Team } from "../domain/types.ts";
import { LIMITS } from "../domain/validate.ts";
import { appreciateRow, teamSelect } from "./goodCall.ts";
import { CallbackId, Field } from "./ids.ts";
import { type Blocks, context, mention, option, plain, section, shorten, userText } from "./text.ts";
import { Metadata, type StoryFormMetadata } from "./values.ts";

export interface StoryDraft {
  title?: string;
  body?: string;
  quote?: string;
  goodCallId?: number;
}

export function storyModal(input: {
  t: Messages;
  metadata: StoryFormMetadata;
  teams: Team[] | null;
  draft: StoryDraft;
  relatedGoodCalls: GoodCall[];
}): ModalView {
  const { t, draft } = input;
  const blocks: KnownBlock[] = [];
  if (input.teams) blocks.push(teamSelect(t, input.teams, input.metadata.teamId));
  if (input.metadata.source) blocks.push(context(`:link: ${t.fromMessage}`));
  blocks.push(
    {
      type: "input",
      block_id: Field.Title,
      label: plain(t.labelTitle, 2000),
      element: {
        type: "plain_text_input",
        action_id: Field.Title,
        max_length: LIMITS.titleMax,
        ...(draft.title ? { initial_value: shorten(draft.title, LIMITS.titleMax) } : {}),
      },
    },
    {
      type: "input",
      block_id: Field.Body,
      label: plain(t.labelStory, 2000),
      hint: plain(t.hintStory, 2000),
      element: {
        type: "plain_text_input",
        action_id: Field.Body,
        multiline: true,
        max_length: LIMITS.storyMax,
        ...(draft.body ? { initial_value: shorten(draft.body, LIMITS.storyMax) } : {}),
      },
    },
    {
      type: "input",
      block_id: Field.Quote,
      optional: true,
      label: plain(t.labelQuote, 2000),
      element: {
        type: "plain_text_input",
        action_id: Field.Quote,
        multiline: true,
        max_length: LIMITS.quoteMax,
        ...(draft.quote ? { initial_value: shorten(draft.quote, LIMITS.quoteMax) } : {}),
      },
    },
  );
  if (input.relatedGoodCalls.length > 0) {
    const options = input.relatedGoodCalls
      .slice(0, 100)
      .map((call) => option(shorten(call.what, 75), String(call.id)));
    const initial = options.find((o) => o.value === String(draft.goodCallId));
    blocks.push({
      type: "input",
      block_id: Field.RelatedGoodCall,
      optional: true,
      label: plain(t.labelRelated, 2000),
      element: {
        type: "static_select",
        action_id: Field.RelatedGoodCall,
        options,
        ...(initial ? { initial_option: initial } : {}),
      },
    });
  }
  return {
    type: "modal",
    callback_id: CallbackId.StoryModal,
    title: plain(t.storyModalTitle, 24),
    submit: plain(t.save, 24),
    close: plain(t.cancel, 24),
    private_metadata: Metadata.story.encode(input.metadata),
    blocks,
  };
}

export function feedStory(input: { t: Messages; story: Story }): { text: string; blocks: Blocks } {
  const { t, story } = input;
  const blocks: Blocks = [
    section(`*${t.feedStory(mention(story.authorId))}*\n*${userText(story.title)}*\n${userText(story.body)}`),
  ];
  const info: string[] = [];
  if (story.quote) info.push(`${t.quoteFrom}: _“${userText(story.quote)}”_`);
  if (story.permalink) info.push(`<${story.permalink}|${t.originalMessage}>`);
  if (info.length > 0) blocks.push(context(...info));
  blocks.push(appreciateRow(t, { kind: "story", id: story.id }, story.appreciationCount));
  return { text: t.feedStory(mention(story.authorId)), blocks };
}
