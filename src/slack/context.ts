// Who is asking, in which language, and for which team: decided the same way by every listener.
import type { RespondArguments } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { type Actor, isMember } from "../domain/access.ts";
import { languageFromLocale, type Messages, messages } from "../domain/i18n.ts";
import type { Language, Team } from "../domain/types.ts";
import type { Services } from "../services.ts";
import { slackErrorCode } from "../web.ts";
import type { CommandArgs } from "./args.ts";

export interface Speaker {
  language: Language;
  t: Messages;
}

/**
 * How long a first reply waits for Slack to say a person's locale. A modal must open within 3 s of
 * its trigger and users.info answers in well under this; when it does not, the reply uses the team's
 * language and the look-up still finishes (and is cached) in the background.
 */
export const LOCALE_LOOKUP_MS = 600;

/**
 * The language to talk to one person in: their Slack locale when we know it, else their team's.
 * No request payload GoodCall handles carries a locale (slash commands, block actions, view
 * submissions, shortcuts and app_home_opened all name only the user), so the first time we meet a
 * person we ask Slack (users.info), waiting at most LOCALE_LOOKUP_MS, so that even the first
 * answer is in their language. The answer is cached, a person without a locale too, so we ask once.
 */
export async function speakerFor(
  services: Services,
  client: WebClient,
  userId: string,
  team: Team | null,
): Promise<Speaker> {
  let locale = await services.people.locale(userId);
  if (locale === undefined) locale = await lookUpLocale(services, client, userId);
  const language = languageFromLocale(locale) ?? team?.language ?? "en";
  return { language, t: messages(language) };
}

/** users.info with the locale, within LOCALE_LOOKUP_MS; undefined when Slack has not answered by then. */
async function lookUpLocale(
  services: Services,
  client: WebClient,
  userId: string,
): Promise<string | null | undefined> {
  const lookup = services.background.track(
    (async () => {
      try {
        const info = await client.users.info({ user: userId, include_locale: true });
        const locale = info.user?.locale ?? null;
        await services.people.setLocale(userId, locale);
        return locale;
      } catch (error) {
        // Slack's own answer (user_not_found, a bot) is as final as "no locale": cache it. A network
        // failure or outage is not, so the next request asks again rather than remember a guess.
        if (slackErrorCode(error)) await services.people.setLocale(userId, null);
        services.logger.warn(
          { err: error, userId },
          "could not look up a person's locale; using the team language",
        );
        return null;
      }
    })(),
  );
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), LOCALE_LOOKUP_MS);
  });
  try {
    return await Promise.race([lookup, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A slash command's args whose `ack` may be called again: Slack sends no locale with a command, and
 * no Slack call may delay its ack, so for a person whose locale is not cached yet commandSpeaker acks
 * at once (empty) and looks the locale up; the handler's later `ack(reply)` then goes out through
 * the response_url instead, still as an ephemeral reply to the person alone.
 */
export function answerable(args: CommandArgs): CommandArgs {
  let acked = false;
  const ack = async (reply?: string | RespondArguments): Promise<void> => {
    if (!acked) {
      acked = true;
      return args.ack(reply);
    }
    if (reply === undefined || reply === "") return;
    await args.respond(typeof reply === "string" ? { response_type: "ephemeral", text: reply } : reply);
  };
  return { ...args, ack };
}

/**
 * speakerFor for a slash command's person, made with answerable(args): the ack stays immediate, so
 * a person we have not met yet is acked first and answered through the response_url.
 */
export async function commandSpeaker(
  args: CommandArgs,
  services: Services,
  team: Team | null,
): Promise<Speaker> {
  const { command, client } = args;
  if ((await services.people.locale(command.user_id)) === undefined) await args.ack();
  return speakerFor(services, client, command.user_id, team);
}

export type TeamChoice = { kind: "team"; team: Team } | { kind: "choose"; teams: Team[] } | { kind: "none" };

/**
 * The signed channel's team when the person is its member (actorFor records that a person acting
 * in a team's channel is one); otherwise the person's own team(s). Never a team they are not in.
 */
export async function resolveTeam(
  services: Services,
  actor: Actor,
  signedChannelId: string | undefined,
): Promise<TeamChoice> {
  if (signedChannelId && isMember(actor, signedChannelId)) {
    const team = await services.teams.find(signedChannelId);
    if (team) return { kind: "team", team };
  }
  const teams = await services.teams.teamsOf(actor.userId);
  if (teams.length === 0) return { kind: "none" };
  if (teams.length === 1 && teams[0]) return { kind: "team", team: teams[0] };
  return { kind: "choose", teams };
}
