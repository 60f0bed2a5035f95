// Keeps posts to one channel about a second apart, as Slack's chat.postMessage limit asks; the
// Web API client handles 429s but does not pace per channel.
export class ChannelPacer {
  private readonly next = new Map<string, number>();

  constructor(private readonly intervalMs = 1100) {}

  async wait(channel: string): Promise<void> {
    const now = Date.now();
    const at = Math.max(now, this.next.get(channel) ?? 0);
    this.next.set(channel, at + this.intervalMs);
    if (at > now) await new Promise((resolve) => setTimeout(resolve, at - now));
  }
}

/** Waits without holding a worker: what a delivery does between its tries. */
export type Pause = (ms: number) => Promise<void>;

export const sleep: Pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `work` over `items` with at most `concurrency` in flight, in order of start. A worker that
 * pauses (waiting to try Slack again) gives its place to the next item meanwhile, so one team's
 * failing deliveries never hold the others' posts behind their retries.
 */
export async function forEachLimited<T>(
  items: T[],
  concurrency: number,
  work: (item: T, pause: Pause) => Promise<void>,
): Promise<void> {
  let free = Math.max(1, concurrency);
  const queue: Array<() => void> = [];
  const acquire = async () => {
    if (free > 0) {
      free -= 1;
      return;
    }
    await new Promise<void>((resolve) => queue.push(resolve));
  };
  const release = () => {
    const next = queue.shift();
    if (next) next();
    else free += 1;
  };
  const pause: Pause = async (ms) => {
    release();
    await sleep(ms);
    await acquire();
  };
  await Promise.all(
    items.map(async (item) => {
      await acquire();
      try {
        await work(item, pause);
      } finally {
        release();
      }
    }),
  );
}
