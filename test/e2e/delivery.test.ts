// Delivery keeps to Slack's limits on chat.postMessage, per channel and per workspace: the fake Slack
// enforces them (tightened, so the test is quick), two workspaces installed by OAuth get their digests
// and manager summaries once each, and the smaller workspace is not kept waiting behind the bigger.
import { Writable } from "node:stream";
import type { App } from "@slack/bolt";
import { afterEach, describe, expect, it } from "vitest";
import { buildApp, listen } from "../../src/app.ts";
import { loadConfig } from "../../src/config.ts";
import { closeDatabase, openDatabase } from "../../src/db/client.ts";
import { slotAfter } from "../../src/domain/period.ts";
import type { DeliveryTimings, JobDeps } from "../../src/jobs/outbox.ts";
import { ChannelPacer } from "../../src/jobs/pacer.ts";
import { runJobs } from "../../src/jobs/run.ts";
import { createLogger } from "../../src/logger.ts";
import { workspaceJobs } from "../../src/oauth/installer.ts";
import { createServices, type Services } from "../../src/services.ts";
import { freshDatabaseUrl } from "../support/db.ts";
import { type FakeSlack, type SlackCall, startFakeSlack } from "../support/fakeSlack.ts";
import { slashCommand } from "../support/payloads.ts";
import { postToSlackApp } from "../support/signing.ts";

const SIGNING_SECRET = "delivery-test-signing-secret";
const CLIENT = { clientId: "1111.3333", clientSecret: "delivery-test-client-secret" };
const MINUTE = 60_000;
const DAY = 24 * 3600_000;
const TIMINGS: DeliveryTimings = { requestTimeoutMs: 2_000, retryPausesMs: [20], attemptBudgetMs: 8_000 };
/** Slack's limits shrunk in time: one post per 200 ms to a channel, four per 200 ms to a workspace. */
const LIMITS = { perChannel: { posts: 1, windowMs: 200 }, perWorkspace: { posts: 4, windowMs: 200 } };
/**
 * The pacer for them at half their rate: in a test, app and fake Slack share one busy event loop, and a
 * post delayed on its way can arrive close behind the next; the real pacer keeps its margin for the network.
 */
const PACED = { channelMs: 400, workspaceMs: 100 };

let stopCurrent: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stopCurrent?.();
  stopCurrent = undefined;
});

interface Workspace {
  id: string;
  /** Team channel → the manager who set it up. */
  teams: Array<{ channel: string; manager: string }>;
}

/**
 * The app in OAuth mode with each workspace installed through the real install flow, and its teams
 * set up by their managers in the week before a digest slot (a quiet week's digest is posted too).
 */
async function setup(workspaces: Workspace[]) {
  const fake = await startFakeSlack({ oauth: CLIENT });
  const databaseUrl = await freshDatabaseUrl();
  const config = loadConfig({
    SLACK_CLIENT_ID: CLIENT.clientId,
    SLACK_CLIENT_SECRET: CLIENT.clientSecret,
    SLACK_STATE_SECRET: "delivery-test-state-secret",
    GOODCALL_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString("base64"),
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_SOCKET_MODE: "false",
    SLACK_API_URL: fake.url,
    DATABASE_URL: databaseUrl,
    TZ_DEFAULT: "Europe/Helsinki",
  });
  const db = await openDatabase(databaseUrl);
  const schedule = { timeZone: "Europe/Helsinki", weekday: 5, minute: 900 };
  const slot = slotAfter(schedule, new Date(Date.now() + MINUTE));
  const now = { value: new Date(slot.getTime() - 2 * DAY) };
  const logger = createLogger(
    "warn",
    new Writable({
      write(_chunk, _encoding, done) {
        done();
      },
    }),
  );
  const services = createServices({ db, logger, tzDefault: config.tzDefault, now: () => now.value });
  const retryConfig = { retries: 1, factor: 1, minTimeout: 10, maxTimeout: 20 };
  const { app, authorizeWorkspace } = buildApp({ config, services, retryConfig });
  const server = await listen(app, 0);
  stopCurrent = () => stop(app, services, fake);
  const address = server.address();
  if (!address || typeof address === "string" || !authorizeWorkspace) throw new Error("no OAuth app");
  const url = `http://127.0.0.1:${address.port}`;

  for (const workspace of workspaces) {
    await install(url, fake, workspace.id);
    for (const { channel, manager } of workspace.teams) {
      expect(await command(url, fake, "setup", { team: workspace.id, user: manager, channel })).toBe(200);
    }
  }
  await services.background.idle();
  const deps: JobDeps = {
    services,
    client: app.client,
    workspaces: workspaceJobs(config, services, authorizeWorkspace, { slackApiUrl: fake.url, retryConfig }),
    timings: TIMINGS,
  };
  return { fake, services, deps, runAt: new Date(slot.getTime() + MINUTE) };
}

async function stop(app: App, services: Services, fake: FakeSlack) {
  await services.background.idle();
  await app.stop();
  await closeDatabase(services.db);
  await fake.close();
}

/** A person installs GoodCall in a workspace: the install page, Slack's consent, the redirect back. */
async function install(url: string, fake: FakeSlack, teamId: string): Promise<void> {
  const start = await fetch(`${url}/slack/install`, { redirect: "manual" });
  const cookie = start.headers.get("set-cookie")?.split(";")[0] ?? "";
  const authorize = /href="(https:\/\/slack\.com\/oauth\/v2\/authorize\?[^"]+)"/.exec(
    await start.text(),
  )?.[1];
  const state = new URL((authorize ?? "").replaceAll("&amp;", "&")).searchParams.get("state") ?? "";
  const code = fake.authorizeCode({ teamId, installerId: `U${teamId}` });
  const back = await fetch(`${url}/slack/oauth_redirect?code=${code}&state=${encodeURIComponent(state)}`, {
    headers: { cookie },
    redirect: "manual",
  });
  expect(back.status).toBe(200);
}

async function command(
  url: string,
  fake: FakeSlack,
  text: string,
  from: { team: string; user: string; channel: string },
): Promise<number> {
  const form = {
    ...slashCommand({
      command: "/goodcall",
      text,
      userId: from.user,
      channelId: from.channel,
      channelName: `team-${from.channel.toLowerCase()}`,
      responseUrl: fake.responseUrl(),
    }),
    team_id: from.team,
    is_enterprise_install: "false",
  };
  return (await postToSlackApp(url, { form }, SIGNING_SECRET)).status;
}

/** The outbox key a post carries in its metadata: what makes two posts the same message. */
function keyOf(call: SlackCall): string {
  return String((call.args.metadata as { event_payload?: { key?: string } } | undefined)?.event_payload?.key);
}

function posted(fake: FakeSlack): SlackCall[] {
  return fake.calls("chat.postMessage").filter((c) => c.status === 200 && !c.error);
}

/** Every digest and every summary the teams are due, by outbox key prefix, each exactly once. */
function expectEachOnce(calls: SlackCall[], workspaces: Workspace[]): void {
  const keys = calls.map(keyOf);
  const teams = workspaces.flatMap((w) => w.teams);
  const expected = [
    ...teams.map((t) => `digest:${t.channel}:`),
    ...teams.map((t) => `summary:${t.channel}:${t.manager}:`),
  ].sort();
  expect(keys.map((k) => k.replace(/\d{4}-\d\d-\d\dT[^:]*:\d\d:\d\d\.\d{3}Z$/, "")).sort()).toEqual(expected);
  expect(new Set(keys).size).toBe(keys.length);
}

/** The most deliveries of a kind (teams matching `teams`) that were between attempt start and posted at once. */
async function mostUnderWayAtOnce(services: Services, kind: string, teams: string): Promise<number> {
  const rows = await services.db
    .selectFrom("Delivery")
    .select(["attemptStartedAt", "deliveredAt"])
    .where("kind", "=", kind)
    .where("teamId", "like", teams)
    .execute();
  // Half-open spans: one that starts the moment another ends does not overlap it.
  const edges = rows
    .flatMap((r) => [
      { at: new Date(r.attemptStartedAt ?? 0).getTime(), step: 1 },
      { at: new Date(r.deliveredAt ?? 0).getTime(), step: -1 },
    ])
    .sort((a, b) => a.at - b.at || a.step - b.step);
  let now = 0;
  let most = 0;
  for (const { step } of edges) {
    now += step;
    most = Math.max(most, now);
  }
  return most;
}

// Workspace A: twelve teams; the first three share one manager, whose DM gets three summaries at once.
const BIG: Workspace = {
  id: "TA",
  teams: Array.from({ length: 12 }, (_, i) => ({
    channel: `CA${String(i + 1).padStart(2, "0")}`,
    manager: i < 3 ? "UA00" : `UA${String(i + 1).padStart(2, "0")}`,
  })),
};
// Workspace B: two teams whose channels sort after all of A's, so without lanes they would go last.
const SMALL: Workspace = {
  id: "TB",
  teams: [
    { channel: "CB01", manager: "UB01" },
    { channel: "CB02", manager: "UB02" },
  ],
};

describe("delivery within Slack's limits", () => {
  it("posts every digest and summary once, answered with no 429, and the small workspace's first", async () => {
    const w = await setup([BIG, SMALL]);
    w.fake.limitPosts(LIMITS);
    const outcome = await runJobs(
      { ...w.deps, pacer: new ChannelPacer(PACED.channelMs, PACED.workspaceMs) },
      w.runAt,
    );

    expect(outcome.digests.map((d) => d.result)).toEqual(Array(14).fill("posted"));
    expect(outcome.managerDms.map((d) => [d.kind, d.result])).toEqual(Array(14).fill(["summary", "posted"]));
    const start = w.fake.calls("chat.postMessage")[0]?.at ?? 0;
    const refused = w.fake.calls("chat.postMessage").filter((c) => c.status !== 200);
    expect(refused.map((c) => `${c.args.channel}: ${c.status} after ${c.at - start} ms`)).toEqual([]);
    expectEachOnce(posted(w.fake), [BIG, SMALL]);

    // Each phase (digests, then the summaries after them): B's posts all went before half of A's had,
    // though B's teams come last in the run's order and A's alone take a second and more per phase.
    for (const kind of ["digest", "summary"]) {
      const ofKind = posted(w.fake).filter((c) => keyOf(c).startsWith(`${kind}:`));
      const inA = ofKind.filter((c) => keyOf(c).includes(":CA")).map((c) => c.at);
      const inB = ofKind.filter((c) => keyOf(c).includes(":CB")).map((c) => c.at);
      expect(inA).toHaveLength(12);
      expect(Math.max(...inB)).toBeLessThan(inA.sort((a, b) => a - b)[6] as number);
    }
    // At most two of a workspace's deliveries (half the run's four workers) were under way at once, so
    // none waited its turn long enough for its lease to lapse, however many teams the workspace has.
    for (const kind of ["digest", "summary"]) {
      expect(await mostUnderWayAtOnce(w.services, kind, "CA%")).toBe(2);
      expect(await mostUnderWayAtOnce(w.services, kind, "CB%")).toBeLessThanOrEqual(2);
    }
    // The shared manager's three summaries went to one DM, a channel's interval apart.
    const shared = posted(w.fake)
      .filter((c) => c.args.channel === "DUA00")
      .map((c) => c.at);
    expect(shared).toHaveLength(3);
    for (const [i, at] of shared.slice(1).entries()) {
      expect(at - (shared[i] as number)).toBeGreaterThanOrEqual(LIMITS.perChannel.windowMs);
    }
    // The next run finds nothing left to send.
    const again = await runJobs(w.deps, new Date(w.runAt.getTime() + MINUTE));
    expect(again.digests).toEqual([]);
    expect(posted(w.fake)).toHaveLength(28);
    expect(w.fake.problems()).toEqual([]);
  }, 60_000);

  it("honours Slack's 429s when posting too fast: Retry-After waited out, then each message posted once", async () => {
    const workspace: Workspace = {
      id: "TA",
      teams: Array.from({ length: 4 }, (_, i) => ({ channel: `CA0${i + 1}`, manager: `UA0${i + 1}` })),
    };
    const w = await setup([workspace]);
    // Three posts a second for the workspace, and a pacer that does not pace at all.
    w.fake.limitPosts({ perWorkspace: { posts: 3, windowMs: 1_000 } });
    const outcome = await runJobs({ ...w.deps, pacer: new ChannelPacer(0) }, w.runAt);

    expect(outcome.digests.map((d) => d.result)).toEqual(Array(4).fill("posted"));
    expect(outcome.managerDms.map((d) => d.result)).toEqual(Array(4).fill("posted"));
    const calls = w.fake.calls("chat.postMessage");
    const refused = calls.filter((c) => c.status === 429);
    expect(refused.length).toBeGreaterThan(0);
    expectEachOnce(posted(w.fake), [workspace]);
    // Each refused message was tried again only after its Retry-After (1 s), and then posted.
    for (const no of refused) {
      const next = calls.find((c) => c.at > no.at && keyOf(c) === keyOf(no));
      expect(next?.at).toBeGreaterThanOrEqual(no.at + 1_000);
    }
    expect(w.fake.problems()).toEqual([]);
  }, 60_000);
});
