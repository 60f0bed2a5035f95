// Workspaces GoodCall is installed in (OAuth mode) and their installations. Tokens arrive and leave
// here already encrypted (src/oauth/installationStore.ts); this layer never sees them in the clear.
import type { Db } from "./client.ts";

/** An installation's row: the token fields are ciphertext. */
export interface InstallationRow {
  key: string;
  enterpriseId: string | null;
  teamId: string | null;
  isEnterpriseInstall: boolean;
  appId: string | null;
  enterpriseUrl: string | null;
  tokenType: string;
  botToken: string;
  botId: string;
  botUserId: string;
  botScopes: string[];
  botRefreshToken: string | null;
  botTokenExpiresAt: Date | null;
  installerUserId: string;
}

/** The row key: one installation per workspace, or one per Enterprise Grid org for an org-wide install. */
export function installationKey(query: {
  teamId?: string | null | undefined;
  enterpriseId?: string | null | undefined;
  isEnterpriseInstall?: boolean | undefined;
}): string | null {
  if (query.isEnterpriseInstall) return query.enterpriseId ? `enterprise:${query.enterpriseId}` : null;
  return query.teamId ? `team:${query.teamId}` : null;
}

export function installationRepository(db: Db) {
  /** Scopes are stored comma separated; everything else is the row as it is. */
  const toRow = (row: Omit<InstallationRow, "botScopes"> & { botScopes: string }): InstallationRow => ({
    ...row,
    botScopes: row.botScopes === "" ? [] : row.botScopes.split(","),
  });

  return {
    /**
     * Saves an installation (a new install, a reinstall, or refreshed tokens) and marks its
     * workspace(s) installed again: a reinstall within the grace period keeps the data.
     */
    async save(row: InstallationRow, now: Date): Promise<void> {
      const data = { ...row, botScopes: row.botScopes.join(",") };
      await db.$transaction(async (tx) => {
        await tx.installation.upsert({ where: { key: row.key }, create: data, update: data });
        if (!row.isEnterpriseInstall && row.teamId) {
          await tx.workspace.upsert({
            where: { id: row.teamId },
            create: { id: row.teamId, enterpriseId: row.enterpriseId, installedAt: now },
            update: { uninstalledAt: null, enterpriseId: row.enterpriseId },
          });
        } else if (row.enterpriseId) {
          await tx.workspace.updateMany({
            where: { enterpriseId: row.enterpriseId },
            data: { uninstalledAt: null },
          });
        }
      });
    },

    async find(key: string): Promise<InstallationRow | null> {
      const row = await db.installation.findUnique({ where: { key } });
      return row ? toRow(row) : null;
    },

    async delete(key: string): Promise<void> {
      await db.installation.deleteMany({ where: { key } });
    },

    /** Records a workspace a team was set up in, e.g. one of an org-wide install's workspaces. */
    async ensureWorkspace(id: string, enterpriseId: string | null, now: Date): Promise<void> {
      await db.workspace.upsert({
        where: { id },
        create: { id, enterpriseId, installedAt: now },
        update: {},
      });
    },

    /**
     * GoodCall was uninstalled (or its bot token revoked) in a workspace, or org-wide: its tokens
     * are deleted (Slack no longer honours them) and its workspaces' jobs stop from now on.
     * Returns the workspaces marked.
     */
    async markUninstalled(
      target: { teamId: string | null; enterpriseId: string | null; isEnterpriseInstall: boolean },
      now: Date,
    ): Promise<string[]> {
      return db.$transaction(async (tx) => {
        if (target.isEnterpriseInstall && target.enterpriseId) {
          await tx.installation.deleteMany({ where: { key: `enterprise:${target.enterpriseId}` } });
          const workspaces = await tx.workspace.findMany({
            where: { enterpriseId: target.enterpriseId, uninstalledAt: null },
            select: { id: true },
          });
          await tx.workspace.updateMany({
            where: { id: { in: workspaces.map((w) => w.id) } },
            data: { uninstalledAt: now },
          });
          return workspaces.map((w) => w.id);
        }
        if (!target.teamId) return [];
        await tx.installation.deleteMany({ where: { key: `team:${target.teamId}` } });
        const { count } = await tx.workspace.updateMany({
          where: { id: target.teamId, uninstalledAt: null },
          data: { uninstalledAt: now },
        });
        return count > 0 ? [target.teamId] : [];
      });
    },

    /** Workspaces uninstalled before `before`: their grace period is over. */
    async uninstalledBefore(before: Date): Promise<string[]> {
      const rows = await db.workspace.findMany({
        where: { uninstalledAt: { lt: before } },
        select: { id: true },
        orderBy: { id: "asc" },
      });
      return rows.map((r) => r.id);
    },

    async workspaceExists(id: string): Promise<boolean> {
      return (await db.workspace.count({ where: { id } })) > 0;
    },

    /**
     * Deletes a workspace now: its installation, its teams and through them everything logged in
     * them (the foreign keys cascade). Returns how many teams went with it.
     */
    async deleteWorkspace(id: string): Promise<{ teams: number }> {
      return db.$transaction(async (tx) => {
        const teams = await tx.team.count({ where: { workspaceId: id } });
        await tx.installation.deleteMany({ where: { key: `team:${id}` } });
        await tx.workspace.deleteMany({ where: { id } });
        return { teams };
      });
    },
  };
}

export type InstallationRepository = ReturnType<typeof installationRepository>;
