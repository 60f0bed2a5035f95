// The environment, validated once at start-up: every problem is reported by name with a fix.
import { z } from "zod";
import { isValidTimeZone } from "./domain/period.ts";

/** OAuth mode: GoodCall installs into many workspaces and keeps each one's tokens in the database. */
export interface OAuthConfig {
  clientId: string;
  clientSecret: string;
  stateSecret: string;
  /** The 32-byte AES-256-GCM key for stored tokens; a Buffer so it is never printed as text by accident. */
  encryptionKey: Buffer;
  /** How long an uninstalled workspace's data is kept before the scheduler deletes it. */
  uninstallGraceDays: number;
}

export interface Config {
  /** Single-workspace mode's bot token; null in OAuth mode, where each workspace has its own. */
  slackBotToken: string | null;
  oauth: OAuthConfig | null;
  slackSigningSecret: string | null;
  slackAppToken: string | null;
  socketMode: boolean;
  port: number;
  slackApiUrl: string;
  databaseUrl: string;
  logLevel: "debug" | "info" | "warn" | "error";
  tzDefault: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `GoodCall cannot start: fix these settings in .env or the environment:\n${problems.map((p) => `  - ${p}`).join("\n")}`,
    );
    this.name = "ConfigError";
  }
}

const blankIsUnset = (value: unknown) =>
  typeof value === "string" && value.trim() === "" ? undefined : value;

const OAUTH_VARIABLES = ["SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET", "SLACK_STATE_SECRET"] as const;

/**
 * The encryption key as 32 bytes, from base64 or hex; null when it is neither. Hex is tried first:
 * 64 hex digits are also valid base64, but would decode to 48 bytes there.
 */
export function parseEncryptionKey(text: string): Buffer | null {
  const value = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(value)) return Buffer.from(value, "hex");
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(value)) return null;
  const bytes = Buffer.from(value, value.includes("-") || value.includes("_") ? "base64url" : "base64");
  return bytes.length === 32 ? bytes : null;
}

const schema = z.object({
  SLACK_BOT_TOKEN: z.preprocess(
    blankIsUnset,
    z
      .string()
      .startsWith("xoxb-", {
        error: "SLACK_BOT_TOKEN must be a bot token starting with xoxb- (OAuth & Permissions page)",
      })
      .optional(),
  ),
  SLACK_CLIENT_ID: z.preprocess(blankIsUnset, z.string().optional()),
  SLACK_CLIENT_SECRET: z.preprocess(blankIsUnset, z.string().optional()),
  SLACK_STATE_SECRET: z.preprocess(
    blankIsUnset,
    z
      .string()
      .min(16, { error: "SLACK_STATE_SECRET must be at least 16 characters: use a long random string" })
      .optional(),
  ),
  GOODCALL_ENCRYPTION_KEY: z.preprocess(
    blankIsUnset,
    z
      .string()
      .refine((value) => parseEncryptionKey(value) !== null, {
        error:
          "GOODCALL_ENCRYPTION_KEY must be 32 random bytes as base64 or 64 hex digits: create one with `openssl rand -base64 32`",
      })
      .optional(),
  ),
  GOODCALL_UNINSTALL_GRACE_DAYS: z.preprocess(
    blankIsUnset,
    z.coerce
      .number({ error: "GOODCALL_UNINSTALL_GRACE_DAYS must be a number of days" })
      .int({ error: "GOODCALL_UNINSTALL_GRACE_DAYS must be a whole number of days" })
      .min(0, { error: "GOODCALL_UNINSTALL_GRACE_DAYS must be 0 or more" })
      .max(365, { error: "GOODCALL_UNINSTALL_GRACE_DAYS must be at most 365" })
      .default(30),
  ),
  SLACK_SIGNING_SECRET: z.preprocess(blankIsUnset, z.string().optional()),
  SLACK_APP_TOKEN: z.preprocess(
    blankIsUnset,
    z
      .string()
      .startsWith("xapp-", {
        error:
          "SLACK_APP_TOKEN must be an app-level token starting with xapp- (Basic Information → App-Level Tokens, scope connections:write)",
      })
      .optional(),
  ),
  SLACK_SOCKET_MODE: z.preprocess(
    blankIsUnset,
    z.enum(["true", "false"], { error: "SLACK_SOCKET_MODE must be true or false" }).optional(),
  ),
  PORT: z.preprocess(
    blankIsUnset,
    z.coerce
      .number({ error: "PORT must be a number" })
      .int({ error: "PORT must be a whole number" })
      .min(1, { error: "PORT must be between 1 and 65535" })
      .max(65535, { error: "PORT must be between 1 and 65535" })
      .default(3000),
  ),
  SLACK_API_URL: z.preprocess(
    blankIsUnset,
    z
      .url({ error: "SLACK_API_URL must be a URL such as https://slack.com/api/" })
      .default("https://slack.com/api/")
      .transform((url) => (url.endsWith("/") ? url : `${url}/`)),
  ),
  DATABASE_URL: z.preprocess(
    blankIsUnset,
    z
      .string()
      .regex(/^(file:|postgres(ql)?:\/\/)/, {
        error:
          "DATABASE_URL must be a SQLite file URL such as file:./data/goodcall.db, or a PostgreSQL URL such as postgresql://goodcall:PASSWORD@db.example:5432/goodcall",
      })
      .default("file:./data/goodcall.db"),
  ),
  LOG_LEVEL: z.preprocess(
    (value) => (typeof value === "string" ? blankIsUnset(value.toLowerCase()) : value),
    z
      .enum(["debug", "info", "warn", "error"], {
        error: "LOG_LEVEL must be one of debug, info, warn, error",
      })
      .default("info"),
  ),
  TZ_DEFAULT: z.preprocess(
    blankIsUnset,
    z
      .string()
      .refine(isValidTimeZone, {
        error: "TZ_DEFAULT must be an IANA time zone such as Europe/Helsinki or UTC",
      })
      .default("UTC"),
  ),
});

/**
 * Parses the environment; throws ConfigError naming every bad or missing variable. The command
 * line talks to Slack's Web API only, so it does not need the settings for receiving events.
 */
export function loadConfig(
  env: Record<string, string | undefined>,
  options: { receivesEvents: boolean } = { receivesEvents: true },
): Readonly<Config> {
  const parsed = schema.safeParse(env);
  const problems = parsed.success ? [] : parsed.error.issues.map((issue) => issue.message);
  // The mode decides which secret is needed; judged from the raw values so that it is reported
  // together with every other problem.
  const set = (name: string) => (env[name]?.trim() ?? "") !== "";
  // Which of the two modes the variables describe: any OAuth variable means OAuth mode, so that a
  // half-finished OAuth setup is reported as such rather than as a missing bot token.
  const oauthSet = OAUTH_VARIABLES.filter(set);
  const oauthMode = oauthSet.length > 0;
  const modeSetting = env.SLACK_SOCKET_MODE?.trim();
  const socketMode = modeSetting === "true" || (modeSetting !== "false" && set("SLACK_APP_TOKEN"));
  const modeChosen = modeSetting === "true" || modeSetting === "false";
  if (oauthMode) problems.push(...oauthProblems(oauthSet, set, options.receivesEvents, socketMode));
  else if (!set("SLACK_BOT_TOKEN")) {
    problems.push(
      "SLACK_BOT_TOKEN is missing: copy the Bot User OAuth Token (xoxb-…) from your Slack app's OAuth & Permissions page (one workspace), or set SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET and GOODCALL_ENCRYPTION_KEY to install into many workspaces by OAuth",
    );
  }
  // A newcomer usually sets neither secret and does not know that the one they set chooses the mode,
  // so when nothing chose it the message names both and says which switches to which.
  if (options.receivesEvents && !oauthMode && !modeChosen && !socketMode && !set("SLACK_SIGNING_SECRET")) {
    problems.push(
      "SLACK_APP_TOKEN or SLACK_SIGNING_SECRET is missing: set SLACK_APP_TOKEN for Socket Mode, or SLACK_SIGNING_SECRET for HTTP. Socket Mode (an app made from manifest.yml): an app-level token xapp-… with scope connections:write, from Basic Information → App-Level Tokens. HTTP (an app made from manifest.http.yml): the Signing Secret from Basic Information",
    );
  } else if (options.receivesEvents && socketMode && !oauthMode && !set("SLACK_APP_TOKEN")) {
    problems.push(
      "SLACK_APP_TOKEN is missing: Socket Mode (SLACK_SOCKET_MODE=true) needs an app-level token (xapp-…, Basic Information → App-Level Tokens, scope connections:write); for HTTP, set SLACK_SOCKET_MODE=false and SLACK_SIGNING_SECRET instead",
    );
  } else if (options.receivesEvents && !socketMode && !set("SLACK_SIGNING_SECRET")) {
    problems.push(
      "SLACK_SIGNING_SECRET is missing: HTTP mode (SLACK_SOCKET_MODE=false) needs the Signing Secret from your Slack app's Basic Information page; for Socket Mode, set SLACK_APP_TOKEN and remove SLACK_SOCKET_MODE=false instead",
    );
  }
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  const e = parsed.data;
  return Object.freeze({
    slackBotToken: oauthMode ? null : (e.SLACK_BOT_TOKEN ?? null),
    oauth: oauthMode
      ? Object.freeze({
          clientId: e.SLACK_CLIENT_ID ?? "",
          clientSecret: e.SLACK_CLIENT_SECRET ?? "",
          stateSecret: e.SLACK_STATE_SECRET ?? "",
          encryptionKey: parseEncryptionKey(e.GOODCALL_ENCRYPTION_KEY ?? "") ?? Buffer.alloc(0),
          uninstallGraceDays: e.GOODCALL_UNINSTALL_GRACE_DAYS,
        })
      : null,
    slackSigningSecret: e.SLACK_SIGNING_SECRET ?? null,
    slackAppToken: e.SLACK_APP_TOKEN ?? null,
    socketMode,
    port: e.PORT,
    slackApiUrl: e.SLACK_API_URL,
    databaseUrl: e.DATABASE_URL,
    logLevel: e.LOG_LEVEL,
    tzDefault: e.TZ_DEFAULT,
  });
}

/**
 * What OAuth mode still lacks. Every message says it is about OAuth mode, since a person who meant
 * one workspace may have set an OAuth variable by mistake.
 */
function oauthProblems(
  present: ReadonlyArray<(typeof OAUTH_VARIABLES)[number]>,
  set: (name: string) => boolean,
  receivesEvents: boolean,
  socketMode: boolean,
): string[] {
  const why = `OAuth mode (many workspaces; ${present.join(", ")} ${present.length === 1 ? "is" : "are"} set)`;
  const problems: string[] = [];
  const hints: Record<(typeof OAUTH_VARIABLES)[number], string> = {
    SLACK_CLIENT_ID: "the Client ID from your Slack app's Basic Information page",
    SLACK_CLIENT_SECRET: "the Client Secret from your Slack app's Basic Information page",
    SLACK_STATE_SECRET: "a long random string of your own (e.g. `openssl rand -hex 32`)",
  };
  for (const name of OAUTH_VARIABLES) {
    if (!set(name)) problems.push(`${name} is missing: ${why} needs ${hints[name]}`);
  }
  if (!set("GOODCALL_ENCRYPTION_KEY")) {
    problems.push(
      `GOODCALL_ENCRYPTION_KEY is missing: ${why} stores each workspace's tokens encrypted; create a key with \`openssl rand -base64 32\` and keep it safe (losing it means reinstalling every workspace)`,
    );
  }
  if (set("SLACK_BOT_TOKEN")) {
    problems.push(
      `SLACK_BOT_TOKEN is set, but ${why} gets each workspace's token by installing: remove SLACK_BOT_TOKEN, or remove ${present.join(", ")} for one workspace`,
    );
  }
  if (receivesEvents && socketMode) {
    // The install pages and Slack's redirect need a public URL, and Slack's Marketplace lists only HTTP apps.
    problems.push(
      `SLACK_SOCKET_MODE: ${why} runs in HTTP mode: set SLACK_SOCKET_MODE=false (or remove SLACK_APP_TOKEN) and set SLACK_SIGNING_SECRET`,
    );
  }
  return problems;
}
