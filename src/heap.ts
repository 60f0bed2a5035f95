// How V8 manages the app process's heap: set once, first thing, by each entry point (src/main.ts,
// src/cli.ts), before any work has made garbage.
import { setFlagsFromString } from "node:v8";

/**
 * Turns off V8's allocation-site pretenuring for this process.
 *
 * NOTE: V8 watches what each object literal of the code allocates, and once most of one site's
 * objects are found alive at a collection, it allocates every later object of that site straight
 * into the old generation, and never changes its mind. The decision is taken on the objects made
 * since the collection before: in a digest run, a collection that follows closely on another sees
 * only the team being composed, whose good calls, keywords and groups are all still in use, and
 * tenures those sites for the rest of the run. From then on every decoded good call is born old and
 * holds its young strings through each scavenge, which promotes them too: on PostgreSQL at 10,000
 * teams, such runs promoted 430–680 MB instead of about 200, ran 38–44 full collections instead of
 * 21–26, and took 11–13 s instead of 8–10, in about one run of three (see README, Performance).
 * Nothing of the app lives long enough to gain from being born old; the flag is read at each
 * collection, so setting it after start-up takes effect at once.
 */
export function tuneHeap(): void {
  setFlagsFromString("--no-allocation-site-pretenuring");
}
