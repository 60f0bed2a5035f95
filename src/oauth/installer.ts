// OAuth mode's receiver options (Bolt's install pages on our installation store) and each
// workspace's Web API client for scheduled jobs, through the same InstallProvider Bolt uses for
// requests, so token rotation works one way for both.
import { type Logger as BoltLogger, HTTPReceiver, type HTTPReceiverOptions } from "@slack/bolt";
import { WebClient, type WebClientOptions } from "@slack/web-api";
import type { Config, OAuthConfig } from "../config.ts";
import type { Team } from "../domain/types.ts";
import type { Workspaces } from "../jobs/outbox.ts";
import type { Services } from "../services.ts";
import { tokenCipher } from "./encryption.ts";
import { installationStore } from "./installationStore.ts";
import { failurePage, sendPage, successPage } from "./pages.ts";
import { BOT_SCOPES, INSTALL_PATH, REDIRECT_PATH } from "./scopes.ts";

/** What HTTPReceiver needs besides its signing secret and routes to serve installs. */
export function oauthReceiverOptions(
  oauth: OAuthConfig,
  services: Services,
  clientOptions: WebClientOptions,
): Pick<
  HTTPReceiverOptions,
  "clientId" | "clientSecret" | "stateSecret" | "scopes" | "installationStore" | "installerOptions"
> {
  return {
    clientId: oauth.clientId,
    clientSecret: oauth.clientSecret,
    stateSecret: oauth.stateSecret,
    scopes: [...BOT_SCOPES],
    installationStore: installationStore(
      services.installations,
      tokenCipher(oauth.encryptionKey),
      services.now,
    ),
    installerOptions: {
      installPath: INSTALL_PATH,
      redirectUriPath: REDIRECT_PATH,
      // oauth.v2.access (install and token refresh) and auth.test go to SLACK_API_URL like every call.
      clientOptions,
      callbackOptions: {
        success: (installation, _options, req, res) => {
          const teamId = installation.team?.id;
          services.logger.info(
            {
              teamId,
              enterpriseId: installation.enterprise?.id,
              orgWide: installation.isEnterpriseInstall === true,
              installerId: installation.user.id,
            },
            "GoodCall installed",
          );
          const slack = teamId ? `https://slack.com/app_redirect?team=${teamId}` : "https://slack.com/";
          sendPage(req, res, 200, (p) => successPage(p, installation.enterpriseUrl ?? slack));
        },
        failure: (error, _options, req, res) => {
          // The code (e.g. slack_oauth_invalid_state) says what went wrong; the message may quote Slack's answer.
          services.logger.warn({ code: error.code }, "an installation did not complete");
          sendPage(req, res, 400, (p) => failurePage(p, INSTALL_PATH));
        },
      },
    },
  };
}

export type WorkspaceAuthorize = NonNullable<HTTPReceiver["installer"]>["authorize"];

/** What scheduled jobs need in OAuth mode: each workspace's client, and the uninstall grace period. */
export function workspaceJobs(
  config: Readonly<Config>,
  services: Services,
  authorize: WorkspaceAuthorize,
  clientOptions: WebClientOptions = { slackApiUrl: config.slackApiUrl },
): Workspaces {
  return {
    ...workspaceClients(services, authorize, clientOptions),
    deleteAfterMs: (config.oauth?.uninstallGraceDays ?? 30) * 24 * 3600_000,
  };
}

/**
 * Each team's Web API client in OAuth mode: its workspace's bot token, refreshed before it expires.
 * Null when the team has no workspace with a usable installation (uninstalled, or set up before OAuth).
 */
export function workspaceClients(
  services: Services,
  authorize: WorkspaceAuthorize,
  clientOptions: WebClientOptions,
): { clientFor(team: Team): Promise<WebClient | null> } {
  // One client per token, so the outbox's single-try clients (cached per client) are reused.
  const clients = new Map<string, WebClient>();
  return {
    async clientFor(team) {
      const { workspaceId, enterpriseId } = await services.teams.workspaceOf(team.id);
      if (!workspaceId) return null;
      try {
        // NOTE: Bolt's authorize reads the installation (the workspace's own, else its org's) and,
        // when the bot token expires within two hours, refreshes it and stores the new pair.
        const auth = await authorize({
          teamId: workspaceId,
          enterpriseId: enterpriseId ?? undefined,
          isEnterpriseInstall: false,
        });
        if (!auth.botToken) return null;
        let client = clients.get(auth.botToken);
        if (!client) {
          client = new WebClient(auth.botToken, clientOptions);
          clients.set(auth.botToken, client);
        }
        return client;
      } catch (error) {
        services.logger.warn(
          { err: error, teamId: team.id, workspaceId },
          "no usable installation for a team's workspace",
        );
        return null;
      }
    },
  };
}

/**
 * The command line's way to the same authorize, without serving anything: the receiver builds
 * Bolt's InstallProvider when it is constructed and only listens when started, which the CLI never does.
 */
export function commandLineWorkspaces(
  config: Readonly<Config>,
  services: Services,
  logger: BoltLogger,
): Workspaces {
  const oauth = config.oauth;
  if (!oauth) throw new Error("commandLineWorkspaces is for OAuth mode");
  const clientOptions = { slackApiUrl: config.slackApiUrl };
  const receiver = new HTTPReceiver({
    // NOTE: never checked: this receiver never receives a request.
    signingSecret: config.slackSigningSecret ?? "unused-by-the-command-line",
    logger,
    ...oauthReceiverOptions(oauth, services, clientOptions),
  });
  if (!receiver.installer) throw new Error("Bolt built no InstallProvider from the OAuth settings");
  return workspaceJobs(config, services, receiver.installer.authorize, clientOptions);
}
