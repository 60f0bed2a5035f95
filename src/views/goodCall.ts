// Block Kit for good calls: the form, the confirmation people see after logging, the feed post.
import type { InputBlock, KnownBlock, ModalView } from "@slack/types";
import { formatDay, formatMoney, type Messages } from "../domain/i18n.ts";
import type { Offer } from "../domain/parse.ts";
import type { EntryRef, GoodCall, Language, Money, Team, Visibility } from "../domain/types.ts";
import { LIMITS } from "../domain/validate.ts";
import { ActionId, CallbackId, Field } from "./ids.ts";
import {
  type Blocks,
  button,
  context,
  mention,
  option,
  plain,
  section,
  shorten,
  userQuote,
  userText,
} from "./text.ts";
import { BlockIds, entryId, entryKey, type GoodCallFormMetadata, Metadata } from "./values.ts";

export const CURRENCIES = [
  "EUR",
  "USD",
  "GBP",
  "SEK",
  "NOK",
  "DKK",
  "CHF",
  "PLN",
  "CAD",
  "AUD",
  "JPY",
] as const;

export interface GoodCallDraft {
  what?: string;
  why?: string | null;
  tags?: string[];
  value?: Money | null;
  followUp?: boolean;
  promiseDue?: string | null;
  visibility?: Visibility;
  ruleInTheWay?: string | null;
}

/** "Who can see this": the team (the default) or only the author and the team's managers. */
export function visibilityInput(t: Messages, selected: Visibility | undefined): InputBlock {
  const team = option(t.privateCalls.optionTeam, "team");
  const onlyManagers = option(t.privateCalls.optionPrivate, "private");
  return {
    type: "input",
    block_id: Field.Visibility,
    label: plain(t.privateCalls.label, 2000),
    hint: plain(t.privateCalls.hint, 2000),
    element: {
      type: "radio_buttons",
      action_id: Field.Visibility,
      options: [team, onlyManagers],
      initial_option: selected === "private" ? onlyManagers : team,
    },
  };
}

/** The team's decision room in plain words: what its usual limit lets people do without asking. */
export function roomText(t: Messages, language: Language, limit: Money): string {
  return t.authority.room(formatMoney(limit, language));
}

/** A team picker, shown only when the team is not clear from where the person is. */
export function teamSelect(t: Messages, teams: Team[], selected?: string): InputBlock {
  const options = teams.slice(0, 100).map((team) => option(team.name ? `#${team.name}` : team.id, team.id));
  const initial = options.find((o) => o.value === selected);
  return {
    type: "input",
    block_id: Field.Team,
    label: plain(t.labelTeam, 2000),
    element: {
      type: "static_select",
      action_id: Field.Team,
      options,
      ...(initial ? { initial_option: initial } : {}),
    },
  };
}

export function currencySelect(actionId: string, selected: string | undefined) {
  const codes: string[] = [...CURRENCIES];
  if (selected && !codes.includes(selected)) codes.unshift(selected);
  const options = codes.map((code) => option(code, code));
  const initial = options.find((o) => o.value === (selected ?? "EUR"));
  return {
    type: "static_select" as const,
    action_id: actionId,
    options,
    ...(initial ? { initial_option: initial } : {}),
  };
}

export function amountText(value: Money | null | undefined): string | undefined {
  if (!value) return undefined;
  return value.cents % 100 === 0 ? String(value.cents / 100) : (value.cents / 100).toFixed(2);
}

export function goodCallModal(input: {
  t: Messages;
  metadata: GoodCallFormMetadata;
  teams: Team[] | null;
  draft: GoodCallDraft;
  defaultCurrency: string;
  /** The team's usual limit, shown as the room people have; absent when the team has none. */
  room?: { limit: Money; language: Language } | null;
}): ModalView {
  const { t, draft } = input;
  const blocks: KnownBlock[] = [];
  if (input.teams) blocks.push(teamSelect(t, input.teams, input.metadata.teamId));
  if (input.room) blocks.push(context(roomText(t, input.room.language, input.room.limit)));
  blocks.push(
    {
      type: "input",
      block_id: Field.What,
      label: plain(t.labelWhat, 2000),
      hint: plain(t.hintWhat, 2000),
      element: {
        type: "plain_text_input",
        action_id: Field.What,
        multiline: true,
        max_length: LIMITS.whatMax,
        ...(draft.what ? { initial_value: shorten(draft.what, LIMITS.whatMax) } : {}),
      },
    },
    {
      type: "input",
      block_id: Field.Why,
      optional: true,
      label: plain(t.labelWhy, 2000),
      element: {
        type: "plain_text_input",
        action_id: Field.Why,
        multiline: true,
        max_length: LIMITS.whyMax,
        ...(draft.why ? { initial_value: shorten(draft.why, LIMITS.whyMax) } : {}),
      },
    },
    {
      type: "input",
      block_id: Field.RuleInTheWay,
      optional: true,
      label: plain(t.authority.labelRule, 2000),
      hint: plain(t.authority.hintRule, 2000),
      element: {
        type: "plain_text_input",
        action_id: Field.RuleInTheWay,
        multiline: true,
        max_length: LIMITS.ruleMax,
        ...(draft.ruleInTheWay ? { initial_value: shorten(draft.ruleInTheWay, LIMITS.ruleMax) } : {}),
      },
    },
    {
      type: "input",
      block_id: Field.Tags,
      optional: true,
      label: plain(t.labelTags, 2000),
      hint: plain(t.hintTags, 2000),
      element: {
        type: "plain_text_input",
        action_id: Field.Tags,
        ...(draft.tags && draft.tags.length > 0 ? { initial_value: draft.tags.join(" ") } : {}),
      },
    },
    {
      type: "input",
      block_id: Field.Amount,
      optional: true,
      label: plain(t.labelAmount, 2000),
      hint: plain(t.hintAmount, 2000),
      element: {
        type: "plain_text_input",
        action_id: Field.Amount,
        ...(amountText(draft.value) ? { initial_value: amountText(draft.value) } : {}),
      },
    },
    {
      type: "input",
      block_id: Field.Currency,
      optional: true,
      label: plain(t.labelCurrency, 2000),
      element: currencySelect(Field.Currency, draft.value?.currency ?? input.defaultCurrency),
    },
    {
      type: "input",
      block_id: Field.FollowUp,
      optional: true,
      label: plain(t.labelFollowUp, 2000),
      element: {
        type: "checkboxes",
        action_id: Field.FollowUp,
        options: [option(t.followUpYes, "yes")],
        ...(draft.followUp ? { initial_options: [option(t.followUpYes, "yes")] } : {}),
      },
    },
    {
      type: "input",
      block_id: Field.PromiseDue,
      optional: true,
      label: plain(t.labelPromise, 2000),
      element: {
        type: "datepicker",
        action_id: Field.PromiseDue,
        ...(draft.promiseDue ? { initial_date: draft.promiseDue } : {}),
      },
    },
  );
  blocks.push(visibilityInput(t, draft.visibility));
  return {
    type: "modal",
    callback_id: CallbackId.GoodCallModal,
    title: plain(t.goodCallModalTitle, 24),
    submit: plain(t.save, 24),
    close: plain(t.cancel, 24),
    private_metadata: Metadata.goodCall.encode(input.metadata),
    blocks,
  };
}

/** A closing view that still tells people what they need to know (e.g. the customer-details note). */
export function savedModal(t: Messages, lines: string[]): ModalView {
  return {
    type: "modal",
    title: plain(t.savedModalTitle, 24),
    close: plain(t.close, 24),
    blocks: lines.map((line) => section(line)),
  };
}

function details(t: Messages, call: GoodCall, language: Language): string[] {
  const parts: string[] = [];
  if (call.value) parts.push(`*${t.value}:* ${formatMoney(call.value, language)}`);
  if (call.tags.length > 0)
    parts.push(`*${t.tags}:* ${call.tags.map((tag) => `#${userText(tag)}`).join(" ")}`);
  return parts;
}

/**
 * What the author sees right after logging. A promise read from the text is shown with *Not a
 * promise*, and a text that also reads as a subcommand (`offer`) gets a button for that reading, so a
 * wrong guess costs one click and never the text. `notice` says what a click on either just did.
 */
export function goodCallConfirmation(input: {
  t: Messages;
  language: Language;
  call: GoodCall;
  piiFound: boolean;
  teamName: string | null;
  offer?: Offer;
  notice?: string;
}): { text: string; blocks: Blocks } {
  const { t, call } = input;
  const blocks: Blocks = [section(`${t.logged(mention(call.authorId))}\n${userQuote(call.what)}`)];
  const info = details(t, call, input.language);
  if (input.teamName) info.push(t.loggedTo(`#${userText(input.teamName)}`));
  if (call.promiseDue) info.push(t.promiseNoted(formatDay(call.promiseDue, input.language)));
  if (info.length > 0) blocks.push(context(...info));
  if (call.visibility === "private") blocks.push(context(t.privateCalls.confirmation));
  if (input.piiFound) blocks.push(section(t.piiWarning));
  if (input.offer === "idea") blocks.push(context(t.ideaOffer));
  if (input.notice) blocks.push(context(input.notice));
  const id = entryId.encode(call.id);
  const buttons = [button(t.addDetails, ActionId.AddDetails, id), button(t.undo, ActionId.Undo, id)];
  // Only a pending promise can stop being one: a kept or broken one records what happened.
  if (call.promiseDue && call.promiseStatus === "pending") {
    buttons.push(button(t.notAPromise, ActionId.NotAPromise, id));
  }
  if (input.offer === "idea") buttons.push(button(t.proposeAsIdea, ActionId.ProposeAsIdea, id));
  blocks.push({ type: "actions", elements: buttons });
  return { text: t.logged(mention(call.authorId)), blocks };
}

export function feedGoodCall(input: { t: Messages; language: Language; call: GoodCall }): {
  text: string;
  blocks: Blocks;
} {
  const { t, call } = input;
  const lines = [`*${t.feedGoodCall(mention(call.authorId))}*`, userQuote(call.what)];
  if (call.why) lines.push(`*${t.why}:* ${userText(call.why)}`);
  const blocks: Blocks = [section(lines.join("\n"))];
  const info = details(t, call, input.language);
  if (info.length > 0) blocks.push(context(...info));
  blocks.push(appreciateRow(t, { kind: "goodCall", id: call.id }, call.appreciationCount));
  return { text: t.feedGoodCall(mention(call.authorId)), blocks };
}

export function appreciateRow(t: Messages, entry: EntryRef, count: number): KnownBlock {
  return {
    type: "actions",
    block_id: BlockIds.appreciate.encode(entry),
    elements: [
      button(
        count > 0 ? `💛 ${t.appreciate} · ${count}` : `💛 ${t.appreciate}`,
        ActionId.Appreciate,
        entryKey.encode(entry),
      ),
    ],
  };
}

/** Why a feed message no longer shows its entry. */
export type RemovedBy = "author" | "retention" | "private";

/**
 * What a feed message says once its entry is gone (removed by its author, or by the team's
 * retention) or was made private by its author.
 */
export function removedEntry(t: Messages, by: RemovedBy): { text: string; blocks: Blocks } {
  const text = { author: t.removed, retention: t.removedByRetention, private: t.privateCalls.takenDown }[by];
  return { text, blocks: [context(text)] };
}
