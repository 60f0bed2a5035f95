// Repository tests for teams, their managers and members, on a real migrated SQLite file.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDatabase, type Db, openDatabase } from "../../src/db/client.ts";
import { type TeamSettings, teamRepository } from "../../src/db/teams.ts";
import { freshDatabaseUrl } from "../support/db.ts";

let db: Db;
let teams: ReturnType<typeof teamRepository>;

beforeAll(async () => {
  db = await openDatabase(await freshDatabaseUrl());
  teams = teamRepository(db);
});

afterAll(async () => {
  await closeDatabase(db);
});

/** The team's members as stored, by user id. */
async function memberIds(teamId: string): Promise<string[]> {
  const rows = await db
    .selectFrom("TeamMember")
    .select("userId")
    .where("teamId", "=", teamId)
    .orderBy("userId")
    .execute();
  return rows.map((m) => m.userId);
}

const settings = (over: Partial<TeamSettings> = {}): TeamSettings => ({
  managerIds: ["U1"],
  timeZone: "Europe/Helsinki",
  digestWeekday: 1,
  digestMinute: 8 * 60 + 30,
  language: "fi",
  feedEnabled: true,
  usualLimit: { cents: 5000, currency: "EUR" },
  followUpDays: 14,
  retentionMonths: null,
  ...over,
});

describe("teamRepository.create", () => {
  it("creates a team whose creator is its first manager and a member, with the default settings", async () => {
    const team = await teams.create({
      id: "CCREATE",
      name: "support",
      timeZone: "America/New_York",
      createdById: "U1",
    });
    expect(team).toMatchObject({
      id: "CCREATE",
      name: "support",
      timeZone: "America/New_York",
      digestWeekday: 5,
      digestMinute: 900,
      language: "en",
      feedEnabled: false,
      usualLimit: null,
      followUpDays: 7,
      retentionMonths: null,
      managerIds: ["U1"],
    });
    expect(team?.createdAt).toBeInstanceOf(Date);
    expect(await teams.find("CCREATE")).toEqual(team);
    expect((await teams.teamsOf("U1")).map((t) => t.id)).toContain("CCREATE");
    expect(await memberIds("CCREATE")).toEqual(["U1"]);
  });

  it("adds the given members once each, the creator included", async () => {
    await teams.create({
      id: "CMEMBERS",
      name: "stores",
      timeZone: "UTC",
      createdById: "U1",
      members: ["U2", "U1", "U3", "U2"],
    });
    expect(await memberIds("CMEMBERS")).toEqual(["U1", "U2", "U3"]);
    expect((await teams.find("CMEMBERS"))?.managerIds).toEqual(["U1"]);
  });

  it("returns null when the team already exists, and keeps the first one", async () => {
    expect(
      await teams.create({ id: "CTWICE", name: "first", timeZone: "UTC", createdById: "U1" }),
    ).not.toBeNull();
    expect(
      await teams.create({ id: "CTWICE", name: "second", timeZone: "Europe/Helsinki", createdById: "U2" }),
    ).toBeNull();
    expect(await teams.find("CTWICE")).toMatchObject({ name: "first", timeZone: "UTC", managerIds: ["U1"] });
  });

  it("finds nothing for an unknown id", async () => {
    expect(await teams.find("CNOPE")).toBeNull();
  });
});

describe("teamRepository.updateSettings", () => {
  it("saves every setting and replaces the managers", async () => {
    await teams.create({ id: "CSET", name: "field", timeZone: "UTC", createdById: "U1" });
    const updated = await teams.updateSettings(
      "CSET",
      settings({ managerIds: ["U3", "U2"], retentionMonths: 12 }),
    );
    expect(updated).toMatchObject({
      id: "CSET",
      name: "field",
      timeZone: "Europe/Helsinki",
      digestWeekday: 1,
      digestMinute: 510,
      language: "fi",
      feedEnabled: true,
      usualLimit: { cents: 5000, currency: "EUR" },
      followUpDays: 14,
      retentionMonths: 12,
      managerIds: ["U2", "U3"],
    });
    expect(await teams.find("CSET")).toEqual(updated);
  });

  it("keeps a manager who stays, with their preference", async () => {
    await teams.create({ id: "CKEEP", name: "keep", timeZone: "UTC", createdById: "U1" });
    await teams.setManagerPreference("CKEEP", "U1", "instant");
    await teams.updateSettings("CKEEP", settings({ managerIds: ["U1", "U4"] }));
    expect(await teams.managersOf("CKEEP")).toEqual([
      { userId: "U1", preference: "instant", unreachable: false },
      { userId: "U4", preference: "weekly", unreachable: false },
    ]);
  });

  it("clears the usual limit", async () => {
    await teams.create({ id: "CLIMIT", name: "limit", timeZone: "UTC", createdById: "U1" });
    await teams.updateSettings("CLIMIT", settings());
    expect((await teams.updateSettings("CLIMIT", settings({ usualLimit: null }))).usualLimit).toBeNull();
  });
});

describe("teamRepository membership", () => {
  it("teamsOf lists the teams a person is a member or manager of, by name", async () => {
    await teams.create({
      id: "CB",
      name: "bravo",
      timeZone: "UTC",
      createdById: "UOWNER",
      members: ["UMEMBER"],
    });
    await teams.create({ id: "CA", name: "alpha", timeZone: "UTC", createdById: "UOWNER" });
    await teams.create({ id: "CC", name: "charlie", timeZone: "UTC", createdById: "UOTHER" });
    // A manager who is not a channel member still sees the team; a creator who is no longer a
    // manager is still a member.
    await teams.updateSettings("CA", settings({ managerIds: ["UMANAGER"] }));
    expect((await teams.teamsOf("UOWNER")).map((t) => t.name)).toEqual(["alpha", "bravo"]);
    expect((await teams.teamsOf("UMEMBER")).map((t) => t.name)).toEqual(["bravo"]);
    expect((await teams.teamsOf("UMANAGER")).map((t) => t.name)).toEqual(["alpha"]);
    await teams.addMember("CC", "UMANAGER");
    expect((await teams.teamsOf("UMANAGER")).map((t) => t.name)).toEqual(["alpha", "charlie"]);
    expect(await teams.teamsOf("UNOBODY")).toEqual([]);
  });

  it("addMember is idempotent and removeMember removes only that person", async () => {
    await teams.create({ id: "CJOIN", name: "join", timeZone: "UTC", createdById: "U1" });
    await teams.addMember("CJOIN", "U7");
    await teams.addMember("CJOIN", "U7");
    await teams.addMember("CJOIN", "U8");
    expect(await memberIds("CJOIN")).toEqual(["U1", "U7", "U8"]);
    await teams.removeMember("CJOIN", "U7");
    await teams.removeMember("CJOIN", "U7");
    expect(await memberIds("CJOIN")).toEqual(["U1", "U8"]);
    expect((await teams.teamsOf("U7")).map((t) => t.id)).not.toContain("CJOIN");
  });
});

describe("teamRepository.actor", () => {
  it("loads a person's memberships and manager roles, and nothing of anyone else", async () => {
    await teams.create({ id: "CACT1", name: "act1", timeZone: "UTC", createdById: "UACTBOSS" });
    await teams.create({ id: "CACT2", name: "act2", timeZone: "UTC", createdById: "UACTOTHER" });
    await teams.addMember("CACT2", "UACTBOSS");
    await teams.addMember("CACT2", "UACTMEMBER");
    // A manager who is not (or no longer) listed as a member still manages.
    await teams.updateSettings("CACT2", settings({ managerIds: ["UACTOTHER", "UACTREMOTE"] }));
    const boss = await teams.actor("UACTBOSS");
    expect([...boss.memberOf].sort()).toEqual(["CACT1", "CACT2"]);
    expect([...boss.manages]).toEqual(["CACT1"]);
    expect(await teams.actor("UACTMEMBER")).toEqual({
      userId: "UACTMEMBER",
      memberOf: new Set(["CACT2"]),
      manages: new Set(),
    });
    expect([...(await teams.actor("UACTREMOTE")).manages]).toEqual(["CACT2"]);
    expect(await teams.actor("UACTNOBODY")).toEqual({
      userId: "UACTNOBODY",
      memberOf: new Set(),
      manages: new Set(),
    });
  });
});

describe("teamRepository manager preferences", () => {
  it("defaults to weekly and can be changed", async () => {
    await teams.create({ id: "CPREF", name: "pref", timeZone: "UTC", createdById: "U1" });
    expect(await teams.managerPreference("CPREF", "U1")).toBe("weekly");
    await teams.setManagerPreference("CPREF", "U1", "daily");
    expect(await teams.managerPreference("CPREF", "U1")).toBe("daily");
    await teams.setManagerPreference("CPREF", "U1", "off");
    expect(await teams.managersOf("CPREF")).toEqual([
      { userId: "U1", preference: "off", unreachable: false },
    ]);
  });

  it("marks a manager unreachable, and clears it when they choose a preference again", async () => {
    await teams.create({ id: "CGONE", name: "gone", timeZone: "UTC", createdById: "U1" });
    await teams.markManagerUnreachable("CGONE", "U1", new Date());
    expect(await teams.managersOf("CGONE")).toEqual([
      { userId: "U1", preference: "weekly", unreachable: true },
    ]);
    expect(await teams.setManagerPreference("CGONE", "U1", "daily")).toBe(true);
    expect(await teams.managersOf("CGONE")).toEqual([
      { userId: "U1", preference: "daily", unreachable: false },
    ]);
    expect(await teams.setManagerPreference("CGONE", "U9", "daily")).toBe(false);
  });

  it("has no preference for someone who is not a manager", async () => {
    await teams.create({
      id: "CNOTMGR",
      name: "notmgr",
      timeZone: "UTC",
      createdById: "U1",
      members: ["U2"],
    });
    expect(await teams.managerPreference("CNOTMGR", "U2")).toBeNull();
    expect(await teams.managerPreference("CNOPE", "U1")).toBeNull();
  });
});
