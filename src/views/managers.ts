// Block Kit for managers: instant DMs, daily roundups, the weekly summary, and saying thanks.
import type { KnownBlock, ModalView } from "@slack/types";
import type { AuthoritySection } from "../domain/authority.ts";
import { formatMoney, type Messages } from "../domain/i18n.ts";
import { isAboveLimit, type ManagerSummary, roundDuration } from "../domain/managerSummary.ts";
import { isRulePattern } from "../domain/patterns.ts";
import { formatPeriod } from "../domain/period.ts";
import type {
  DigestCall,
  EntryRef,
  GoodCall,
  Language,
  ManagerPreference,
  Money,
  Story,
  Team,
} from "../domain/types.ts";
import { MANAGER_PREFERENCES } from "../domain/types.ts";
import { LIMITS } from "../domain/validate.ts";
import { promisesText } from "./digest.ts";
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
  entryId,
  entryKey,
  Metadata,
  managerPreferenceChoice,
  proposeFixValue,
  raiseLimitValue,
  type ThanksFormMetadata,
  thanksChoiceValue,
} from "./values.ts";

function goodCallLines(t: Messages, language: Language, call: GoodCall, limit: Money | null): string[] {
  const lines = [`*${t.instantGoodCall(mention(call.authorId))}*`, userQuote(shorten(call.what, 1000))];
  if (call.why) lines.push(`*${t.why}:* ${userText(shorten(call.why, 500))}`);
  const extra: string[] = [];
  if (call.value) extra.push(`*${t.value}:* ${formatMoney(call.value, language)}`);
  if (call.tags.length > 0)
    extra.push(`*${t.tags}:* ${call.tags.map((tag) => `#${userText(tag)}`).join(" ")}`);
  if (extra.length > 0) lines.push(extra.join(" · "));
  if (call.ruleInTheWay)
    lines.push(`*${t.authority.ruleLine}:* ${userText(shorten(call.ruleInTheWay, LIMITS.ruleMax))}`);
  if (limit && isAboveLimit(call.value, limit))
    lines.push(`:speech_balloon: ${t.aboveLimitNote(formatMoney(limit, language))}`);
  if (call.visibility === "private") lines.push(t.privateCalls.managerNote(mention(call.authorId)));
  return lines;
}

/** A good call in one line of the weekly summary: its author, words and value; `marked` says when it is private. */
function summaryLine(t: Messages, language: Language, call: DigestCall, marked: boolean): string {
  const mark = marked && call.visibility === "private" ? ` · ${t.privateCalls.mark}` : "";
  const value = call.value ? ` (${formatMoney(call.value, language)})` : "";
  return `• ${mention(call.authorId)}: ${userText(shorten(call.what, 200))}${value}${mark}`;
}

/** Up to 10 private good calls in the weekly summary; they are in no digest. */
const SUMMARY_PRIVATE_MAX = 10;

export function thanksButtons(t: Messages, entry: EntryRef, withShare: boolean): KnownBlock {
  const value = entryKey.encode(entry);
  const elements = [button(t.sayThanks, ActionId.SayThanks, value, "primary")];
  if (withShare) elements.push(button(t.shareAsStory, ActionId.ShareAsStory, value));
  return { type: "actions", block_id: BlockIds.thanks.encode(entry), elements };
}

export function instantGoodCallDm(
  t: Messages,
  language: Language,
  team: Team,
  call: GoodCall,
): { text: string; blocks: Blocks } {
  return {
    text: t.instantGoodCall(mention(call.authorId)),
    blocks: [
      section(goodCallLines(t, language, call, team.usualLimit).join("\n")),
      context(channelLink(team.id)),
      thanksButtons(t, { kind: "goodCall", id: call.id }, true),
    ],
  };
}

export function instantStoryDm(t: Messages, team: Team, story: Story): { text: string; blocks: Blocks } {
  return {
    text: t.instantStory(mention(story.authorId)),
    blocks: [
      section(
        `*${t.instantStory(mention(story.authorId))}*\n*${userText(shorten(story.title, 150))}*\n${userText(shorten(story.body, 1500))}`,
      ),
      context(channelLink(team.id)),
      thanksButtons(t, { kind: "story", id: story.id }, false),
    ],
  };
}

/** One DM with the day's good calls and stories; at most 20 of each, each with its thanks button. */
export function roundupDm(
  t: Messages,
  language: Language,
  team: Team,
  calls: GoodCall[],
  stories: Story[],
): { text: string; blocks: Blocks } {
  const title = t.roundupTitle(channelLink(team.id));
  const blocks: Blocks = [section(`*${title}*`)];
  for (const call of calls.slice(0, 20)) {
    blocks.push(section(goodCallLines(t, language, call, team.usualLimit).join("\n")));
    blocks.push(thanksButtons(t, { kind: "goodCall", id: call.id }, false));
  }
  for (const story of stories.slice(0, Math.max(0, 24 - Math.min(calls.length, 20)))) {
    blocks.push(
      section(`*${t.instantStory(mention(story.authorId))}*\n*${userText(shorten(story.title, 150))}*`),
    );
    blocks.push(thanksButtons(t, { kind: "story", id: story.id }, false));
  }
  return { text: title, blocks: blocks.slice(0, 50) };
}

/** A duration as people say it: "45 minutes", "3 hours", "2 days". */
export function duration(t: Messages, ms: number): string {
  const d = roundDuration(ms);
  return d.unit === "min"
    ? t.durationMinutes(d.value)
    : d.unit === "h"
      ? t.durationHours(d.value)
      : t.durationDays(d.value);
}

export interface SummaryLoop {
  patterns: Array<{ key: string; label: string; count: number; people: number }>;
  openImprovements: number;
  promises: { kept: number; broken: number; open: number };
}

/**
 * The summary's part about the team's room: the rules that got in the way most, quoted in the
 * newest author's words, and, when the quarter's outcomes support it, a proposal to raise the usual
 * limit with its evidence and a button to the settings with the suggestion filled in.
 */
function authorityBlocks(
  t: Messages,
  language: Language,
  teamId: string,
  authority: AuthoritySection,
): Blocks {
  const blocks: Blocks = [];
  if (authority.rules.length > 0) {
    const lines = authority.rules.map((rule) => {
      const quote = `“${userText(shorten(rule.quote, 200))}”`;
      return rule.label
        ? `• *${userText(shorten(rule.label, 80))}* · ${t.authority.summaryRuleCount(rule.count, rule.people)}: ${quote}`
        : `• ${quote}`;
    });
    blocks.push(section(`${t.authority.summaryRulesTitle}\n${lines.join("\n")}`));
  }
  const raise = authority.raise;
  if (raise) {
    const suggested = formatMoney(raise.suggested, language);
    blocks.push(
      section(
        `${t.authority.raiseTitle}\n${t.authority.raiseEvidence(raise.helped, raise.answered, formatMoney(raise.current, language))} ${t.authority.raiseSuggest(suggested)}`,
      ),
      {
        type: "actions",
        elements: [
          button(
            t.authority.raiseButton(suggested),
            ActionId.RaiseLimit,
            raiseLimitValue.encode({ teamId, suggested: raise.suggested }),
            "primary",
          ),
        ],
      },
    );
  }
  return blocks;
}

export function managerSummaryDm(
  t: Messages,
  summary: ManagerSummary,
  usualLimit: Money | null,
  loop?: SummaryLoop,
  authority?: AuthoritySection,
): { text: string; blocks: Blocks } {
  const language = summary.language;
  const title = t.summaryTitle(
    channelLink(summary.teamId),
    formatPeriod(summary.period, summary.timeZone, language),
  );
  const blocks: Blocks = [section(`*${title}*`)];
  const n = summary.totals;
  if (n.goodCalls === 0 && n.stories === 0) {
    blocks.push(section(t.summaryQuiet));
  } else {
    const numbers = [
      t.statGoodCalls(n.goodCalls),
      t.statStories(n.stories),
      t.appreciations(n.appreciations),
    ];
    if (n.valueGiven.length > 0)
      numbers.push(t.statValue(n.valueGiven.map((m) => formatMoney(m, language)).join(", ")));
    blocks.push(section(numbers.join(" · ")));
    blocks.push(
      section(
        summary.unthanked.length > 0
          ? t.summaryUnthanked(shorten(summary.unthanked.map(mention).join(", "), 2500))
          : t.summaryAllThanked,
      ),
    );
    const ack = [t.summaryAcknowledged(summary.acknowledged.count, summary.acknowledged.total)];
    if (summary.medianMsToFirstThanks !== null)
      ack.push(t.summaryMedian(duration(t, summary.medianMsToFirstThanks)));
    blocks.push(context(ack.join(" · ")));
    if (summary.aboveLimit.length > 0 && usualLimit) {
      const lines = summary.aboveLimit.slice(0, 10).map((call) => summaryLine(t, language, call, true));
      blocks.push(section(`${t.summaryAboveLimit(formatMoney(usualLimit, language))}\n${lines.join("\n")}`));
    }
    if (summary.privateCalls.length > 0) {
      const shown = summary.privateCalls.slice(0, SUMMARY_PRIVATE_MAX);
      const lines = shown.map((call) => summaryLine(t, language, call, false));
      const rest = summary.privateCalls.length - shown.length;
      if (rest > 0) lines.push(`• ${t.digestAndMore(rest)}`);
      blocks.push(section(`${t.privateCalls.summaryTitle}\n${lines.join("\n")}`));
    }
  }
  if (authority) blocks.push(...authorityBlocks(t, language, summary.teamId, authority));
  if (loop && loop.patterns.length > 0) {
    const lines = loop.patterns.map(
      (p) =>
        `• *${userText(shorten(p.label, 80))}*: ${isRulePattern(p.key) ? t.authority.rulePattern(p.count, p.people) : t.digestPattern(p.count, p.people)}`,
    );
    blocks.push({
      type: "section",
      text: { type: "mrkdwn", text: `${t.summaryPatterns}\n${lines.join("\n")}` },
    });
    blocks.push({
      type: "actions",
      elements: loop.patterns
        .slice(0, 3)
        .map((p, i) =>
          button(
            `${t.proposeFix}: ${shorten(p.label, 40)}`,
            actionVariant(ActionId.ProposeFix, i),
            proposeFixValue.encode({ patternKey: p.key, teamId: summary.teamId }),
          ),
        ),
    });
  }
  if (loop) {
    const facts = [t.summaryOpenImprovements(loop.openImprovements)];
    const p = loop.promises;
    if (p.kept + p.broken + p.open > 0) facts.push(promisesText(t, p));
    blocks.push(context(facts.join(" · ")));
  }
  if (summary.retention) {
    const r = summary.retention;
    blocks.push(context(t.summaryRetention(r.months, r.goodCalls, r.stories)));
  }
  if (summary.unreachableManagers.length > 0) {
    blocks.push(context(t.summaryUnreachable(summary.unreachableManagers.map(mention).join(", "))));
  }
  return { text: title, blocks };
}

export function thanksModal(t: Messages, metadata: ThanksFormMetadata, recipient: string): ModalView {
  return {
    type: "modal",
    callback_id: CallbackId.ThanksModal,
    title: plain(t.thanksModalTitle, 24),
    submit: plain(t.send, 24),
    close: plain(t.cancel, 24),
    private_metadata: Metadata.thanks.encode(metadata),
    blocks: [
      section(`💛 ${mention(recipient)}`),
      {
        type: "input",
        block_id: Field.Note,
        optional: true,
        label: plain(t.labelNote, 2000),
        hint: plain(t.hintNote, 2000),
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

/** What the author of a thanked entry is told, with the note if there is one. */
export function thankedYouDm(
  t: Messages,
  from: string,
  entry: { kind: "goodCall"; call: GoodCall } | { kind: "story"; story: Story },
  note: string | null,
) {
  const head =
    entry.kind === "goodCall" ? t.thankedYouGoodCall(mention(from)) : t.thankedYouStory(mention(from));
  const about =
    entry.kind === "goodCall"
      ? userQuote(shorten(entry.call.what, 500))
      : `*${userText(shorten(entry.story.title, 150))}*`;
  const blocks: Blocks = [section(`💛 *${head}*\n${about}`)];
  if (note) blocks.push(section(userQuote(note)));
  return { text: head, blocks };
}

export function thanksChoice(
  t: Messages,
  user: string,
  call: GoodCall,
  story: Story,
  note: string,
): { text: string; blocks: Blocks } {
  const value = (entry: EntryRef) => thanksChoiceValue.encode({ entry, to: user, note });
  return {
    text: t.thanksWhichOne(mention(user)),
    blocks: [
      section(t.thanksWhichOne(mention(user))),
      {
        type: "actions",
        elements: [
          button(
            t.thanksForGoodCall(shorten(call.what, 50)),
            actionVariant(ActionId.ThanksChoice, "gc"),
            value({ kind: "goodCall", id: call.id }),
          ),
          button(
            t.thanksForStory(shorten(story.title, 50)),
            actionVariant(ActionId.ThanksChoice, "st"),
            value({ kind: "story", id: story.id }),
          ),
        ],
      },
    ],
  };
}

export function storyConsentRequest(
  t: Messages,
  manager: string,
  story: Story,
): { text: string; blocks: Blocks } {
  const ask = t.storyConsentAsk(mention(manager), userText(shorten(story.title, 150)));
  return {
    text: ask,
    blocks: [
      section(ask),
      section(userText(shorten(story.body, 2000))),
      {
        type: "actions",
        elements: [
          button(t.shareIt, ActionId.StoryConsentYes, entryId.encode(story.id), "primary"),
          button(t.notNow, ActionId.StoryConsentNo, entryId.encode(story.id)),
        ],
      },
    ],
  };
}

/** The preference select shown to a manager in App Home, one per team they manage. */
export function preferenceBlock(t: Messages, team: Team, current: ManagerPreference): KnownBlock {
  const options = MANAGER_PREFERENCES.map((p) =>
    option(t.preferences[p], managerPreferenceChoice.encode({ teamId: team.id, preference: p })),
  );
  return {
    type: "section",
    block_id: BlockIds.preference.encode(team.id),
    text: { type: "mrkdwn", text: `${t.homeManaging(channelLink(team.id))}\n${t.labelPreference}` },
    accessory: {
      type: "static_select",
      action_id: ActionId.ManagerPreference,
      options,
      initial_option: options[MANAGER_PREFERENCES.indexOf(current)] ?? options[2],
    },
  };
}

/** The entries a DM offers thanks for, read back from its blocks. */
export function thanksOffered(blocks: KnownBlock[]): EntryRef[] {
  return blocks.flatMap((block) => {
    const entry = BlockIds.thanks.decode(block.block_id);
    return entry ? [entry] : [];
  });
}

export function replaceThanksButtons(blocks: KnownBlock[], entry: EntryRef, label: string): KnownBlock[] {
  const thanks = BlockIds.thanks.encode(entry);
  return blocks.map((block) =>
    block.block_id === thanks
      ? {
          type: "context",
          block_id: BlockIds.thanked.encode(entry),
          elements: [{ type: "mrkdwn", text: label }],
        }
      : block,
  );
}
