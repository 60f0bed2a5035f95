// Workspaces GoodCall is installed in (OAuth mode) and their installations. Tokens arrive and leave
// here already encrypted (src/oauth/installationStore.ts); this layer never sees them in the clear.
import { LookupCache } from "./cache.ts";
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

export function installationRepository(db: Db, cache = new LookupCache()) {
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
      const { key, ...fields } = { ...row, botScopes: row.botScopes.join(",") };
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto("Installation")
          .values({ key, ...fields, installedAt: now, updatedAt: now })
          .onConflict((oc) => oc.column("key").doUpdateSet({ ...fields, updatedAt: now }))
          .execute();
        if (!row.isEnterpriseInstall && row.teamId) {
          await trx
            .insertInto("Workspace")
            .values({ id: row.teamId, enterpriseId: row.enterpriseId, installedAt: now })
            .onConflict((oc) =>
              oc.column("id").doUpdateSet({ uninstalledAt: null, enterpriseId: row.enterpriseId }),
            )
            .execute();
        } else if (row.enterpriseId) {
          await trx
            .updateTable("Workspace")
            .set({ uninstalledAt: null })
            .where("enterpriseId", "=", row.enterpriseId)
            .execute();
        }
      });
    },

    async find(key: string): Promise<InstallationRow | null> {
      const row = await db.selectFrom("Installation").selectAll().where("key", "=", key).executeTakeFirst();
      return row ? toRow(row) : null;
    },

    async delete(key: string): Promise<void> {
      await db.deleteFrom("Installation").where("key", "=", key).execute();
    },

    /** Records a workspace a team was set up in, e.g. one of an org-wide install's workspaces. */
    async ensureWorkspace(id: string, enterpriseId: string | null, now: Date): Promise<void> {
      await db
        .insertInto("Workspace")
        .values({ id, enterpriseId, installedAt: now })
        .onConflict((oc) => oc.column("id").doNothing())
        .execute();
    },

    /**
     * GoodCall was uninstalled (or its bot token revoked) in a workspace, or org-wide: its tokens
     * are deleted (Slack no longer honours them) and its workspaces' jobs stop from now on.
     * Returns the workspaces marked: each by one instance only, when several take in the event.
     */
    async markUninstalled(
      target: { teamId: string | null; enterpriseId: string | null; isEnterpriseInstall: boolean },
      now: Date,
    ): Promise<string[]> {
      const workspaces = await db.transaction().execute(async (trx) => {
        if (target.isEnterpriseInstall && target.enterpriseId) {
          await trx
            .deleteFrom("Installation")
            .where("key", "=", `enterprise:${target.enterpriseId}`)
            .execute();
          return trx
            .updateTable("Workspace")
            .set({ uninstalledAt: now })
            .where("enterpriseId", "=", target.enterpriseId)
            .where("uninstalledAt", "is", null)
            .returning("id")
            .execute();
        }
        if (!target.teamId) return [];
        await trx.deleteFrom("Installation").where("key", "=", `team:${target.teamId}`).execute();
        return trx
          .updateTable("Workspace")
          .set({ uninstalledAt: now })
          .where("id", "=", target.teamId)
          .where("uninstalledAt", "is", null)
          .returning("id")
          .execute();
      });
      return workspaces.map((w) => w.id).sort();
    },

    /** Workspaces uninstalled before `before`: their grace period is over. */
    async uninstalledBefore(before: Date): Promise<string[]> {
      const rows = await db
        .selectFrom("Workspace")
        .select("id")
        .where("uninstalledAt", "<", before)
        .orderBy("id")
        .execute();
      return rows.map((r) => r.id);
    },

    async workspaceExists(id: string): Promise<boolean> {
      const row = await db.selectFrom("Workspace").select("id").where("id", "=", id).executeTakeFirst();
      return row !== undefined;
    },

    /**
     * Deletes a workspace now: its installation, its teams and through them everything logged in
     * them (the foreign keys cascade). Returns how many teams went with it.
     */
    async deleteWorkspace(id: string): Promise<{ teams: number }> {
      const deleted = await db.transaction().execute(async (trx) => {
        const { teams } = await trx
          .selectFrom("Team")
          .select((eb) => eb.fn.countAll<number>().as("teams"))
          .where("workspaceId", "=", id)
          .executeTakeFirstOrThrow();
        await trx.deleteFrom("Installation").where("key", "=", `team:${id}`).execute();
        await trx.deleteFrom("Workspace").where("id", "=", id).execute();
        return { teams: Number(teams) };
      });
      // Its teams went, and with them their memberships; rare enough to forget everything.
      cache.clear();
      return deleted;
    },
  };
}

export type InstallationRepository = ReturnType<typeof installationRepository>;
