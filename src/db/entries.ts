// Good calls, stories and appreciations: what people log, and the thanks they get for it.
import type { GoodCall, Money, Story } from "../domain/types.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import type { Db } from "./client.ts";

type GoodCallRow = Prisma.GoodCallGetPayload<{ include: { _count: { select: { appreciations: true } } } }>;
type StoryRow = Prisma.StoryGetPayload<{ include: { _count: { select: { appreciations: true } } } }>;

const withCount = { _count: { select: { appreciations: true } } } as const;

function toGoodCall(row: GoodCallRow): GoodCall {
  return {
    id: row.id,
    teamId: row.teamId,
    authorId: row.authorId,
    what: row.what,
    why: row.why,
    tags: row.tags === "" ? [] : row.tags.split(" "),
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
}

export type AppreciationResult = "recorded" | "duplicate" | "self" | "missing";

export function entryRepository(db: Db) {
  return {
    async createGoodCall(input: GoodCallInput, now: Date): Promise<GoodCall> {
      const row = await db.goodCall.create({
        data: {
          teamId: input.teamId,
          authorId: input.authorId,
          what: input.what,
          why: input.why,
          tags: input.tags.join(" "),
          valueCents: input.value?.cents ?? null,
          currency: input.value?.currency ?? null,
          followUp: input.followUp,
          source: input.source,
          flaggedPii: input.flaggedPii,
          createdAt: now,
        },
        include: withCount,
      });
      return toGoodCall(row);
    },

    async updateGoodCall(id: number, input: Omit<GoodCallInput, "authorId" | "source">): Promise<GoodCall> {
      const row = await db.goodCall.update({
        where: { id },
        data: {
          teamId: input.teamId,
          what: input.what,
          why: input.why,
          tags: input.tags.join(" "),
          valueCents: input.value?.cents ?? null,
          currency: input.value?.currency ?? null,
          followUp: input.followUp,
          flaggedPii: input.flaggedPii,
        },
        include: withCount,
      });
      return toGoodCall(row);
    },

    async findGoodCall(id: number): Promise<GoodCall | null> {
      const row = await db.goodCall.findUnique({ where: { id }, include: withCount });
      return row ? toGoodCall(row) : null;
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
        include: withCount,
      });
      return rows.map(toGoodCall);
    },

    async goodCallsIn(teamId: string, period: { start: Date; end: Date }): Promise<GoodCall[]> {
      const rows = await db.goodCall.findMany({
        where: { teamId, createdAt: { gte: period.start, lt: period.end } },
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        include: withCount,
      });
      return rows.map(toGoodCall);
    },

    async storiesIn(teamId: string, period: { start: Date; end: Date }): Promise<Story[]> {
      const rows = await db.story.findMany({
        where: { teamId, createdAt: { gte: period.start, lt: period.end } },
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        include: withCount,
      });
      return rows.map(toStory);
    },

    async createStory(input: StoryInput, now: Date): Promise<Story> {
      const row = await db.story.create({ data: { ...input, createdAt: now }, include: withCount });
      return toStory(row);
    },

    async findStory(id: number): Promise<Story | null> {
      const row = await db.story.findUnique({ where: { id }, include: withCount });
      return row ? toStory(row) : null;
    },

    async setStoryPermalink(id: number, permalink: string): Promise<void> {
      await db.story.updateMany({ where: { id }, data: { permalink } });
    },

    async setStoryFeedTs(id: number, feedTs: string): Promise<void> {
      await db.story.updateMany({ where: { id }, data: { feedTs } });
    },

    async recentStories(authorId: string, limit: number): Promise<Story[]> {
      const rows = await db.story.findMany({
        where: { authorId },
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        take: limit,
        include: withCount,
      });
      return rows.map(toStory);
    },

    /** One appreciation per person per item; the unique index makes a double click harmless. */
    async appreciate(
      target: { kind: "goodCall" | "story"; id: number },
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

    /** A person's numbers: good calls, stories, value given per currency and appreciations received. */
    async personStats(userId: string, since: Date | null) {
      const created = since ? { gte: since } : undefined;
      const [goodCalls, stories, appreciations, values] = await Promise.all([
        db.goodCall.count({ where: { authorId: userId, createdAt: created } }),
        db.story.count({ where: { authorId: userId, createdAt: created } }),
        db.appreciation.count({ where: { toUserId: userId, createdAt: created } }),
        db.goodCall.groupBy({
          by: ["currency"],
          where: { authorId: userId, createdAt: created, currency: { not: null } },
          _sum: { valueCents: true },
        }),
      ]);
      const valueGiven: Money[] = values
        .filter((v) => v.currency !== null)
        .map((v) => ({ currency: v.currency as string, cents: v._sum.valueCents ?? 0 }))
        .sort((a, b) => a.currency.localeCompare(b.currency));
      return { goodCalls, stories, appreciations, valueGiven };
    },
  };
}

export type EntryRepository = ReturnType<typeof entryRepository>;
