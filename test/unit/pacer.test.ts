// The pacer keeps posts within Slack's limits per channel and per workspace, and the worker pool lets
// no workspace hold up another's deliveries.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ChannelPacer, forEachLimited, type Waits } from "../../src/jobs/pacer.ts";

/** A pacer on a clock that only moves when told to, and waits that move it. */
function virtualPacer(channelMs: number, workspaceMs: number) {
  let now = 0;
  const pacer = new ChannelPacer(channelMs, workspaceMs, () => now);
  return {
    pacer,
    at: (ms: number) => {
      now = ms;
    },
    now: () => now,
    /** Takes a turn as of `arrival`: returns when it was granted. */
    async turn(workspace: string, channel: string, arrival: number): Promise<number> {
      now = arrival;
      await pacer.turn(workspace, channel, async (ms) => {
        now += ms;
      });
      return now;
    },
  };
}

describe("ChannelPacer", () => {
  it("grants every turn at or after it is asked, at least an interval after the channel's and the workspace's last", async () => {
    const request = fc.record({
      after: fc.integer({ min: 0, max: 400 }),
      workspace: fc.constantFrom("W1", "W2"),
      channel: fc.constantFrom("C1", "C2", "D1"),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(request, { maxLength: 40 }), async (requests) => {
        const v = virtualPacer(1_000, 250);
        const granted: Array<{ workspace: string; channel: string; at: number }> = [];
        let arrival = 0;
        for (const { after, workspace, channel } of requests) {
          arrival += after;
          const at = await v.turn(workspace, channel, arrival);
          expect(at).toBeGreaterThanOrEqual(arrival);
          granted.push({ workspace, channel, at });
        }
        for (const [i, a] of granted.entries()) {
          for (const b of granted.slice(i + 1)) {
            const apart = Math.abs(a.at - b.at);
            if (a.workspace === b.workspace) expect(apart).toBeGreaterThanOrEqual(250);
            if (a.workspace === b.workspace && a.channel === b.channel)
              expect(apart).toBeGreaterThanOrEqual(1_000);
          }
        }
      }),
    );
  });

  it("does not slow a workspace or channel for another's posts", async () => {
    const v = virtualPacer(1_000, 250);
    expect(await v.turn("W1", "C1", 0)).toBe(0);
    expect(await v.turn("W2", "C1", 0)).toBe(0);
    expect(await v.turn("W1", "C2", 0)).toBe(250);
    expect(await v.turn("W1", "C1", 0)).toBe(1_000);
  });

  it("counts from when a post went, so one whose timer fired late does not bring the next closer", async () => {
    const v = virtualPacer(1_000, 250);
    await v.turn("W1", "C1", 0);
    // The wait for the second turn ends 150 ms late (a busy event loop).
    await v.pacer.turn("W1", "C1", async (ms) => v.at(v.now() + ms + 150));
    expect(v.now()).toBe(1_150);
    expect(await v.turn("W1", "C1", 1_150)).toBe(2_150);
  });

  it("paces nothing when made with no interval", async () => {
    const v = virtualPacer(0, 0);
    expect(await v.turn("W1", "C1", 5)).toBe(5);
    expect(await v.turn("W1", "C1", 5)).toBe(5);
    expect(new ChannelPacer(0)).toEqual(new ChannelPacer(0, 0));
  });

  it("holds the whole workspace for a 429's Retry-After, also a post already waiting for its turn", async () => {
    const v = virtualPacer(1_000, 250);
    await v.turn("W1", "C1", 0);
    v.at(10);
    v.pacer.hold("W1", 2_000);
    expect(await v.turn("W1", "C2", 20)).toBe(2_010);
    expect(await v.turn("W2", "C2", 20)).toBe(20);

    // A post waits for its turn at 2,260; a 429 at 2,100 holds the workspace until 5,100.
    v.at(2_000);
    let held = false;
    await v.pacer.turn("W1", "C3", async (ms) => {
      if (!held) {
        held = true;
        v.at(2_100);
        v.pacer.hold("W1", 3_000);
      }
      v.at(v.now() + ms);
    });
    expect(v.now()).toBe(5_100);
  });

  it("looks a team's workspace up once, and again after a failed look-up", async () => {
    const pacer = new ChannelPacer(0);
    let lookups = 0;
    const find = async () => {
      lookups += 1;
      if (lookups === 1) throw new Error("database unavailable");
      return "W1";
    };
    await expect(pacer.workspaceOf("C1", find)).rejects.toThrow("database unavailable");
    expect(await pacer.workspaceOf("C1", find)).toBe("W1");
    expect(await pacer.workspaceOf("C1", find)).toBe("W1");
    expect(lookups).toBe(2);
  });
});

/** A promise to resolve from outside, and whether it has been. */
function gate() {
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe("forEachLimited", () => {
  it("runs at most `width` of one lane at once, and the other lanes' items meanwhile", async () => {
    const gates = new Map(["A1", "A2", "A3", "A4"].map((id) => [id, gate()]));
    const running = new Set<string>();
    const started: string[] = [];
    const done: string[] = [];
    let mostOfA = 0;
    const run = forEachLimited(
      ["A1", "A2", "A3", "A4", "B1", "B2"],
      4,
      async (id) => {
        running.add(id);
        started.push(id);
        mostOfA = Math.max(mostOfA, [...running].filter((r) => r.startsWith("A")).length);
        await gates.get(id)?.opened;
        running.delete(id);
        done.push(id);
      },
      { of: (id) => id.slice(0, 1), width: 2 },
    );
    await tick();
    // A's first two hold its lane; the workspace after it is not kept waiting behind A's other two.
    expect(started).toEqual(["A1", "A2", "B1", "B2"]);
    expect(done).toEqual(["B1", "B2"]);
    for (const g of gates.values()) g.open();
    await run;
    expect(done.slice(2).sort()).toEqual(["A1", "A2", "A3", "A4"]);
    expect(mostOfA).toBe(2);
  });

  it("gives the worker to others while an item idles, and the lane as well while it pauses", async () => {
    const events: string[] = [];
    const waits = new Map<string, Waits>();
    const gates = new Map(["A1", "A2", "B1"].map((id) => [id, gate()]));
    const run = forEachLimited(
      ["A1", "A2", "B1"],
      1,
      async (id, w) => {
        events.push(`start ${id}`);
        waits.set(id, w);
        await gates.get(id)?.opened;
        events.push(`end ${id}`);
      },
      { of: (id) => id.slice(0, 1), width: 1 },
    );
    await tick();
    expect(events).toEqual(["start A1"]);

    // Idling (waiting for its turn to post) gives up the only worker but keeps A's lane: B1 runs, A2 does not.
    const idled = waits.get("A1")?.idle(30);
    await tick();
    expect(events).toEqual(["start A1", "start B1"]);
    gates.get("B1")?.open();
    await idled;
    expect(events).toEqual(["start A1", "start B1", "end B1"]);

    // Pausing (between tries) gives up A's lane too: A2 starts, and A1 comes back after it.
    const paused = waits.get("A1")?.pause(10);
    await tick();
    expect(events.slice(3)).toEqual(["start A2"]);
    gates.get("A2")?.open();
    await paused;
    gates.get("A1")?.open();
    await run;
    expect(events.slice(3)).toEqual(["start A2", "end A2", "end A1"]);
  });
});
