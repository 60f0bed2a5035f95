// Keeps deliveries within Slack's limits on chat.postMessage (per channel and per workspace) and runs
// them a few at a time, so that one busy or rate-limited workspace never holds up another's posts.

/** Waits without holding a worker: what a delivery does between its tries. */
export type Pause = (ms: number) => Promise<void>;

export const sleep: Pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Slack allows about one post per second to a channel, and "several hundred" a minute to a workspace
 * (docs.slack.dev, "Rate limits"). The pacer keeps under both with room for the network's jitter:
 * 1.1 s per channel, and 240 a minute per workspace, a fifth under the lowest reading of that.
 */
export const CHANNEL_INTERVAL_MS = 1_100;
export const WORKSPACE_INTERVAL_MS = 250;

/**
 * Spaces posts out per channel and per workspace: a post goes once an interval has passed since the
 * channel's last post and since the workspace's last post, measured from when they went (a post whose
 * timer fired late never brings the next one closer). No bursts: Slack tolerates some, but promises
 * nothing for them. A 429 holds the whole workspace for its Retry-After.
 */
export class ChannelPacer {
  private readonly lastInChannel = new Map<string, number>();
  private readonly lastInWorkspace = new Map<string, number>();
  private readonly heldUntil = new Map<string, number>();
  private readonly workspaces = new Map<string, Promise<string>>();

  /**
   * `new ChannelPacer(0)` paces nothing (tests): a workspace is never paced slower than a channel,
   * since a workspace-wide spacing longer than a channel's would make the channel's meaningless.
   */
  constructor(
    private readonly channelIntervalMs = CHANNEL_INTERVAL_MS,
    private readonly workspaceIntervalMs = Math.min(channelIntervalMs, WORKSPACE_INTERVAL_MS),
    private readonly clock: () => number = Date.now,
  ) {}

  /**
   * Waits (with `wait`, which may let other work run meanwhile) until a post to `channel` in
   * `workspace` keeps to both limits, and takes that turn: the caller posts at once.
   */
  async turn(workspace: string, channel: string, wait: Pause = sleep): Promise<void> {
    const inChannel = `${workspace} ${channel}`;
    for (;;) {
      const now = this.clock();
      const at = Math.max(
        this.heldUntil.get(workspace) ?? now,
        (this.lastInChannel.get(inChannel) ?? Number.NEGATIVE_INFINITY) + this.channelIntervalMs,
        (this.lastInWorkspace.get(workspace) ?? Number.NEGATIVE_INFINITY) + this.workspaceIntervalMs,
      );
      if (at <= now) {
        this.lastInChannel.set(inChannel, now);
        this.lastInWorkspace.set(workspace, now);
        return;
      }
      // Whoever else waited for the same moment may have taken it meanwhile, or a 429 may have come:
      // look again after waiting. (Few wait at once: runs take at most a lane's width per workspace.)
      await wait(at - now);
    }
  }

  /**
   * Slack answered 429 to a post in this workspace: no post there until `retryAfterMs` has passed.
   * Slack does not say which limit it was, so the whole workspace waits.
   */
  hold(workspace: string, retryAfterMs: number): void {
    const until = this.clock() + retryAfterMs;
    this.heldUntil.set(workspace, Math.max(until, this.heldUntil.get(workspace) ?? 0));
  }

  /** The workspace a team posts to, found once per pacer: a team's workspace does not change mid-run. */
  workspaceOf(teamId: string, find: () => Promise<string>): Promise<string> {
    let found = this.workspaces.get(teamId);
    if (!found) {
      found = find();
      this.workspaces.set(teamId, found);
      // A failed look-up is not remembered, so the next delivery of the team looks again.
      found.catch(() => this.workspaces.delete(teamId));
    }
    return found;
  }
}

/** How a worker waits without holding up the deliveries of other workspaces. */
export interface Waits {
  /** Between tries: gives up its worker and its place in the lane meanwhile. */
  pause: Pause;
  /** For its turn to post: gives up its worker but keeps its place in the lane. */
  idle: Pause;
}

/** Which lane an item runs in (its workspace), and how many of one lane may run at once. */
export interface Lanes<T> {
  of(item: T): string | Promise<string>;
  width: number;
}

/** Waiters for a slot: those resuming after a wait go before those not yet started. */
class Queue {
  private readonly resuming: Array<() => void> = [];
  private readonly fresh: Array<() => void> = [];
  private head = 0;

  add(resume: () => void, resuming: boolean): void {
    (resuming ? this.resuming : this.fresh).push(resume);
  }

  next(): (() => void) | undefined {
    const resumed = this.resuming.shift();
    if (resumed) return resumed;
    const fresh = this.fresh[this.head];
    if (fresh) this.head += 1;
    return fresh;
  }
}

/** A fixed number of places; who comes when all are taken waits in a queue for one to be left. */
class Slots {
  private readonly queue = new Queue();

  constructor(private free: number) {}

  take(resuming: boolean): Promise<void> | undefined {
    if (this.free > 0) {
      this.free -= 1;
      return undefined;
    }
    return new Promise<void>((resolve) => this.queue.add(resolve, resuming));
  }

  /** The slot goes to the next waiter, if any. */
  leave(): void {
    const next = this.queue.next();
    if (next) next();
    else this.free += 1;
  }
}

/**
 * Runs `work` over `items` with at most `concurrency` in flight, in order of start, and (given
 * `lanes`) at most `lanes.width` of one lane: a workspace with many teams, whose posts Slack spaces
 * out, cannot take every worker while another workspace's posts wait. A worker that pauses (waiting
 * to try Slack again) or idles (waiting for its turn to post) gives its worker to the next item
 * meanwhile, so one team's failing deliveries never hold the others' posts behind their retries.
 */
export async function forEachLimited<T>(
  items: T[],
  concurrency: number,
  work: (item: T, waits: Waits) => Promise<void>,
  lanes?: Lanes<T>,
): Promise<void> {
  const workers = new Slots(Math.max(1, concurrency));
  const width = Math.max(1, lanes?.width ?? concurrency);
  const laneSlots = new Map<string, Slots>();
  const laneOf = (key: string) => {
    let slots = laneSlots.get(key);
    if (!slots) {
      slots = new Slots(width);
      laneSlots.set(key, slots);
    }
    return slots;
  };
  await Promise.all(
    items.map(async (item) => {
      await workers.take(false);
      let lane: Slots;
      try {
        lane = laneOf(lanes ? await lanes.of(item) : "");
      } catch (error) {
        workers.leave();
        throw error;
      }
      const inLane = lane.take(false);
      if (inLane) {
        // The lane is full: wait for it without holding a worker, then come back before new items.
        workers.leave();
        await inLane;
        await workers.take(true);
      }
      const waits: Waits = {
        async pause(ms) {
          lane.leave();
          workers.leave();
          await sleep(ms);
          await lane.take(true);
          await workers.take(true);
        },
        async idle(ms) {
          workers.leave();
          await sleep(ms);
          await workers.take(true);
        },
      };
      try {
        await work(item, waits);
      } finally {
        lane.leave();
        workers.leave();
      }
    }),
  );
}
