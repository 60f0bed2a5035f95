// Good calls, stories and appreciations: what people log, and the thanks they get for it.

import {
  type CompiledQuery,
  createQueryId,
  type ExpressionBuilder,
  type InferResult,
  type QueryResult,
  type RawBuilder,
  sql,
} from "kysely";
import { sumByCurrency } from "../domain/money.ts";
import { decodeTags, encodeTags } from "../domain/tags.ts";
import type {
  AppreciationResult,
  DigestCall,
  EntryRef,
  GoodCall,
  Money,
  Outcome,
  PromiseStatus,
  Story,
  Visibility,
} from "../domain/types.ts";
import type { DB } from "../generated/kysely/types.ts";
import type { Db, Query } from "./client.ts";
import { groupCommit } from "./groupCommit.ts";
import {
  byPosition,
  inTeamPeriod,
  jsonArrays,
  jsonDistinctOf,
  jsonListOf,
  jsonRowsOf,
  jsonText,
  spanOf,
  type TeamPeriod,
  teamPeriods,
} from "./lists.ts";
import { sharedStory } from "./visibility.ts";

// What a GoodCall and a Story are made of; the good call's follow-up and promise bookkeeping columns
// are src/db/loop.ts's business.
const GOOD_CALL_COLUMNS = [
  "id",
  "teamId",
  "authorId",
  "what",
  "why",
  "tags",
  "valueCents",
  "currency",
  "followUp",
  "source",
  "flaggedPii",
  "feedTs",
  "visibility",
  "createdAt",
  "outcome",
  "outcomeNote",
  "promiseDue",
  "promiseStatus",
  "ruleInTheWay",
] as const;

const STORY_COLUMNS = [
  "id",
  "teamId",
  "authorId",
  "title",
  "body",
  "quote",
  "goodCallId",
  "permalink",
  "flaggedPii",
  "feedTs",
  "createdAt",
] as const;

// NOTE: each row's appreciations are counted by a subquery on that row's id: one range on the
// (goodCallId|storyId, fromUserId) unique index, in the same query as the rows. A LEFT JOIN on
// `SELECT goodCallId, COUNT(*) FROM Appreciation GROUP BY goodCallId` (what Prisma's `_count`
// compiled to) makes SQLite materialize the counts of the whole table on every query: about 0.5 s
// per lookup, even of one row, at 1.5M appreciations.
function goodCallAppreciations(eb: ExpressionBuilder<DB, "GoodCall">) {
  return eb
    .selectFrom("Appreciation")
    .select((a) => a.fn.countAll<number>().as("n"))
    .whereRef("Appreciation.goodCallId", "=", "GoodCall.id")
    .as("appreciations");
}

function storyAppreciations(eb: ExpressionBuilder<DB, "Story">) {
  return eb
    .selectFrom("Appreciation")
    .select((a) => a.fn.countAll<number>().as("n"))
    .whereRef("Appreciation.storyId", "=", "Story.id")
    .as("appreciations");
}

function selectGoodCalls(q: Query) {
  return q.selectFrom("GoodCall").select(GOOD_CALL_COLUMNS).select(goodCallAppreciations);
}

function selectStories(q: Query) {
  return q.selectFrom("Story").select(STORY_COLUMNS).select(storyAppreciations);
}

type GoodCallRow = InferResult<ReturnType<typeof selectGoodCalls>>[number];
type StoryRow = InferResult<ReturnType<typeof selectStories>>[number];

function toGoodCall(row: GoodCallRow): GoodCall {
  return {
    id: row.id,
    teamId: row.teamId,
    authorId: row.authorId,
    what: row.what,
    why: row.why,
    tags: decodeTags(row.tags),
    value:
      row.valueCents !== null && row.currency !== null
        ? { cents: row.valueCents, currency: row.currency }
        : null,
    followUp: row.followUp,
    source: row.source === "modal" || row.source === "workflow" ? row.source : "inline",
    flaggedPii: row.flaggedPii,
    feedTs: row.feedTs,
    visibility: row.visibility === "private" ? "private" : "team",
    createdAt: row.createdAt,
    appreciationCount: row.appreciations ?? 0,
    outcome: (row.outcome as Outcome | null) ?? null,
    outcomeNote: row.outcomeNote,
    promiseDue: row.promiseDue,
    promiseStatus: (row.promiseStatus as PromiseStatus | null) ?? null,
    ruleInTheWay: row.ruleInTheWay,
  };
}

function toStory(row: StoryRow): Story {
  return {
    id: row.id,
    teamId: row.teamId,
    authorId: row.authorId,
    title: row.title,
    body: row.body,
    quote: row.quote,
    goodCallId: row.goodCallId,
    permalink: row.permalink,
    flaggedPii: row.flaggedPii,
    feedTs: row.feedTs,
    createdAt: row.createdAt,
    appreciationCount: row.appreciations ?? 0,
  };
}

/** Oldest first, the id breaking ties: the order goodCallsIn and storiesIn give. */
function inOrderLogged<T extends { id: number; createdAt: Date }>(entries: T[]): T[] {
  return entries.sort(byLogged);
}

function byLogged(a: { id: number; createdAt: Date }, b: { id: number; createdAt: Date }): number {
  return a.createdAt.getTime() - b.createdAt.getTime() || a.id - b.id;
}

// The columns digestCallsInPeriods aggregates into each good call's JSON array (what a DigestCall
// is made of), and where each is.
const JSON_COLUMNS = [
  "id",
  "authorId",
  "what",
  "why",
  "tags",
  "valueCents",
  "currency",
  "visibility",
  "createdAt",
  "outcome",
  "ruleInTheWay",
] as const;
const JSON_AT = Object.fromEntries(JSON_COLUMNS.map((column, i) => [column, i])) as Record<
  (typeof JSON_COLUMNS)[number],
  number
>;

/**
 * A column of a good call as digestCallsInPeriods puts it in the call's JSON array. NOTE: createdAt
 * as milliseconds since the epoch on PostgreSQL: a Date made from a number costs a fifth of one
 * parsed from text, once for every good call of a digest run, and the server writes the number as
 * fast as the text. SQLite's is the ISO text it stores, which `new Date` reads as well.
 */
function jsonValueOf(db: Db, column: (typeof JSON_COLUMNS)[number]): RawBuilder<unknown> {
  const ref = sql.ref(`GoodCall.${column}`);
  return column === "createdAt" && db.kind === "postgresql"
    ? sql`(extract(epoch from ${ref}) * 1000)::int8`
    : sql`${ref}`;
}

/**
 * A good call as a digest reads it, from its JSON array (JSON_COLUMNS): createdAt as jsonValueOf writes it;
 * `appreciations` maps its id to its count. The same as digestCallOf its GoodCall.
 */
function digestCallOfJson(
  v: readonly unknown[],
  appreciations: ReadonlyMap<number, number> | undefined,
): DigestCall {
  const at = JSON_AT;
  const id = v[at.id] as number;
  const cents = v[at.valueCents] as number | null;
  const currency = v[at.currency] as string | null;
  return {
    id,
    authorId: v[at.authorId] as string,
    what: v[at.what] as string,
    why: v[at.why] as string | null,
    tags: decodeTags(v[at.tags] as string),
    value: cents !== null && currency !== null ? { cents, currency } : null,
    visibility: v[at.visibility] === "private" ? "private" : "team",
    createdAt: new Date(v[at.createdAt] as number | string),
    appreciationCount: appreciations?.get(id) ?? 0,
    outcome: (v[at.outcome] as Outcome | null) ?? null,
    ruleInTheWay: (v[at.ruleInTheWay] as string | null) ?? null,
  };
}

/** A team's good calls as a digest reads them, from their JSON text (see digestCallsInPeriods), oldest first. */
function digestCallsOfJson(
  text: unknown,
  appreciations: ReadonlyMap<number, number> | undefined,
): DigestCall[] {
  const calls: DigestCall[] = [];
  for (const values of jsonArrays<unknown[]>(text)) calls.push(digestCallOfJson(values, appreciations));
  return calls.sort(byLogged);
}

function noDigestCalls(): DigestCall[] {
  return [];
}

/**
 * updatedAt of a change that is not given the service clock's now: the system clock, as Prisma's
 * @updatedAt did. Nothing reads updatedAt; createdAt, which things are judged by, always comes from
 * the service clock.
 */
function updatedNow(): Date {
  return new Date();
}

export interface GoodCallInput {
  teamId: string;
  authorId: string;
  what: string;
  why: string | null;
  tags: string[];
  value: Money | null;
  followUp: boolean;
  source: GoodCall["source"];
  flaggedPii: boolean;
  /** When to ask "did it help?"; null when the author did not ask to follow up. */
  followUpDueAt?: Date | null;
  /** A promise to the customer: its due date and when to remind the author. */
  promise?: { due: string; remindAt: Date } | null;
  /** Who sees it; the team when not given. */
  visibility?: Visibility;
  /** What the author said got in the way; only the form asks. */
  ruleInTheWay?: string | null;
}

export interface GoodCallEdit
  extends Omit<GoodCallInput, "authorId" | "source" | "followUpDueAt" | "promise"> {
  followUpDueAt: Date | null;
  /** Undefined keeps the promise as it is; null removes it; a value sets a new pending promise. */
  promise?: { due: string; remindAt: Date } | null;
  /** Undefined keeps who sees it. */
  visibility?: Visibility;
}

export interface StoryInput {
  teamId: string;
  authorId: string;
  title: string;
  body: string;
  quote: string | null;
  goodCallId: number | null;
  permalink: string | null;
  flaggedPii: boolean;
  /** Drafted by a manager from the author's good call: private until the author agrees. */
  pendingConsent?: boolean;
}

/** The columns the author fills in, written alike when a good call is created and when it is edited. */
function authoredColumns(input: GoodCallInput | GoodCallEdit) {
  return {
    teamId: input.teamId,
    what: input.what,
    why: input.why,
    tags: encodeTags(input.tags),
    valueCents: input.value?.cents ?? null,
    currency: input.value?.currency ?? null,
    followUp: input.followUp,
    followUpDueAt: input.followUp ? (input.followUpDueAt ?? null) : null,
    flaggedPii: input.flaggedPii,
  };
}

/**
 * The row createGoodCall writes: every column, always, so that its INSERT is the same statement for
 * every good call. NOTE: the author's columns are assigned to, not spread into a new object: on the
 * quick log's path, Node 20 took some 12 µs to spread 9 columns into an object of 19, 0.3 µs to assign.
 */
function goodCallRow(input: GoodCallInput, now: Date) {
  return Object.assign(authoredColumns(input), {
    authorId: input.authorId,
    source: input.source,
    promiseDue: input.promise?.due ?? null,
    promiseRemindAt: input.promise?.remindAt ?? null,
    promiseStatus: input.promise ? "pending" : null,
    visibility: input.visibility ?? "team",
    ruleInTheWay: input.ruleInTheWay ?? null,
    createdAt: now,
    updatedAt: now,
  });
}

type NewGoodCallRow = ReturnType<typeof goodCallRow>;
type GoodCallInsert = (row: NewGoodCallRow) => CompiledQuery<{ id: number }>;

/** The new row's id, from what the INSERT answered on either database. */
function insertedId(result: QueryResult<{ id: number }>): number {
  const id = result.rows[0]?.id ?? (result.insertId === undefined ? undefined : Number(result.insertId));
  if (id === undefined) throw new Error("createGoodCall's INSERT returned no id");
  return id;
}

/**
 * createGoodCall's INSERT, built and compiled once per repository and run with each good call's
 * values: building and compiling it cost more than running it, on the quick log's path (issue 13).
 * PostgreSQL gives the new id with `RETURNING id`; SQLite as the id of the row inserted last on the
 * connection (the driver's `insertId`), which spares it a result row (~3 µs of a quick log). It runs
 * through `executeQuery` like any built query, so the connection or transaction, the plugins
 * (ClockColumnsPlugin checks the insert as it is compiled) and the SQLite parameter conversion are
 * the same. Each value is compiled from a marker naming its column, so where Kysely puts each
 * column's parameter is read off the compiled query rather than assumed.
 */
function compileGoodCallInsert(db: Db, sample: NewGoodCallRow): GoodCallInsert {
  const columns = Object.keys(sample) as (keyof NewGoodCallRow)[];
  const marker = (column: string) => `\u0000${column}`;
  const markers = Object.fromEntries(columns.map((column) => [column, marker(column)]));
  // NOTE: markers stand where values go; nothing but the compiled text and the order of its parameters is used.
  const insert = db.insertInto("GoodCall").values(markers as unknown as NewGoodCallRow);
  const template = db.kind === "sqlite" ? insert.compile() : insert.returning("id").compile();
  const order = template.parameters.map((parameter) => {
    const column = columns.find((c) => marker(c) === parameter);
    if (!column) throw new Error("createGoodCall's INSERT compiled a parameter that is not a column's value");
    return column;
  });
  return (row) => ({
    query: template.query,
    queryId: createQueryId(),
    sql: template.sql,
    parameters: order.map((column) => row[column]),
  });
}

/**
 * For each team of `periods`, how many appreciations each of its good calls has been given since
 * the period began: good call id → count. Every appreciation of a good call created in the period
 * is among them (thanks are given after the call exists, both stamped by the service clock), so
 * for those calls this is their count whenever given, read as one range of the Appreciation
 * (teamId, createdAt, goodCallId) index per team rather than one probe per good call.
 */
async function goodCallAppreciationsSince(
  db: Db,
  periods: readonly TeamPeriod[],
): Promise<Map<number, number>[]> {
  const counts: Map<number, number>[] = [];
  for (let i = 0; i < periods.length; i++) counts.push(new Map());
  if (periods.length === 0) return counts;
  const span = spanOf(periods);
  const rows = await db
    .selectFrom(teamPeriods(db, periods))
    .select("p.i")
    .select((eb) =>
      eb
        .selectFrom("Appreciation")
        .select(jsonListOf(db, sql.ref("Appreciation.goodCallId")).as("ids"))
        .whereRef("Appreciation.teamId", "=", "p.team")
        .whereRef("Appreciation.createdAt", ">=", "p.start")
        .where("Appreciation.createdAt", ">=", span.start)
        .where("Appreciation.goodCallId", "is not", null)
        .as("ids"),
    )
    .execute();
  for (const row of rows) {
    const team = counts[row.i];
    if (!team) continue;
    for (const id of jsonArrays<number>(row.ids)) team.set(id, (team.get(id) ?? 0) + 1);
  }
  return counts;
}

export function entryRepository(db: Db) {
  let insertGoodCall: GoodCallInsert | undefined;
  const insertOf = (row: NewGoodCallRow) => {
    insertGoodCall ??= compileGoodCallInsert(db, row);
    return insertGoodCall(row);
  };
  const insertOne = async (row: NewGoodCallRow) => insertedId(await db.executeQuery(insertOf(row)));
  // SQLite commits on the event loop's own thread, and its commit is most of a quick log's INSERT:
  // good calls saved in the same turn share one (src/db/groupCommit.ts). PostgreSQL commits in its
  // own processes, each connection of the pool in parallel, so there each INSERT is its own.
  const insertGoodCallRow =
    db.kind === "sqlite"
      ? groupCommit(insertOne, (rows: readonly NewGoodCallRow[]) =>
          db.transaction().execute(async (trx) => {
            const ids: number[] = [];
            for (const row of rows) ids.push(insertedId(await trx.executeQuery(insertOf(row))));
            return ids;
          }),
        )
      : insertOne;
  return {
    /**
     * The quick log saves before it acknowledges Slack, so this is one INSERT ... RETURNING the new
     * id (on SQLite committed with the others of the same turn), and the good call is built from what
     * was written (see README, Performance).
     */
    async createGoodCall(input: GoodCallInput, now: Date): Promise<GoodCall> {
      const id = await insertGoodCallRow(goodCallRow(input, now));
      return {
        id,
        teamId: input.teamId,
        authorId: input.authorId,
        what: input.what,
        why: input.why,
        tags: input.tags,
        value: input.value,
        followUp: input.followUp,
        source: input.source,
        flaggedPii: input.flaggedPii,
        feedTs: null,
        visibility: input.visibility ?? "team",
        createdAt: new Date(now.getTime()),
        // A new row has no appreciations yet: ids are never reused (AUTOINCREMENT, a sequence).
        appreciationCount: 0,
        outcome: null,
        outcomeNote: null,
        promiseDue: input.promise?.due ?? null,
        promiseStatus: input.promise ? "pending" : null,
        ruleInTheWay: input.ruleInTheWay ?? null,
      };
    },

    /**
     * An edit by the author. The follow-up time and the promise are saved with the rest: an edit is
     * where people tick "Follow up?" or add a due date after a quick log.
     */
    async updateGoodCall(id: number, input: GoodCallEdit): Promise<GoodCall> {
      const promise =
        input.promise === undefined
          ? {}
          : input.promise === null
            ? { promiseDue: null, promiseRemindAt: null, promiseStatus: null, promiseAt: null }
            : {
                promiseDue: input.promise.due,
                promiseRemindAt: input.promise.remindAt,
                promiseStatus: "pending",
                promiseAt: null,
              };
      // One statement: the row comes back with its appreciation count, or none when it is gone.
      const row = await db
        .updateTable("GoodCall")
        .set({
          ...authoredColumns(input),
          ...promise,
          ...(input.visibility ? { visibility: input.visibility } : {}),
          ...(input.ruleInTheWay === undefined ? {} : { ruleInTheWay: input.ruleInTheWay }),
          updatedAt: updatedNow(),
        })
        .where("id", "=", id)
        .returning(GOOD_CALL_COLUMNS)
        .returning(goodCallAppreciations)
        .executeTakeFirstOrThrow(() => new Error(`Good call ${id} to update not found`));
      return toGoodCall(row);
    },

    async findGoodCall(id: number): Promise<GoodCall | null> {
      const row = await selectGoodCalls(db).where("id", "=", id).executeTakeFirst();
      return row ? toGoodCall(row) : null;
    },

    async deleteGoodCall(id: number): Promise<void> {
      await db.deleteFrom("GoodCall").where("id", "=", id).execute();
    },

    /**
     * Records the feed post of a team good call. False when the call is gone or was made private
     * while it was being posted: then the post must be taken back, and the condition here (one
     * statement) is what makes a concurrent edit or undo never leave it in the channel.
     */
    async setGoodCallFeedTs(id: number, feedTs: string): Promise<boolean> {
      const result = await db
        .updateTable("GoodCall")
        .set({ feedTs, updatedAt: updatedNow() })
        .where("id", "=", id)
        .where("visibility", "=", "team")
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    /** Forgets a feed post taken back from the channel, unless another post has replaced it meanwhile. */
    async clearGoodCallFeedTs(id: number, feedTs: string): Promise<void> {
      await db
        .updateTable("GoodCall")
        .set({ feedTs: null, updatedAt: updatedNow() })
        .where("id", "=", id)
        .where("feedTs", "=", feedTs)
        .execute();
    },

    async recentGoodCalls(authorId: string, limit: number): Promise<GoodCall[]> {
      const rows = await selectGoodCalls(db)
        .where("authorId", "=", authorId)
        .orderBy("createdAt", "desc")
        .orderBy("id", "desc")
        .limit(limit)
        .execute();
      return rows.map(toGoodCall);
    },

    /**
     * A team's good calls in a period with their appreciation counts: what every digest, summary and
     * roundup starts from, so one query (an index range, and one index range per row for its count).
     */
    async goodCallsIn(teamId: string, period: { start: Date; end: Date }): Promise<GoodCall[]> {
      const rows = await selectGoodCalls(db)
        .where("teamId", "=", teamId)
        .where("createdAt", ">=", period.start)
        .where("createdAt", "<", period.end)
        .orderBy("createdAt")
        .orderBy("id")
        .execute();
      return rows.map(toGoodCall);
    },

    async storiesIn(teamId: string, period: { start: Date; end: Date }): Promise<Story[]> {
      const rows = await selectStories(db)
        .where("teamId", "=", teamId)
        .where(sharedStory)
        .where("createdAt", ">=", period.start)
        .where("createdAt", "<", period.end)
        .orderBy("createdAt")
        .orderBy("id")
        .execute();
      return rows.map(toStory);
    },

    /**
     * goodCallsIn for many teams at once, each with its own period, as a digest reads them
     * (DigestCall: a third of a good call's columns are not in a digest): one query for the calls
     * (an index range per team); their appreciations are `appreciated`, goodCallAppreciationsSince
     * of each team from no later than its period's start (a digest reads them once for this period
     * and the one before); the calls of `periods[i]` at position i, with the distinct authors among them.
     * NOTE: each team's calls are held as the JSON text the database sent until `calls()` decodes
     * them: a chunk of decoded calls, held while the chunk is worked through, was most of a digest
     * run's memory and the garbage collector's work (objects that live that long are moved to the
     * old generation and freed only by full collections). Decoded, they are garbage at once.
     * Put in order here rather than by ORDER BY: the rows come back nearly in order already, and
     * sorting a chunk's wide rows made PostgreSQL spill to disk and SQLite copy them all.
     */
    async digestCallsInPeriods(
      periods: readonly TeamPeriod[],
      appreciated: Promise<Map<number, number>[]>,
    ): Promise<Array<{ calls: () => DigestCall[]; authors: string[] }>> {
      if (periods.length === 0) return [];
      const span = spanOf(periods);
      // NOTE: one subquery per team rather than a join grouped by team: grouped, SQLite sorts every
      // row (with its JSON) in a temporary B-tree first, a third of the query's time.
      const [rows, appreciations] = await Promise.all([
        db
          .selectFrom(teamPeriods(db, periods))
          .select("p.i")
          .select((eb) => [
            jsonText(
              db,
              eb
                .selectFrom("GoodCall")
                .select(
                  jsonRowsOf(
                    db,
                    JSON_COLUMNS.map((column) => jsonValueOf(db, column)),
                  ).as("calls"),
                )
                .where(inTeamPeriod("GoodCall", "createdAt", span)),
            ).as("calls"),
            // From the (teamId, createdAt, authorId, …) index alone. NOTE: DISTINCT in SQL only on
            // PostgreSQL, which sorts the range's few authors (a fifth of the text to parse here);
            // asked for distinct authors, SQLite reads the team's whole history on the (teamId,
            // authorId, createdAt) index for its order.
            eb
              .selectFrom("GoodCall")
              .select(
                (db.kind === "postgresql" ? jsonDistinctOf : jsonListOf)(db, sql.ref("GoodCall.authorId")).as(
                  "authors",
                ),
              )
              .where(inTeamPeriod("GoodCall", "createdAt", span))
              .as("authors"),
          ])
          .execute(),
        appreciated,
      ]);
      // NOTE: each team's `calls` is bound to a function of the module rather than made a closure per
      // team, and decodes in a loop: see README, Performance.
      const found: Array<{ calls: () => DigestCall[]; authors: string[] }> = [];
      for (let i = 0; i < periods.length; i++) found.push({ calls: noDigestCalls, authors: [] });
      for (const row of rows) {
        found[row.i] = {
          calls: digestCallsOfJson.bind(null, row.calls, appreciations[row.i]),
          authors: [...new Set(jsonArrays<string>(row.authors))],
        };
      }
      return found;
    },

    goodCallAppreciationsSince: (periods: readonly TeamPeriod[]) => goodCallAppreciationsSince(db, periods),

    /** storiesIn for many teams at once, as digestCallsInPeriods. */
    async storiesInPeriods(periods: readonly TeamPeriod[]): Promise<Story[][]> {
      if (periods.length === 0) return [];
      const span = spanOf(periods);
      const rows = await db
        .selectFrom(teamPeriods(db, periods))
        .crossJoin("Story")
        .select("p.i")
        .select(STORY_COLUMNS)
        .select(storyAppreciations)
        .where(inTeamPeriod("Story", "createdAt", span))
        .where(sharedStory)
        .execute();
      return byPosition(periods.length, rows, toStory).map(inOrderLogged);
    },

    async createStory(input: StoryInput, now: Date): Promise<Story> {
      const row = await db
        .insertInto("Story")
        .values({
          teamId: input.teamId,
          authorId: input.authorId,
          title: input.title,
          body: input.body,
          quote: input.quote,
          goodCallId: input.goodCallId,
          permalink: input.permalink,
          flaggedPii: input.flaggedPii,
          pendingConsent: input.pendingConsent ?? false,
          createdAt: now,
          updatedAt: now,
        })
        .returning(STORY_COLUMNS)
        .executeTakeFirstOrThrow();
      // A new row has no appreciations yet: ids are never reused (AUTOINCREMENT, a sequence).
      return toStory({ ...row, appreciations: 0 });
    },

    async findStory(id: number): Promise<Story | null> {
      const row = await selectStories(db).where("id", "=", id).executeTakeFirst();
      return row ? toStory(row) : null;
    },

    /** The author agreed to share a story a manager drafted; it joins the feed and digests from now. */
    async approveStory(id: number, now: Date): Promise<Story | null> {
      // Compare-and-set: of two clicks on Approve, one gets the story back and the other null.
      const row = await db
        .updateTable("Story")
        .set({ pendingConsent: false, createdAt: now, updatedAt: now })
        .where("id", "=", id)
        .where("pendingConsent", "=", true)
        .returning(STORY_COLUMNS)
        .returning(storyAppreciations)
        .executeTakeFirst();
      return row ? toStory(row) : null;
    },

    async deleteStory(id: number): Promise<void> {
      await db.deleteFrom("Story").where("id", "=", id).execute();
    },

    async setStoryPermalink(id: number, permalink: string): Promise<void> {
      await db
        .updateTable("Story")
        .set({ permalink, updatedAt: updatedNow() })
        .where("id", "=", id)
        .execute();
    },

    async setStoryFeedTs(id: number, feedTs: string): Promise<void> {
      await db.updateTable("Story").set({ feedTs, updatedAt: updatedNow() }).where("id", "=", id).execute();
    },

    async recentStories(authorId: string, limit: number): Promise<Story[]> {
      const rows = await selectStories(db)
        .where("authorId", "=", authorId)
        .where(sharedStory)
        .orderBy("createdAt", "desc")
        .orderBy("id", "desc")
        .limit(limit)
        .execute();
      return rows.map(toStory);
    },

    /** One appreciation per person per item; the unique index makes a double click harmless. */
    async appreciate(
      target: EntryRef,
      fromUserId: string,
      note: string | null,
      now: Date,
    ): Promise<{ result: AppreciationResult; count: number; authorId: string | null }> {
      const entry =
        target.kind === "goodCall"
          ? await db
              .selectFrom("GoodCall")
              .select(["authorId", "teamId"])
              .where("id", "=", target.id)
              .executeTakeFirst()
          : await db
              .selectFrom("Story")
              .select(["authorId", "teamId"])
              .where("id", "=", target.id)
              .executeTakeFirst();
      if (!entry) return { result: "missing", count: 0, authorId: null };
      const on = target.kind === "goodCall" ? "goodCallId" : "storyId";
      const count = async () =>
        (
          await db
            .selectFrom("Appreciation")
            .select((eb) => eb.fn.countAll<number>().as("n"))
            .where(on, "=", target.id)
            .executeTakeFirstOrThrow()
        ).n;
      if (entry.authorId === fromUserId)
        return { result: "self", count: await count(), authorId: entry.authorId };
      // NOTE: the unique key decides between two clicks, and DO NOTHING (rather than catching the
      // violation) leaves a caller's PostgreSQL transaction usable: no row back means a duplicate.
      const recorded = await db
        .insertInto("Appreciation")
        .values({
          goodCallId: target.kind === "goodCall" ? target.id : null,
          storyId: target.kind === "story" ? target.id : null,
          teamId: entry.teamId,
          fromUserId,
          toUserId: entry.authorId,
          note,
          createdAt: now,
        })
        .onConflict((oc) => oc.columns([on, "fromUserId"]).doNothing())
        .returning("id")
        .executeTakeFirst();
      return { result: recorded ? "recorded" : "duplicate", count: await count(), authorId: entry.authorId };
    },

    /** Which of these entries a person has already appreciated. */
    async appreciatedBy(userId: string, entries: EntryRef[]): Promise<EntryRef[]> {
      const ids = (kind: EntryRef["kind"]) => entries.filter((e) => e.kind === kind).map((e) => e.id);
      const goodCallIds = ids("goodCall");
      const storyIds = ids("story");
      // NOTE: `IN ()` is an error on PostgreSQL, so an empty list is left out (and none is no query).
      if (goodCallIds.length === 0 && storyIds.length === 0) return [];
      const rows = await db
        .selectFrom("Appreciation")
        .select(["goodCallId", "storyId"])
        .where("fromUserId", "=", userId)
        .where((eb) =>
          eb.or([
            ...(goodCallIds.length > 0 ? [eb("goodCallId", "in", goodCallIds)] : []),
            ...(storyIds.length > 0 ? [eb("storyId", "in", storyIds)] : []),
          ]),
        )
        .execute();
      return rows.flatMap((r): EntryRef[] =>
        r.goodCallId !== null
          ? [{ kind: "goodCall", id: r.goodCallId }]
          : r.storyId !== null
            ? [{ kind: "story", id: r.storyId }]
            : [],
      );
    },

    /**
     * The person's latest good call and story in the given teams (those of the person thanking), for
     * thanks that name a person rather than an item: entries of other teams are never offered, and a
     * private good call only in `seePrivateIn`, the teams the person thanking manages.
     */
    async latestOf(
      authorId: string,
      inTeams: readonly string[],
      seePrivateIn: readonly string[] = [],
    ): Promise<{ goodCall: GoodCall | null; story: Story | null }> {
      // NOTE: `IN ()` is an error on PostgreSQL; no teams, no entries.
      if (inTeams.length === 0) return { goodCall: null, story: null };
      const [call, story] = await Promise.all([
        selectGoodCalls(db)
          .where("authorId", "=", authorId)
          .where("teamId", "in", [...inTeams])
          .where((eb) =>
            seePrivateIn.length === 0
              ? eb("visibility", "=", "team")
              : eb.or([eb("visibility", "=", "team"), eb("teamId", "in", [...seePrivateIn])]),
          )
          .orderBy("createdAt", "desc")
          .orderBy("id", "desc")
          .limit(1)
          .executeTakeFirst(),
        selectStories(db)
          .where("authorId", "=", authorId)
          .where("teamId", "in", [...inTeams])
          .where(sharedStory)
          .orderBy("createdAt", "desc")
          .orderBy("id", "desc")
          .limit(1)
          .executeTakeFirst(),
      ]);
      return { goodCall: call ? toGoodCall(call) : null, story: story ? toStory(story) : null };
    },

    /**
     * Whose an entry is (its team and author, and whether it is a private good call), for the access
     * decision before anything of it is shown or changed. A story still waiting for its author's
     * consent is nobody else's business.
     */
    async whose(ref: EntryRef): Promise<{ teamId: string; authorId: string; visibility: Visibility } | null> {
      if (ref.kind === "goodCall") {
        const row = await db
          .selectFrom("GoodCall")
          .select(["teamId", "authorId", "visibility"])
          .where("id", "=", ref.id)
          .executeTakeFirst();
        return row ? { ...row, visibility: row.visibility === "private" ? "private" : "team" } : null;
      }
      const row = await db
        .selectFrom("Story")
        .select(["teamId", "authorId"])
        .where("id", "=", ref.id)
        .where(sharedStory)
        .executeTakeFirst();
      return row ? { ...row, visibility: "team" } : null;
    },

    /** A person's numbers: good calls, stories, value given per currency and appreciations received. */
    async personStats(userId: string, since: Date | null) {
      const [goodCalls, stories, appreciations, values] = await Promise.all([
        db
          .selectFrom("GoodCall")
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .where("authorId", "=", userId)
          .$if(since !== null, (q) => q.where("createdAt", ">=", since as Date))
          .executeTakeFirstOrThrow(),
        db
          .selectFrom("Story")
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .where("authorId", "=", userId)
          .where(sharedStory)
          .$if(since !== null, (q) => q.where("createdAt", ">=", since as Date))
          .executeTakeFirstOrThrow(),
        db
          .selectFrom("Appreciation")
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .where("toUserId", "=", userId)
          .$if(since !== null, (q) => q.where("createdAt", ">=", since as Date))
          .executeTakeFirstOrThrow(),
        db
          .selectFrom("GoodCall")
          .select(["valueCents", "currency"])
          .where("authorId", "=", userId)
          .where("currency", "is not", null)
          .$if(since !== null, (q) => q.where("createdAt", ">=", since as Date))
          .execute(),
      ]);
      const valueGiven: Money[] = sumByCurrency(
        values.map((v) =>
          v.currency !== null && v.valueCents !== null ? { currency: v.currency, cents: v.valueCents } : null,
        ),
      );
      return { goodCalls: goodCalls.n, stories: stories.n, appreciations: appreciations.n, valueGiven };
    },
  };
}

export type EntryRepository = ReturnType<typeof entryRepository>;
