// Good calls, stories and appreciations: what people log, and the thanks they get for it.

import { sumByCurrency } from "../domain/money.ts";
import { decodeTags, encodeTags } from "../domain/tags.ts";
import type {
  AppreciationResult,
  EntryRef,
  GoodCall,
  Money,
  Outcome,
  PromiseStatus,
  Story,
} from "../domain/types.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import type { Db } from "./client.ts";
import { fromDbDate, statement, toDbDate } from "./sql.ts";
import { SHARED_STORY, SHARED_STORY_SQL } from "./visibility.ts";

type GoodCallRow = Prisma.GoodCallGetPayload<{ include: { _count: { select: { appreciations: true } } } }>;
type StoryRow = Prisma.StoryGetPayload<{ include: { _count: { select: { appreciations: true } } } }>;

// NOTE: Prisma compiles `include: { _count: { select: { appreciations: true } } }` to a LEFT JOIN on
// `SELECT goodCallId, COUNT(*) FROM Appreciation GROUP BY goodCallId`, which SQLite materializes over
// the whole table on every query: about 0.5 s per lookup, even of one row, at 1.5M appreciations.
// Counting only the returned ids is one range on the (goodCallId|storyId, fromUserId) unique index.
const IN_CHUNK = 10_000;

async function appreciationCounts(
  db: Db,
  on: "goodCallId" | "storyId",
  ids: number[],
): Promise<Map<number, number>> {
  const counts = new Map<number, number>();
  for (let i = 0; i < ids.length; i += IN_CHUNK) {
    const chunk = ids.slice(i, i + IN_CHUNK);
    const groups =
      on === "goodCallId"
        ? (
            await db.appreciation.groupBy({
              by: ["goodCallId"],
              where: { goodCallId: { in: chunk } },
              _count: { _all: true },
            })
          ).map((g) => [g.goodCallId, g._count._all] as const)
        : (
            await db.appreciation.groupBy({
              by: ["storyId"],
              where: { storyId: { in: chunk } },
              _count: { _all: true },
            })
          ).map((g) => [g.storyId, g._count._all] as const);
    for (const [id, count] of groups) if (id !== null) counts.set(id, count);
  }
  return counts;
}

type PlainGoodCallRow = Omit<GoodCallRow, "_count">;
type PlainStoryRow = Omit<StoryRow, "_count">;

async function withGoodCallCounts(db: Db, rows: PlainGoodCallRow[]): Promise<GoodCall[]> {
  const ids = rows.map((r) => r.id);
  const counts = await appreciationCounts(db, "goodCallId", ids);
  return rows.map((row) => toGoodCall({ ...row, _count: { appreciations: counts.get(row.id) ?? 0 } }));
}

async function withStoryCounts(db: Db, rows: PlainStoryRow[]): Promise<Story[]> {
  const ids = rows.map((r) => r.id);
  const counts = await appreciationCounts(db, "storyId", ids);
  return rows.map((row) => toStory({ ...row, _count: { appreciations: counts.get(row.id) ?? 0 } }));
}

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
    source: row.source === "modal" ? "modal" : "inline",
    flaggedPii: row.flaggedPii,
    feedTs: row.feedTs,
    createdAt: row.createdAt,
    appreciationCount: row._count.appreciations,
    outcome: (row.outcome as Outcome | null) ?? null,
    outcomeNote: row.outcomeNote,
    promiseDue: row.promiseDue,
    promiseStatus: (row.promiseStatus as PromiseStatus | null) ?? null,
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
    appreciationCount: row._count.appreciations,
  };
}

// Rows as SQLite returns them to prepared statements: booleans as 0/1, dates as ISO text.
type RawGoodCall = Omit<
  PlainGoodCallRow,
  | "followUp"
  | "flaggedPii"
  | "createdAt"
  | "updatedAt"
  | "followUpDueAt"
  | "outcomeAt"
  | "promiseRemindAt"
  | "promiseAt"
> & {
  followUp: number;
  flaggedPii: number;
  createdAt: string;
};
type RawStory = Omit<PlainStoryRow, "flaggedPii" | "pendingConsent" | "createdAt" | "updatedAt"> & {
  flaggedPii: number;
  createdAt: string;
};

function fromRawGoodCall(row: RawGoodCall, appreciations: number): GoodCallRow {
  return {
    ...row,
    followUp: row.followUp === 1,
    flaggedPii: row.flaggedPii === 1,
    createdAt: fromDbDate(row.createdAt),
    updatedAt: fromDbDate(row.createdAt),
    followUpDueAt: null,
    outcomeAt: null,
    promiseRemindAt: null,
    promiseAt: null,
    _count: { appreciations },
  };
}

function fromRawStory(row: RawStory, appreciations: number): StoryRow {
  return {
    ...row,
    flaggedPii: row.flaggedPii === 1,
    pendingConsent: false,
    createdAt: fromDbDate(row.createdAt),
    updatedAt: fromDbDate(row.createdAt),
    _count: { appreciations },
  };
}

function countsById(rows: unknown[]): Map<number, number> {
  return new Map((rows as Array<{ id: number; n: number }>).map((r) => [r.id, r.n]));
}

export interface GoodCallInput {
  teamId: string;
  authorId: string;
  what: string;
  why: string | null;
  tags: string[];
  value: Money | null;
  followUp: boolean;
  source: "inline" | "modal";
  flaggedPii: boolean;
  /** When to ask "did it help?"; null when the author did not ask to follow up. */
  followUpDueAt?: Date | null;
  /** A promise to the customer: its due date and when to remind the author. */
  promise?: { due: string; remindAt: Date } | null;
}

export interface GoodCallEdit
  extends Omit<GoodCallInput, "authorId" | "source" | "followUpDueAt" | "promise"> {
  followUpDueAt: Date | null;
  /** Undefined keeps the promise as it is; null removes it; a value sets a new pending promise. */
  promise?: { due: string; remindAt: Date } | null;
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

export function entryRepository(db: Db) {
  return {
    /**
     * The quick log saves before it acknowledges Slack, so this is one prepared INSERT rather than
     * a Prisma query (a measured 10x difference; see README, Performance).
     */
    async createGoodCall(input: GoodCallInput, now: Date): Promise<GoodCall> {
      const created = toDbDate(now);
      const date = (d: Date | null | undefined) => (d ? toDbDate(d) : null);
      const { lastInsertRowid } = statement(
        db,
        `INSERT INTO GoodCall (teamId, authorId, what, why, tags, valueCents, currency, followUp, source,
           flaggedPii, followUpDueAt, promiseDue, promiseRemindAt, promiseStatus, createdAt, updatedAt)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        input.teamId,
        input.authorId,
        input.what,
        input.why,
        encodeTags(input.tags),
        input.value?.cents ?? null,
        input.value?.currency ?? null,
        input.followUp ? 1 : 0,
        input.source,
        input.flaggedPii ? 1 : 0,
        input.followUp ? date(input.followUpDueAt) : null,
        input.promise?.due ?? null,
        date(input.promise?.remindAt),
        input.promise ? "pending" : null,
        created,
        created,
      );
      return {
        id: Number(lastInsertRowid),
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
        createdAt: new Date(now.getTime()),
        // A new row has no appreciations yet: AUTOINCREMENT never reuses an id.
        appreciationCount: 0,
        outcome: null,
        outcomeNote: null,
        promiseDue: input.promise?.due ?? null,
        promiseStatus: input.promise ? "pending" : null,
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
      const row = await db.goodCall.update({
        where: { id },
        data: {
          teamId: input.teamId,
          what: input.what,
          why: input.why,
          tags: encodeTags(input.tags),
          valueCents: input.value?.cents ?? null,
          currency: input.value?.currency ?? null,
          followUp: input.followUp,
          followUpDueAt: input.followUp ? input.followUpDueAt : null,
          flaggedPii: input.flaggedPii,
          ...promise,
        },
      });
      return (await withGoodCallCounts(db, [row]))[0] as GoodCall;
    },

    async findGoodCall(id: number): Promise<GoodCall | null> {
      const row = await db.goodCall.findUnique({ where: { id } });
      return row ? ((await withGoodCallCounts(db, [row]))[0] ?? null) : null;
    },

    async deleteGoodCall(id: number): Promise<void> {
      await db.goodCall.deleteMany({ where: { id } });
    },

    async setGoodCallFeedTs(id: number, feedTs: string): Promise<void> {
      await db.goodCall.updateMany({ where: { id }, data: { feedTs } });
    },

    async recentGoodCalls(authorId: string, limit: number): Promise<GoodCall[]> {
      const rows = await db.goodCall.findMany({
        where: { authorId },
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        take: limit,
      });
      return withGoodCallCounts(db, rows);
    },

    /**
     * A team's good calls in a period with their appreciation counts: what every digest, summary and
     * roundup starts from, so two prepared statements (one index range each) rather than Prisma.
     */
    async goodCallsIn(teamId: string, period: { start: Date; end: Date }): Promise<GoodCall[]> {
      const range = [teamId, toDbDate(period.start), toDbDate(period.end)];
      const rows = statement(
        db,
        "SELECT * FROM GoodCall WHERE teamId = ? AND createdAt >= ? AND createdAt < ? ORDER BY createdAt, id",
      ).all(...range) as RawGoodCall[];
      const counts = countsById(
        statement(
          db,
          `SELECT a.goodCallId AS id, COUNT(*) AS n FROM Appreciation a JOIN GoodCall g ON g.id = a.goodCallId
           WHERE g.teamId = ? AND g.createdAt >= ? AND g.createdAt < ? GROUP BY a.goodCallId`,
        ).all(...range),
      );
      return rows.map((row) => toGoodCall(fromRawGoodCall(row, counts.get(row.id) ?? 0)));
    },

    async storiesIn(teamId: string, period: { start: Date; end: Date }): Promise<Story[]> {
      const range = [teamId, toDbDate(period.start), toDbDate(period.end)];
      const rows = statement(
        db,
        `SELECT * FROM Story WHERE teamId = ? AND ${SHARED_STORY_SQL} AND createdAt >= ? AND createdAt < ? ORDER BY createdAt, id`,
      ).all(...range) as RawStory[];
      const counts = countsById(
        statement(
          db,
          `SELECT a.storyId AS id, COUNT(*) AS n FROM Appreciation a JOIN Story s ON s.id = a.storyId
           WHERE s.teamId = ? AND s.createdAt >= ? AND s.createdAt < ? GROUP BY a.storyId`,
        ).all(...range),
      );
      return rows.map((row) => toStory(fromRawStory(row, counts.get(row.id) ?? 0)));
    },

    async createStory(input: StoryInput, now: Date): Promise<Story> {
      const row = await db.story.create({ data: { ...input, createdAt: now } });
      // A new row has no appreciations yet: AUTOINCREMENT never reuses an id.
      return toStory({ ...row, _count: { appreciations: 0 } });
    },

    async findStory(id: number): Promise<Story | null> {
      const row = await db.story.findUnique({ where: { id } });
      return row ? ((await withStoryCounts(db, [row]))[0] ?? null) : null;
    },

    /** The author agreed to share a story a manager drafted; it joins the feed and digests from now. */
    async approveStory(id: number, now: Date): Promise<Story | null> {
      const { count } = await db.story.updateMany({
        where: { id, pendingConsent: true },
        data: { pendingConsent: false, createdAt: now },
      });
      return count === 1 ? this.findStory(id) : null;
    },

    async deleteStory(id: number): Promise<void> {
      await db.story.deleteMany({ where: { id } });
    },

    async setStoryPermalink(id: number, permalink: string): Promise<void> {
      await db.story.updateMany({ where: { id }, data: { permalink } });
    },

    async setStoryFeedTs(id: number, feedTs: string): Promise<void> {
      await db.story.updateMany({ where: { id }, data: { feedTs } });
    },

    async recentStories(authorId: string, limit: number): Promise<Story[]> {
      const rows = await db.story.findMany({
        where: { authorId, ...SHARED_STORY },
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        take: limit,
      });
      return withStoryCounts(db, rows);
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
          ? await db.goodCall.findUnique({
              where: { id: target.id },
              select: { authorId: true, teamId: true },
            })
          : await db.story.findUnique({ where: { id: target.id }, select: { authorId: true, teamId: true } });
      if (!entry) return { result: "missing", count: 0, authorId: null };
      const where = target.kind === "goodCall" ? { goodCallId: target.id } : { storyId: target.id };
      const count = () => db.appreciation.count({ where });
      if (entry.authorId === fromUserId)
        return { result: "self", count: await count(), authorId: entry.authorId };
      try {
        await db.appreciation.create({
          data: {
            ...where,
            teamId: entry.teamId,
            fromUserId,
            toUserId: entry.authorId,
            note,
            createdAt: now,
          },
        });
        return { result: "recorded", count: await count(), authorId: entry.authorId };
      } catch (error) {
        if ((error as { code?: string }).code === "P2002") {
          return { result: "duplicate", count: await count(), authorId: entry.authorId };
        }
        throw error;
      }
    },

    /** Which of these entries a person has already appreciated. */
    async appreciatedBy(userId: string, entries: EntryRef[]): Promise<EntryRef[]> {
      const ids = (kind: EntryRef["kind"]) => entries.filter((e) => e.kind === kind).map((e) => e.id);
      const rows = await db.appreciation.findMany({
        where: {
          fromUserId: userId,
          OR: [{ goodCallId: { in: ids("goodCall") } }, { storyId: { in: ids("story") } }],
        },
        select: { goodCallId: true, storyId: true },
      });
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
     * thanks that name a person rather than an item: entries of other teams are never offered.
     */
    async latestOf(
      authorId: string,
      inTeams: readonly string[],
    ): Promise<{ goodCall: GoodCall | null; story: Story | null }> {
      const teamId = { in: [...inTeams] };
      const newest = [{ createdAt: "desc" as const }, { id: "desc" as const }];
      const [call, story] = await Promise.all([
        db.goodCall.findFirst({ where: { authorId, teamId }, orderBy: newest }),
        db.story.findFirst({ where: { authorId, teamId, pendingConsent: false }, orderBy: newest }),
      ]);
      const [goodCall] = call ? await withGoodCallCounts(db, [call]) : [];
      const [shared] = story ? await withStoryCounts(db, [story]) : [];
      return { goodCall: goodCall ?? null, story: shared ?? null };
    },

    /**
     * Whose an entry is (its team and author), for the access decision before anything of it is
     * shown or changed. A story still waiting for its author's consent is nobody else's business.
     */
    async whose(ref: EntryRef): Promise<{ teamId: string; authorId: string } | null> {
      const select = { teamId: true, authorId: true } as const;
      return ref.kind === "goodCall"
        ? db.goodCall.findUnique({ where: { id: ref.id }, select })
        : db.story.findFirst({ where: { id: ref.id, pendingConsent: false }, select });
    },

    /** A person's numbers: good calls, stories, value given per currency and appreciations received. */
    async personStats(userId: string, since: Date | null) {
      const created = since ? { gte: since } : undefined;
      const [goodCalls, stories, appreciations, values] = await Promise.all([
        db.goodCall.count({ where: { authorId: userId, createdAt: created } }),
        db.story.count({ where: { authorId: userId, ...SHARED_STORY, createdAt: created } }),
        db.appreciation.count({ where: { toUserId: userId, createdAt: created } }),
        db.goodCall.findMany({
          where: { authorId: userId, createdAt: created, currency: { not: null } },
          select: { valueCents: true, currency: true },
        }),
      ]);
      const valueGiven: Money[] = sumByCurrency(
        values.map((v) =>
          v.currency !== null && v.valueCents !== null ? { currency: v.currency, cents: v.valueCents } : null,
        ),
      );
      return { goodCalls, stories, appreciations, valueGiven };
    },
  };
}

export type EntryRepository = ReturnType<typeof entryRepository>;
