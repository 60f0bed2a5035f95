// `/goodcall`: log a good call inline, open the form, or run a subcommand (help, stats, setup).
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { slackTextToPlain } from "../../domain/escape.ts";
import { messages } from "../../domain/i18n.ts";
import { validateImprovementTitle } from "../../domain/improvement.ts";
import { parseCommand, parseGoodCallText } from "../../domain/parse.ts";
import { currentPeriod, scheduleOf, weekContaining } from "../../domain/period.ts";
import { findPii } from "../../domain/pii.ts";
import { parsePromiseDue, promiseDueAt } from "../../domain/promise.ts";
import { thanksTarget } from "../../domain/thanks.ts";
import type { GoodCall, Team } from "../../domain/types.ts";
import { checkMoneyRange, checkWhat } from "../../domain/validate.ts";
import { sendInstantDms } from "../../jobs/dms.ts";
import { composeFor } from "../../jobs/week.ts";
import type { Services } from "../../services.ts";
import { renderDigest } from "../../views/digest.ts";
import { goodCallConfirmation, goodCallModal } from "../../views/goodCall.ts";
import { helpMessage, statsMessage } from "../../views/home.ts";
import { ActionId } from "../../views/ids.ts";
import { thanksChoice } from "../../views/managers.ts";
import { settingsModal } from "../../views/settings.ts";
import { button, mention, userText } from "../../views/text.ts";
import { openDm } from "../../web.ts";
import { resolveTeam, speakerFor } from "../context.ts";
import { postGoodCallToFeed } from "../feed.ts";
import { createImprovement } from "../improvements.ts";
import { recordThanks } from "../thanks.ts";
import { setupTeam } from "./setup.ts";

export type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

export function goodCallCommand(services: Services) {
  return async (args: CommandArgs): Promise<void> => {
    const { command, ack, client } = args;
    const parsed = parseCommand(command.text);
    switch (parsed.kind) {
      case "log":
        return logInline(services, args, parsed.text);
      case "openModal":
        return openGoodCallModal(services, {
          ack: () => ack(),
          client,
          userId: command.user_id,
          channelId: command.channel_id,
          triggerId: command.trigger_id,
        });
      case "setup":
        return setupTeam(services, args);
      case "stats":
        return replyStats(services, args);
      case "digestPreview":
        return replyDigestPreview(services, args);
      case "thanks":
        return thankPerson(services, args, parsed.userId, parsed.note);
      case "idea":
        return proposeIdea(services, args, parsed.text);
      case "export":
        return exportOwnData(services, args);
      case "forgetMe": {
        const team = await services.teams.find(command.channel_id);
        const { t } = await speakerFor(services, client, command.user_id, team);
        await ack({
          response_type: "ephemeral",
          text: t.forgetConfirm,
          blocks: [
            { type: "section", text: { type: "mrkdwn", text: t.forgetConfirm } },
            {
              type: "actions",
              elements: [
                button(t.forgetYes, ActionId.ForgetYes, command.user_id, "danger"),
                button(t.forgetNo, ActionId.ForgetNo, command.user_id),
              ],
            },
          ],
        });
        return;
      }
      case "unknown":
      case "help": {
        const team = await services.teams.find(command.channel_id);
        const { t } = await speakerFor(services, client, command.user_id, team);
        await ack({
          response_type: "ephemeral",
          ...helpMessage(t, parsed.kind === "unknown" ? parsed.word : undefined),
        });
        return;
      }
    }
  };
}

/**
 * The quick path: parse, validate, save, and answer in the ack itself, so the confirmation arrives
 * in one round trip; the insert takes a few milliseconds. Feed posts happen after the ack.
 */
async function logInline(services: Services, args: CommandArgs, text: string): Promise<void> {
  const { command, ack, client } = args;
  const choice = await resolveTeam(services, command.channel_id, command.user_id);
  const { t, language } = await speakerFor(
    services,
    client,
    command.user_id,
    choice.kind === "team" ? choice.team : null,
  );
  if (choice.kind === "none") {
    await ack({ response_type: "ephemeral", text: t.noTeam });
    return;
  }
  // Slack sends &, < and > escaped in command text; we keep what the person typed, and escape on output.
  const parsed = parseGoodCallText(slackTextToPlain(text));
  const problem = checkWhat(parsed.what, t) ?? checkMoneyRange(parsed.value, t);
  if (problem) {
    await ack({ response_type: "ephemeral", text: problem });
    return;
  }
  if (choice.kind === "choose") {
    // Several teams and not in one of their channels: the form asks which team, pre-filled.
    await ack();
    await client.views.open({
      trigger_id: command.trigger_id,
      view: goodCallModal({
        t,
        metadata: {},
        teams: choice.teams,
        draft: { what: parsed.what, tags: parsed.tags, value: parsed.value },
        defaultCurrency: "EUR",
      }),
    });
    return;
  }
  const team = choice.team;
  const piiFound = findPii(`${parsed.what}`).length > 0;
  const call = await services.entries.createGoodCall(
    {
      teamId: team.id,
      authorId: command.user_id,
      what: parsed.what,
      why: null,
      tags: parsed.tags,
      value: parsed.value,
      followUp: false,
      source: "inline",
      flaggedPii: piiFound,
      promise: inlinePromise(parsed.what, services.now(), team.timeZone),
    },
    services.now(),
  );
  await ack({
    response_type: "ephemeral",
    ...goodCallConfirmation({
      t,
      language,
      call,
      piiFound,
      teamName: team.id === command.channel_id ? null : team.name,
    }),
  });
  services.logger.info(
    { goodCallId: call.id, teamId: team.id, userId: command.user_id, source: "inline" },
    "good call logged",
  );
  afterGoodCall(services, client, team, call);
}

/** "…call back by Friday" in a quick log becomes a promise with a reminder on its due date. */
function inlinePromise(text: string, now: Date, timeZone: string): { due: string; remindAt: Date } | null {
  const found = parsePromiseDue(text, now, timeZone);
  return found ? { due: found.dueDate, remindAt: promiseDueAt(found.dueDate, timeZone) } : null;
}

/** After the ack: membership, the team feed and instant DMs, from the call just saved. */
export function afterGoodCall(services: Services, client: WebClient, team: Team, call: GoodCall): void {
  const goodCallId = call.id;
  const userId = call.authorId;
  services.background.run("good call follow-ups", { goodCallId, teamId: team.id }, async () => {
    await services.teams.addMember(team.id, userId);
    // The feed and the managers' DMs are independent: one failing must not hold up the other.
    await Promise.allSettled([
      postGoodCallToFeed(services, client, team, call).catch((error: unknown) =>
        services.logger.warn({ err: error, goodCallId, teamId: team.id }, "feed post failed"),
      ),
      sendInstantDms({ services, client }, team, { kind: "goodCall", goodCall: call }, services.now()),
    ]);
  });
}

export interface ModalOpener {
  ack: () => Promise<void>;
  client: WebClient;
  userId: string;
  channelId?: string;
  triggerId: string;
}

export async function openGoodCallModal(services: Services, target: ModalOpener): Promise<void> {
  await target.ack();
  const choice = await resolveTeam(services, target.channelId, target.userId);
  const { t } = await speakerFor(
    services,
    target.client,
    target.userId,
    choice.kind === "team" ? choice.team : null,
  );
  if (choice.kind === "none") {
    await target.client.views.open({
      trigger_id: target.triggerId,
      view: noticeModal(t.goodCallModalTitle, t.noTeam, t.close),
    });
    return;
  }
  const team = choice.kind === "team" ? choice.team : null;
  await target.client.views.open({
    trigger_id: target.triggerId,
    view: goodCallModal({
      t,
      metadata: {
        ...(team ? { teamId: team.id } : {}),
        ...(target.channelId ? { channelId: target.channelId } : {}),
      },
      teams: choice.kind === "choose" ? choice.teams : null,
      draft: {},
      defaultCurrency: team?.usualLimit?.currency ?? "EUR",
    }),
  });
}

export function noticeModal(title: string, text: string, close: string) {
  return {
    type: "modal" as const,
    title: { type: "plain_text" as const, text: title.slice(0, 24) },
    close: { type: "plain_text" as const, text: close.slice(0, 24) },
    blocks: [{ type: "section" as const, text: { type: "mrkdwn" as const, text } }],
  };
}

/** `/goodcall export`: the person's own data as a JSON file, sent to them by DM. */
async function exportOwnData(services: Services, args: CommandArgs): Promise<void> {
  const { command, ack, client } = args;
  const team = await services.teams.find(command.channel_id);
  const { t } = await speakerFor(services, client, command.user_id, team);
  await ack({ response_type: "ephemeral", text: t.exportSent });
  const userId = command.user_id;
  services.background.run("personal data export", { userId }, async () => {
    const data = await services.personalData.export(userId, services.now());
    const channel = await openDm(client, userId);
    await client.files.uploadV2({
      channel_id: channel,
      filename: `goodcall-${userId}.json`,
      content: JSON.stringify(data, null, 2),
      initial_comment: t.exportReady,
    });
    services.logger.info({ userId }, "personal data exported");
  });
}

/** `/goodcall idea <text>`: an improvement for the channel's team (or the person's only team). */
async function proposeIdea(services: Services, args: CommandArgs, text: string): Promise<void> {
  const { command, ack, client } = args;
  const choice = await resolveTeam(services, command.channel_id, command.user_id);
  const { t } = await speakerFor(
    services,
    client,
    command.user_id,
    choice.kind === "team" ? choice.team : null,
  );
  if (choice.kind !== "team") return ack({ response_type: "ephemeral", text: t.ideaNeedsTeam });
  const title = slackTextToPlain(text).trim();
  const problem = validateImprovementTitle(title);
  if (problem) {
    return ack({
      response_type: "ephemeral",
      text: problem === "empty" ? t.titleTooShort(3) : t.fieldTooLong(150, [...title].length),
    });
  }
  const improvement = await createImprovement(services, client, choice.team, {
    title,
    description: null,
    proposerId: command.user_id,
    patternKey: null,
    patternLabel: null,
    goodCallIds: [],
  });
  await ack({ response_type: "ephemeral", text: t.ideaSaved(userText(improvement.title)) });
}

/**
 * `/goodcall thanks @someone note`: thanks for their latest good call or story; when both are
 * recent, the person chooses which.
 */
async function thankPerson(
  services: Services,
  args: CommandArgs,
  userId: string | null,
  note: string,
): Promise<void> {
  const { command, ack, client } = args;
  const team = await services.teams.find(command.channel_id);
  const { t } = await speakerFor(services, client, command.user_id, team);
  if (!userId) return ack({ response_type: "ephemeral", text: t.thanksNoMention });
  if (userId === command.user_id) return ack({ response_type: "ephemeral", text: t.thanksSelf });
  if ([...note].length > 500)
    return ack({ response_type: "ephemeral", text: t.fieldTooLong(500, [...note].length) });
  const { goodCall, story } = await services.entries.latestOf(userId);
  const target = thanksTarget(goodCall, story, services.now());
  if (target.kind === "none") {
    return ack({ response_type: "ephemeral", text: t.thanksNothingYet(mention(userId)) });
  }
  if (target.kind === "choose" && goodCall && story) {
    return ack({
      response_type: "ephemeral",
      ...thanksChoice(t, userId, goodCall, story, slackTextToPlain(note)),
    });
  }
  const newest =
    target.kind === "story"
      ? { kind: "story" as const, id: target.id }
      : { kind: "goodCall" as const, id: goodCall?.id ?? 0 };
  const outcome = await recordThanks(
    services,
    client,
    newest,
    command.user_id,
    slackTextToPlain(note) || null,
  );
  const reply = {
    recorded: t.thanksSent(mention(userId)),
    duplicate: t.alreadyThanked(mention(userId)),
    self: t.thanksSelf,
    missing: t.entryGone,
  }[outcome.result];
  await ack({ response_type: "ephemeral", text: reply });
}

/** The digest as it would look if posted now: the period running at this moment. */
async function replyDigestPreview(services: Services, args: CommandArgs): Promise<void> {
  const { command, ack, client } = args;
  const team = await services.teams.find(command.channel_id);
  const { t } = await speakerFor(services, client, command.user_id, team);
  if (!team) {
    await ack({ response_type: "ephemeral", text: t.previewNeedsTeam });
    return;
  }
  await ack();
  const digest = await composeFor(services, team, currentPeriod(scheduleOf(team), services.now()), false);
  await args.respond({ response_type: "ephemeral", ...renderDigest(digest, messages(team.language)) });
}

async function replyStats(services: Services, args: CommandArgs): Promise<void> {
  const { command, ack, client } = args;
  const choice = await resolveTeam(services, command.channel_id, command.user_id);
  const team = choice.kind === "team" ? choice.team : null;
  const { t, language } = await speakerFor(services, client, command.user_id, team);
  const week = weekContaining(team?.timeZone ?? services.tzDefault, services.now());
  const [thisWeek, allTime] = await Promise.all([
    services.entries.personStats(command.user_id, week.start),
    services.entries.personStats(command.user_id, null),
  ]);
  await ack({ response_type: "ephemeral", ...statsMessage(t, language, thisWeek, allTime) });
}

export async function openSettingsIfManager(
  services: Services,
  client: WebClient,
  team: Team,
  userId: string,
  triggerId: string,
): Promise<string | null> {
  const { t } = await speakerFor(services, client, userId, team);
  if (!team.managerIds.includes(userId)) return t.setupNotManager(team.managerIds.map(mention).join(", "));
  const preference = (await services.teams.managerPreference(team.id, userId)) ?? "weekly";
  await client.views.open({ trigger_id: triggerId, view: settingsModal(t, team, preference) });
  return null;
}
