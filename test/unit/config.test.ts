// Unit tests for reading the environment: defaults, mode choice, and one error naming every bad variable.
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.ts";

const http = { SLACK_BOT_TOKEN: "xoxb-1-abc", SLACK_SIGNING_SECRET: "shh" };
const socket = { SLACK_BOT_TOKEN: "xoxb-1-abc", SLACK_APP_TOKEN: "xapp-1-abc" };
const KEY_BYTES = Buffer.alloc(32, 7);
const oauth = {
  SLACK_CLIENT_ID: "1234.5678",
  SLACK_CLIENT_SECRET: "client-secret-value",
  SLACK_STATE_SECRET: "state-secret-of-some-length",
  GOODCALL_ENCRYPTION_KEY: KEY_BYTES.toString("base64"),
  SLACK_SIGNING_SECRET: "shh",
};

/** The ConfigError loadConfig throws for this environment (fails the test if it does not throw one). */
function configError(env: Record<string, string | undefined>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe("loadConfig: valid environments", () => {
  it("accepts a minimal HTTP configuration and fills in every default", () => {
    expect(loadConfig(http)).toEqual({
      slackBotToken: "xoxb-1-abc",
      oauth: null,
      slackSigningSecret: "shh",
      slackAppToken: null,
      socketMode: false,
      port: 3000,
      slackApiUrl: "https://slack.com/api/",
      databaseUrl: "file:./data/goodcall.db",
      logLevel: "info",
      tzDefault: "UTC",
    });
  });

  it("chooses Socket Mode when an app token is set, without needing a signing secret", () => {
    const config = loadConfig(socket);
    expect(config.socketMode).toBe(true);
    expect(config.slackAppToken).toBe("xapp-1-abc");
    expect(config.slackSigningSecret).toBeNull();
  });

  it("lets SLACK_SOCKET_MODE=false force HTTP mode even with an app token", () => {
    const config = loadConfig({ ...socket, SLACK_SIGNING_SECRET: "shh", SLACK_SOCKET_MODE: "false" });
    expect(config.socketMode).toBe(false);
    expect(config.slackAppToken).toBe("xapp-1-abc");
  });

  it("reads every variable that is set", () => {
    expect(
      loadConfig({
        ...http,
        PORT: "8080",
        SLACK_API_URL: "http://127.0.0.1:9999/api",
        DATABASE_URL: "file:/tmp/gc.db",
        LOG_LEVEL: "DEBUG",
        TZ_DEFAULT: "Europe/Helsinki",
      }),
    ).toMatchObject({
      port: 8080,
      slackApiUrl: "http://127.0.0.1:9999/api/",
      databaseUrl: "file:/tmp/gc.db",
      logLevel: "debug",
      tzDefault: "Europe/Helsinki",
    });
  });

  it("keeps a SLACK_API_URL that already ends in a slash as it is", () => {
    expect(loadConfig({ ...http, SLACK_API_URL: "https://slack-gov.com/api/" }).slackApiUrl).toBe(
      "https://slack-gov.com/api/",
    );
  });

  it("treats blank strings as unset", () => {
    const config = loadConfig({
      ...http,
      SLACK_APP_TOKEN: "  ",
      SLACK_SOCKET_MODE: "",
      PORT: "",
      SLACK_API_URL: " ",
      DATABASE_URL: "",
      LOG_LEVEL: " ",
      TZ_DEFAULT: "",
    });
    expect(config).toMatchObject({
      socketMode: false,
      slackAppToken: null,
      port: 3000,
      slackApiUrl: "https://slack.com/api/",
      databaseUrl: "file:./data/goodcall.db",
      logLevel: "info",
      tzDefault: "UTC",
    });
  });

  it("returns a frozen object", () => {
    const config = loadConfig(http);
    expect(Object.isFrozen(config)).toBe(true);
    expect(() => {
      (config as { port: number }).port = 1;
    }).toThrow(TypeError);
  });
});

describe("loadConfig: problems", () => {
  it.each<[string, Record<string, string | undefined>, RegExp]>([
    ["missing bot token", { SLACK_SIGNING_SECRET: "shh" }, /^SLACK_BOT_TOKEN is missing/],
    [
      "blank bot token",
      { SLACK_BOT_TOKEN: "   ", SLACK_SIGNING_SECRET: "shh" },
      /^SLACK_BOT_TOKEN is missing/,
    ],
    [
      "user token instead of bot token",
      { ...http, SLACK_BOT_TOKEN: "xoxp-1" },
      /^SLACK_BOT_TOKEN must be .*xoxb-/,
    ],
    [
      "neither secret, so no mode chosen",
      { SLACK_BOT_TOKEN: "xoxb-1" },
      /^SLACK_APP_TOKEN or SLACK_SIGNING_SECRET is missing: set SLACK_APP_TOKEN for Socket Mode, or SLACK_SIGNING_SECRET for HTTP\. .*manifest\.yml.*manifest\.http\.yml/,
    ],
    [
      "blank signing secret, no mode chosen",
      { ...http, SLACK_SIGNING_SECRET: " " },
      /^SLACK_APP_TOKEN or SLACK_SIGNING_SECRET is missing: set SLACK_APP_TOKEN for Socket Mode/,
    ],
    [
      "HTTP mode chosen without signing secret",
      { SLACK_BOT_TOKEN: "xoxb-1", SLACK_SOCKET_MODE: "false" },
      /^SLACK_SIGNING_SECRET is missing: HTTP mode \(SLACK_SOCKET_MODE=false\) needs .*; for Socket Mode, set SLACK_APP_TOKEN/,
    ],
    [
      "Socket Mode without app token",
      { ...http, SLACK_SOCKET_MODE: "true" },
      /^SLACK_APP_TOKEN is missing: .*; for HTTP, set SLACK_SOCKET_MODE=false and SLACK_SIGNING_SECRET/,
    ],
    [
      "app token with the wrong prefix",
      { ...socket, SLACK_APP_TOKEN: "xoxb-2" },
      /^SLACK_APP_TOKEN must be .*xapp-/,
    ],
    [
      "socket mode neither true nor false",
      { ...http, SLACK_SOCKET_MODE: "yes" },
      /^SLACK_SOCKET_MODE must be true or false/,
    ],
    ["PORT that is not a number", { ...http, PORT: "abc" }, /^PORT must be a number/],
    ["PORT above 65535", { ...http, PORT: "70000" }, /^PORT must be between 1 and 65535/],
    ["PORT 0", { ...http, PORT: "0" }, /^PORT must be between 1 and 65535/],
    ["fractional PORT", { ...http, PORT: "80.5" }, /^PORT must be a whole number/],
    [
      "unknown LOG_LEVEL",
      { ...http, LOG_LEVEL: "verbose" },
      /^LOG_LEVEL must be one of debug, info, warn, error/,
    ],
    ["unknown time zone", { ...http, TZ_DEFAULT: "Mars/Base" }, /^TZ_DEFAULT must be an IANA time zone/],
    [
      "DATABASE_URL that is neither SQLite nor PostgreSQL",
      { ...http, DATABASE_URL: "mysql://db/goodcall" },
      /^DATABASE_URL must be a SQLite file URL such as file:.+ or a PostgreSQL URL such as postgresql:/,
    ],
    [
      "SLACK_API_URL that is not a URL",
      { ...http, SLACK_API_URL: "slack api" },
      /^SLACK_API_URL must be a URL/,
    ],
  ])("%s", (_name, env, problem) => {
    const error = configError(env);
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatch(problem);
    expect(error.name).toBe("ConfigError");
    expect(error.message).toContain(error.problems[0]);
  });

  it("reports every invalid variable at once, each by name", () => {
    const error = configError({
      SLACK_SIGNING_SECRET: "shh",
      PORT: "abc",
      LOG_LEVEL: "loud",
      TZ_DEFAULT: "Mars/Base",
      DATABASE_URL: "mysql://x",
    });
    const named = error.problems.map((problem) => problem.split(" ")[0]);
    expect(named.sort()).toEqual(["DATABASE_URL", "LOG_LEVEL", "PORT", "SLACK_BOT_TOKEN", "TZ_DEFAULT"]);
    for (const name of named) expect(error.message).toContain(`  - ${name} `);
  });

  // SPEC §3: a missing variable stops start-up with one message naming it. A fresh `.env` with
  // nothing in it gets the bot token and the choice of mode in the same message, not one per attempt.
  it("names the mode's missing secret together with the other problems", () => {
    expect(configError({}).problems.map((p) => p.split(" is missing")[0])).toEqual([
      "SLACK_BOT_TOKEN",
      "SLACK_APP_TOKEN or SLACK_SIGNING_SECRET",
    ]);
    expect(
      configError({ SLACK_SOCKET_MODE: "true", PORT: "abc" })
        .problems.map((p) => p.split(" ")[0])
        .sort(),
    ).toEqual(["PORT", "SLACK_APP_TOKEN", "SLACK_BOT_TOKEN"]);
  });

  it("never repeats a token's value in the message", () => {
    const error = configError({
      SLACK_BOT_TOKEN: "xoxp-SECRET123",
      SLACK_APP_TOKEN: "xoxb-APPSECRET456",
      SLACK_SIGNING_SECRET: "shh",
    });
    expect(error.problems).toHaveLength(2);
    expect(error.message).not.toContain("SECRET123");
    expect(error.message).not.toContain("APPSECRET456");
    expect(JSON.stringify(error.problems)).not.toMatch(/SECRET123|APPSECRET456/);
  });
});

describe("loadConfig: OAuth mode (many workspaces)", () => {
  it("reads the OAuth settings, with no bot token and a 30-day uninstall grace period", () => {
    const config = loadConfig(oauth);
    expect(config.slackBotToken).toBeNull();
    expect(config.socketMode).toBe(false);
    expect(config.oauth).toMatchObject({
      clientId: "1234.5678",
      clientSecret: "client-secret-value",
      stateSecret: "state-secret-of-some-length",
      uninstallGraceDays: 30,
    });
    expect(config.oauth?.encryptionKey.equals(KEY_BYTES)).toBe(true);
  });

  it("takes the key as 64 hex digits as well as base64, and a configured grace period", () => {
    const config = loadConfig({
      ...oauth,
      GOODCALL_ENCRYPTION_KEY: KEY_BYTES.toString("hex"),
      GOODCALL_UNINSTALL_GRACE_DAYS: "7",
    });
    expect(config.oauth?.encryptionKey.equals(KEY_BYTES)).toBe(true);
    expect(config.oauth?.uninstallGraceDays).toBe(7);
  });

  it.each<[string, Record<string, string | undefined>, RegExp[]]>([
    [
      "only a client id",
      { SLACK_CLIENT_ID: "1234.5678", SLACK_SIGNING_SECRET: "shh" },
      [
        /^SLACK_CLIENT_SECRET is missing: OAuth mode \(many workspaces; SLACK_CLIENT_ID is set\)/,
        /^SLACK_STATE_SECRET is missing: OAuth mode/,
        /^GOODCALL_ENCRYPTION_KEY is missing: OAuth mode/,
      ],
    ],
    [
      "a key of the wrong length",
      { ...oauth, GOODCALL_ENCRYPTION_KEY: Buffer.alloc(16).toString("base64") },
      [/^GOODCALL_ENCRYPTION_KEY must be 32 random bytes as base64 or 64 hex digits/],
    ],
    [
      "a bot token as well",
      { ...oauth, SLACK_BOT_TOKEN: "xoxb-1-abc" },
      [/^SLACK_BOT_TOKEN is set, but OAuth mode .* remove SLACK_BOT_TOKEN, or remove SLACK_CLIENT_ID/],
    ],
    [
      "Socket Mode",
      { ...oauth, SLACK_APP_TOKEN: "xapp-1-abc" },
      [/^SLACK_SOCKET_MODE: OAuth mode .* runs in HTTP mode/],
    ],
    [
      "no signing secret",
      { ...oauth, SLACK_SIGNING_SECRET: undefined },
      [/^SLACK_SIGNING_SECRET is missing/],
    ],
    [
      "a short state secret",
      { ...oauth, SLACK_STATE_SECRET: "short" },
      [/^SLACK_STATE_SECRET must be at least 16/],
    ],
  ])("names what is missing with %s", (_name, env, expected) => {
    const error = configError(env);
    expect(error.problems).toHaveLength(expected.length);
    for (const [i, pattern] of expected.entries()) expect(error.problems[i]).toMatch(pattern);
  });

  it("tells someone with neither mode's variables about both modes", () => {
    expect(configError({ SLACK_SIGNING_SECRET: "shh" }).problems[0]).toMatch(
      /^SLACK_BOT_TOKEN is missing: .* \(one workspace\), or set SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET and GOODCALL_ENCRYPTION_KEY/,
    );
  });

  it("never repeats a secret or the key in the message", () => {
    const key = Buffer.alloc(20, 9).toString("base64");
    const error = configError({ ...oauth, GOODCALL_ENCRYPTION_KEY: key, SLACK_BOT_TOKEN: "xoxb-TOPSECRET" });
    expect(error.message).not.toContain(key);
    expect(error.message).not.toContain("TOPSECRET");
    expect(error.message).not.toContain("client-secret-value");
    expect(error.message).not.toContain("state-secret-of-some-length");
  });

  it("lets the command line run jobs without the settings for receiving events", () => {
    const { SLACK_SIGNING_SECRET: _unused, ...env } = oauth;
    expect(loadConfig(env, { receivesEvents: false }).oauth?.clientId).toBe("1234.5678");
  });
});
