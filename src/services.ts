// The one dependency bundle: every repository built once, the clock, the logger and this process's
// name in delivery claims. main.ts, the CLI, the bench and the tests build it; listeners and jobs take it.
import { hostname } from "node:os";
import { type AuthorityRepository, authorityRepository } from "./db/authority.ts";
import { LookupCache } from "./db/cache.ts";
import type { Db } from "./db/client.ts";
import { type DeliveryRepository, deliveryRepository } from "./db/deliveries.ts";
import { type DigestRepository, digestRepository } from "./db/digests.ts";
import { type EntryRepository, entryRepository } from "./db/entries.ts";
import { type InstallationRepository, installationRepository } from "./db/installations.ts";
import { type LoopRepository, loopRepository } from "./db/loop.ts";
import { type PersonRepository, personRepository } from "./db/people.ts";
import { type PersonalDataRepository, personalDataRepository } from "./db/personalData.ts";
import { type ReportRepository, reportRepository } from "./db/report.ts";
import { type RetentionRepository, retentionRepository } from "./db/retention.ts";
import { type TeamRepository, teamRepository } from "./db/teams.ts";
import { WorkspaceScope } from "./db/workspaceScope.ts";
import type { Logger } from "./logger.ts";

export interface Services {
  db: Db;
  teams: TeamRepository;
  entries: EntryRepository;
  people: PersonRepository;
  loop: LoopRepository;
  digests: DigestRepository;
  deliveries: DeliveryRepository;
  personalData: PersonalDataRepository;
  retention: RetentionRepository;
  /** The quarterly loop report's facts. */
  report: ReportRepository;
  /** OAuth mode's workspaces and their (encrypted) installations. */
  installations: InstallationRepository;
  /** The follow-up answers behind proposals to widen a team's usual limit. */
  authority: AuthorityRepository;
  /** The workspace of the request being handled; set by the app in OAuth mode (src/app.ts). */
  workspaceScope: WorkspaceScope;
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
  const owner = input.owner ?? `${hostname()}:${process.pid}:${Date.now()}`;
  const entries = entryRepository(input.db);
  const loop = loopRepository(input.db, entries);
  const retention = retentionRepository(input.db);
  const workspaceScope = new WorkspaceScope();
  // One cache for every repository that reads or writes what it keeps, so each write forgets it.
  const cache = new LookupCache();
  return {
    db: input.db,
    teams: teamRepository(input.db, workspaceScope, cache),
    entries,
    people: personRepository(input.db, cache),
    loop,
    digests: digestRepository(input.db, entries, loop, retention),
    deliveries: deliveryRepository(input.db, owner),
    personalData: personalDataRepository(input.db, cache),
    retention,
    report: reportRepository(input.db),
    installations: installationRepository(input.db, cache),
    authority: authorityRepository(input.db),
    workspaceScope,
    logger: input.logger,
    now: input.now ?? (() => new Date()),
    tzDefault: input.tzDefault,
    owner,
    background: new BackgroundWork(input.logger),
  };
}
