// Builds the Bolt app with every listener registered; starting and stopping is the caller's.

import type { IncomingMessage, RequestListener, Server, ServerResponse } from "node:http";
import { App, HTTPReceiver, LogLevel, SocketModeReceiver } from "@slack/bolt";
import { sql } from "kysely";
import type { Config } from "./config.ts";
import { boltLogger } from "./logger.ts";
import { oauthReceiverOptions, type WorkspaceAuthorize } from "./oauth/installer.ts";
import { registerUninstallEvents } from "./oauth/uninstall.ts";
import type { Services } from "./services.ts";
import { registerActions } from "./slack/actions/index.ts";
import { registerCommands } from "./slack/commands/index.ts";
import { envelopeDeps, screenedHttpReceiver, screenSocketModeEvents } from "./slack/envelope.ts";
import { registerEvents } from "./slack/events/index.ts";
import { registerFunctions } from "./slack/functions/index.ts";
import { registerErrorHandling } from "./slack/handle.ts";
import { registerShortcuts } from "./slack/shortcuts/index.ts";
import { registerViews } from "./slack/views/index.ts";

export interface AppOptions {
  config: Config;
  services: Services;
  /** Web API retries; tests shorten them. */
  retryConfig?: { retries: number; factor?: number; minTimeout?: number; maxTimeout?: number };
}

/** The Bolt app, and in OAuth mode the authorize that jobs use to get each workspace's token. */
export interface BuiltApp {
  app: App;
  /** Bolt's own InstallProvider authorize (reads the installation store, refreshes expiring tokens); null with one bot token. */
  authorizeWorkspace: WorkspaceAuthorize | null;
  /** In HTTP mode, what the server calls for each request (envelope screen, then Bolt); null in Socket Mode. */
  requestListener: RequestListener | null;
}

export function createApp(options: AppOptions): App {
  return buildApp(options).app;
}

export function buildApp({ config, services, retryConfig }: AppOptions): BuiltApp {
  const logger = boltLogger(services.logger);
  const clientOptions = { slackApiUrl: config.slackApiUrl, ...(retryConfig ? { retryConfig } : {}) };
  const oauth = config.oauth;
  const signingSecret = config.slackSigningSecret ?? "";
  // Every request's envelope is checked before Bolt sees it (src/slack/envelope.ts).
  const envelope = envelopeDeps(services);
  const receiver = config.socketMode
    ? new SocketModeReceiver({
        appToken: config.slackAppToken ?? "",
        logger,
        installerOptions: { clientOptions },
      })
    : screenedHttpReceiver(
        {
          signingSecret,
          logger,
          customRoutes: [{ path: "/healthz", method: ["GET"], handler: healthz(services) }],
          // OAuth mode: Bolt serves GET /slack/install and /slack/oauth_redirect and authorizes every
          // request from the installation store instead of one token.
          ...(oauth ? oauthReceiverOptions(oauth, services, clientOptions) : {}),
        },
        envelope,
      );
  const app = new App({
    ...(config.slackBotToken ? { token: config.slackBotToken } : {}),
    receiver,
    logger,
    logLevel: config.logLevel === "debug" ? LogLevel.DEBUG : LogLevel.INFO,
    clientOptions,
    // We keep no conversation state in Bolt; its default in-memory store costs time on every request.
    convoStore: false,
  });
  if (config.socketMode) screenSocketModeEvents(app, envelope);
  registerErrorHandling(app, services, Boolean(oauth));
  if (oauth) registerUninstallEvents(app, services);
  registerCommands(app, services);
  registerActions(app, services);
  registerViews(app, services);
  registerShortcuts(app, services);
  registerEvents(app, services);
  registerFunctions(app, services, clientOptions);
  app.error(async (error) => {
    services.logger.error({ err: error }, "unhandled Bolt error");
  });
  const installer = receiver instanceof HTTPReceiver ? receiver.installer : undefined;
  return {
    app,
    authorizeWorkspace: installer ? installer.authorize : null,
    requestListener: receiver instanceof HTTPReceiver ? receiver.requestListener : null,
  };
}

/** Says which database this instance is on and whether it answers: an operator behind a load balancer checks each. */
function healthz(services: Services) {
  return (_req: IncomingMessage, res: ServerResponse) => {
    const kind = services.db.kind;
    // NOTE: a database that does not answer within 2 s counts as unreachable; the load balancer asks again.
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error("the database did not answer within 2 s")), 2_000);
    });
    Promise.race([sql`SELECT 1`.execute(services.db), timeout])
      .finally(() => clearTimeout(timer))
      .then(() => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ status: "ok", database: { kind, reachable: true } }));
      })
      .catch((error: unknown) => {
        services.logger.error({ err: error }, "health check: database unusable");
        res.writeHead(503, { "content-type": "application/json" });
        res.end(JSON.stringify({ status: "error", database: { kind, reachable: false } }));
      });
  };
}

/**
 * Starts the app in HTTP mode on `port` (0: any free port) and returns its server. Idle keep-alive
 * connections are kept 65 s, longer than load balancers keep theirs (AWS's default is 60 s): a
 * server that closes first (Node's default is 5 s) races a request the balancer is sending on the
 * same connection, and that request fails with a reset.
 */
export async function listen(app: App, port: number): Promise<Server> {
  const server = (await app.start(port)) as unknown as Server;
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  server.headersTimeout = KEEP_ALIVE_MS + 1_000;
  return server;
}

const KEEP_ALIVE_MS = 65_000;
