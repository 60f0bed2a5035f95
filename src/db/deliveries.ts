// Claims on messages that must go out exactly once (digests, manager summaries, reminders).
// The unique key is the claim: whoever inserts the row owns the delivery; a lease lets another
// instance take over a delivery whose owner crashed.
import type { ExpressionBuilder, Selectable } from "kysely";
import type { DB } from "../generated/kysely/types.ts";
import type { Db, Query } from "./client.ts";

export type DeliveryKind =
  | "digest"
  | "summary"
  | "roundup"
  | "instant"
  | "followup"
  | "promise"
  | "missed"
  | "report";
export type DeliveryStatus = "claimed" | "posted" | "failed";

export interface Delivery {
  id: number;
  key: string;
  kind: DeliveryKind;
  teamId: string;
  recipientId: string | null;
  periodStart: Date | null;
  periodEnd: Date | null;
  status: DeliveryStatus;
  late: boolean;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: Date | null;
  attemptStartedAt: Date | null;
  messageTs: string | null;
  createdAt: Date;
}

type Row = Selectable<DB["Delivery"]>;

function toDelivery(row: Row): Delivery {
  return {
    id: row.id,
    key: row.key,
    kind: row.kind as DeliveryKind,
    teamId: row.teamId,
    recipientId: row.recipientId,
    periodStart: row.periodStart,
    periodEnd: row.periodEnd,
    status: row.status as DeliveryStatus,
    late: row.late,
    attempts: row.attempts,
    lastError: row.lastError,
    nextAttemptAt: row.nextAttemptAt,
    attemptStartedAt: row.attemptStartedAt,
    messageTs: row.messageTs,
    createdAt: row.createdAt,
  };
}

export interface ClaimInput {
  key: string;
  kind: DeliveryKind;
  teamId: string;
  recipientId?: string | null;
  periodStart?: Date | null;
  periodEnd?: Date | null;
  late?: boolean;
}

/** Unfinished, its owner's lease run out (a crash, a release, a failure) and its retry time, if any, come. */
function isDue(now: Date) {
  return (eb: ExpressionBuilder<DB, "Delivery">) =>
    eb.and([
      eb("status", "=", "claimed"),
      eb("leaseUntil", "<", now),
      eb.or([eb("nextAttemptAt", "is", null), eb("nextAttemptAt", "<=", now)]),
    ]);
}

export function deliveryRepository(db: Db, owner: string) {
  /** The claim is still ours: only its owner renews, sends, records a failure or lets go. */
  const ours = (q: Query, id: number) =>
    q
      .updateTable("Delivery")
      .where("id", "=", id)
      .where("claimedBy", "=", owner)
      .where("status", "=", "claimed");

  /** Unfinished deliveries of some kinds that are due at `now`. */
  function due(q: Query, kinds: readonly DeliveryKind[], now: Date, teamId: string | undefined) {
    let query = q
      .selectFrom("Delivery")
      .selectAll()
      .where("kind", "in", [...kinds])
      .where(isDue(now))
      .orderBy("id");
    if (teamId) query = query.where("teamId", "=", teamId);
    return query;
  }

  /**
   * Takes each candidate over with a compare-and-set: the update matches only while the row is still
   * as we read it (the same owner and lease) and still due at `now`. Whoever takes it first writes a
   * lease in the future, so every other instance's update of the same row matches nothing.
   */
  async function takeOverEach(q: Query, candidates: Row[], now: Date, leaseMs: number): Promise<Delivery[]> {
    const taken: Delivery[] = [];
    for (const candidate of candidates) {
      const result = await q
        .updateTable("Delivery")
        .set({ claimedBy: owner, leaseUntil: new Date(now.getTime() + leaseMs) })
        .where("id", "=", candidate.id)
        .where("claimedBy", candidate.claimedBy === null ? "is" : "=", candidate.claimedBy)
        .where("leaseUntil", "=", candidate.leaseUntil)
        .where(isDue(now))
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 1) taken.push(toDelivery(candidate));
    }
    return taken;
  }

  return {
    /**
     * Inserts the claim; null when someone already has it (posted, failed, or in progress).
     *
     * NOTE: exactly once across instances because the claim is the insert of a unique key, decided by
     * the database: of any number of instances (processes, machines) inserting the same key at once,
     * the unique index lets exactly one row in, and ON CONFLICT DO NOTHING makes every other insert
     * return no row instead of failing. Whoever gets the row back owns the delivery; nobody reads first
     * and decides after, so there is no window in which two instances both see the key free. From then
     * on only the owner may act on the claim (every later update checks claimedBy), and taking over a
     * crashed owner's claim is a compare-and-set too (takeOverDue), so one instance owns it at a time.
     */
    async claim(input: ClaimInput, now: Date, leaseMs: number): Promise<Delivery | null> {
      const row = await db
        .insertInto("Delivery")
        .values({
          key: input.key,
          kind: input.kind,
          teamId: input.teamId,
          recipientId: input.recipientId ?? null,
          periodStart: input.periodStart ?? null,
          periodEnd: input.periodEnd ?? null,
          late: input.late ?? false,
          claimedBy: owner,
          leaseUntil: new Date(now.getTime() + leaseMs),
          createdAt: now,
        })
        .onConflict((oc) => oc.column("key").doNothing())
        .returningAll()
        .executeTakeFirst();
      return row ? toDelivery(row) : null;
    },

    /** Which of these keys are claimed already, so a batch claim tries only the rest. */
    async claimedKeys(keys: string[]): Promise<Set<string>> {
      if (keys.length === 0) return new Set();
      const rows = await db.selectFrom("Delivery").select("key").where("key", "in", keys).execute();
      return new Set(rows.map((r) => r.key));
    },

    /**
     * Takes over unfinished deliveries of some kinds: those whose owner's lease ran out (a crash) and
     * those waiting for a retry whose time has come. Each takeover is a conditional update, so two
     * instances never both get one. On PostgreSQL the due rows are also locked as they are read
     * (FOR UPDATE SKIP LOCKED, in one short transaction with the takeovers): instances that run at
     * once each skip the rows another is taking over and pick disjoint ones, instead of all racing
     * for the same rows and waiting on each other's locks. SQLite has one writer at a time and no row
     * locks; there the conditional updates alone decide.
     */
    async takeOverDue(
      kinds: readonly DeliveryKind[],
      now: Date,
      leaseMs: number,
      teamId?: string,
    ): Promise<Delivery[]> {
      if (db.kind === "postgresql") {
        return db.transaction().execute(async (trx) => {
          const candidates = await due(trx, kinds, now, teamId).forUpdate().skipLocked().execute();
          return takeOverEach(trx, candidates, now, leaseMs);
        });
      }
      return takeOverEach(db, await due(db, kinds, now, teamId).execute(), now, leaseMs);
    },

    /**
     * Extends our lease, only while the claim is still ours: false when another instance took it over
     * (our lease ran out while we waited on Slack), and then we must not send.
     */
    async renewLease(id: number, now: Date, leaseMs: number): Promise<boolean> {
      const result = await ours(db, id)
        .set({ leaseUntil: new Date(now.getTime() + leaseMs) })
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    /** Notes that a send may reach Slack from now on; false when the claim is no longer ours. */
    async markAttemptStarted(id: number, now: Date): Promise<boolean> {
      const result = await ours(db, id)
        .set((eb) => ({ attemptStartedAt: now, attempts: eb("attempts", "+", 1) }))
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    /** Hands a claim we will not send ourselves to the next run, which takes it over at once. */
    async release(id: number): Promise<void> {
      await ours(db, id)
        .set({ leaseUntil: new Date(0) })
        .execute();
    },

    async markPosted(id: number, now: Date, messageTs: string | null): Promise<void> {
      // Returning the id makes a delivery that is gone (its team deleted meanwhile) an error, as before.
      await db
        .updateTable("Delivery")
        .set({
          status: "posted",
          deliveredAt: now,
          messageTs,
          leaseUntil: null,
          nextAttemptAt: null,
          lastError: null,
        })
        .where("id", "=", id)
        .returning("id")
        .executeTakeFirstOrThrow();
    },

    /** A failed attempt: retried by a later tick at `retryAt`, unless `retryAt` is null (given up). */
    async markFailed(id: number, error: string, retryAt: Date | null): Promise<void> {
      // Only the owner records a failure: a run that lost its claim must not reset the new owner's lease.
      await ours(db, id)
        .set(
          retryAt === null
            ? { status: "failed", lastError: error, leaseUntil: null, nextAttemptAt: null }
            : { lastError: error, leaseUntil: new Date(0), nextAttemptAt: retryAt },
        )
        .execute();
    },

    /** The end of the last period a team's digest covered (claimed, posted or failed). */
    async lastDigestEnd(teamId: string): Promise<Date | null> {
      // NOTE: "is not null" because PostgreSQL sorts nulls first in descending order (SQLite last);
      // without them both read the end of the (kind, teamId, periodEnd) index.
      const row = await db
        .selectFrom("Delivery")
        .select("periodEnd")
        .where("kind", "=", "digest")
        .where("teamId", "=", teamId)
        .where("periodEnd", "is not", null)
        .orderBy("periodEnd", "desc")
        .limit(1)
        .executeTakeFirst();
      return row?.periodEnd ?? null;
    },

    /** The delivery that produced a message, found from the message a button was clicked in. */
    async findByMessage(recipientId: string, messageTs: string): Promise<Delivery | null> {
      const row = await db
        .selectFrom("Delivery")
        .selectAll()
        .where("recipientId", "=", recipientId)
        .where("messageTs", "=", messageTs)
        .limit(1)
        .executeTakeFirst();
      return row ? toDelivery(row) : null;
    },

    async find(key: string): Promise<Delivery | null> {
      const row = await db.selectFrom("Delivery").selectAll().where("key", "=", key).executeTakeFirst();
      return row ? toDelivery(row) : null;
    },

    async list(kind: DeliveryKind, teamId?: string): Promise<Delivery[]> {
      let query = db.selectFrom("Delivery").selectAll().where("kind", "=", kind).orderBy("id");
      if (teamId) query = query.where("teamId", "=", teamId);
      return (await query.execute()).map(toDelivery);
    },
  };
}

export type DeliveryRepository = ReturnType<typeof deliveryRepository>;
