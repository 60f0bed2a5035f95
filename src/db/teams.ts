// Teams, their managers and members, as domain values.
import type { Actor } from "../domain/access.ts";
import type { ManagerPreference, Money, Team, TeamSettings } from "../domain/types.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import type { Db } from "./client.ts";
import { fromDbDate, statement, toDbDate } from "./sql.ts";
import type { WorkspaceScope } from "./workspaceScope.ts";

type TeamRow = Prisma.TeamGetPayload<{ include: { managers: true } }>;

function toTeam(row: TeamRow): Team {
  const usualLimit: Money | null =
    row.usualLimitCents !== null && row.usualLimitCurrency !== null
      ? { cents: row.usualLimitCents, currency: row.usualLimitCurrency }
      : null;
  return {
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
    managerIds: row.managers.map((m) => m.userId).sort(),
    createdAt: row.createdAt,
  };
}

export type { TeamSettings };

interface RawTeam {
  id: string;
  name: string;
  timeZone: string;
  digestWeekday: number;
  digestMinute: number;
  language: string;
  feedEnabled: number;
  usualLimitCents: number | null;
  usualLimitCurrency: string | null;
  followUpDays: number;
  retentionMonths: number | null;
  workspaceId: string | null;
  enterpriseId: string | null;
  createdAt: string;
}

/**
 * In OAuth mode every read and write made while handling a request is limited to the request's
 * workspace (`scope`): a channel id, a button value or a user id from workspace A never reaches a
 * team of workspace B. Outside a request (jobs, the CLI) and in single-workspace mode nothing is limited.
 */
export function teamRepository(db: Db, scope?: WorkspaceScope) {
  /** The Prisma filter for the request's workspace, or none. */
  const inScope = () => {
    const workspace = scope?.current();
    return workspace ? { workspaceId: workspace.id } : {};
  };
  return {
    /** Every slash command starts here, so it is two prepared statements rather than Prisma. */
    async find(id: string): Promise<Team | null> {
      const workspace = scope?.current();
      const row = (
        workspace
          ? statement(db, "SELECT * FROM Team WHERE id = ? AND workspaceId = ?").get(id, workspace.id)
          : statement(db, "SELECT * FROM Team WHERE id = ?").get(id)
      ) as RawTeam | undefined;
      if (!row) return null;
      const managers = statement(db, "SELECT userId FROM TeamManager WHERE teamId = ?").all(id) as Array<{
        userId: string;
      }>;
      return toTeam({
        ...row,
        feedEnabled: row.feedEnabled === 1,
        createdAt: fromDbDate(row.createdAt),
        updatedAt: fromDbDate(row.createdAt),
        createdById: "",
        managers: managers.map((m) => ({
          ...m,
          teamId: id,
          preference: "",
          unreachableAt: null,
          createdAt: new Date(0),
        })),
      });
    },

    async all(): Promise<Team[]> {
      const rows = await db.team.findMany({ include: { managers: true }, orderBy: { id: "asc" } });
      return rows.map(toTeam);
    },

    /**
     * The teams scheduled jobs serve (optionally one): all but those of workspaces that uninstalled
     * GoodCall, which stop at once and whose data waits for deletion.
     */
    async active(teamId?: string): Promise<Team[]> {
      const rows = await db.team.findMany({
        where: { ...ACTIVE, ...(teamId ? { id: teamId } : {}) },
        include: { managers: true },
        orderBy: { id: "asc" },
      });
      return rows.map(toTeam);
    },

    /** Where a team's jobs get their Slack token; both null in single-workspace mode. */
    async workspaceOf(teamId: string): Promise<{ workspaceId: string | null; enterpriseId: string | null }> {
      const row = statement(db, "SELECT workspaceId, enterpriseId FROM Team WHERE id = ?").get(teamId) as
        | { workspaceId: string | null; enterpriseId: string | null }
        | undefined;
      return row ?? { workspaceId: null, enterpriseId: null };
    },

    /** Active teams that delete old entries: the only ones the retention job looks at. */
    async withRetention(): Promise<Team[]> {
      const rows = await db.team.findMany({
        where: { retentionMonths: { not: null }, ...ACTIVE },
        include: { managers: true },
        orderBy: { id: "asc" },
      });
      return rows.map(toTeam);
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
      try {
        const row = await db.team.create({
          data: {
            ...(workspace
              ? {
                  enterpriseId: workspace.enterpriseId,
                  // An org-wide install learns its workspaces as their channels become teams.
                  workspace: {
                    connectOrCreate: {
                      where: { id: workspace.id },
                      create: { id: workspace.id, enterpriseId: workspace.enterpriseId },
                    },
                  },
                }
              : {}),
            id: input.id,
            name: input.name,
            timeZone: input.timeZone,
            createdById: input.createdById,
            ...(input.createdAt ? { createdAt: input.createdAt } : {}),
            managers: { create: [{ userId: input.createdById }] },
            members: {
              create: [...new Set([input.createdById, ...(input.members ?? [])])].map((userId) => ({
                userId,
              })),
            },
          },
          include: { managers: true },
        });
        return toTeam(row);
      } catch (error) {
        if ((error as { code?: string }).code !== "P2002") throw error;
        // NOTE: a channel id is a team's key, so a channel that is already a team of another
        // workspace (a Slack Connect channel, or a team from before OAuth mode) cannot become one
        // here. Returning null would tell the caller "someone just created it", and it would look
        // again and again without ever seeing it.
        const ours = statement(db, "SELECT 1 FROM Team WHERE id = ? AND workspaceId IS ?").get(
          input.id,
          workspace?.id ?? null,
        );
        if (workspace && !ours) throw new TeamOfAnotherWorkspace();
        return null;
      }
    },

    async updateSettings(id: string, settings: TeamSettings): Promise<Team> {
      const row = await db.$transaction(async (tx) => {
        const existing = await tx.teamManager.findMany({ where: { teamId: id } });
        const keep = new Set(settings.managerIds);
        await tx.teamManager.deleteMany({ where: { teamId: id, userId: { notIn: settings.managerIds } } });
        for (const userId of keep) {
          if (!existing.some((m) => m.userId === userId))
            await tx.teamManager.create({ data: { teamId: id, userId } });
        }
        return tx.team.update({
          where: { id },
          data: {
            timeZone: settings.timeZone,
            digestWeekday: settings.digestWeekday,
            digestMinute: settings.digestMinute,
            language: settings.language,
            feedEnabled: settings.feedEnabled,
            usualLimitCents: settings.usualLimit?.cents ?? null,
            usualLimitCurrency: settings.usualLimit?.currency ?? null,
            followUpDays: settings.followUpDays,
            retentionMonths: settings.retentionMonths,
          },
          include: { managers: true },
        });
      });
      return toTeam(row);
    },

    async managerPreference(teamId: string, userId: string): Promise<ManagerPreference | null> {
      const row = await db.teamManager.findUnique({ where: { teamId_userId: { teamId, userId } } });
      return row ? (row.preference as ManagerPreference) : null;
    },

    /** Returns false when the person is not (or no longer) a manager of the team. */
    async setManagerPreference(
      teamId: string,
      userId: string,
      preference: ManagerPreference,
    ): Promise<boolean> {
      const { count } = await db.teamManager.updateMany({
        where: { teamId, userId, team: inScope() },
        data: { preference, unreachableAt: null },
      });
      return count === 1;
    },

    async managersOf(
      teamId: string,
    ): Promise<Array<{ userId: string; preference: ManagerPreference; unreachable: boolean }>> {
      // Asked after every good call (who wants an instant DM), so a prepared statement.
      const rows = statement(
        db,
        "SELECT userId, preference, unreachableAt FROM TeamManager WHERE teamId = ? ORDER BY userId",
      ).all(teamId) as Array<{ userId: string; preference: string; unreachableAt: string | null }>;
      return rows.map((r) => ({
        userId: r.userId,
        preference: r.preference as ManagerPreference,
        unreachable: r.unreachableAt !== null,
      }));
    },

    /** Slack said this manager is gone; they get no more DMs, and the others are told. */
    async markManagerUnreachable(teamId: string, userId: string, now: Date): Promise<void> {
      await db.teamManager.updateMany({
        where: { teamId, userId, unreachableAt: null },
        data: { unreachableAt: now },
      });
    },

    /** Teams where this person is a manager. */
    async managedBy(userId: string): Promise<Team[]> {
      const rows = await db.team.findMany({
        where: { managers: { some: { userId } }, ...inScope() },
        include: { managers: true },
        orderBy: { name: "asc" },
      });
      return rows.map(toTeam);
    },

    /** The teams a person belongs to (as member or manager), by name. */
    async teamsOf(userId: string): Promise<Team[]> {
      const rows = await db.team.findMany({
        where: { OR: [{ members: { some: { userId } } }, { managers: { some: { userId } } }], ...inScope() },
        include: { managers: true },
        orderBy: { name: "asc" },
      });
      return rows.map(toTeam);
    },

    /**
     * The person as the access decision sees them: the teams they are a member of and those they
     * manage, in one indexed query (both tables have a userId index), asked once per request.
     */
    async actor(userId: string): Promise<Actor> {
      const workspace = scope?.current();
      // NOTE: on Enterprise Grid a person has one user id in every workspace of the org, so in a
      // request only the memberships of teams in the request's workspace count.
      const rows = (
        workspace
          ? statement(
              db,
              `SELECT m.teamId, 0 AS manager FROM TeamMember m JOIN Team t ON t.id = m.teamId
                 WHERE m.userId = ? AND t.workspaceId = ?
               UNION ALL SELECT m.teamId, 1 AS manager FROM TeamManager m JOIN Team t ON t.id = m.teamId
                 WHERE m.userId = ? AND t.workspaceId = ?`,
            ).all(userId, workspace.id, userId, workspace.id)
          : statement(
              db,
              `SELECT teamId, 0 AS manager FROM TeamMember WHERE userId = ?
               UNION ALL SELECT teamId, 1 AS manager FROM TeamManager WHERE userId = ?`,
            ).all(userId, userId)
      ) as Array<{ teamId: string; manager: number }>;
      const memberOf = new Set<string>();
      const manages = new Set<string>();
      for (const row of rows) (row.manager === 1 ? manages : memberOf).add(row.teamId);
      return { userId, memberOf, manages };
    },

    /** Runs after every good call; usually the person is a member already, so look before writing. */
    async addMember(teamId: string, userId: string): Promise<void> {
      const known = statement(db, "SELECT 1 FROM TeamMember WHERE teamId = ? AND userId = ?").get(
        teamId,
        userId,
      );
      if (known) return;
      statement(db, "INSERT OR IGNORE INTO TeamMember (teamId, userId, joinedAt) VALUES (?, ?, ?)").run(
        teamId,
        userId,
        toDbDate(new Date()),
      );
    },

    async removeMember(teamId: string, userId: string): Promise<void> {
      await db.teamMember.deleteMany({ where: { teamId, userId, team: inScope() } });
    },
  };
}

/** Setup in a channel that is already a team of another workspace (or of single-workspace mode). */
export class TeamOfAnotherWorkspace extends Error {
  constructor() {
    super("this channel is already a team of another workspace");
    this.name = "TeamOfAnotherWorkspace";
  }
}

/** Teams whose workspace has not uninstalled GoodCall (single-workspace teams have no workspace row). */
const ACTIVE = { OR: [{ workspaceId: null }, { workspace: { uninstalledAt: null } }] };

export type TeamRepository = ReturnType<typeof teamRepository>;
