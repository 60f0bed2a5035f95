// Several GoodCall processes on one database (PostgreSQL in production, and SQLite for a second
// process on the same machine), racing for the same week's deliveries while Slack answers slowly,
// one of them killed in the middle: every digest and every manager summary reaches Slack once.
import type { ChildProcess } from "node:child_process";
import { hostname } from "node:os";
import { expect, it } from "vitest";
import { slotAfter } from "../../src/domain/period.ts";
import { LEASE_MS } from "../../src/jobs/outbox.ts";
import { cliProcess, cliRun } from "../support/cli.ts";
import { makeTeam } from "../support/conversation.ts";
import { appPerTest, type Harness } from "../support/harness.ts";

const startApp = appPerTest();

const MINUTE = 60_000;
const TEAMS = 6;

function instance(h: Harness, at: Date): ChildProcess {
  return cliProcess(h, ["jobs", "run", "--at", at.toISOString()]);
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once("exit", (code) => resolve(code)));
}

it("three instances race for one week's deliveries, one is killed mid-delivery: 0 lost, 0 twice", async () => {
  const h = await startApp();
  const channels = Array.from({ length: TEAMS }, (_, i) => `C${i + 1}`);
  for (const channel of channels) {
    await makeTeam(h, { channel });
  }
  const team = await h.services.teams.find("C1");
  if (!team) throw new Error("no team");
  const slot = slotAfter(
    { timeZone: team.timeZone, weekday: team.digestWeekday, minute: team.digestMinute },
    new Date(Date.now() + MINUTE),
  );
  h.now.value = new Date(slot.getTime() - 24 * 3600_000);
  for (const channel of channels) {
    await h.command("/goodcall", `Swapped the broken kettle on the spot in ${channel}`, {
      user: "U2",
      channel,
    });
  }
  await h.idle();

  // Slack records each post at once and answers it 300 ms later, so every instance spends long
  // enough inside deliveries to be killed in the middle of one.
  h.fake.failNext("chat.postMessage", { answerAfterMs: 300 }, 1_000);
  const at = new Date(slot.getTime() + MINUTE);
  const victim = instance(h, at);
  const heldBy = async (owner: (claimedBy: string) => boolean) => {
    const rows = await h.db
      .selectFrom("Delivery")
      .select("claimedBy")
      .where("status", "=", "claimed")
      .where("attemptStartedAt", "is not", null)
      .execute();
    return rows.some((row) => row.claimedBy !== null && owner(row.claimedBy));
  };
  const until = async (what: string, condition: () => Promise<boolean>) => {
    const started = Date.now();
    while (!(await condition())) {
      if (Date.now() - started > 30_000) throw new Error(`never: ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
  // The first instance starts delivering and two more join the race; the first is killed while it
  // holds a delivery it has started (claimed, its post on the way to Slack).
  const victimOwner = `cli:${hostname()}:${victim.pid}`;
  await until("the first instance starts a delivery", () => heldBy((owner) => owner === victimOwner));
  const survivors = [instance(h, at), instance(h, at)];
  victim.kill("SIGKILL");
  await exited(victim);
  expect(await Promise.all(survivors.map(exited))).toEqual([0, 0]);

  // The killed instance's claims are taken over once their lease has run out.
  const after = new Date(at.getTime() + LEASE_MS + MINUTE);
  const recovery = await cliRun(h, ["jobs", "run", "--at", after.toISOString()]);

  // The premise: the killed instance held deliveries it had not finished, which this run completed
  // (posting what never reached Slack, recognising by its metadata what had).
  expect(recovery.stdout).toMatch(/^(posted|already-posted)\s/m);

  const posted = h.fake.calls("chat.postMessage").filter((c) => c.status === 200 && !c.error);
  const keys = posted.map((c) => {
    const metadata = c.args.metadata as { event_payload?: { key?: string } } | string | undefined;
    const parsed = typeof metadata === "string" ? JSON.parse(metadata) : metadata;
    return String(parsed?.event_payload?.key ?? `no key: ${String(c.args.channel)}`);
  });
  const twice = keys.filter((key, i) => keys.indexOf(key) !== i);
  expect(twice, "delivered more than once").toEqual([]);
  for (const channel of channels) {
    expect(
      posted.filter((c) => c.args.channel === channel),
      `digest of ${channel}`,
    ).toHaveLength(1);
  }
  // The manager (U1) of every team gets that team's summary once.
  expect(keys.filter((key) => key.startsWith("summary")).length, "manager summaries").toBe(TEAMS);
}, 120_000);
