// The one way good calls and stories leave the database. "Forget me" and retention both delete
// through eraseEntries, which also removes what refers to the entries, and both end with
// scrubFile, so the deleted words are gone from the SQLite file and its WAL, not only from queries.
import { sql } from "kysely";
import type { EntryRef } from "../domain/types.ts";
import type { Db, Query } from "./client.ts";

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
  tx: Query,
  ids: { goodCallIds: number[]; storyIds: number[] },
): Promise<Pick<Erasure, "goodCalls" | "stories" | "appreciations" | "feedPosts">> {
  const feedPosts: FeedPost[] = [];
  let appreciations = 0;
  let goodCalls = 0;
  let stories = 0;
  // NOTE: LIKE ignores case on SQLite and not on PostgreSQL; the patterns are lower case, so matching
  // them against lower(key) finds the same rows on both.
  const lowerKey = sql<string>`lower(${sql.ref("key")})`;
  for (const part of chunks(ids.goodCallIds)) {
    const posted = await tx
      .selectFrom("GoodCall")
      .select(["teamId", "feedTs"])
      .where("id", "in", part)
      .where("feedTs", "is not", null)
      .execute();
    for (const row of posted) if (row.feedTs) feedPosts.push({ teamId: row.teamId, ts: row.feedTs });
    await tx
      .deleteFrom("Delivery")
      .where((eb) =>
        eb.or(
          part.flatMap((id) => [
            eb("key", "=", `followup:${id}`),
            eb(lowerKey, "like", `promise:${id}:%`),
            eb.and([eb("kind", "=", "instant"), eb(lowerKey, "like", `%:gc:${id}`)]),
          ]),
        ),
      )
      .execute();
    appreciations += deleted(
      await tx.deleteFrom("Appreciation").where("goodCallId", "in", part).executeTakeFirst(),
    );
    goodCalls += deleted(await tx.deleteFrom("GoodCall").where("id", "in", part).executeTakeFirst());
  }
  for (const part of chunks(ids.storyIds)) {
    const posted = await tx
      .selectFrom("Story")
      .select(["teamId", "feedTs"])
      .where("id", "in", part)
      .where("feedTs", "is not", null)
      .execute();
    for (const row of posted) if (row.feedTs) feedPosts.push({ teamId: row.teamId, ts: row.feedTs });
    await tx
      .deleteFrom("Delivery")
      .where("kind", "=", "instant")
      .where((eb) => eb.or(part.map((id) => eb(lowerKey, "like", `%:st:${id}`))))
      .execute();
    appreciations += deleted(
      await tx.deleteFrom("Appreciation").where("storyId", "in", part).executeTakeFirst(),
    );
    stories += deleted(await tx.deleteFrom("Story").where("id", "in", part).executeTakeFirst());
  }
  return { goodCalls, stories, appreciations, feedPosts };
}

/** How many rows a delete took. */
export function deleted(result: { numDeletedRows: bigint }): number {
  return Number(result.numDeletedRows);
}

/**
 * SQLite: moves everything deleted out of the write-ahead log into the database file and empties
 * the log. With `secure_delete` on (src/db/client.ts) the freed space was overwritten with zeros, so
 * after this the words are in neither file. Returns false when a reader kept the log from being
 * emptied (it then empties at the next checkpoint). PostgreSQL: nothing to do for now.
 */
export async function scrubFile(db: Db): Promise<boolean> {
  if (db.kind !== "sqlite") return true;
  const { rows } = await sql<{ busy: number }>`PRAGMA wal_checkpoint(TRUNCATE)`.execute(db);
  return rows[0]?.busy === 0;
}
