// The weekly recognition digest as a Slack message, and as plain text for the CLI's dry run.
import type { KnownBlock } from "@slack/types";
import { change, type Digest, type DigestSection, promiseRate } from "../domain/digest.ts";
import { formatMoney, type Messages } from "../domain/i18n.ts";
import { isRulePattern } from "../domain/patterns.ts";
import { formatPeriod } from "../domain/period.ts";
import { maskPii } from "../domain/pii.ts";
import type { Language, Money } from "../domain/types.ts";
import { ActionId } from "./ids.ts";
import { button, context, mention, plain, section, shorten, userQuote, userText } from "./text.ts";
import { proposeFixValue } from "./values.ts";

// Slack's limits, and our own caps that keep the worst case (hundreds of people, thousands of good calls)
// inside them: see the block count worked out at renderDigest.
const MAX_BLOCKS = 50;
const MAX_SECTION = 3000;
const MAX_THANKED = 150;
const MAX_FIRST_TIMERS = 50;
const MAX_PATTERNS = 5;
const MAX_PROPOSED = 5;
const MAX_COMPLETED = 3;
const MAX_PEOPLE_PER_IMPROVEMENT = 10;
const MAX_TAGS = 5;

interface Action {
  text: string;
  actionId: string;
  value: string;
}

/** One renderer-neutral piece of the digest; renderDigest turns each into a block, the preview into lines. */
type Part =
  | { kind: "header"; text: string }
  | { kind: "context"; texts: string[] }
  | { kind: "section"; text: string; action?: Action }
  | { kind: "divider" }
  | { kind: "actions"; actions: Action[] };

/** How text is marked up: Slack mrkdwn with escaped user text, or plain text for a terminal. */
interface Style {
  bold(text: string): string;
  /** Already masked and shortened user text, made safe for the output. */
  user(text: string): string;
  quote(text: string): string;
  link(url: string, label: string): string;
}

const slack: Style = {
  bold: (text) => `*${text}*`,
  user: userText,
  quote: userQuote,
  link: (url, label) => `<${url}|${label}>`,
};

// The preview goes to an operator's terminal, never to Slack, so user text is shown as typed (masked only).
const plainText: Style = {
  bold: (text) => text,
  user: maskPii,
  quote: (text) => `“${maskPii(text)}”`,
  link: (url) => url,
};

export function renderDigest(digest: Digest, t: Messages): { text: string; blocks: KnownBlock[] } {
  return { text: fallbackText(digest, t), blocks: digestParts(digest, t, slack).map(toBlock) };
}

export function renderDigestPreview(digest: Digest, t: Messages): string {
  return digestParts(digest, t, plainText).map(toLines).join("\n");
}

function title(digest: Digest, t: Messages): string {
  return `${t.digestTitle} · ${formatPeriod(digest.period, digest.timeZone, digest.language)}`;
}

/** The notification text: short, because it is what phones and screen readers announce. */
function fallbackText(digest: Digest, t: Messages): string {
  if (digest.empty) return title(digest, t);
  return `${title(digest, t)}: ${t.statGoodCalls(digest.totals.goodCalls)}, ${t.statStories(digest.totals.stories)}`;
}

/**
 * Worst case, with every cap reached: header, late note, numbers (3); thanks (3, as 150 names with their
 * counts, about 42 characters each, fit in three sections) and first timers (1); spotlight (1 + 3 × 2);
 * notable (2 + 5 × 2); outcomes (1), patterns (1 + 5), improvements (1 + 3); five dividers and the
 * buttons (6) = 43.
 * Sections beyond what fits are dropped rather than letting Slack reject the whole digest.
 */
function digestParts(digest: Digest, t: Messages, style: Style): Part[] {
  const parts: Part[] = [{ kind: "header", text: title(digest, t) }];
  if (digest.late) parts.push({ kind: "context", texts: [t.digestLate] });
  const buttons: Part = {
    kind: "actions",
    actions: [
      { text: t.logGoodCall, actionId: ActionId.OpenGoodCallModal, value: "digest" },
      { text: t.shareStory, actionId: ActionId.OpenStoryModal, value: "digest" },
    ],
  };
  if (digest.empty) {
    // A late digest is about a week that is over: "nothing logged yet" would read as if it were still running.
    parts.push({ kind: "section", text: digest.late ? t.digestEmptyLate : t.digestEmpty });
  } else {
    parts.push({ kind: "section", text: headline(digest, t, style) });
    parts.push(...thanksParts(digest, t, style));
    parts.push(...spotlightParts(digest, t, style));
    parts.push(...notableParts(digest, t, style));
  }
  // A quiet week still reports what closes the loop: fixes completed, promises kept.
  for (const extra of digest.sections) {
    const group = sectionParts(extra, digest.language, t, style);
    if (group.length === 0) continue;
    const withDivider: Part[] = [{ kind: "divider" }, ...group];
    if (parts.length + withDivider.length + 1 > MAX_BLOCKS) break;
    parts.push(...withDivider);
  }
  parts.push(buttons);
  return parts;
}

// NOTE: the digest is rendered for every team of a run, so nothing here makes a function per call:
// V8 keeps a function's optimized code only while a closure of it lives, and callbacks made anew for
// each digest were optimized again after every full garbage collection (see README, Performance).
function headline(digest: Digest, t: Messages, style: Style): string {
  const { totals, previous } = digest;
  // No previous period to compare with (a new team's first week): the numbers stand alone.
  const lines = [
    countLine(t, style, t.statGoodCalls, totals.goodCalls, previous?.goodCalls ?? null),
    countLine(t, style, t.digestPeople, totals.people, previous?.people ?? null),
    countLine(t, style, t.statStories, totals.stories, previous?.stories ?? null),
  ];
  const value = valueLine(totals.valueGiven, previous?.valueGiven ?? null, digest.language, t, style);
  if (value) lines.push(`• ${value}`);
  lines.push(countLine(t, style, t.appreciations, totals.appreciations, previous?.appreciations ?? null));
  return lines.join("\n");
}

function countLine(
  t: Messages,
  style: Style,
  label: (n: number) => string,
  now: number,
  before: number | null,
): string {
  const changed = before === null ? "" : ` (${changeText(t, now, before, String(Math.abs(now - before)))})`;
  return `• ${style.bold(label(now))}${changed}`;
}

/** "up 3", "down 3" or "same": `size` is how much it changed, written out. */
function changeText(t: Messages, now: number, before: number, size: string): string {
  const { direction } = change(now, before);
  if (direction === "same") return t.digestSame;
  return direction === "up" ? t.digestUp(size) : t.digestDown(size);
}

/**
 * Each currency given in either period, with its change (only with a previous period to compare
 * with); nothing at all in both periods leaves the line out.
 */
function valueLine(
  now: Money[],
  before: Money[] | null,
  language: Language,
  t: Messages,
  style: Style,
): string | null {
  const given = new Set<string>();
  for (const money of now) given.add(money.currency);
  for (const money of before ?? []) given.add(money.currency);
  if (given.size === 0) return null;
  const amounts: string[] = [];
  for (const currency of [...given].sort()) {
    const current = centsIn(now, currency);
    const shown = style.bold(formatMoney({ cents: current, currency }, language));
    if (before === null) {
      amounts.push(shown);
      continue;
    }
    const previous = centsIn(before, currency);
    const size = formatMoney({ cents: Math.abs(current - previous), currency }, language);
    amounts.push(`${shown} (${changeText(t, current, previous, size)})`);
  }
  return t.digestValueGiven(amounts.join(", "));
}

function centsIn(amounts: readonly Money[], currency: string): number {
  for (const money of amounts) if (money.currency === currency) return money.cents;
  return 0;
}

function thanksParts(digest: Digest, t: Messages, style: Style): Part[] {
  // "Anna (3 good calls)": a bare "×3" left people guessing what was counted. A name alone means one entry.
  const names: string[] = [];
  for (const { userId, goodCalls, stories } of digest.thanks.slice(0, MAX_THANKED)) {
    names.push(
      goodCalls + stories > 1
        ? `${mention(userId)} (${t.digestEntries(goodCalls, stories)})`
        : mention(userId),
    );
  }
  const hidden = digest.thanks.length - names.length;
  const texts = packNames(style.bold(t.digestThanks), names, hidden > 0 ? t.digestMoreInHome(hidden) : null);
  const parts: Part[] = [];
  for (const text of texts) parts.push({ kind: "section", text });
  if (digest.firstTimers.length > 0) {
    const shown = digest.firstTimers.slice(0, MAX_FIRST_TIMERS).map(mention);
    const rest = digest.firstTimers.length - shown.length;
    const names = rest > 0 ? `${shown.join(", ")} ${t.digestAndMore(rest)}` : shown.join(", ");
    parts.push({ kind: "section", text: t.digestFirstTimers(names) });
  }
  return parts;
}

/** Names after an intro line, split into as many texts as the section limit needs. */
function packNames(intro: string, names: string[], tail: string | null): string[] {
  const texts: string[] = [];
  let current = `${intro}\n`;
  let first = true;
  for (const name of names) {
    const piece = first ? name : `, ${name}`;
    if (current.length + piece.length > MAX_SECTION) {
      texts.push(current);
      current = name;
    } else {
      current += piece;
    }
    first = false;
  }
  if (tail) {
    if (current.length + tail.length + 1 > MAX_SECTION) {
      texts.push(current);
      current = tail;
    } else {
      current += ` ${tail}`;
    }
  }
  texts.push(current);
  return texts;
}

function spotlightParts(digest: Digest, t: Messages, style: Style): Part[] {
  if (digest.spotlight.length === 0) return [];
  const parts: Part[] = [{ kind: "divider" }, { kind: "section", text: style.bold(t.digestSpotlight) }];
  for (const story of digest.spotlight) {
    const lines = [
      style.bold(excerpt(style.user, oneLine(story.title), 150, 500)),
      excerpt(style.user, story.body, 500, 1600),
    ];
    if (story.quote) lines.push(excerpt(style.quote, oneLine(story.quote), 300, 800));
    const meta = [t.digestBy(mention(story.authorId))];
    if (story.appreciationCount > 0) meta.push(`💛 ${t.appreciations(story.appreciationCount)}`);
    if (story.permalink && SAFE_URL.test(story.permalink))
      meta.push(style.link(story.permalink, t.originalMessage));
    parts.push({ kind: "section", text: lines.join("\n") }, { kind: "context", texts: meta });
  }
  return parts;
}

// Permalinks come from Slack, but a character that ends the <url|label> markup must never reach it.
const SAFE_URL = /^https:\/\/[^\s<>|]+$/u;

function notableParts(digest: Digest, t: Messages, style: Style): Part[] {
  if (digest.notable.length === 0) return [];
  const parts: Part[] = [
    { kind: "divider" },
    { kind: "section", text: style.bold(t.digestNotable) },
    // Said out loud, so nobody wonders why their call is not here (see chooseNotable).
    { kind: "context", texts: [t.digestNotableHow] },
  ];
  for (const call of digest.notable) {
    const meta = [t.digestBy(mention(call.authorId))];
    if (call.value) meta.push(`${t.value}: ${formatMoney(call.value, digest.language)}`);
    if (call.appreciationCount > 0) meta.push(`💛 ${t.appreciations(call.appreciationCount)}`);
    if (call.tags.length > 0) {
      const tags: string[] = [];
      for (const tag of call.tags.slice(0, MAX_TAGS)) tags.push(`#${excerpt(style.user, tag, 40, 200)}`);
      meta.push(tags.join(" "));
    }
    parts.push(
      { kind: "section", text: excerpt(style.quote, call.what, 300, 1500) },
      { kind: "context", texts: meta },
    );
  }
  return parts;
}

function sectionParts(extra: DigestSection, language: Language, t: Messages, style: Style): Part[] {
  switch (extra.kind) {
    case "outcomes": {
      // With nothing followed up there is no outcome to report, and "0 of 0" would read as a failure.
      if (extra.followedUp === 0) return [];
      const lines = [
        style.bold(t.digestOutcomesTitle),
        t.digestOutcomes(extra.helped, extra.followedUp),
        t.digestOutcomesDetail(extra.noChange, extra.backfired),
      ];
      if (extra.quote) lines.push(excerpt(style.quote, oneLine(extra.quote), 300, 800));
      return [{ kind: "section", text: lines.join("\n") }];
    }
    case "patterns": {
      if (extra.patterns.length === 0) return [];
      const parts: Part[] = [{ kind: "section", text: style.bold(t.digestPatternsTitle) }];
      for (const pattern of extra.patterns.slice(0, MAX_PATTERNS)) {
        const values: string[] = [];
        for (const money of pattern.valueGiven) values.push(formatMoney(money, language));
        const value = values.join(", ");
        const summary = isRulePattern(pattern.key)
          ? t.authority.rulePattern(pattern.count, pattern.people)
          : t.digestPattern(pattern.count, pattern.people);
        parts.push({
          kind: "section",
          text: `${style.bold(excerpt(style.user, oneLine(pattern.label), 100, 400))}\n${value ? `${summary} · ${value}` : summary}`,
          action: {
            text: t.proposeFix,
            actionId: ActionId.ProposeFix,
            value: proposeFixValue.encode({ patternKey: pattern.key, teamId: null }),
          },
        });
      }
      return parts;
    }
    case "promises":
      if (extra.kept + extra.broken + extra.open === 0) return [];
      return [{ kind: "context", texts: [promisesText(t, extra)] }];
    case "improvements":
      return improvementParts(extra, t, style);
  }
}

/** "Promises to customers: kept 4 of 5 (80 %), 1 still open": a rate once any promise is settled. */
export function promisesText(t: Messages, promises: { kept: number; broken: number; open: number }): string {
  const rate = promiseRate(promises.kept, promises.broken);
  return rate
    ? t.promisesKeptRate(promises.kept, rate.settled, rate.percent, promises.open)
    : t.promisesOpen(promises.open);
}

function improvementParts(
  extra: Extract<DigestSection, { kind: "improvements" }>,
  t: Messages,
  style: Style,
): Part[] {
  if (extra.proposed.length === 0 && extra.completed.length === 0) return [];
  const lines = [style.bold(t.digestImprovementsTitle)];
  if (extra.proposed.length > 0) {
    const shown = extra.proposed
      .slice(0, MAX_PROPOSED)
      .map(
        (idea) =>
          `• ${excerpt(style.user, oneLine(idea.title), 150, 500)}${idea.ownerId ? ` (${mention(idea.ownerId)})` : ""}`,
      );
    const rest = extra.proposed.length - shown.length;
    if (rest > 0) shown.push(`• ${t.digestAndMore(rest)}`);
    lines.push(`${t.digestProposed}:`, ...shown);
  }
  const parts: Part[] = [{ kind: "section", text: lines.join("\n") }];
  for (const done of extra.completed.slice(0, MAX_COMPLETED)) {
    const title = style.bold(excerpt(style.user, oneLine(done.title), 150, 500));
    const shown = done.people.slice(0, MAX_PEOPLE_PER_IMPROVEMENT).map(mention);
    const rest = done.people.length - shown.length;
    const people = rest > 0 ? `${shown.join(", ")} ${t.digestAndMore(rest)}` : shown.join(", ");
    const text = [
      done.goodCallIds.length > 0 && shown.length > 0
        ? t.digestCompleted(done.goodCallIds.length, people, title)
        : t.digestCompletedAlone(title),
    ];
    if (done.recurrenceSince !== undefined && done.recurrenceBefore !== undefined) {
      text.push(t.digestRecurrence(done.recurrenceSince, done.recurrenceBefore));
    }
    parts.push({ kind: "section", text: text.join("\n") });
  }
  return parts;
}

/**
 * User text shortened to `max` characters, then made safe by `render`. Masking comes first so a phone number
 * is not cut into something the masker no longer recognises; shortening comes before escaping so an `&amp;`
 * is never cut in half. Escaping can grow text five-fold (`&` → `&amp;`), so it is shortened further until
 * the result fits `budget`, which keeps every section under Slack's limit whatever people type.
 */
function excerpt(render: (text: string) => string, text: string, max: number, budget: number): string {
  const masked = maskPii(text);
  let chars = max;
  let out = render(shorten(masked, chars));
  while (out.length > budget && chars > 1) {
    chars = Math.max(1, Math.min(chars - 1, Math.floor((chars * budget) / out.length)));
    out = render(shorten(masked, chars));
  }
  return out;
}

/** Titles, labels and quotes sit inside bold or a single quoted line, which a newline would break. */
function oneLine(text: string): string {
  return text.replace(/\s+/gu, " ").trim();
}

function toBlock(part: Part): KnownBlock {
  switch (part.kind) {
    case "header":
      return { type: "header", text: plain(part.text, 150) };
    case "context":
      return context(...part.texts);
    case "section":
      return part.action
        ? {
            ...section(part.text),
            accessory: button(part.action.text, part.action.actionId, part.action.value),
          }
        : section(part.text);
    case "divider":
      return { type: "divider" };
    case "actions":
      return { type: "actions", elements: part.actions.map(actionButton) };
  }
}

function actionButton(action: Action) {
  return button(action.text, action.actionId, action.value);
}

function toLines(part: Part): string {
  switch (part.kind) {
    case "header":
      return part.text;
    case "context":
      return part.texts.join(" · ");
    case "section":
      return part.action ? `${part.text}\n[${part.action.text}]` : part.text;
    case "divider":
      return "";
    case "actions":
      return part.actions.map((a) => `[${a.text}]`).join(" ");
  }
}
