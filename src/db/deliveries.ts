// Claims on messages that must go out exactly once (digests, manager summaries, reminders).
// The unique key is the claim: whoever inserts the row owns the delivery; a lease lets another
// instance take over a delivery whose owner crashed.
import type { Db } from "./client.ts";

export type DeliveryKind = "digest" | "summary" | "roundup" | "instant" | "followup" | "promise" | "missed";
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

type Row = Awaited<ReturnType<Db["delivery"]["findFirst"]>>;

function toDelivery(row: NonNullable<Row>): Delivery {
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

export function deliveryRepository(db: Db, owner: string) {
  return {
    /** Inserts the claim; null when someone already has it (posted, failed, or in progress). */
    async claim(input: ClaimInput, now: Date, leaseMs: number): Promise<Delivery | null> {
      try {
        const row = await db.delivery.create({
          data: {
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
          },
        });
        return toDelivery(row);
      } catch (error) {
        if ((error as { code?: string }).code === "P2002") return null;
        throw error;
      }
    },

    /** Which of these keys are claimed already, so a batch claim tries only the rest. */
    async claimedKeys(keys: string[]): Promise<Set<string>> {
      if (keys.length === 0) return new Set();
      const rows = await db.delivery.findMany({ where: { key: { in: keys } }, select: { key: true } });
      return new Set(rows.map((r) => r.key));
    },

    /**
     * Takes over unfinished deliveries of some kinds: those whose owner's lease ran out (a crash) and
     * those waiting for a retry whose time has come. The conditional update makes the takeover
     * atomic, so two instances never both get one.
     */
    async takeOverDue(
      kinds: readonly DeliveryKind[],
      now: Date,
      leaseMs: number,
      teamId?: string,
    ): Promise<Delivery[]> {
      const candidates = await db.delivery.findMany({
        where: {
          kind: { in: [...kinds] },
          status: "claimed",
          ...(teamId ? { teamId } : {}),
          leaseUntil: { lt: now },
          OR: [{ nextAttemptAt: null }, { nextAttemptAt: { lte: now } }],
        },
        orderBy: { id: "asc" },
      });
      const taken: Delivery[] = [];
      for (const candidate of candidates) {
        const { count } = await db.delivery.updateMany({
          where: { id: candidate.id, status: "claimed", leaseUntil: candidate.leaseUntil },
          data: { claimedBy: owner, leaseUntil: new Date(now.getTime() + leaseMs) },
        });
        if (count === 1) taken.push(toDelivery({ ...candidate, claimedBy: owner }));
      }
      return taken;
    },

    /**
     * Extends our lease, only while the claim is still ours: false when another instance took it over
     * (our lease ran out while we waited on Slack), and then we must not send.
     */
    async renewLease(id: number, now: Date, leaseMs: number): Promise<boolean> {
      const { count } = await db.delivery.updateMany({
        where: { id, claimedBy: owner, status: "claimed" },
        data: { leaseUntil: new Date(now.getTime() + leaseMs) },
      });
      return count === 1;
    },

    /** Notes that a send may reach Slack from now on; false when the claim is no longer ours. */
    async markAttemptStarted(id: number, now: Date): Promise<boolean> {
      const { count } = await db.delivery.updateMany({
        where: { id, claimedBy: owner, status: "claimed" },
        data: { attemptStartedAt: now, attempts: { increment: 1 } },
      });
      return count === 1;
    },

    /** Hands a claim we will not send ourselves to the next run, which takes it over at once. */
    async release(id: number): Promise<void> {
      await db.delivery.updateMany({
        where: { id, claimedBy: owner, status: "claimed" },
        data: { leaseUntil: new Date(0) },
      });
    },

    async markPosted(id: number, now: Date, messageTs: string | null): Promise<void> {
      await db.delivery.update({
        where: { id },
        data: {
          status: "posted",
          deliveredAt: now,
          messageTs,
          leaseUntil: null,
          nextAttemptAt: null,
          lastError: null,
        },
      });
    },

    /** A failed attempt: retried by a later tick at `retryAt`, unless `retryAt` is null (given up). */
    async markFailed(id: number, error: string, retryAt: Date | null): Promise<void> {
      // Only the owner records a failure: a run that lost its claim must not reset the new owner's lease.
      await db.delivery.updateMany({
        where: { id, claimedBy: owner, status: "claimed" },
        data:
          retryAt === null
            ? { status: "failed", lastError: error, leaseUntil: null, nextAttemptAt: null }
            : { lastError: error, leaseUntil: new Date(0), nextAttemptAt: retryAt },
      });
    },

    /** The end of the last period a team's digest covered (claimed, posted or failed). */
    async lastDigestEnd(teamId: string): Promise<Date | null> {
      const row = await db.delivery.findFirst({
        where: { kind: "digest", teamId },
        orderBy: { periodEnd: "desc" },
        select: { periodEnd: true },
      });
      return row?.periodEnd ?? null;
    },

    /** The delivery that produced a message, found from the message a button was clicked in. */
    async findByMessage(recipientId: string, messageTs: string): Promise<Delivery | null> {
      const row = await db.delivery.findFirst({ where: { recipientId, messageTs } });
      return row ? toDelivery(row) : null;
    },

    async find(key: string): Promise<Delivery | null> {
      const row = await db.delivery.findUnique({ where: { key } });
      return row ? toDelivery(row) : null;
    },

    async list(kind: DeliveryKind, teamId?: string): Promise<Delivery[]> {
      const rows = await db.delivery.findMany({
        where: { kind, ...(teamId ? { teamId } : {}) },
        orderBy: { id: "asc" },
      });
      return rows.map(toDelivery);
    },
  };
}

export type DeliveryRepository = ReturnType<typeof deliveryRepository>;
