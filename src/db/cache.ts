// The request path's short-lived memory of teams (with their managers), memberships and locales,
// shared by the repositories that read and write them so that every write of ours forgets what it changed.
import { LRUCache } from "lru-cache";
import type { ManagerPreference, Team } from "../domain/types.ts";

/**
 * How long a fact read from the database is trusted. Our own writes in this process forget what they
 * change at once; this bounds only what another instance (or the CLI) changed meanwhile: a team's
 * settings and managers, a membership, a locale. 30 s is shorter than anyone takes to notice a
 * settings change on another instance, and long enough that a busy team's requests in a burst read
 * each fact once.
 */
export const CACHE_TTL_MS = 30_000;

/**
 * How many of each are kept: the 10,000 teams, and two people per team active within the
 * TTL. A team with its managers is about a kilobyte, so the bound is a few megabytes at most.
 */
const MAX_TEAMS = 10_000;
const MAX_PEOPLE = 20_000;

export interface Manager {
  userId: string;
  preference: ManagerPreference;
  unreachable: boolean;
}

/** A team as the request path needs it: its domain value, its workspace (for OAuth scoping) and its managers. */
export interface TeamFacts {
  team: Team;
  workspaceId: string | null;
  managers: readonly Manager[];
}

/** One of the person's teams, as member or manager, with the team's workspace. */
export interface Membership {
  teamId: string;
  manager: boolean;
  workspaceId: string | null;
}

/**
 * A bounded LRU with a TTL whose loads cannot put back what a write just made stale: a load that a
 * `forget` overtook returns its value to those who asked but does not keep it. Concurrent misses of one
 * key share one load (a burst of requests from one team reads the team once). A load that finds
 * nothing (null) is not kept: what does not exist yet may be created by another instance any moment.
 */
export class Recent<V extends object> {
  private readonly values: LRUCache<string, V>;
  private readonly loading = new Map<string, Promise<V | null>>();

  constructor(max: number, ttlMs: number) {
    this.values = new LRUCache<string, V>({ max, ttl: ttlMs });
  }

  get(key: string, load: () => Promise<V | null>): Promise<V | null> {
    const value = this.values.get(key);
    if (value !== undefined) return Promise.resolve(value);
    const pending = this.loading.get(key);
    if (pending) return pending;
    const loaded: Promise<V | null> = load().then(
      (fresh) => {
        if (this.loading.get(key) === loaded) {
          this.loading.delete(key);
          if (fresh !== null) this.values.set(key, fresh);
        }
        return fresh;
      },
      (error: unknown) => {
        if (this.loading.get(key) === loaded) this.loading.delete(key);
        throw error;
      },
    );
    this.loading.set(key, loaded);
    return loaded;
  }

  /** Reads `key` from the database now, whatever is kept, and keeps the answer. */
  fresh(key: string, load: () => Promise<V | null>): Promise<V | null> {
    this.forget(key);
    return this.get(key, load);
  }

  /** A value just written: kept as it is, and no load under way may replace it with an older one. */
  put(key: string, value: V): void {
    this.loading.delete(key);
    this.values.set(key, value);
  }

  forget(key: string): void {
    this.loading.delete(key);
    this.values.delete(key);
  }

  clear(): void {
    this.loading.clear();
    this.values.clear();
  }
}

/** One process's cache, built once with the repositories (src/services.ts) and handed to each of them. */
export class LookupCache {
  /** By team (channel) id; a channel that is no team is not kept, so a team set up elsewhere is seen at once. */
  readonly teams: Recent<TeamFacts>;
  /** By user id: every team the person is a member or manager of, in any workspace. */
  readonly memberships: Recent<readonly Membership[]>;
  /** By user id: what Slack told us (undefined: never asked). */
  readonly locales: Recent<{ locale: string | null | undefined }>;

  constructor(ttlMs = CACHE_TTL_MS) {
    this.teams = new Recent(MAX_TEAMS, ttlMs);
    this.memberships = new Recent(MAX_PEOPLE, ttlMs);
    this.locales = new Recent(MAX_PEOPLE, ttlMs);
  }

  /** A person's data is gone ("forget me"): their memberships and locale. */
  forgetPerson(userId: string): void {
    this.memberships.forget(userId);
    this.locales.forget(userId);
  }

  /** Teams and their memberships went all at once (a workspace's data deleted). */
  clear(): void {
    this.teams.clear();
    this.memberships.clear();
    this.locales.clear();
  }
}
