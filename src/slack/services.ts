// What every listener gets: repositories, the clock, the logger, and the few decisions that depend
// on them (which team, which language) so that every listener makes them the same way.
import { hostname } from "node:os";
import type { WebClient } from "@slack/web-api";
import type { Db } from "../db/client.ts";
import { type EntryRepository, entryRepository } from "../db/entries.ts";
import { type PersonRepository, personRepository } from "../db/people.ts";
import { type TeamRepository, teamRepository } from "../db/teams.ts";
import { languageFromLocale, type Messages, messages } from "../domain/i18n.ts";
import type { Language, Team } from "../domain/types.ts";
import type { Logger } from "../logger.ts";

export interface Services {
  db: Db;
  teams: TeamRepository;
  entries: EntryRepository;
  people: PersonRepository;
  logger: Logger;
  now: () => Date;
  tzDefault: string;
  /** This process, as named in delivery claims. */
  owner: string;
  /** Work that outlives an ack; tracked so shutdown can wait for it and tests can await it. */
  background: BackgroundWork;
}

export class BackgroundWork {
  private readonly pending = new Set<Promise<unknown>>();
  constructor(private readonly logger: Logger) {}

  run(name: string, fields: Record<string, unknown>, work: () => Promise<unknown>): void {
    const promise = work()
      .catch((error: unknown) => this.logger.error({ err: error, job: name, ...fields }, `${name} failed`))
      .finally(() => this.pending.delete(promise));
    this.pending.add(promise);
  }

  /** Tracks a listener's whole run, including what it does after acking. */
  track<T>(promise: Promise<T>): Promise<T> {
    const settled = promise.catch(() => undefined).finally(() => this.pending.delete(settled));
    this.pending.add(settled);
    return promise;
  }

  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }
}

export function createServices(input: {
  db: Db;
  logger: Logger;
  now?: () => Date;
  tzDefault: string;
  owner?: string;
}): Services {
  return {
    db: input.db,
    teams: teamRepository(input.db),
    entries: entryRepository(input.db),
    people: personRepository(input.db),
    logger: input.logger,
    now: input.now ?? (() => new Date()),
    tzDefault: input.tzDefault,
    owner: input.owner ?? `${hostname()}:${process.pid}:${Date.now()}`,
    background: new BackgroundWork(input.logger),
  };
}

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

/** The channel's team when the person is in one; otherwise the person's own team(s). */
export async function resolveTeam(
  services: Services,
  channelId: string | undefined,
  userId: string,
): Promise<TeamChoice> {
  if (channelId) {
    const team = await services.teams.find(channelId);
    if (team) return { kind: "team", team };
  }
  const teams = await services.teams.teamsOf(userId);
  if (teams.length === 0) return { kind: "none" };
  if (teams.length === 1 && teams[0]) return { kind: "team", team: teams[0] };
  return { kind: "choose", teams };
}
