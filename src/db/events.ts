// The Events API deliveries already taken in, so a retried delivery is handled once across instances.
import type { Db } from "./client.ts";

const KEEP_MS = 24 * 60 * 60 * 1000;
// Pruning is a side task of taking events in; once an hour per process keeps the table small
// without a delete on every event.
const PRUNE_EVERY_MS = 60 * 60 * 1000;

export function eventRepository(db: Db) {
  let prunedAt = Number.NEGATIVE_INFINITY;
  return {
    /**
     * Records an event id; true when this is its first delivery. One statement on the hot path
     * (before the ack), and atomic on both databases: of two instances taking in the same retry, the
     * second's insert waits for the first's and then inserts nothing, so it gets no row back.
     */
    async firstDelivery(eventId: string, at: Date): Promise<boolean> {
      if (at.getTime() - prunedAt >= PRUNE_EVERY_MS) {
        prunedAt = at.getTime();
        await db
          .deleteFrom("ReceivedEvent")
          .where("receivedAt", "<", new Date(at.getTime() - KEEP_MS))
          .execute();
      }
      const inserted = await db
        .insertInto("ReceivedEvent")
        .values({ eventId, receivedAt: at })
        .onConflict((oc) => oc.column("eventId").doNothing())
        .returning("eventId")
        .executeTakeFirst();
      return inserted !== undefined;
    },
  };
}

export type EventRepository = ReturnType<typeof eventRepository>;
