// Bolt's InstallationStore on our database: what the OAuth flow stores and what Bolt's authorize
// (and token rotation) reads back, with every token encrypted before it reaches the database.
import type { Installation, InstallationQuery, InstallationStore } from "@slack/bolt";
import { type InstallationRepository, type InstallationRow, installationKey } from "../db/installations.ts";
import type { TokenCipher } from "./encryption.ts";

export function installationStore(
  installations: InstallationRepository,
  cipher: TokenCipher,
  now: () => Date,
): Required<Pick<InstallationStore, "storeInstallation" | "fetchInstallation" | "deleteInstallation">> {
  return {
    async storeInstallation(installation) {
      const key = installationKey({
        teamId: installation.team?.id,
        enterpriseId: installation.enterprise?.id,
        isEnterpriseInstall: installation.isEnterpriseInstall,
      });
      const bot = installation.bot;
      // GoodCall asks for bot scopes only; an install without a bot user cannot do anything.
      if (!key || !bot) throw new Error("Slack's installation has no workspace or no bot token");
      const row: InstallationRow = {
        key,
        enterpriseId: installation.enterprise?.id ?? null,
        teamId: installation.isEnterpriseInstall ? null : (installation.team?.id ?? null),
        isEnterpriseInstall: installation.isEnterpriseInstall === true,
        appId: installation.appId ?? null,
        enterpriseUrl: installation.enterpriseUrl ?? null,
        tokenType: installation.tokenType ?? "bot",
        botToken: cipher.encrypt(bot.token, key),
        botId: bot.id,
        botUserId: bot.userId,
        botScopes: bot.scopes,
        botRefreshToken: bot.refreshToken ? cipher.encrypt(bot.refreshToken, key) : null,
        botTokenExpiresAt: bot.expiresAt !== undefined ? new Date(bot.expiresAt * 1000) : null,
        installerUserId: installation.user.id,
      };
      await installations.save(row, now());
    },

    async fetchInstallation(query: InstallationQuery<boolean>) {
      // A workspace of an org with an org-wide install has no installation of its own: the org's serves it.
      const own = installationKey(query);
      const org = query.enterpriseId ? `enterprise:${query.enterpriseId}` : null;
      const row =
        (own ? await installations.find(own) : null) ?? (org ? await installations.find(org) : null);
      if (!row) throw new Error("GoodCall is not installed in this workspace");
      return toInstallation(row, cipher);
    },

    async deleteInstallation(query: InstallationQuery<boolean>) {
      const key = installationKey(query);
      if (key) await installations.delete(key);
    },
  };
}

function toInstallation(row: InstallationRow, cipher: TokenCipher): Installation<"v2", boolean> {
  return {
    team: row.teamId ? { id: row.teamId } : undefined,
    enterprise: row.enterpriseId ? { id: row.enterpriseId } : undefined,
    // Only the installer's id is kept: GoodCall asks for no user token.
    user: { id: row.installerUserId, token: undefined, scopes: undefined },
    bot: {
      token: cipher.decrypt(row.botToken, row.key),
      id: row.botId,
      userId: row.botUserId,
      scopes: row.botScopes,
      ...(row.botRefreshToken
        ? {
            refreshToken: cipher.decrypt(row.botRefreshToken, row.key),
            expiresAt: Math.floor((row.botTokenExpiresAt?.getTime() ?? 0) / 1000),
          }
        : {}),
    },
    ...(row.appId ? { appId: row.appId } : {}),
    ...(row.enterpriseUrl ? { enterpriseUrl: row.enterpriseUrl } : {}),
    tokenType: "bot",
    isEnterpriseInstall: row.isEnterpriseInstall,
    // Bolt refreshes expiring tokens only for installations it knows came from OAuth v2.
    authVersion: "v2",
  } as Installation<"v2", boolean>;
}
