// Weekly digests end to end: posted once per team and period whatever happens around them.
import { WebClient } from "@slack/web-api";
import { describe, expect, it } from "vitest";
import { deliveryRepository } from "../../src/db/deliveries.ts";
import { slotAfter } from "../../src/domain/period.ts";
import { runDigests } from "../../src/jobs/digests.ts";
import { type DeliveryTimings, encodeKey, GRACE_MS, type JobDeps, LEASE_MS } from "../../src/jobs/outbox.ts";
import { ChannelPacer } from "../../src/jobs/pacer.ts";
import { runJobs } from "../../src/jobs/run.ts";
import { createServices } from "../../src/services.ts";
import { cliProcess, cliRun } from "../support/cli.ts";
import { makeTeam, textOf } from "../support/conversation.ts";
import { appPerTest, BOT_TOKEN, type Harness } from "../support/harness.ts";

const startApp = appPerTest();

const MINUTE = 60_000;

const DAY = 24 * 3600_000;

/** The outbox's tries, shortened for tests; the production timings are in src/jobs/outbox.ts. */
const TEST_TIMINGS: DeliveryTimings = {
  requestTimeoutMs: 2_000,
  retryPausesMs: [20],
  attemptBudgetMs: 8_000,
};

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
    timings: TEST_TIMINGS,
  };
  /** The jobs as another app instance (or CLI process) sharing the database runs them. */
  const instance = (owner: string, more: Partial<JobDeps> = {}): JobDeps => ({
    ...deps,
    services: createServices({
      db: harness.db,
      logger: harness.services.logger,
      tzDefault: harness.services.tzDefault,
      owner,
    }),
    ...more,
  });
  const posts = (channel = "C1") =>
    harness.fake
      .calls("chat.postMessage")
      .filter((c) => c.args.channel === channel && c.status === 200 && !c.error);
  return { h: harness, team, slot, deps, instance, posts };
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
    const { stdout } = await cliRun(h, [
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
      cliRun(h, ["digest", "run", "--at", at]),
      cliRun(h, ["digest", "run", "--at", at]),
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
    h.fake.failNext("chat.postMessage", { error: "not_in_channel" }, 10, (args) => args.channel === "C1");
    const late = new Date(slot.getTime() + GRACE_MS - 30_000);
    const outcome = await runJobs(deps, late);
    expect(outcome.digests.map((d) => d.result)).toEqual(["failed"]);
    expect(posts()).toHaveLength(0);
    expect(h.logs.join("")).toContain("digest delivery given up");
    // The team's manager hears of it, once.
    expect(posts("DU1").filter((c) => textOf(c.args).includes("was not posted"))).toHaveLength(1);
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
    const { stdout } = await cliRun(h, [
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

describe("during a Slack outage", () => {
  /** Stands in for Bolt's client, whose own retries (about 30 minutes by default) the jobs used to rely on. */
  function retryingClient(h: Harness, minTimeout: number) {
    return new WebClient(BOT_TOKEN, {
      slackApiUrl: h.fake.url,
      retryConfig: { retries: 10, factor: 1.5, minTimeout, maxTimeout: 60_000 },
    });
  }

  it("posts once when a later run takes the claim over while the first still retries a 503", async () => {
    const { h, slot, instance, posts } = await setup();
    const client = retryingClient(h, 300);
    const timings = { ...TEST_TIMINGS, retryPausesMs: [300] };
    h.fake.failNext("chat.postMessage", { status: 503 }, 4, (args) => args.channel === "C1");
    const first = runJobs(instance("cli-a", { client, timings }), new Date(slot.getTime() + MINUTE));
    await h.fake.waitFor("chat.postMessage", (c) => c.args.channel === "C1" && c.status === 503);
    // Six minutes later by its clock, the first run's lease has run out: the second takes the claim over.
    const second = runJobs(instance("cli-b", { client, timings }), new Date(slot.getTime() + 7 * MINUTE));
    const [a, b] = await Promise.all([first, second]);
    expect(posts()).toHaveLength(1);
    expect(a.digests.map((d) => d.result)).toEqual(["taken-over"]);
    expect(b.digests.map((d) => d.result)).toEqual(["posted"]);
  }, 30_000);

  it("posts the other teams' digests while one team's channel answers 500, and ends", async () => {
    const { h, slot, instance, posts } = await setup();
    await makeTeam(h, { channel: "C2" });
    await makeTeam(h, { channel: "C3" });
    h.fake.failNext("chat.postMessage", { status: 500 }, 1000, (args) => args.channel === "C1");
    const waits: string[] = [];
    // One worker: C1's pauses between tries must let C2 and C3 through rather than hold them.
    const deps = instance("app", {
      client: retryingClient(h, 500),
      concurrency: 1,
      // The pause is long enough for two posts on a loaded machine; a worker held by C1 would post
      // C2 and C3 only after C1's second try, whatever the pause.
      timings: { requestTimeoutMs: 500, retryPausesMs: [600], attemptBudgetMs: 3_000 },
      onWait: (n) => waits.push(`${n.teamId} ${n.failedTry} ${n.error} ${n.retryInMs}`),
    });
    const { digests } = await runDigests(deps, new Date(slot.getTime() + MINUTE));
    expect(digests.map((d) => [d.teamId, d.result]).sort()).toEqual([
      ["C1", "retry-later"],
      ["C2", "posted"],
      ["C3", "posted"],
    ]);
    expect(waits[0]).toBe("C1 1 internal_error 600");
    const calls = h.fake.calls("chat.postMessage");
    const secondTryAtC1 = calls.filter((c) => c.args.channel === "C1")[1];
    expect(secondTryAtC1).toBeDefined();
    for (const channel of ["C2", "C3"]) {
      const post = posts(channel)[0];
      expect(post && calls.indexOf(post)).toBeLessThan(
        calls.indexOf(secondTryAtC1 as (typeof calls)[number]),
      );
    }
  }, 30_000);

  it("digest run posts digests only, says what it waits for; jobs run sends the summaries", async () => {
    const { h, slot, posts } = await setup();
    h.fake.failNext("chat.postMessage", { status: 500 }, 1, (args) => args.channel === "C1");
    const at = new Date(slot.getTime() + MINUTE).toISOString();
    const digestRun = await cliRun(h, ["digest", "run", "--at", at]);
    expect(digestRun.stderr).toContain(
      "waiting for Slack: digest for #support, attempt 1 failed (internal_error), retrying in 2 s",
    );
    expect(digestRun.stdout).toMatch(/^posted\s+#support/m);
    expect(posts()).toHaveLength(1);
    expect(posts("DU1")).toHaveLength(0);

    const jobsRun = await cliRun(h, ["jobs", "run", "--at", at]);
    expect(jobsRun.stdout).toMatch(/^posted\s+summary DM to U1/m);
    expect(posts("DU1")).toHaveLength(1);
    expect(posts()).toHaveLength(1);
    const help = await cliRun(h, ["digest", "run", "--help"]);
    expect(help.stdout).toContain("digests only");
  }, 60_000);

  it("does not send a summary twice when the run that sent it was killed before it heard back", async () => {
    const { h, slot, posts } = await setup();
    // Slack posts the summary, then its answer is lost: the process dies waiting for it.
    h.fake.failNext("chat.postMessage", { answerAfterMs: 15_000 }, 1, (args) => args.channel === "DU1");
    const killed = cliProcess(h, ["jobs", "run", "--at", new Date(slot.getTime() + MINUTE).toISOString()]);
    await h.fake.waitFor("chat.postMessage", (c) => c.args.channel === "DU1", 20_000);
    killed.kill("SIGKILL");
    await new Promise((resolve) => killed.once("exit", resolve));
    expect(posts("DU1")).toHaveLength(1);

    const resumedAt = new Date(slot.getTime() + MINUTE + LEASE_MS + MINUTE).toISOString();
    const resumed = await cliRun(h, ["jobs", "run", "--at", resumedAt]);
    expect(resumed.stdout).toMatch(/^already-posted\s+summary DM to U1/m);
    expect(posts("DU1")).toHaveLength(1);
    expect(posts()).toHaveLength(1);
  }, 60_000);

  it("tells the managers once about a digest missed by more than 48 hours", async () => {
    const { slot, deps, posts } = await setup();
    const back = new Date(slot.getTime() + GRACE_MS + 3600_000);
    const outcome = await runJobs(deps, back);
    expect(outcome.digests).toEqual([]);
    expect(posts()).toHaveLength(0);
    const notices = posts("DU1");
    expect(notices).toHaveLength(1);
    const text = textOf(notices[0]?.args);
    expect(text).toContain("The GoodCall digest for <#C1>");
    expect(text).toContain("was not posted: GoodCall was down or Slack refused it");
    await runJobs(deps, new Date(back.getTime() + 3600_000));
    expect(posts("DU1")).toHaveLength(1);
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
