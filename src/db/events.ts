// The Events API deliveries already taken in, so a retried delivery is handled once across instances.
import type { Db } from "./client.ts";
import { statement, toDbDate } from "./sql.ts";

const KEEP_MS = 24 * 60 * 60 * 1000;
// Pruning is a side task of taking events in; once an hour per process keeps the table small
// without a delete on every event.
const PRUNE_EVERY_MS = 60 * 60 * 1000;

export function eventRepository(db: Db) {
  let prunedAt = Number.NEGATIVE_INFINITY;
  return {
    /**
     * Records an event id; true when this is its first delivery. One statement on the hot path
     * (before the ack), and atomic: two instances taking in the same retry cannot both get true.
     */
    async firstDelivery(eventId: string, at: Date): Promise<boolean> {
      if (at.getTime() - prunedAt >= PRUNE_EVERY_MS) {
        prunedAt = at.getTime();
        statement(db, "DELETE FROM ReceivedEvent WHERE receivedAt < ?").run(
          toDbDate(new Date(at.getTime() - KEEP_MS)),
        );
      }
      const { changes } = statement(
        db,
        "INSERT INTO ReceivedEvent (eventId, receivedAt) VALUES (?, ?) ON CONFLICT (eventId) DO NOTHING",
      ).run(eventId, toDbDate(at));
      return changes === 1;
    },
  };
}

export type EventRepository = ReturnType<typeof eventRepository>;
