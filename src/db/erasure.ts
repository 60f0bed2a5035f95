// The one way good calls and stories leave the database. "Forget me" and retention both delete
// through eraseEntries, which also removes what refers to the entries, and both end with
// scrubFile, so the deleted words are gone from the SQLite file and its WAL, not only from queries.
import type { EntryRef } from "../domain/types.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import type { Db } from "./client.ts";

type Tx = Prisma.TransactionClient;

/** A feed message in a team channel that showed an entry now deleted. */
export interface FeedPost {
  teamId: string;
  ts: string;
}

/** What a deletion took away, and what in Slack still shows it. */
export interface Erasure {
  goodCalls: number;
  stories: number;
  appreciations: number;
  /** Feed messages of the deleted entries, for Slack to delete. */
  feedPosts: FeedPost[];
  /** Other people's entries whose appreciation count went down, for their feed messages to show it. */
  recounted: EntryRef[];
  /** Improvements whose announcement in the team channel now reads differently. */
  improvements: number[];
}

// NOTE: SQLite allows 32,766 bound values per statement; chunks of 500 stay far below it and keep
// each OR of LIKE patterns (deliveries) short.
const CHUNK = 500;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/**
 * Deletes the good calls and stories with these ids, their appreciations (notes included), outcome
 * and promise fields with them, their links to improvements (cascade), and the delivery claims keyed
 * by them (follow-up and promise reminders, instant DMs), which hold their ids and recipients.
 */
export async function eraseEntries(
  tx: Tx,
  ids: { goodCallIds: number[]; storyIds: number[] },
): Promise<Pick<Erasure, "goodCalls" | "stories" | "appreciations" | "feedPosts">> {
  const feedPosts: FeedPost[] = [];
  let appreciations = 0;
  let goodCalls = 0;
  let stories = 0;
  for (const part of chunks(ids.goodCallIds)) {
    const posted = await tx.goodCall.findMany({
      where: { id: { in: part }, feedTs: { not: null } },
      select: { teamId: true, feedTs: true },
    });
    for (const row of posted) if (row.feedTs) feedPosts.push({ teamId: row.teamId, ts: row.feedTs });
    await tx.delivery.deleteMany({
      where: {
        OR: part.flatMap((id) => [
          { key: `followup:${id}` },
          { key: { startsWith: `promise:${id}:` } },
          { kind: "instant", key: { endsWith: `:gc:${id}` } },
        ]),
      },
    });
    appreciations += (await tx.appreciation.deleteMany({ where: { goodCallId: { in: part } } })).count;
    goodCalls += (await tx.goodCall.deleteMany({ where: { id: { in: part } } })).count;
  }
  for (const part of chunks(ids.storyIds)) {
    const posted = await tx.story.findMany({
      where: { id: { in: part }, feedTs: { not: null } },
      select: { teamId: true, feedTs: true },
    });
    for (const row of posted) if (row.feedTs) feedPosts.push({ teamId: row.teamId, ts: row.feedTs });
    await tx.delivery.deleteMany({
      where: { OR: part.map((id) => ({ kind: "instant", key: { endsWith: `:st:${id}` } })) },
    });
    appreciations += (await tx.appreciation.deleteMany({ where: { storyId: { in: part } } })).count;
    stories += (await tx.story.deleteMany({ where: { id: { in: part } } })).count;
  }
  return { goodCalls, stories, appreciations, feedPosts };
}

/**
 * Moves everything deleted out of the write-ahead log into the database file and empties the log.
 * With `secure_delete` on (src/db/client.ts) the freed space was overwritten with zeros, so after
 * this the words are in neither file. Returns false when a reader kept the log from being emptied
 * (it then empties at the next checkpoint).
 */
export function scrubFile(db: Db): boolean {
  const [result] = db.sql.pragma("wal_checkpoint(TRUNCATE)") as Array<{ busy: number }>;
  return result?.busy === 0;
}
