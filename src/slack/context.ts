// Who is asking, in which language, and for which team: decided the same way by every listener.
import type { WebClient } from "@slack/web-api";
import { type Actor, isMember } from "../domain/access.ts";
import { languageFromLocale, type Messages, messages } from "../domain/i18n.ts";
import type { Language, Team } from "../domain/types.ts";
import type { Services } from "../services.ts";
import { slackErrorCode } from "../web.ts";

export interface Speaker {
  language: Language;
  t: Messages;
}

/**
 * The language to talk to one person in: their Slack locale when we know it, else their team's.
 * No request payload GoodCall handles carries a locale (slash commands, block actions, view
 * submissions, shortcuts and app_home_opened all name only the user), so the first time we meet a
 * person we answer in their team's language at once and ask Slack (users.info) in the background:
 * no Slack call may hold up an ack, and a cold start brings hundreds of new people at once. From
 * their next request on, they are answered in their own language. The answer is cached, a person
 * without a locale too, so we ask once.
 */
export async function speakerFor(
  services: Services,
  client: WebClient,
  userId: string,
  team: Team | null,
): Promise<Speaker> {
  const locale = await services.people.locale(userId);
  if (locale === undefined) learnLocale(services, client, userId);
  const language = languageFromLocale(locale) ?? team?.language ?? "en";
  return { language, t: messages(language) };
}

/** users.info with the locale, after the answer: cached for the person's next request. */
function learnLocale(services: Services, client: WebClient, userId: string): void {
  services.background.run("locale look-up", { userId }, async () => {
    try {
      const info = await client.users.info({ user: userId, include_locale: true });
      await services.people.setLocale(userId, info.user?.locale ?? null);
    } catch (error) {
      // Slack's own answer (user_not_found, a bot) is as final as "no locale": cache it. A network
      // failure or outage is not, so the next request asks again rather than remember a guess.
      if (slackErrorCode(error)) await services.people.setLocale(userId, null);
      services.logger.warn(
        { err: error, userId },
        "could not look up a person's locale; using the team language",
      );
    }
  });
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
