// Teams, their managers and members, as domain values; the request path's reads of them come from
// the process's short-lived cache (src/db/cache.ts), which every write here forgets.
import { type ExpressionBuilder, type Selectable, sql } from "kysely";
import type { Actor } from "../domain/access.ts";
import type { ManagerPreference, Money, Team, TeamSettings } from "../domain/types.ts";
import type { DB } from "../generated/kysely/types.ts";
import { LookupCache, type Manager, type Membership, type TeamFacts } from "./cache.ts";
import type { Db, Query } from "./client.ts";
import type { WorkspaceScope } from "./workspaceScope.ts";

/** A team's row joined with one of its managers (null for a team without any). */
type TeamManagerRow = Selectable<DB["Team"]> & {
  managerId: string | null;
  preference: string | null;
  unreachableAt: Date | null;
};

// NOTE: frozen, because the cache hands the same value to every request that asks.
function toTeam(row: Selectable<DB["Team"]>, managerIds: string[]): Team {
  const usualLimit: Money | null =
    row.usualLimitCents !== null && row.usualLimitCurrency !== null
      ? Object.freeze({ cents: row.usualLimitCents, currency: row.usualLimitCurrency })
      : null;
  return Object.freeze({
    id: row.id,
    name: row.name,
    timeZone: row.timeZone,
    digestWeekday: row.digestWeekday,
    digestMinute: row.digestMinute,
    language: row.language === "fi" ? "fi" : "en",
    feedEnabled: row.feedEnabled,
    usualLimit,
    followUpDays: row.followUpDays,
    retentionMonths: row.retentionMonths,
    managerIds: Object.freeze(managerIds) as string[],
    createdAt: row.createdAt,
  });
}

export type { TeamSettings };

/**
 * Teams with their managers in one query: a row per manager (a team has a few), folded back into
 * one per team in the order the query gave them.
 */
function teamsWithManagers(k: Query) {
  return k
    .selectFrom("Team")
    .leftJoin("TeamManager", "TeamManager.teamId", "Team.id")
    .selectAll("Team")
    .select(["TeamManager.userId as managerId", "TeamManager.preference", "TeamManager.unreachableAt"]);
}

function foldFacts(rows: TeamManagerRow[]): TeamFacts[] {
  const teams = new Map<string, { row: Selectable<DB["Team"]>; managers: Manager[] }>();
  for (const { managerId, preference, unreachableAt, ...team } of rows) {
    let entry = teams.get(team.id);
    if (!entry) {
      entry = { row: team, managers: [] };
      teams.set(team.id, entry);
    }
    if (managerId !== null) {
      entry.managers.push(
        Object.freeze({
          userId: managerId,
          preference: (preference ?? "weekly") as ManagerPreference,
          unreachable: unreachableAt !== null,
        }),
      );
    }
  }
  return [...teams.values()].map(({ row, managers }) => {
    managers.sort((a, b) => (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0));
    return Object.freeze({
      team: toTeam(
        row,
        managers.map((m) => m.userId),
      ),
      workspaceId: row.workspaceId,
      managers: Object.freeze(managers),
    });
  });
}

function fold(rows: TeamManagerRow[]): Team[] {
  return foldFacts(rows).map((facts) => facts.team);
}

/**
 * In OAuth mode every read and write made while handling a request is limited to the request's
 * workspace (`scope`): a channel id, a button value or a user id from workspace A never reaches a
 * team of workspace B. Outside a request (jobs, the CLI) and in single-workspace mode nothing is limited.
 */
export function teamRepository(db: Db, scope?: WorkspaceScope, cache = new LookupCache()) {
  /** The request's workspace id, or undefined when nothing is limited. */
  const workspaceId = () => scope?.current()?.id;
  /** A team with its managers, in any workspace: kept for the TTL, one query when not. */
  const facts = (id: string) =>
    cache.teams.get(
      id,
      async () => foldFacts(await teamsWithManagers(db).where("Team.id", "=", id).execute())[0] ?? null,
    );
  /** Every team the person is a member or manager of, with its workspace, in one indexed query. */
  const loadMemberships = async (userId: string): Promise<Membership[]> => {
    const member = db
      .selectFrom("TeamMember as m")
      .innerJoin("Team as t", "t.id", "m.teamId")
      .select(["m.teamId", "t.workspaceId", sql<number>`0`.as("manager")])
      .where("m.userId", "=", userId);
    const manager = db
      .selectFrom("TeamManager as m")
      .innerJoin("Team as t", "t.id", "m.teamId")
      .select(["m.teamId", "t.workspaceId", sql<number>`1`.as("manager")])
      .where("m.userId", "=", userId);
    const rows = await member.unionAll(manager).execute();
    return rows.map((row) =>
      Object.freeze({ teamId: row.teamId, workspaceId: row.workspaceId, manager: Number(row.manager) === 1 }),
    );
  };
  return {
    /** Every slash command starts here: kept for a while, else one query (the team joined with its managers). */
    async find(id: string): Promise<Team | null> {
      const found = await facts(id);
      const workspace = workspaceId();
      if (!found || (workspace && found.workspaceId !== workspace)) return null;
      return found.team;
    },

    async all(): Promise<Team[]> {
      return fold(await teamsWithManagers(db).orderBy("Team.id").execute());
    },

    /**
     * The teams scheduled jobs serve (optionally one): all but those of workspaces that uninstalled
     * GoodCall, which stop at once and whose data waits for deletion.
     */
    async active(teamId?: string): Promise<Team[]> {
      let query = teamsWithManagers(db).where(active).orderBy("Team.id");
      if (teamId) query = query.where("Team.id", "=", teamId);
      return fold(await query.execute());
    },

    /** Where a team's jobs get their Slack token; both null in single-workspace mode. */
    async workspaceOf(teamId: string): Promise<{ workspaceId: string | null; enterpriseId: string | null }> {
      const row = await db
        .selectFrom("Team")
        .select(["workspaceId", "enterpriseId"])
        .where("id", "=", teamId)
        .executeTakeFirst();
      return row ?? { workspaceId: null, enterpriseId: null };
    },

    /** Active teams that delete old entries: the only ones the retention job looks at. */
    async withRetention(): Promise<Team[]> {
      const rows = await teamsWithManagers(db)
        .where("Team.retentionMonths", "is not", null)
        .where(active)
        .orderBy("Team.id")
        .execute();
      return fold(rows);
    },

    /** Creates the team with its creator as first manager; returns null if it already existed. */
    async create(input: {
      id: string;
      name: string;
      timeZone: string;
      createdById: string;
      members?: string[];
      /** The service clock's now, so `jobs run --at` and tests judge what is due against the same clock. */
      createdAt?: Date;
    }): Promise<Team | null> {
      const workspace = scope?.current();
      const at = input.createdAt ?? new Date();
      try {
        const created = await db.transaction().execute(async (trx) => {
          if (workspace) {
            // An org-wide install learns its workspaces as their channels become teams.
            await trx
              .insertInto("Workspace")
              .values({ id: workspace.id, enterpriseId: workspace.enterpriseId, installedAt: at })
              .onConflict((oc) => oc.column("id").doNothing())
              .execute();
          }
          const team = await trx
            .insertInto("Team")
            .values({
              id: input.id,
              name: input.name,
              timeZone: input.timeZone,
              createdById: input.createdById,
              workspaceId: workspace?.id ?? null,
              enterpriseId: workspace?.enterpriseId ?? null,
              createdAt: at,
              updatedAt: at,
            })
            .onConflict((oc) => oc.column("id").doNothing())
            .returningAll()
            .executeTakeFirst();
          // NOTE: thrown rather than returned, so that the workspace row above goes too.
          if (!team) throw new TeamExists();
          await trx
            .insertInto("TeamManager")
            .values({ teamId: input.id, userId: input.createdById, createdAt: at })
            .execute();
          const members = [...new Set([input.createdById, ...(input.members ?? [])])];
          await trx
            .insertInto("TeamMember")
            .values(members.map((userId) => ({ teamId: input.id, userId, joinedAt: at })))
            .execute();
          return { team: toTeam(team, [input.createdById]), members };
        });
        cache.teams.forget(input.id);
        for (const userId of created.members) cache.memberships.forget(userId);
        return created.team;
      } catch (error) {
        if (!(error instanceof TeamExists)) throw error;
        // NOTE: a channel id is a team's key, so a channel that is already a team of another
        // workspace (a Slack Connect channel, or a team from before OAuth mode) cannot become one
        // here. Returning null would tell the caller "someone just created it", and it would look
        // again and again without ever seeing it.
        if (workspace) {
          const ours = await db
            .selectFrom("Team")
            .select("id")
            .where("id", "=", input.id)
            .where("workspaceId", "=", workspace.id)
            .executeTakeFirst();
          if (!ours) throw new TeamOfAnotherWorkspace();
        }
        return null;
      }
    },

    async updateSettings(id: string, settings: TeamSettings): Promise<Team> {
      const managerIds = [...new Set(settings.managerIds)];
      const now = new Date();
      const { rows, left } = await db.transaction().execute(async (trx) => {
        let leaving = trx.deleteFrom("TeamManager").where("teamId", "=", id);
        if (managerIds.length > 0) leaving = leaving.where("userId", "not in", managerIds);
        const left = await leaving.returning("userId").execute();
        // A manager who stays keeps their row, and with it their preference.
        if (managerIds.length > 0) {
          await trx
            .insertInto("TeamManager")
            .values(managerIds.map((userId) => ({ teamId: id, userId, createdAt: now })))
            .onConflict((oc) => oc.columns(["teamId", "userId"]).doNothing())
            .execute();
        }
        await trx
          .updateTable("Team")
          .set({
            timeZone: settings.timeZone,
            digestWeekday: settings.digestWeekday,
            digestMinute: settings.digestMinute,
            language: settings.language,
            feedEnabled: settings.feedEnabled,
            usualLimitCents: settings.usualLimit?.cents ?? null,
            usualLimitCurrency: settings.usualLimit?.currency ?? null,
            followUpDays: settings.followUpDays,
            retentionMonths: settings.retentionMonths,
            updatedAt: now,
          })
          .where("id", "=", id)
          .execute();
        return { rows: await teamsWithManagers(trx).where("Team.id", "=", id).execute(), left };
      });
      const [updated] = foldFacts(rows);
      // Read in the transaction, so what it committed: the next request needs no query.
      if (updated) cache.teams.put(id, updated);
      else cache.teams.forget(id);
      for (const userId of [...managerIds, ...left.map((m) => m.userId)]) cache.memberships.forget(userId);
      if (!updated) throw new Error(`No team ${id} to update`);
      return updated.team;
    },

    async managerPreference(teamId: string, userId: string): Promise<ManagerPreference | null> {
      const found = await facts(teamId);
      return found?.managers.find((m) => m.userId === userId)?.preference ?? null;
    },

    /** Returns false when the person is not (or no longer) a manager of the team. */
    async setManagerPreference(
      teamId: string,
      userId: string,
      preference: ManagerPreference,
    ): Promise<boolean> {
      const workspace = workspaceId();
      let query = db
        .updateTable("TeamManager")
        .set({ preference, unreachableAt: null })
        .where("teamId", "=", teamId)
        .where("userId", "=", userId);
      if (workspace) query = query.where("teamId", "in", teamsOfWorkspace(db, workspace));
      const result = await query.executeTakeFirst();
      cache.teams.forget(teamId);
      return Number(result.numUpdatedRows) === 1;
    },

    /**
     * By user id. Asked after every good call (who wants an instant DM) and again by the outbox, so it
     * comes with the team the request has just read.
     */
    async managersOf(teamId: string): Promise<Manager[]> {
      return [...((await facts(teamId))?.managers ?? [])];
    },

    /** Slack said this manager is gone; they get no more DMs, and the others are told. */
    async markManagerUnreachable(teamId: string, userId: string, now: Date): Promise<void> {
      await db
        .updateTable("TeamManager")
        .set({ unreachableAt: now })
        .where("teamId", "=", teamId)
        .where("userId", "=", userId)
        .where("unreachableAt", "is", null)
        .execute();
      cache.teams.forget(teamId);
    },

    /** Teams where this person is a manager. */
    async managedBy(userId: string): Promise<Team[]> {
      const workspace = workspaceId();
      let query = teamsWithManagers(db)
        .where("Team.id", "in", (eb) =>
          eb.selectFrom("TeamManager as m").select("m.teamId").where("m.userId", "=", userId),
        )
        .orderBy("Team.name")
        .orderBy("Team.id");
      if (workspace) query = query.where("Team.workspaceId", "=", workspace);
      return fold(await query.execute());
    },

    /** The teams a person belongs to (as member or manager), by name. */
    async teamsOf(userId: string): Promise<Team[]> {
      const workspace = workspaceId();
      let query = teamsWithManagers(db)
        .where((eb) =>
          eb.or([
            eb(
              "Team.id",
              "in",
              eb.selectFrom("TeamMember as m").select("m.teamId").where("m.userId", "=", userId),
            ),
            eb(
              "Team.id",
              "in",
              eb.selectFrom("TeamManager as m").select("m.teamId").where("m.userId", "=", userId),
            ),
          ]),
        )
        .orderBy("Team.name")
        .orderBy("Team.id");
      if (workspace) query = query.where("Team.workspaceId", "=", workspace);
      return fold(await query.execute());
    },

    /**
     * The person as the access decision sees them: the teams they are a member of and those they
     * manage, asked once per request and kept for the TTL. `fresh` reads the database whatever is
     * kept, for the decisions a stale answer must not make (src/slack/access.ts).
     */
    async actor(userId: string, options: { fresh?: boolean } = {}): Promise<Actor> {
      const load = () => loadMemberships(userId);
      const rows =
        (await (options.fresh
          ? cache.memberships.fresh(userId, load)
          : cache.memberships.get(userId, load))) ?? [];
      const workspace = workspaceId();
      const memberOf = new Set<string>();
      const manages = new Set<string>();
      for (const row of rows) {
        // NOTE: on Enterprise Grid a person has one user id in every workspace of the org, so in a
        // request only the memberships of teams in the request's workspace count.
        if (workspace && row.workspaceId !== workspace) continue;
        (row.manager ? manages : memberOf).add(row.teamId);
      }
      return { userId, memberOf, manages };
    },

    /** A person seen acting in the team's channel, or joining it: one write, a no-op when known. */
    async addMember(teamId: string, userId: string): Promise<void> {
      await db
        .insertInto("TeamMember")
        .values({ teamId, userId, joinedAt: new Date() })
        .onConflict((oc) => oc.columns(["teamId", "userId"]).doNothing())
        .execute();
      cache.memberships.forget(userId);
    },

    async removeMember(teamId: string, userId: string): Promise<void> {
      const workspace = workspaceId();
      let query = db.deleteFrom("TeamMember").where("teamId", "=", teamId).where("userId", "=", userId);
      if (workspace) query = query.where("teamId", "in", teamsOfWorkspace(db, workspace));
      await query.execute();
      cache.memberships.forget(userId);
    },
  };
}

/** A team with this id exists already: rolls back the transaction that tried to create it. */
class TeamExists extends Error {}

/** The ids of a workspace's teams, as a subquery. */
function teamsOfWorkspace(k: Query, workspaceId: string) {
  return k.selectFrom("Team as w").select("w.id").where("w.workspaceId", "=", workspaceId);
}

/** Setup in a channel that is already a team of another workspace (or of single-workspace mode). */
export class TeamOfAnotherWorkspace extends Error {
  constructor() {
    super("this channel is already a team of another workspace");
    this.name = "TeamOfAnotherWorkspace";
  }
}

/** Teams whose workspace has not uninstalled GoodCall (single-workspace teams have no workspace row). */
function active(eb: ExpressionBuilder<DB, "Team">) {
  return eb.or([
    eb("Team.workspaceId", "is", null),
    eb(
      "Team.workspaceId",
      "in",
      eb.selectFrom("Workspace").select("Workspace.id").where("Workspace.uninstalledAt", "is", null),
    ),
  ]);
}

export type TeamRepository = ReturnType<typeof teamRepository>;
