// The bot scopes GoodCall asks for when a workspace installs it: the same list as manifest.yml's
// oauth_config.scopes.bot (test/e2e/oauth.test.ts keeps them equal).
export const BOT_SCOPES = [
  "channels:history",
  "channels:read",
  "chat:write",
  "commands",
  "files:write",
  "groups:history",
  "groups:read",
  "im:history",
  "im:write",
  "users:read",
] as const;

export const INSTALL_PATH = "/slack/install";
export const REDIRECT_PATH = "/slack/oauth_redirect";
