// Block Kit for App Home, personal stats and help.
import type { HomeView } from "@slack/types";
import type { PeriodTotals } from "../domain/digest.ts";
import { formatMoney, type Messages } from "../domain/i18n.ts";
import type { GoodCall, Language, ManagerPreference, Money, Story, Team } from "../domain/types.ts";
import { roomText } from "./goodCall.ts";
import { ActionId } from "./ids.ts";
import { type ImprovementView, improvementBlocks } from "./loop.ts";
import { preferenceBlock } from "./managers.ts";
import { type Blocks, button, channelLink, context, plain, section, shorten, userText } from "./text.ts";

export interface PersonStats {
  goodCalls: number;
  stories: number;
  appreciations: number;
  valueGiven: Money[];
}

function statsLine(t: Messages, language: Language, stats: PersonStats): string {
  const parts = [
    t.statGoodCalls(stats.goodCalls),
    t.statStories(stats.stories),
    t.statAppreciations(stats.appreciations),
  ];
  if (stats.valueGiven.length > 0)
    parts.push(t.statValue(stats.valueGiven.map((m) => formatMoney(m, language)).join(", ")));
  return parts.join(" · ");
}

/** `since`: when the running period began, as people write it; without it the period is called "this week". */
export function statsBlocks(
  t: Messages,
  language: Language,
  week: PersonStats,
  allTime: PersonStats,
  since?: string,
): Blocks {
  const recent = since === undefined ? t.thisWeek : t.statsSince(since);
  return [
    section(`*${t.statsTitle}*`),
    section(`*${recent}:* ${statsLine(t, language, week)}`),
    section(`*${t.allTime}:* ${statsLine(t, language, allTime)}`),
  ];
}

/** `/goodcall stats`: `since` is the start of the team's digest period, so "recent" means what the digest will count. */
export function statsMessage(
  t: Messages,
  language: Language,
  week: PersonStats,
  allTime: PersonStats,
  since: string,
) {
  return { text: t.statsTitle, blocks: statsBlocks(t, language, week, allTime, since) };
}

/**
 * The usage message, and the room each of the person's teams gives them: one team in plain words,
 * several each by name. Teams without a usual limit say nothing about it.
 */
export function helpMessage(
  t: Messages,
  unknownWord?: string,
  room?: { language: Language; teams: Array<Pick<Team, "id" | "usualLimit">> },
) {
  const text = unknownWord ? `${t.unknownCommand(userText(unknownWord))}\n\n${t.helpText}` : t.helpText;
  const blocks: Blocks = [section(text)];
  const limited = (room?.teams ?? []).flatMap((team) =>
    team.usualLimit ? [{ id: team.id, limit: team.usualLimit }] : [],
  );
  if (room && limited.length > 0) {
    const rooms =
      room.teams.length === 1 && limited[0]
        ? [roomText(t, room.language, limited[0].limit)]
        : limited
            .slice(0, 10)
            .map((team) => t.authority.roomIn(channelLink(team.id), formatMoney(team.limit, room.language)));
    blocks.push(context(rooms.join("\n")));
  }
  return { text: shorten(text, 3000), blocks };
}

export function homeView(input: {
  t: Messages;
  language: Language;
  week: PersonStats;
  allTime: PersonStats;
  goodCalls: GoodCall[];
  stories: Story[];
  /** Teams the person manages: their running week at a glance and the DM preference. */
  managed?: Array<{ team: Team; preference: ManagerPreference; week: PeriodTotals }>;
  /** Open improvements in the person's teams, with the status menu. */
  improvements?: ImprovementView[];
  /** When the team's running digest period began, as people write it (the same span as `/goodcall stats`). */
  since?: string;
}): HomeView {
  const { t } = input;
  const blocks: Blocks = [
    { type: "header", text: plain(t.homeTitle, 150) },
    section(t.homeIntro),
    {
      type: "actions",
      elements: [
        button(t.logGoodCall, ActionId.OpenGoodCallModal, "home", "primary"),
        button(t.shareStory, ActionId.OpenStoryModal, "home"),
      ],
    },
    { type: "divider" },
    ...statsBlocks(t, input.language, input.week, input.allTime, input.since),
    { type: "divider" },
    section(`*${t.yourRecentGoodCalls}*`),
  ];
  if (input.goodCalls.length === 0) blocks.push(context(t.nothingYet));
  for (const call of input.goodCalls.slice(0, 10)) {
    const mark = call.visibility === "private" ? ` · ${t.privateCalls.mark}` : "";
    const extra = call.appreciationCount > 0 ? ` · 💛 ${call.appreciationCount}` : "";
    blocks.push(context(`${userText(shorten(call.what, 280))}${mark}${extra}`));
  }
  for (const managed of input.managed ?? []) {
    blocks.push({ type: "divider" }, preferenceBlock(t, managed.team, managed.preference));
    const w = managed.week;
    const glance = [t.statGoodCalls(w.goodCalls), t.statStories(w.stories), t.appreciations(w.appreciations)];
    if (w.valueGiven.length > 0)
      glance.push(t.statValue(w.valueGiven.map((m) => formatMoney(m, input.language)).join(", ")));
    blocks.push(context(`${t.thisWeek}: ${glance.join(" · ")}`));
  }
  blocks.push({ type: "divider" }, section(`*${t.yourRecentStories}*`));
  if (input.stories.length === 0) blocks.push(context(t.noStoriesYet));
  for (const story of input.stories.slice(0, 10)) {
    const extra = story.appreciationCount > 0 ? ` · 💛 ${story.appreciationCount}` : "";
    blocks.push(context(`*${userText(shorten(story.title, 150))}*${extra}`));
  }
  blocks.push({ type: "divider" }, section(`*${t.homeOpenImprovements}*`));
  const improvements = input.improvements ?? [];
  if (improvements.length === 0) blocks.push(context(t.noOpenImprovements));
  for (const improvement of improvements.slice(0, 10)) blocks.push(...improvementBlocks(t, improvement));
  return { type: "home", blocks: blocks.slice(0, 100) };
}
