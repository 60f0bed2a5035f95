// The environment, validated once at start-up: every problem is reported by name with a fix.
import { z } from "zod";
import { isValidTimeZone } from "./domain/period.ts";

export interface Config {
  slackBotToken: string;
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

const schema = z.object({
  SLACK_BOT_TOKEN: z.preprocess(
    blankIsUnset,
    z
      .string({
        error:
          "SLACK_BOT_TOKEN is missing: copy the Bot User OAuth Token (xoxb-…) from your Slack app's OAuth & Permissions page",
      })
      .startsWith("xoxb-", {
        error: "SLACK_BOT_TOKEN must be a bot token starting with xoxb- (OAuth & Permissions page)",
      }),
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
      .startsWith("file:", {
        error: "DATABASE_URL must be a SQLite file URL such as file:./data/goodcall.db",
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
  const modeSetting = env.SLACK_SOCKET_MODE?.trim();
  const socketMode = modeSetting === "true" || (modeSetting !== "false" && set("SLACK_APP_TOKEN"));
  const modeChosen = modeSetting === "true" || modeSetting === "false";
  // A newcomer usually sets neither secret and does not know that the one they set chooses the mode,
  // so when nothing chose it the message names both and says which switches to which.
  if (options.receivesEvents && !modeChosen && !socketMode && !set("SLACK_SIGNING_SECRET")) {
    problems.push(
      "SLACK_APP_TOKEN or SLACK_SIGNING_SECRET is missing: set SLACK_APP_TOKEN for Socket Mode, or SLACK_SIGNING_SECRET for HTTP. Socket Mode (an app made from manifest.yml): an app-level token xapp-… with scope connections:write, from Basic Information → App-Level Tokens. HTTP (an app made from manifest.http.yml): the Signing Secret from Basic Information",
    );
  } else if (options.receivesEvents && socketMode && !set("SLACK_APP_TOKEN")) {
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
    slackBotToken: e.SLACK_BOT_TOKEN,
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
