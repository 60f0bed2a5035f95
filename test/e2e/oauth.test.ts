// OAuth mode end to end: workspaces install GoodCall through Bolt's real install flow against the
// fake Slack, each is answered with its own token and sees only its own teams, digests go out once
// per workspace with the right token, and an uninstall stops a workspace's jobs until its data goes.
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { App } from "@slack/bolt";
import { sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { buildApp, listen } from "../../src/app.ts";
import { loadConfig } from "../../src/config.ts";
import { closeDatabase, openDatabase } from "../../src/db/client.ts";
import { slotAfter } from "../../src/domain/period.ts";
import type { DeliveryTimings, JobDeps } from "../../src/jobs/outbox.ts";
import { ChannelPacer } from "../../src/jobs/pacer.ts";
import { runJobs } from "../../src/jobs/run.ts";
import { createLogger } from "../../src/logger.ts";
import { tokenCipher } from "../../src/oauth/encryption.ts";
import { workspaceJobs } from "../../src/oauth/installer.ts";
import { BOT_SCOPES } from "../../src/oauth/scopes.ts";
import { createServices, type Services } from "../../src/services.ts";
import { cliArgs } from "../support/cli.ts";
import { freshDatabaseUrl } from "../support/db.ts";
import { type FakeInstall, type FakeSlack, type SlackCall, startFakeSlack } from "../support/fakeSlack.ts";
import { eventCallback, slashCommand } from "../support/payloads.ts";
import { postToSlackApp } from "../support/signing.ts";
import { countWhere } from "../support/tables.ts";

const run = promisify(execFile);
const root = fileURLToPath(new URL("../..", import.meta.url));
const SIGNING_SECRET = "oauth-test-signing-secret";
const CLIENT = { clientId: "1111.2222", clientSecret: "oauth-test-client-secret" };
const ENCRYPTION_KEY = Buffer.alloc(32, 42).toString("base64");
const MINUTE = 60_000;
const DAY = 24 * 3600_000;
const RETRIES = { retries: 1, factor: 1, minTimeout: 10, maxTimeout: 20 };
const TEST_TIMINGS: DeliveryTimings = {
  requestTimeoutMs: 2_000,
  retryPausesMs: [20],
  attemptBudgetMs: 8_000,
};

let stopCurrent: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stopCurrent?.();
  stopCurrent = undefined;
});

/** The real app in OAuth mode on 127.0.0.1, with no bot token: every workspace must install it. */
async function setup(options: { now?: Date } = {}) {
  const fake = await startFakeSlack({ oauth: CLIENT });
  const databaseUrl = await freshDatabaseUrl();
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const logger = createLogger("debug", sink);
  const config = loadConfig({
    SLACK_CLIENT_ID: CLIENT.clientId,
    SLACK_CLIENT_SECRET: CLIENT.clientSecret,
    SLACK_STATE_SECRET: "oauth-test-state-secret",
    GOODCALL_ENCRYPTION_KEY: ENCRYPTION_KEY,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_SOCKET_MODE: "false",
    SLACK_API_URL: fake.url,
    DATABASE_URL: databaseUrl,
    TZ_DEFAULT: "Europe/Helsinki",
  });
  const db = await openDatabase(databaseUrl);
  const now = { value: options.now ?? new Date() };
  const services = createServices({ db, logger, tzDefault: config.tzDefault, now: () => now.value });
  const { app, authorizeWorkspace } = buildApp({ config, services, retryConfig: RETRIES });
  const server = await listen(app, 0);
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("the app did not listen on a TCP port");
  const url = `http://127.0.0.1:${address.port}`;
  if (!authorizeWorkspace) throw new Error("OAuth mode built no authorize for jobs");
  const deps: JobDeps = {
    services,
    client: app.client,
    workspaces: workspaceJobs(config, services, authorizeWorkspace, {
      slackApiUrl: fake.url,
      retryConfig: RETRIES,
    }),
    pacer: new ChannelPacer(0),
    timings: TEST_TIMINGS,
  };
  stopCurrent = () => stop(app, services, fake);
  return new OAuthWorld(url, fake, services, deps, databaseUrl, now, logs);
}

async function stop(app: App, services: Services, fake: FakeSlack) {
  await services.background.idle();
  await app.stop();
  await closeDatabase(services.db);
  await fake.close();
}

class OAuthWorld {
  constructor(
    readonly url: string,
    readonly fake: FakeSlack,
    readonly services: Services,
    readonly deps: JobDeps,
    readonly databaseUrl: string,
    readonly now: { value: Date },
    readonly logs: string[],
  ) {}

  /** A person installs GoodCall: the install page, Slack's consent (the fake's code), the redirect back. */
  async install(install: FakeInstall): Promise<{ status: number; page: string }> {
    const start = await fetch(`${this.url}/slack/install`, { redirect: "manual" });
    expect(start.status).toBe(200);
    const cookie = start.headers.get("set-cookie")?.split(";")[0] ?? "";
    const page = await start.text();
    const authorize = /href="(https:\/\/slack\.com\/oauth\/v2\/authorize\?[^"]+)"/.exec(page)?.[1] ?? "";
    const params = new URL(authorize.replaceAll("&amp;", "&")).searchParams;
    expect(params.get("client_id")).toBe(CLIENT.clientId);
    expect(params.get("scope")?.split(",")).toEqual([...BOT_SCOPES]);
    const state = params.get("state") ?? "";
    expect(cookie).toBe(`slack-app-oauth-state=${state}`);
    const code = this.fake.authorizeCode(install);
    const back = await fetch(
      `${this.url}/slack/oauth_redirect?code=${code}&state=${encodeURIComponent(state)}`,
      {
        headers: { cookie, "accept-language": "fi-FI,fi;q=0.9,en;q=0.5" },
        redirect: "manual",
      },
    );
    return { status: back.status, page: await back.text() };
  }

  /** A signed slash command from a workspace (and, for an org-wide install, its org). */
  async command(
    text: string,
    from: { team: string; user: string; channel: string; enterprise?: string; orgWide?: boolean },
  ) {
    const form = {
      ...slashCommand({
        command: "/goodcall",
        text,
        userId: from.user,
        channelId: from.channel,
        channelName: `team-${from.channel.toLowerCase()}`,
        responseUrl: this.fake.responseUrl(undefined, { user: from.user, channel: from.channel }),
        triggerId: this.fake.triggerId(from.user),
      }),
      team_id: from.team,
      ...(from.enterprise ? { enterprise_id: from.enterprise } : {}),
      is_enterprise_install: from.orgWide ? "true" : "false",
    };
    const reply = await postToSlackApp(this.url, { form }, SIGNING_SECRET);
    await this.services.background.idle();
    return { status: reply.status, text: reply.body };
  }

  async event(team: string, event: Record<string, unknown>) {
    const body = {
      ...eventCallback(event),
      team_id: team,
      authorizations: [{ team_id: team, user_id: `UBOT${team}`, is_bot: true, is_enterprise_install: false }],
    };
    const reply = await postToSlackApp(this.url, { json: body }, SIGNING_SECRET);
    await this.services.background.idle();
    return reply.status;
  }

  /** Calls made with a token (not response_url replies), since `mark`. */
  tokenCalls(since: number): SlackCall[] {
    return this.fake
      .calls()
      .slice(since)
      .filter((c) => c.token !== undefined);
  }

  /** The bot token the fake last issued for a workspace (rotation issues a new one). */
  latestToken(teamId: string): string {
    const tokens = this.fake.issuedTokens().filter((t) => t.teamId === teamId || t.enterpriseId === teamId);
    const last = tokens.at(-1);
    if (!last) throw new Error(`no token was issued for ${teamId}`);
    return last.token;
  }

  async count(table: "Team" | "GoodCall" | "Installation" | "Workspace", where = "1 = 1"): Promise<number> {
    return countWhere(this.services.db, table, sql.raw(where));
  }
}

describe("installs by OAuth", () => {
  it("asks Slack for exactly the bot scopes manifest.yml declares", () => {
    const manifest = parse(readFileSync(path.join(root, "manifest.yml"), "utf8")) as {
      oauth_config: { scopes: { bot: string[] } };
    };
    expect([...BOT_SCOPES].sort()).toEqual([...manifest.oauth_config.scopes.bot].sort());
  });

  it("installs two workspaces, answers each with its own token, and shows neither the other's teams", async () => {
    const w = await setup();
    const one = await w.install({ teamId: "T1", teamName: "Shop", installerId: "U1" });
    expect(one.status).toBe(200);
    // The browser asked for Finnish, so the success page speaks it, with the next step.
    expect(one.page).toContain("GoodCall on asennettu");
    expect(one.page).toContain("/goodcall setup");
    // Token rotation: this workspace's token expires within the two hours before which Bolt refreshes.
    expect(
      (await w.install({ teamId: "T2", teamName: "Hotel", installerId: "U2", expiresIn: 3600 })).status,
    ).toBe(200);

    // Stored encrypted: neither token nor refresh token is in the database in the clear.
    const stored = await w.services.db
      .selectFrom("Installation")
      .select(["key", "botToken", "botRefreshToken"])
      .execute();
    expect(stored.map((r) => r.key).sort()).toEqual(["team:T1", "team:T2"]);
    for (const row of stored) {
      expect(row.botToken).toMatch(/^v1:/);
      expect(row.botToken).not.toContain("xox");
      expect(row.botRefreshToken ?? "v1:").toMatch(/^v1:/);
      // …and only with the key and this row's own key.
      expect(tokenCipher(Buffer.from(ENCRYPTION_KEY, "base64")).decrypt(row.botToken, row.key)).toMatch(
        /xoxb-/,
      );
    }
    expect(() =>
      tokenCipher(Buffer.alloc(32, 1)).decrypt(stored[0]?.botToken ?? "", stored[0]?.key ?? ""),
    ).toThrow(/could not be decrypted/);

    let mark = w.fake.mark();
    expect((await w.command("setup", { team: "T1", user: "U1", channel: "C1" })).status).toBe(200);
    expect(
      (await w.command("Gave a 10€ voucher for a late parcel", { team: "T1", user: "U1", channel: "C1" }))
        .status,
    ).toBe(200);
    const t1Token = w.latestToken("T1");
    expect(new Set(w.tokenCalls(mark).map((c) => c.token))).toEqual(new Set([t1Token]));

    mark = w.fake.mark();
    await w.command("setup", { team: "T2", user: "U2", channel: "C2" });
    await w.command("Upgraded a room for a guest whose flight was cancelled", {
      team: "T2",
      user: "U2",
      channel: "C2",
    });
    // Bolt refreshed T2's expiring token before using it, and stored the new pair.
    const refreshes = w.fake.calls("oauth.v2.access").filter((c) => c.args.grant_type === "refresh_token");
    expect(refreshes).toHaveLength(1);
    const t2Token = w.latestToken("T2");
    expect(t2Token).not.toBe(t1Token);
    expect(new Set(w.tokenCalls(mark).map((c) => c.token))).toEqual(new Set([t2Token]));

    expect(await w.count("Team", `"id" = 'C1' AND "workspaceId" = 'T1'`)).toBe(1);
    expect(await w.count("Team", `"id" = 'C2' AND "workspaceId" = 'T2'`)).toBe(1);

    // The same person id (as on Enterprise Grid) and T1's channel, but from T2: T1's team is not found.
    const before = await w.count("GoodCall", `"teamId" = 'C1'`);
    const cross = await w.command("Refunded the shipping", { team: "T2", user: "U1", channel: "C1" });
    expect(cross.status).toBe(200);
    expect(await w.count("GoodCall", `"teamId" = 'C1'`)).toBe(before);
    const stats = await w.command("stats", { team: "T2", user: "U1", channel: "C2" });
    expect(stats.text).not.toContain("voucher");
    // Setup from T2 in T1's channel (as in a channel shared by both) cannot take T1's team over.
    expect((await w.command("setup", { team: "T2", user: "U2", channel: "C1" })).status).toBe(200);
    expect(await w.count("Team", `"id" = 'C1' AND "workspaceId" = 'T1'`)).toBe(1);
    expect(await w.count("Team", `"workspaceId" = 'T2'`)).toBe(1);

    expect(w.logs.join("\n")).not.toMatch(/xoxb-|xoxe-1-/);
    expect(w.fake.problems()).toEqual([]);
  });

  it("sends both workspaces' digests once with the right tokens, and stops an uninstalled workspace's at once", async () => {
    const w = await setup();
    await w.install({ teamId: "T1", installerId: "U1" });
    await w.install({ teamId: "T2", installerId: "U2" });
    const team = { timeZone: "Europe/Helsinki", weekday: 5, minute: 900 };
    const slot = slotAfter(team, new Date(Date.now() + MINUTE));
    w.now.value = new Date(slot.getTime() - 2 * DAY);
    await w.command("setup", { team: "T1", user: "U1", channel: "C1" });
    await w.command("setup", { team: "T2", user: "U2", channel: "C2" });
    await w.command("Stayed on the line through the router setup", { team: "T1", user: "U1", channel: "C1" });
    await w.command("Offered a late checkout", { team: "T2", user: "U2", channel: "C2" });

    const posts = (channel: string) =>
      w.fake.calls("chat.postMessage").filter((c) => c.args.channel === channel && !c.error);
    const first = await runJobs(w.deps, new Date(slot.getTime() + MINUTE));
    expect(first.digests.map((d) => [d.teamId, d.result]).sort()).toEqual([
      ["C1", "posted"],
      ["C2", "posted"],
    ]);
    expect(posts("C1").map((c) => c.token)).toEqual([w.latestToken("T1")]);
    expect(posts("C2").map((c) => c.token)).toEqual([w.latestToken("T2")]);
    expect((await runJobs(w.deps, new Date(slot.getTime() + 2 * MINUTE))).digests).toEqual([]);

    // T2 uninstalls: its tokens are gone at once and its jobs stop; its data waits out the grace period.
    expect(await w.event("T2", { type: "app_uninstalled" })).toBe(200);
    expect(await w.count("Installation", `"key" = 'team:T2'`)).toBe(0);
    expect(await w.count("Team", `"workspaceId" = 'T2'`)).toBe(1);
    const nextWeek = new Date(slot.getTime() + 7 * DAY + MINUTE);
    const mark = w.fake.mark();
    const second = await runJobs(w.deps, nextWeek);
    expect(second.digests.map((d) => d.teamId)).toEqual(["C1"]);
    expect(w.tokenCalls(mark).filter((c) => c.args.channel === "C2")).toEqual([]);

    // A reinstall within the grace period picks up where it left off.
    await w.install({ teamId: "T2", installerId: "U2" });
    expect(await w.count("Workspace", `"id" = 'T2' AND "uninstalledAt" IS NULL`)).toBe(1);
    expect(
      (await runJobs(w.deps, new Date(nextWeek.getTime() + MINUTE))).digests.map((d) => d.teamId),
    ).toEqual(["C2"]);
    expect(posts("C2").at(-1)?.token).toBe(w.latestToken("T2"));
    expect(w.fake.problems()).toEqual([]);
  });

  it("deletes an uninstalled workspace's data after the grace period, or at once with `workspace delete`", async () => {
    const w = await setup();
    await w.install({ teamId: "T1", installerId: "U1" });
    await w.install({ teamId: "T2", installerId: "U2" });
    await w.install({ teamId: "T3", installerId: "U3" });
    for (const [team, user, channel] of [
      ["T1", "U1", "C1"],
      ["T2", "U2", "C2"],
      ["T3", "U3", "C3"],
    ] as const) {
      await w.command("setup", { team, user, channel });
      await w.command("Sent a replacement part by courier", { team, user, channel });
    }
    // T1 revokes the bot's token (tokens_revoked), T2 uninstalls; T3 stays.
    const uninstalledAt = w.now.value;
    expect(await w.event("T1", { type: "tokens_revoked", tokens: { bot: ["UBOTT1"] } })).toBe(200);
    expect(await w.event("T2", { type: "app_uninstalled" })).toBe(200);
    expect(await w.count("Workspace", `"uninstalledAt" IS NOT NULL`)).toBe(2);

    await runJobs(w.deps, new Date(uninstalledAt.getTime() + 29 * DAY));
    expect(await w.count("Team")).toBe(3);
    await runJobs(w.deps, new Date(uninstalledAt.getTime() + 31 * DAY));
    // T1 and T2 are gone with their teams and good calls; T3 is untouched.
    expect(await w.count("Workspace")).toBe(1);
    expect(await w.count("Team")).toBe(1);
    expect(await w.count("GoodCall", `"teamId" IN ('C1', 'C2')`)).toBe(0);
    expect(await w.count("GoodCall", `"teamId" = 'C3'`)).toBe(1);

    // An operator deletes T3 now from the command line.
    const deleted = await run(process.execPath, cliArgs("workspace", "delete", "T3"), {
      cwd: root,
      env: {
        PATH: process.env.PATH ?? "",
        DOTENV_CONFIG_PATH: path.join(tmpdir(), "goodcall-no-such.env"),
        DATABASE_URL: w.databaseUrl,
      },
    });
    expect(deleted.stdout).toContain("Deleted workspace T3");
    expect(await w.count("Team")).toBe(0);
    expect(await w.count("GoodCall")).toBe(0);
    expect(await w.count("Installation")).toBe(0);
    expect(await w.count("Workspace")).toBe(0);
  });

  it("serves an org-wide install on Enterprise Grid with the org's token in each of its workspaces", async () => {
    const w = await setup();
    const installed = await w.install({ enterpriseId: "E1", isEnterpriseInstall: true, installerId: "W1" });
    expect(installed.status).toBe(200);
    expect(await w.count("Installation", `"key" = 'enterprise:E1' AND "teamId" IS NULL`)).toBe(1);
    const mark = w.fake.mark();
    const org = { enterprise: "E1", orgWide: true } as const;
    await w.command("setup", { team: "T7", user: "W1", channel: "C7", ...org });
    await w.command("Replaced a broken charger on the spot", {
      team: "T7",
      user: "W1",
      channel: "C7",
      ...org,
    });
    expect(new Set(w.tokenCalls(mark).map((c) => c.token))).toEqual(new Set([w.latestToken("E1")]));
    expect(await w.count("Team", `"id" = 'C7' AND "workspaceId" = 'T7' AND "enterpriseId" = 'E1'`)).toBe(1);
    expect(w.fake.problems()).toEqual([]);
  });

  it("acks a command from a workspace GoodCall is not installed in with nothing, and saves nothing", async () => {
    const w = await setup();
    await w.install({ teamId: "T1", installerId: "U1" });
    const reply = await w.command("Refunded the shipping on a late order", {
      team: "T9",
      user: "U9",
      channel: "C9",
    });
    // Bolt cannot authorize it, so no listener runs; the app's error handler logs it and Slack gets
    // an empty ack rather than a retry.
    expect(reply).toEqual({ status: 200, text: "" });
    expect(w.logs.join("")).toContain("slack_bolt_authorization_error");
    expect(await w.count("GoodCall")).toBe(0);
    expect(await w.count("Team")).toBe(0);
    // The installed workspace is served as before.
    expect((await w.command("setup", { team: "T1", user: "U1", channel: "C1" })).status).toBe(200);
    expect(await w.count("Team", `"workspaceId" = 'T1'`)).toBe(1);
  });

  it("shows a friendly page, and installs nothing, when the state does not match the browser", async () => {
    const w = await setup();
    const code = w.fake.authorizeCode({ teamId: "T9" });
    const back = await fetch(`${w.url}/slack/oauth_redirect?code=${code}&state=forged`, {
      redirect: "manual",
    });
    expect(back.status).toBe(400);
    expect(await back.text()).toContain("GoodCall was not installed");
    expect(await w.count("Installation")).toBe(0);
  });
});
