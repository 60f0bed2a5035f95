// app_uninstalled and tokens_revoked (OAuth mode): the workspace's (or the org's) jobs stop at once;
// its data stays for the grace period in case of a reinstall, then the scheduler deletes it.
import type { App, Context } from "@slack/bolt";
import type { Services } from "../services.ts";

export const UninstallEvent = {
  AppUninstalled: "app_uninstalled",
  TokensRevoked: "tokens_revoked",
} as const;

export function registerUninstallEvents(app: App, services: Services): void {
  const stop = async (context: Context, reason: string) => {
    const workspaces = await services.installations.markUninstalled(
      {
        teamId: context.teamId ?? null,
        enterpriseId: context.enterpriseId ?? null,
        isEnterpriseInstall: context.isEnterpriseInstall === true,
      },
      services.now(),
    );
    services.logger.info(
      { teamId: context.teamId, enterpriseId: context.enterpriseId, workspaces: workspaces.length, reason },
      "GoodCall uninstalled: jobs stopped; data kept for the grace period",
    );
  };

  app.event(UninstallEvent.AppUninstalled, async ({ context }) => {
    await stop(context, UninstallEvent.AppUninstalled);
  });

  app.event(UninstallEvent.TokensRevoked, async ({ event, context }) => {
    // Revoked user tokens are not ours to care about (GoodCall asks for none); a revoked bot token
    // leaves the workspace as unusable as an uninstall.
    if ((event.tokens.bot ?? []).length === 0) return;
    await stop(context, UninstallEvent.TokensRevoked);
  });
}
