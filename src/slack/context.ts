// Who is asking, in which language, and for which team: decided the same way by every listener.
import type { WebClient } from "@slack/web-api";
import { type Actor, isMember } from "../domain/access.ts";
import { languageFromLocale, type Messages, messages } from "../domain/i18n.ts";
import type { Language, Team } from "../domain/types.ts";
import type { Services } from "../services.ts";

export interface Speaker {
  language: Language;
  t: Messages;
}

/**
 * The language to talk to one person in: their Slack locale when we know it, else their team's.
 * The locale is looked up once per person (users.info) in the background and cached.
 */
export async function speakerFor(
  services: Services,
  client: WebClient,
  userId: string,
  team: Team | null,
): Promise<Speaker> {
  const locale = await services.people.locale(userId);
  if (locale === undefined) {
    services.background.run("locale lookup", { userId }, async () => {
      const info = await client.users.info({ user: userId, include_locale: true }).catch((error: unknown) => {
        services.logger.warn(
          { err: error, userId },
          "could not look up a person's locale; using the team language",
        );
        return null;
      });
      await services.people.setLocale(userId, info?.user?.locale ?? null);
    });
  }
  const language = languageFromLocale(locale) ?? team?.language ?? "en";
  return { language, t: messages(language) };
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
