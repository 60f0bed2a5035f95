// Teams, their managers and members, as domain values.
import type { Actor } from "../domain/access.ts";
import type { ManagerPreference, Money, Team, TeamSettings } from "../domain/types.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import type { Db } from "./client.ts";
import { fromDbDate, statement, toDbDate } from "./sql.ts";

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
  createdAt: string;
}

export function teamRepository(db: Db) {
  return {
    /** Every slash command starts here, so it is two prepared statements rather than Prisma. */
    async find(id: string): Promise<Team | null> {
      const row = statement(db, "SELECT * FROM Team WHERE id = ?").get(id) as RawTeam | undefined;
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

    /** Teams that delete old entries: the only ones the retention job looks at. */
    async withRetention(): Promise<Team[]> {
      const rows = await db.team.findMany({
        where: { retentionMonths: { not: null } },
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
    }): Promise<Team | null> {
      try {
        const row = await db.team.create({
          data: {
            id: input.id,
            name: input.name,
            timeZone: input.timeZone,
            createdById: input.createdById,
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
        if ((error as { code?: string }).code === "P2002") return null;
        throw error;
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
        where: { teamId, userId },
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
        where: { managers: { some: { userId } } },
        include: { managers: true },
        orderBy: { name: "asc" },
      });
      return rows.map(toTeam);
    },

    /** The teams a person belongs to (as member or manager), by name. */
    async teamsOf(userId: string): Promise<Team[]> {
      const rows = await db.team.findMany({
        where: { OR: [{ members: { some: { userId } } }, { managers: { some: { userId } } }] },
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
      const rows = statement(
        db,
        `SELECT teamId, 0 AS manager FROM TeamMember WHERE userId = ?
         UNION ALL SELECT teamId, 1 AS manager FROM TeamManager WHERE userId = ?`,
      ).all(userId, userId) as Array<{ teamId: string; manager: number }>;
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
      await db.teamMember.deleteMany({ where: { teamId, userId } });
    },
  };
}

export type TeamRepository = ReturnType<typeof teamRepository>;
