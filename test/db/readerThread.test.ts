// The SQLite reader thread: the same queries as the main connection, answered from another thread
// with the same rows (dates and booleans converted alike), and never a write.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDatabase, type Db, openDatabase } from "../../src/db/client.ts";
import { openReaderThread } from "../../src/db/readerThread.ts";
import { teamRepository } from "../../src/db/teams.ts";
import { freshDatabaseUrl, testDatabaseKind } from "../support/db.ts";

let db: Db;
let reader: Db | null;

beforeAll(async () => {
  db = await openDatabase(await freshDatabaseUrl());
  reader = await openReaderThread(db);
});

afterAll(async () => {
  await reader?.destroy();
  await closeDatabase(db);
});

describe.runIf(testDatabaseKind() === "sqlite")("openReaderThread on SQLite", () => {
  it("reads what the main connection committed, as the main connection reads it", async () => {
    const teams = teamRepository(db);
    await teams.create({
      id: "CRDR",
      name: "Readers",
      timeZone: "Europe/Helsinki",
      createdById: "UMGR",
      createdAt: new Date("2026-11-02T08:00:00Z"),
    });
    const read = await teamRepository(reader as Db).all();
    expect(read).toEqual(await teams.all());
    expect(read[0]?.createdAt).toEqual(new Date("2026-11-02T08:00:00Z"));
  });

  it("hands back a query's error, and goes on answering", async () => {
    await expect(sql`select * from "NoSuchTable"`.execute(reader as Db)).rejects.toThrow(/no such table/);
    expect((await sql<{ n: number }>`select 1 as n`.execute(reader as Db)).rows).toEqual([{ n: 1 }]);
  });

  it("refuses to write", async () => {
    await expect(
      (reader as Db).deleteFrom("Team").where("id", "=", "CRDR").returning("id").execute(),
    ).rejects.toThrow(/readonly database/);
    expect(await teamRepository(db).all()).toHaveLength(1);
  });
});

describe.runIf(testDatabaseKind() === "postgresql")("openReaderThread on PostgreSQL", () => {
  it("is not needed: the server reads while this process composes", () => {
    expect(reader).toBeNull();
  });
});
