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

/** Runs `work` over `items` with at most `concurrency` in flight, in order of start. */
export async function forEachLimited<T>(
  items: T[],
  concurrency: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let index = 0;
  const worker = async () => {
    while (index < items.length) {
      const item = items[index++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}
