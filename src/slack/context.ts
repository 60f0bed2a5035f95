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

/**
 * How many people's locales are asked of Slack at once. NOTE: a cold start brings hundreds of new
 * people within seconds; asking about all of them at once would spend the CPU their acks need and
 * run into users.info's rate limit (Tier 4, about 100 a minute), so the rest wait their turn.
 */
const LOOKUPS_AT_ONCE = 2;

/** The locale look-ups of one app (its Services): each person once, LOOKUPS_AT_ONCE at a time. */
class LocaleLookups {
  private readonly waiting = new Map<string, WebClient>();
  private readonly asking = new Set<string>();
  private workers = 0;

  constructor(private readonly services: Services) {}

  add(userId: string, client: WebClient): void {
    if (this.waiting.has(userId) || this.asking.has(userId)) return;
    // Each person's own client: in OAuth mode it carries their workspace's token.
    this.waiting.set(userId, client);
    if (this.workers >= LOOKUPS_AT_ONCE) return;
    this.workers++;
    this.services.background.run("locale look-ups", {}, () => this.work());
  }

  private async work(): Promise<void> {
    try {
      for (const [userId, client] of this.waiting) {
        this.waiting.delete(userId);
        this.asking.add(userId);
        await lookUpLocale(this.services, client, userId)
          .catch((error: unknown) =>
            this.services.logger.error({ err: error, userId }, "locale look-up failed"),
          )
          .finally(() => this.asking.delete(userId));
      }
    } finally {
      // Nothing waits between the last look at `waiting` and this, so nobody added is left behind.
      this.workers--;
    }
  }
}

const lookups = new WeakMap<Services, LocaleLookups>();

/** Asks Slack for the person's locale after the answer, for their next request. */
function learnLocale(services: Services, client: WebClient, userId: string): void {
  let queue = lookups.get(services);
  if (!queue) {
    queue = new LocaleLookups(services);
    lookups.set(services, queue);
  }
  queue.add(userId, client);
}

/** users.info with the locale, cached. */
async function lookUpLocale(services: Services, client: WebClient, userId: string): Promise<void> {
  try {
    const info = await client.users.info({ user: userId, include_locale: true });
    await services.people.setLocale(userId, info.user?.locale ?? null);
  } catch (error) {
    services.logger.warn(
      { err: error, userId },
      "could not look up a person's locale; using the team language",
    );
    // Slack's own answer (user_not_found, a bot) is as final as "no locale": cache it. A network
    // failure or outage is not, so the next request asks again rather than remember a guess.
    if (slackErrorCode(error)) await services.people.setLocale(userId, null);
  }
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
