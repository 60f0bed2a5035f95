// Weekly digests end to end: posted once per team and period whatever happens around them.
import { execFile } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { WebClient } from "@slack/web-api";
import { describe, expect, it } from "vitest";
import { deliveryRepository } from "../../src/db/deliveries.ts";
import { slotAfter } from "../../src/domain/period.ts";
import { encodeKey, GRACE_MS, type JobDeps, LEASE_MS } from "../../src/jobs/outbox.ts";
import { ChannelPacer } from "../../src/jobs/pacer.ts";
import { runJobs } from "../../src/jobs/run.ts";
import { makeTeam, textOf } from "../support/conversation.ts";
import { appPerTest, BOT_TOKEN, type Harness } from "../support/harness.ts";

const run = promisify(execFile);
const root = fileURLToPath(new URL("../..", import.meta.url));

const startApp = appPerTest();

const MINUTE = 60_000;

const DAY = 24 * 3600_000;

/** What the team logs before its first digest: a good call's text, its author, and how long before the slot. */
type Log = { text: string; user: string; before: number };

const A_WEEK: Log[] = [
  { text: "Gave a 10€ voucher because the parcel was late #late-delivery", user: "U2", before: 2 * DAY },
  { text: "Walked a customer through the router setup", user: "U3", before: 2 * DAY },
];

/** A team with a few good calls in the week before its next Friday 15:00 (Helsinki) slot. */
async function setup(logs: Log[] = A_WEEK) {
  const harness = await startApp();
  await makeTeam(harness);
  const team = await harness.services.teams.find("C1");
  if (!team) throw new Error("no team");
  const slot = slotAfter(
    { timeZone: team.timeZone, weekday: team.digestWeekday, minute: team.digestMinute },
    new Date(Date.now() + MINUTE),
  );
  for (const log of logs) {
    harness.now.value = new Date(slot.getTime() - log.before);
    await harness.command("/goodcall", log.text, { user: log.user });
  }
  await harness.idle();
  const client = new WebClient(BOT_TOKEN, {
    slackApiUrl: harness.fake.url,
    retryConfig: { retries: 2, factor: 1, minTimeout: 10, maxTimeout: 50 },
  });
  const deps: JobDeps = {
    services: harness.services,
    client,
    pacer: new ChannelPacer(0),
  };
  const posts = () =>
    harness.fake
      .calls("chat.postMessage")
      .filter((c) => c.args.channel === "C1" && c.status === 200 && !c.error);
  return { h: harness, team, slot, deps, posts };
}

function cli(h: Harness, args: string[]) {
  return run(process.execPath, ["--import", "tsx", path.join(root, "src/cli.ts"), ...args], {
    cwd: root,
    env: {
      ...process.env,
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_API_URL: h.fake.url,
      DATABASE_URL: h.databaseUrl,
      LOG_LEVEL: "warn",
    },
  });
}

describe("scheduled digests", () => {
  it("posts once at the slot; a second tick and a CLI run post nothing more", async () => {
    const { h, slot, deps, posts } = await setup();
    expect((await runJobs(deps, new Date(slot.getTime() - MINUTE))).digests).toEqual([]);
    const first = await runJobs(deps, new Date(slot.getTime() + MINUTE));
    expect(first.digests.map((d) => d.result)).toEqual(["posted"]);
    expect(posts()).toHaveLength(1);
    const digest = textOf(posts()[0]?.args);
    expect(digest).toContain("<@U2>");
    expect(digest).toContain("<@U3>");

    const second = await runJobs(deps, new Date(slot.getTime() + 2 * MINUTE));
    expect(second.digests).toEqual([]);
    const { stdout } = await cli(h, [
      "digest",
      "run",
      "--at",
      new Date(slot.getTime() + 3 * MINUTE).toISOString(),
    ]);
    expect(stdout).toContain("No digests due");
    expect(posts()).toHaveLength(1);
  });

  it("posts once when two CLI runs race", async () => {
    const { h, slot, posts } = await setup();
    const at = new Date(slot.getTime() + MINUTE).toISOString();
    const [a, b] = await Promise.all([
      cli(h, ["digest", "run", "--at", at]),
      cli(h, ["digest", "run", "--at", at]),
    ]);
    // Digest lines name the team channel; manager DM lines (the summary) say "DM to".
    expect(`${a.stdout}${b.stdout}`.match(/^posted\s+#/gm)).toHaveLength(1);
    expect(posts()).toHaveLength(1);
  });

  it("retries a 429 with Retry-After and a 500, and delivers once", async () => {
    const { h, slot, deps, posts } = await setup();
    h.fake.failNext("chat.postMessage", { status: 429, retryAfter: 1 });
    h.fake.failNext("chat.postMessage", { status: 500 });
    const outcome = await runJobs(deps, new Date(slot.getTime() + MINUTE));
    expect(outcome.digests.map((d) => d.result)).toEqual(["posted"]);
    expect(posts()).toHaveLength(1);
    expect(h.fake.calls("chat.postMessage").length).toBeGreaterThanOrEqual(2);
  });

  it("records a failed delivery and retries it on a later run, with backoff", async () => {
    const { h, slot, deps, posts } = await setup();
    h.fake.failNext("chat.postMessage", { error: "channel_not_found" });
    const at = new Date(slot.getTime() + MINUTE);
    const failed = await runJobs(deps, at);
    expect(failed.digests.map((d) => d.result)).toEqual(["retry-later"]);
    const row = await deliveryRepository(h.services.db, "x").find(
      encodeKey({ kind: "digest", teamId: "C1", periodEnd: slot }),
    );
    expect(row?.lastError).toBe("channel_not_found");
    expect((await runJobs(deps, new Date(at.getTime() + 10_000))).digests).toEqual([]);
    const retried = await runJobs(deps, new Date(at.getTime() + 2 * MINUTE));
    expect(retried.digests.map((d) => d.result)).toEqual(["posted"]);
    expect(posts()).toHaveLength(1);
  });

  it("gives up, with a warning, once the period is more than 48 hours old", async () => {
    const { h, slot, deps, posts } = await setup();
    h.fake.failNext("chat.postMessage", { error: "not_in_channel" }, 10);
    const late = new Date(slot.getTime() + GRACE_MS - 30_000);
    const outcome = await runJobs(deps, late);
    expect(outcome.digests.map((d) => d.result)).toEqual(["failed"]);
    expect(posts()).toHaveLength(0);
    expect(h.logs.join("")).toContain("digest delivery given up");
  });

  it("resumes a delivery whose owner crashed after claiming it", async () => {
    const { h, slot, deps, posts } = await setup();
    const crashed = deliveryRepository(h.services.db, "crashed-instance");
    const at = new Date(slot.getTime() + MINUTE);
    await crashed.claim(
      {
        key: encodeKey({ kind: "digest", teamId: "C1", periodEnd: slot }),
        kind: "digest",
        teamId: "C1",
        periodStart: new Date(slot.getTime() - 7 * 24 * 3600_000),
        periodEnd: slot,
      },
      at,
      LEASE_MS,
    );
    expect((await runJobs(deps, new Date(at.getTime() + MINUTE))).digests).toEqual([]);
    const resumed = await runJobs(deps, new Date(at.getTime() + LEASE_MS + MINUTE));
    expect(resumed.digests.map((d) => d.result)).toEqual(["posted"]);
    expect(posts()).toHaveLength(1);
  });

  it("does not post again when the crashed owner had already reached Slack", async () => {
    const { h, slot, deps, posts } = await setup();
    const crashed = deliveryRepository(h.services.db, "crashed-instance");
    const at = new Date(slot.getTime() + MINUTE);
    const key = encodeKey({ kind: "digest", teamId: "C1", periodEnd: slot });
    const claim = await crashed.claim(
      {
        key,
        kind: "digest",
        teamId: "C1",
        periodStart: new Date(slot.getTime() - 7 * 24 * 3600_000),
        periodEnd: slot,
      },
      at,
      LEASE_MS,
    );
    await crashed.markAttemptStarted(claim?.id ?? 0, at);
    await deps.client.chat.postMessage({
      channel: "C1",
      text: "digest",
      metadata: { event_type: "goodcall_digest", event_payload: { key } },
    });
    const resumed = await runJobs(deps, new Date(at.getTime() + LEASE_MS + MINUTE));
    expect(resumed.digests.map((d) => d.result)).toEqual(["already-posted"]);
    expect(posts()).toHaveLength(1);
  });

  it("posts a digest missed during downtime when the app is back, marked late", async () => {
    const { slot, deps, posts } = await setup();
    const outcome = await runJobs(deps, new Date(slot.getTime() + 30 * 3600_000));
    expect(outcome.digests.map((d) => [d.result, d.late])).toEqual([["posted", true]]);
    expect(textOf(posts()[0]?.args).toLowerCase()).toContain("late");
  });

  it("never reports a zero amount: nothing given last week is not '0 EUR'", async () => {
    const { slot, deps, posts } = await setup([
      { text: "Gave a 0€ voucher for the long wait", user: "U2", before: 9 * DAY },
      { text: "Walked a customer through the router setup", user: "U3", before: 2 * DAY },
    ]);
    await runJobs(deps, new Date(slot.getTime() + MINUTE));
    const digest = textOf(posts()[0]?.args);
    expect(digest).toContain("<@U3>");
    expect(digest).not.toMatch(/\b0 EUR/);
  });

  it("previews with --dry-run and sends and claims nothing", async () => {
    const { h, slot, posts } = await setup();
    const { stdout } = await cli(h, [
      "digest",
      "run",
      "--dry-run",
      "--at",
      new Date(slot.getTime() + MINUTE).toISOString(),
    ]);
    expect(stdout).toContain("Digest preview");
    expect(stdout).toContain("Block Kit JSON");
    expect(stdout).toContain("<@U2>");
    expect(posts()).toHaveLength(0);
    expect(await deliveryRepository(h.services.db, "x").list("digest")).toEqual([]);
  });
});

describe("/goodcall digest preview", () => {
  it("shows the running period's digest to the person only", async () => {
    const { h, slot } = await setup();
    h.now.value = new Date(slot.getTime() - 3600_000);
    await h.command("/goodcall", "digest preview", { user: "U1" });
    const preview = await h.fake.waitFor("response_url", (c) => Array.isArray(c.args.blocks));
    expect(preview.args.response_type).toBe("ephemeral");
    expect(JSON.stringify(preview.args.blocks)).toContain("<@U2>");
  });
});
