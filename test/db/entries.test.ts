// Repository tests for good calls, stories, appreciations and personal stats, on a real migrated SQLite file.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDatabase, type Db, openDatabase } from "../../src/db/client.ts";
import { entryRepository, type GoodCallInput, type StoryInput } from "../../src/db/entries.ts";
import { teamRepository } from "../../src/db/teams.ts";
import { freshDatabaseUrl } from "../support/db.ts";

let db: Db;
let entries: ReturnType<typeof entryRepository>;

const monday = new Date("2026-03-02T09:00:00Z");
const at = (days: number, hours = 0) => new Date(monday.getTime() + (days * 24 + hours) * 60 * 60_000);

beforeAll(async () => {
  db = await openDatabase(await freshDatabaseUrl());
  entries = entryRepository(db);
  const teams = teamRepository(db);
  await teams.create({ id: "C1", name: "support", timeZone: "UTC", createdById: "UMGR" });
  await teams.create({ id: "C2", name: "stores", timeZone: "UTC", createdById: "UMGR" });
});

afterAll(async () => {
  await closeDatabase(db);
});

/** Appreciations stored for one good call or story, counted in the database. */
async function appreciationsOf(on: "goodCallId" | "storyId", id: number): Promise<number> {
  const { n } = await db
    .selectFrom("Appreciation")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where(on, "=", id)
    .executeTakeFirstOrThrow();
  return n;
}

const goodCallInput = (over: Partial<GoodCallInput> = {}): GoodCallInput => ({
  teamId: "C1",
  authorId: "UAUTHOR",
  what: "Gave a voucher",
  why: null,
  tags: [],
  value: null,
  followUp: false,
  source: "inline",
  flaggedPii: false,
  ...over,
});

const storyInput = (over: Partial<StoryInput> = {}): StoryInput => ({
  teamId: "C1",
  authorId: "UAUTHOR",
  title: "A happy customer",
  body: "She called back to say thank you.",
  quote: null,
  goodCallId: null,
  permalink: null,
  flaggedPii: false,
  ...over,
});

describe("good calls", () => {
  it("createGoodCall round-trips every field", async () => {
    const created = await entries.createGoodCall(
      goodCallInput({
        authorId: "UROUND",
        what: "Gave a 10 € voucher 🎉 for the late parcel",
        why: "Birthday present",
        tags: ["late-delivery", "häiriö"],
        value: { cents: 1250, currency: "EUR" },
        followUp: true,
        source: "modal",
        flaggedPii: true,
        ruleInTheWay: "Vouchers over 10 € need a team lead's 👍",
      }),
      monday,
    );
    expect(created).toEqual({
      id: expect.any(Number),
      teamId: "C1",
      authorId: "UROUND",
      what: "Gave a 10 € voucher 🎉 for the late parcel",
      why: "Birthday present",
      tags: ["late-delivery", "häiriö"],
      value: { cents: 1250, currency: "EUR" },
      followUp: true,
      source: "modal",
      flaggedPii: true,
      feedTs: null,
      visibility: "team",
      createdAt: monday,
      appreciationCount: 0,
      outcome: null,
      outcomeNote: null,
      promiseDue: null,
      promiseStatus: null,
      ruleInTheWay: "Vouchers over 10 € need a team lead's 👍",
    });
    expect(await entries.findGoodCall(created.id)).toEqual(created);
  });

  it("createGoodCall writes each value into its own column, whichever good call its statement was compiled for", async () => {
    // A fresh repository compiles its INSERT for the first call; the second, with every column set
    // to something else, runs that statement with its own values.
    const fresh = entryRepository(db);
    const first = await fresh.createGoodCall(goodCallInput({ authorId: "UCOLS1" }), monday);
    const second = await fresh.createGoodCall(
      goodCallInput({
        teamId: "C2",
        authorId: "UCOLS2",
        what: "Called back the next morning",
        why: "The fix had to hold",
        tags: ["callback"],
        value: { cents: 990, currency: "USD" },
        followUp: true,
        followUpDueAt: at(7),
        source: "workflow",
        flaggedPii: true,
        promise: { due: "2026-03-06", remindAt: at(4, 6) },
        visibility: "private",
        ruleInTheWay: "Callbacks need a ticket",
      }),
      at(1),
    );
    const rows = await db
      .selectFrom("GoodCall")
      .selectAll()
      .where("id", "in", [first.id, second.id])
      .orderBy("id")
      .execute();
    expect(rows.map(({ id: _id, ...row }) => row)).toEqual([
      expect.objectContaining({
        teamId: "C1",
        authorId: "UCOLS1",
        what: "Gave a voucher",
        why: null,
        tags: "",
        valueCents: null,
        currency: null,
        followUp: false,
        followUpDueAt: null,
        source: "inline",
        flaggedPii: false,
        promiseDue: null,
        promiseRemindAt: null,
        promiseStatus: null,
        visibility: "team",
        ruleInTheWay: null,
        createdAt: monday,
        updatedAt: monday,
      }),
      expect.objectContaining({
        teamId: "C2",
        authorId: "UCOLS2",
        what: "Called back the next morning",
        why: "The fix had to hold",
        tags: "callback",
        valueCents: 990,
        currency: "USD",
        followUp: true,
        followUpDueAt: at(7),
        source: "workflow",
        flaggedPii: true,
        promiseDue: "2026-03-06",
        promiseRemindAt: at(4, 6),
        promiseStatus: "pending",
        visibility: "private",
        ruleInTheWay: "Callbacks need a ticket",
        createdAt: at(1),
        updatedAt: at(1),
      }),
    ]);
  });

  it("createGoodCall answers each of the good calls asked for in one turn with its own row", async () => {
    // On SQLite these share one transaction (src/db/groupCommit.ts).
    const created = await Promise.all(
      ["One", "Two", "Three"].map((what, i) =>
        entries.createGoodCall(goodCallInput({ what, authorId: `UTOGETHER${i}` }), at(2)),
      ),
    );
    expect(created.map((call) => call.what)).toEqual(["One", "Two", "Three"]);
    for (const call of created) expect(await entries.findGoodCall(call.id)).toEqual(call);
  });

  it("createGoodCall saves every good call asked for in one turn, each with its own id, and one that cannot be saved fails alone", async () => {
    // On SQLite these share one transaction (src/db/groupCommit.ts); the team "CGONE" does not exist.
    const texts = ["First of four", "Second of four", "Third of four", "Fourth of four"];
    const results = await Promise.allSettled(
      texts.map((what, i) =>
        entries.createGoodCall(
          goodCallInput({ what, teamId: i === 2 ? "CGONE" : "C1", authorId: "UTURN" }),
          at(2),
        ),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled", "rejected", "fulfilled"]);
    const saved = results.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
    const rows = await db
      .selectFrom("GoodCall")
      .select(["id", "what", "teamId"])
      .where("authorId", "=", "UTURN")
      .orderBy("id")
      .execute();
    // PostgreSQL's pool may number them in another order than they were asked for.
    const byId = (a: { id: number }, b: { id: number }) => a.id - b.id;
    expect(rows).toEqual(saved.map((call) => ({ id: call.id, what: call.what, teamId: "C1" })).sort(byId));
    expect(saved.map((call) => call.what)).toEqual(["First of four", "Second of four", "Fourth of four"]);
    for (const call of saved) expect(await entries.findGoodCall(call.id)).toEqual(call);
  });

  it("stores no tags and no value as empty and null", async () => {
    const created = await entries.createGoodCall(goodCallInput({ tags: [], value: null }), monday);
    const found = await entries.findGoodCall(created.id);
    expect(found).toMatchObject({ tags: [], value: null, why: null, followUp: false, source: "inline" });
  });

  it("updateGoodCall changes the content, follow-up time and promise but not the author, source or time", async () => {
    const created = await entries.createGoodCall(
      goodCallInput({ authorId: "UUPDATE", tags: ["a"], value: { cents: 100, currency: "EUR" } }),
      monday,
    );
    const updated = await entries.updateGoodCall(created.id, {
      teamId: "C2",
      what: "Gave a bigger voucher",
      why: "It was very late",
      tags: ["voucher", "late"],
      value: { cents: 2000, currency: "USD" },
      followUp: true,
      followUpDueAt: new Date(monday.getTime() + 7 * 24 * 3600_000),
      flaggedPii: false,
      promise: { due: "2026-12-04", remindAt: new Date("2026-12-04T07:00:00Z") },
    });
    expect(updated).toMatchObject({
      id: created.id,
      teamId: "C2",
      authorId: "UUPDATE",
      what: "Gave a bigger voucher",
      why: "It was very late",
      tags: ["voucher", "late"],
      value: { cents: 2000, currency: "USD" },
      followUp: true,
      source: "inline",
      createdAt: monday,
      promiseDue: "2026-12-04",
      promiseStatus: "pending",
    });
    const stored = await db
      .selectFrom("GoodCall")
      .select(["followUpDueAt", "promiseRemindAt"])
      .where("id", "=", created.id)
      .executeTakeFirst();
    expect(stored?.followUpDueAt).toEqual(new Date(monday.getTime() + 7 * 24 * 3600_000));
    expect(stored?.promiseRemindAt).toEqual(new Date("2026-12-04T07:00:00Z"));
    const cleared = await entries.updateGoodCall(created.id, {
      ...updated,
      why: null,
      tags: [],
      value: null,
      followUp: false,
      followUpDueAt: null,
      promise: null,
    });
    expect(cleared).toMatchObject({
      why: null,
      tags: [],
      value: null,
      promiseDue: null,
      promiseStatus: null,
    });
    expect(await entries.findGoodCall(created.id)).toEqual(cleared);
  });

  it("updateGoodCall of a good call that is gone fails and creates nothing", async () => {
    const created = await entries.createGoodCall(goodCallInput({ authorId: "UGONE" }), monday);
    await entries.deleteGoodCall(created.id);
    await expect(
      entries.updateGoodCall(created.id, { ...goodCallInput(), followUpDueAt: null }),
    ).rejects.toThrow();
    expect(await entries.findGoodCall(created.id)).toBeNull();
  });

  it("setGoodCallFeedTs records where the feed post is", async () => {
    const created = await entries.createGoodCall(goodCallInput(), monday);
    await entries.setGoodCallFeedTs(created.id, "1700000000.000100");
    expect((await entries.findGoodCall(created.id))?.feedTs).toBe("1700000000.000100");
  });

  it("deleteGoodCall removes it with its appreciations, unlinks stories, and ignores a missing id", async () => {
    const created = await entries.createGoodCall(goodCallInput({ authorId: "UDELETE" }), monday);
    await entries.appreciate({ kind: "goodCall", id: created.id }, "UFAN", null, monday);
    const story = await entries.createStory(
      storyInput({ authorId: "UDELETE", goodCallId: created.id }),
      monday,
    );
    await entries.deleteGoodCall(created.id);
    expect(await entries.findGoodCall(created.id)).toBeNull();
    expect(await appreciationsOf("goodCallId", created.id)).toBe(0);
    expect((await entries.findStory(story.id))?.goodCallId).toBeNull();
    await expect(entries.deleteGoodCall(created.id)).resolves.toBeUndefined();
  });

  it("recentGoodCalls lists a person's newest first, up to the limit", async () => {
    const first = await entries.createGoodCall(goodCallInput({ authorId: "URECENT", what: "first" }), at(0));
    const third = await entries.createGoodCall(goodCallInput({ authorId: "URECENT", what: "third" }), at(2));
    const second = await entries.createGoodCall(
      goodCallInput({ authorId: "URECENT", what: "second" }),
      at(1),
    );
    // Same time: the later id comes first.
    const fourth = await entries.createGoodCall(
      goodCallInput({ authorId: "URECENT", what: "fourth" }),
      at(2),
    );
    await entries.createGoodCall(goodCallInput({ authorId: "USOMEONEELSE", what: "not mine" }), at(3));
    expect((await entries.recentGoodCalls("URECENT", 10)).map((c) => c.id)).toEqual([
      fourth.id,
      third.id,
      second.id,
      first.id,
    ]);
    expect((await entries.recentGoodCalls("URECENT", 2)).map((c) => c.what)).toEqual(["fourth", "third"]);
    expect(await entries.recentGoodCalls("UNOBODY", 10)).toEqual([]);
  });
});

describe("stories", () => {
  it("createStory round-trips every field, and setStoryPermalink / setStoryFeedTs update it", async () => {
    const call = await entries.createGoodCall(goodCallInput({ authorId: "USTORY" }), monday);
    const created = await entries.createStory(
      storyInput({
        authorId: "USTORY",
        title: "Wedding",
        body: "The dress arrived.",
        quote: "Thanks!",
        goodCallId: call.id,
        flaggedPii: true,
      }),
      at(1),
    );
    expect(created).toEqual({
      id: expect.any(Number),
      teamId: "C1",
      authorId: "USTORY",
      title: "Wedding",
      body: "The dress arrived.",
      quote: "Thanks!",
      goodCallId: call.id,
      permalink: null,
      flaggedPii: true,
      feedTs: null,
      createdAt: at(1),
      appreciationCount: 0,
    });
    await entries.setStoryPermalink(created.id, "https://example.slack.com/archives/C1/p1");
    await entries.setStoryFeedTs(created.id, "1700000000.000200");
    expect(await entries.findStory(created.id)).toEqual({
      ...created,
      permalink: "https://example.slack.com/archives/C1/p1",
      feedTs: "1700000000.000200",
    });
    expect(await entries.findStory(999_999)).toBeNull();
  });

  it("recentStories lists a person's newest first, up to the limit", async () => {
    const old = await entries.createStory(storyInput({ authorId: "USTORIES", title: "old" }), at(0));
    const newer = await entries.createStory(storyInput({ authorId: "USTORIES", title: "newer" }), at(1));
    expect((await entries.recentStories("USTORIES", 5)).map((s) => s.id)).toEqual([newer.id, old.id]);
    expect((await entries.recentStories("USTORIES", 1)).map((s) => s.title)).toEqual(["newer"]);
  });
});

describe("appreciate", () => {
  it("records one appreciation per person, refuses the author's own, and counts correctly", async () => {
    const call = await entries.createGoodCall(goodCallInput({ authorId: "UA" }), monday);
    const target = { kind: "goodCall" as const, id: call.id };
    expect(await entries.appreciate(target, "UB", "Nice one", at(0, 1))).toEqual({
      result: "recorded",
      count: 1,
      authorId: "UA",
    });
    expect(await entries.appreciate(target, "UB", null, at(0, 2))).toEqual({
      result: "duplicate",
      count: 1,
      authorId: "UA",
    });
    expect(await entries.appreciate(target, "UA", null, at(0, 3))).toEqual({
      result: "self",
      count: 1,
      authorId: "UA",
    });
    expect(await entries.appreciate(target, "UC", null, at(0, 4))).toEqual({
      result: "recorded",
      count: 2,
      authorId: "UA",
    });
    expect((await entries.findGoodCall(call.id))?.appreciationCount).toBe(2);
    const rows = await db
      .selectFrom("Appreciation")
      .selectAll()
      .where("goodCallId", "=", call.id)
      .orderBy("id")
      .execute();
    expect(rows.map((r) => [r.fromUserId, r.toUserId, r.note, r.createdAt])).toEqual([
      ["UB", "UA", "Nice one", at(0, 1)],
      ["UC", "UA", null, at(0, 4)],
    ]);
  });

  it("counts appreciations of stories separately from good calls", async () => {
    const call = await entries.createGoodCall(goodCallInput({ authorId: "UA" }), monday);
    const story = await entries.createStory(storyInput({ authorId: "UA", goodCallId: call.id }), monday);
    await entries.appreciate({ kind: "goodCall", id: call.id }, "UB", null, monday);
    expect(await entries.appreciate({ kind: "story", id: story.id }, "UB", null, monday)).toEqual({
      result: "recorded",
      count: 1,
      authorId: "UA",
    });
    expect(await entries.appreciate({ kind: "story", id: story.id }, "UB", null, monday)).toMatchObject({
      result: "duplicate",
      count: 1,
    });
    expect((await entries.findStory(story.id))?.appreciationCount).toBe(1);
    expect((await entries.findGoodCall(call.id))?.appreciationCount).toBe(1);
  });

  it.each(["goodCall", "story"] as const)("reports a missing %s", async (kind) => {
    expect(await entries.appreciate({ kind, id: 987_654 }, "UB", null, monday)).toEqual({
      result: "missing",
      count: 0,
      authorId: null,
    });
  });

  it.each(["goodCall", "story"] as const)(
    "records exactly one of five concurrent clicks on a %s",
    async (kind) => {
      const id =
        kind === "goodCall"
          ? (await entries.createGoodCall(goodCallInput({ authorId: "UA" }), monday)).id
          : (await entries.createStory(storyInput({ authorId: "UA" }), monday)).id;
      const results = await Promise.all(
        Array.from({ length: 5 }, () => entries.appreciate({ kind, id }, "UCLICKER", null, monday)),
      );
      expect(results.map((r) => r.result).sort()).toEqual([
        "duplicate",
        "duplicate",
        "duplicate",
        "duplicate",
        "recorded",
      ]);
      for (const r of results) expect(r.count).toBe(1);
      expect(await appreciationsOf(kind === "goodCall" ? "goodCallId" : "storyId", id)).toBe(1);
    },
  );
});

describe("a team's period", () => {
  // Far from the other tests' dates, so the team's period holds only what this test logs.
  const day = (n: number, hours = 0) => at(400 + n, hours);

  it("goodCallsIn and storiesIn list the team's entries in the period, oldest first, with their appreciation counts", async () => {
    const before = await entries.createGoodCall(goodCallInput({ teamId: "C2", what: "before" }), day(-1));
    const second = await entries.createGoodCall(goodCallInput({ teamId: "C2", what: "second" }), day(1));
    const first = await entries.createGoodCall(goodCallInput({ teamId: "C2", what: "first" }), day(0));
    const sameTime = await entries.createGoodCall(goodCallInput({ teamId: "C2", what: "third" }), day(1));
    await entries.createGoodCall(goodCallInput({ teamId: "C1", what: "other team" }), day(1));
    const atEnd = await entries.createGoodCall(goodCallInput({ teamId: "C2", what: "at the end" }), day(7));
    await entries.appreciate({ kind: "goodCall", id: first.id }, "UFAN1", null, day(2));
    await entries.appreciate({ kind: "goodCall", id: first.id }, "UFAN2", null, day(2));
    await entries.appreciate({ kind: "goodCall", id: before.id }, "UFAN1", null, day(2));
    const period = { start: day(0), end: day(7) };
    const calls = await entries.goodCallsIn("C2", period);
    expect(calls.map((c) => [c.id, c.appreciationCount])).toEqual([
      [first.id, 2],
      [second.id, 0],
      [sameTime.id, 0],
    ]);
    expect(calls[0]).toEqual(await entries.findGoodCall(first.id));
    expect(calls.map((c) => c.id)).not.toContain(atEnd.id);

    const story = await entries.createStory(storyInput({ teamId: "C2", title: "shared" }), day(2));
    await entries.createStory(storyInput({ teamId: "C2", title: "drafted", pendingConsent: true }), day(2));
    await entries.createStory(storyInput({ teamId: "C2", title: "too early" }), day(-1));
    await entries.appreciate({ kind: "story", id: story.id }, "UFAN1", null, day(3));
    const stories = await entries.storiesIn("C2", period);
    expect(stories.map((s) => [s.title, s.appreciationCount])).toEqual([["shared", 1]]);
    expect(stories[0]).toEqual(await entries.findStory(story.id));
  });
});

describe("stories waiting for consent", () => {
  it("are nobody else's until approved, and approval happens once, dated when given", async () => {
    const draft = await entries.createStory(
      storyInput({ authorId: "UCONSENT", title: "drafted", pendingConsent: true }),
      at(0),
    );
    await entries.appreciate({ kind: "story", id: draft.id }, "UFAN", null, at(0, 1));
    expect(await entries.whose({ kind: "story", id: draft.id })).toBeNull();
    expect(await entries.recentStories("UCONSENT", 5)).toEqual([]);
    expect((await entries.latestOf("UCONSENT", ["C1"])).story).toBeNull();
    expect((await entries.personStats("UCONSENT", null)).stories).toBe(0);

    const approved = await entries.approveStory(draft.id, at(1));
    expect(approved).toEqual({ ...draft, createdAt: at(1), appreciationCount: 1 });
    expect(await entries.approveStory(draft.id, at(2))).toBeNull();
    expect(await entries.findStory(draft.id)).toEqual(approved);
    expect(await entries.whose({ kind: "story", id: draft.id })).toEqual({
      teamId: "C1",
      authorId: "UCONSENT",
      visibility: "team",
    });
    expect((await entries.latestOf("UCONSENT", ["C1"])).story).toEqual(approved);
    expect(await entries.approveStory(987_654, at(2))).toBeNull();
  });
});

describe("whose, latestOf and appreciatedBy", () => {
  it("whose names an entry's team and author, and nothing for one that is gone", async () => {
    const call = await entries.createGoodCall(goodCallInput({ teamId: "C2", authorId: "UWHOSE" }), monday);
    expect(await entries.whose({ kind: "goodCall", id: call.id })).toEqual({
      teamId: "C2",
      authorId: "UWHOSE",
      visibility: "team",
    });
    expect(await entries.whose({ kind: "goodCall", id: 987_654 })).toBeNull();
    expect(await entries.whose({ kind: "story", id: 987_654 })).toBeNull();
  });

  it("latestOf offers the person's newest good call and story in the given teams only", async () => {
    await entries.createGoodCall(goodCallInput({ authorId: "ULATEST" }), at(0));
    const newest = await entries.createGoodCall(goodCallInput({ authorId: "ULATEST" }), at(1));
    await entries.createGoodCall(goodCallInput({ teamId: "C2", authorId: "ULATEST" }), at(2));
    const story = await entries.createStory(storyInput({ authorId: "ULATEST" }), at(0));
    await entries.appreciate({ kind: "goodCall", id: newest.id }, "UFAN", null, at(1));
    expect(await entries.latestOf("ULATEST", ["C1"])).toEqual({
      goodCall: { ...newest, appreciationCount: 1 },
      story,
    });
    expect((await entries.latestOf("ULATEST", ["C1", "C2"])).goodCall?.teamId).toBe("C2");
    expect(await entries.latestOf("ULATEST", ["C9"])).toEqual({ goodCall: null, story: null });
    expect(await entries.latestOf("ULATEST", [])).toEqual({ goodCall: null, story: null });
  });

  it("appreciatedBy says which of the entries the person has thanked", async () => {
    const call = await entries.createGoodCall(goodCallInput({ authorId: "UTHANKED" }), monday);
    const other = await entries.createGoodCall(goodCallInput({ authorId: "UTHANKED" }), monday);
    const story = await entries.createStory(storyInput({ authorId: "UTHANKED" }), monday);
    await entries.appreciate({ kind: "goodCall", id: call.id }, "UTHANKER", null, monday);
    await entries.appreciate({ kind: "story", id: story.id }, "UTHANKER", null, monday);
    await entries.appreciate({ kind: "goodCall", id: other.id }, "USOMEONE", null, monday);
    const asked = [
      { kind: "goodCall" as const, id: call.id },
      { kind: "goodCall" as const, id: other.id },
      { kind: "story" as const, id: story.id },
    ];
    expect(await entries.appreciatedBy("UTHANKER", asked)).toEqual(
      expect.arrayContaining([
        { kind: "goodCall", id: call.id },
        { kind: "story", id: story.id },
      ]),
    );
    expect(await entries.appreciatedBy("UTHANKER", asked)).toHaveLength(2);
    expect(await entries.appreciatedBy("UTHANKER", [{ kind: "story", id: story.id }])).toEqual([
      { kind: "story", id: story.id },
    ]);
    expect(await entries.appreciatedBy("UTHANKER", [])).toEqual([]);
  });
});

describe("personStats", () => {
  it("counts good calls, stories, appreciations received and value per currency, since a date and all time", async () => {
    const user = "USTATS";
    const before = at(-7);
    const during = at(1);
    await entries.createGoodCall(
      goodCallInput({ authorId: user, value: { cents: 1000, currency: "EUR" } }),
      before,
    );
    const a = await entries.createGoodCall(
      goodCallInput({ authorId: user, value: { cents: 1250, currency: "EUR" } }),
      during,
    );
    await entries.createGoodCall(
      goodCallInput({ authorId: user, value: { cents: 500, currency: "USD" } }),
      during,
    );
    await entries.createGoodCall(goodCallInput({ authorId: user, value: null }), during);
    await entries.createGoodCall(
      goodCallInput({ authorId: "UOTHERSTATS", value: { cents: 99_900, currency: "EUR" } }),
      during,
    );
    const oldStory = await entries.createStory(storyInput({ authorId: user }), before);
    await entries.createStory(storyInput({ authorId: user }), during);
    // Appreciations count by when they were given, not when the entry was logged.
    await entries.appreciate({ kind: "story", id: oldStory.id }, "UFAN1", null, before);
    await entries.appreciate({ kind: "story", id: oldStory.id }, "UFAN2", null, during);
    await entries.appreciate({ kind: "goodCall", id: a.id }, "UFAN1", null, during);
    await entries.appreciate({ kind: "goodCall", id: a.id }, user, null, during);

    expect(await entries.personStats(user, monday)).toEqual({
      goodCalls: 3,
      stories: 1,
      appreciations: 2,
      valueGiven: [
        { currency: "EUR", cents: 1250 },
        { currency: "USD", cents: 500 },
      ],
    });
    expect(await entries.personStats(user, null)).toEqual({
      goodCalls: 4,
      stories: 2,
      appreciations: 3,
      valueGiven: [
        { currency: "EUR", cents: 2250 },
        { currency: "USD", cents: 500 },
      ],
    });
  });

  it("is all zeros for someone who has logged nothing", async () => {
    expect(await entries.personStats("UNEW", null)).toEqual({
      goodCalls: 0,
      stories: 0,
      appreciations: 0,
      valueGiven: [],
    });
  });
});
