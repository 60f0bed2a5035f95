// Writes asked for in the same turn of the event loop, committed together: one transaction instead
// of one per write. Each caller still hears of its own write only once it is committed.

/** Node's own, taken when this module loads: a test that fakes timers must not hold writes back. */
const atEndOfTurn = setImmediate;

/**
 * A write function that groups the writes asked for within one turn of the event loop and hands them
 * to `writeAll` together at the end of the turn (a lone write goes to `writeOne`). When the group
 * fails, each of its writes is tried again on its own, so one bad write (a team deleted meanwhile)
 * fails only its own caller and the others are saved.
 *
 * NOTE: why. On SQLite a commit is most of an INSERT's cost (the WAL frames of every page it touched,
 * the file locks): measured with the caches another request's work leaves behind, ~100 µs a row one
 * at a time, ~71 µs in pairs, ~57 µs in fours. Under load several quick logs start in one turn.
 */
export function groupCommit<T, R>(
  writeOne: (item: T) => Promise<R>,
  writeAll: (items: readonly T[]) => Promise<readonly R[]>,
): (item: T) => Promise<R> {
  let waiting: { item: T; resolve: (result: R) => void; reject: (error: unknown) => void }[] = [];

  const flush = async (): Promise<void> => {
    const group = waiting;
    waiting = [];
    const [only] = group;
    if (group.length === 1 && only) {
      await writeOne(only.item).then(only.resolve, only.reject);
      return;
    }
    let results: readonly R[];
    try {
      results = await writeAll(group.map((w) => w.item));
    } catch {
      // Nothing of the group was committed (one transaction): each write on its own, in order.
      for (const w of group) await writeOne(w.item).then(w.resolve, w.reject);
      return;
    }
    if (results.length !== group.length) {
      // A bug in writeAll, after its commit: writing again could save twice, so every caller hears of it.
      const error = new Error(`a group write of ${group.length} answered for ${results.length}`);
      for (const w of group) w.reject(error);
      return;
    }
    for (const [i, w] of group.entries()) w.resolve(results[i] as R);
  };

  return (item) =>
    new Promise<R>((resolve, reject) => {
      waiting.push({ item, resolve, reject });
      if (waiting.length === 1) atEndOfTurn(() => void flush());
    });
}
