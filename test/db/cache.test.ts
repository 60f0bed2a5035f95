// The request path's cache (src/db/cache.ts): what a load overtaken by a write read is never kept, and
// the writes outside the team and person repositories (a workspace's deletion) forget what they change.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Recent } from "../../src/db/cache.ts";
import { closeDatabase, type Db, openDatabase } from "../../src/db/client.ts";
import { createLogger } from "../../src/logger.ts";
import { createServices } from "../../src/services.ts";
import { freshDatabaseUrl } from "../support/db.ts";

/** A load the test finishes when it chooses, counting how often it was started. */
function controlledLoads() {
  const waiting: Array<(value: { n: number } | null) => void> = [];
  let started = 0;
  return {
    load: () => {
      started++;
      return new Promise<{ n: number } | null>((resolve) => waiting.push(resolve));
    },
    finish: (value: { n: number } | null) => waiting.shift()?.(value),
    started: () => started,
  };
}

describe("Recent", () => {
  it("shares one load between concurrent misses of a key, and keeps its value", async () => {
    const cache = new Recent<{ n: number }>(10, 60_000);
    const loads = controlledLoads();
    const both = Promise.all([cache.get("a", loads.load), cache.get("a", loads.load)]);
    loads.finish({ n: 1 });
    expect(await both).toEqual([{ n: 1 }, { n: 1 }]);
    expect(await cache.get("a", loads.load)).toEqual({ n: 1 });
    expect(loads.started()).toBe(1);
  });

  it("does not keep what a load read before a write forgot the key", async () => {
    const cache = new Recent<{ n: number }>(10, 60_000);
    const loads = controlledLoads();
    const before = cache.get("a", loads.load);
    cache.forget("a");
    loads.finish({ n: 1 });
    // Those who asked before the write get what was true then; nobody after it does.
    expect(await before).toEqual({ n: 1 });
    const after = cache.get("a", loads.load);
    loads.finish({ n: 2 });
    expect(await after).toEqual({ n: 2 });
    expect(loads.started()).toBe(2);
  });

  it("keeps a written value over a load that started before the write", async () => {
    const cache = new Recent<{ n: number }>(10, 60_000);
    const loads = controlledLoads();
    const before = cache.get("a", loads.load);
    cache.put("a", { n: 2 });
    loads.finish({ n: 1 });
    await before;
    expect(await cache.get("a", loads.load)).toEqual({ n: 2 });
  });

  it("keeps neither nothing found nor a failed load", async () => {
    const cache = new Recent<{ n: number }>(10, 60_000);
    const loads = controlledLoads();
    const missing = cache.get("a", loads.load);
    loads.finish(null);
    expect(await missing).toBeNull();
    await expect(cache.get("a", () => Promise.reject(new Error("database gone")))).rejects.toThrow();
    const found = cache.get("a", loads.load);
    loads.finish({ n: 3 });
    expect(await found).toEqual({ n: 3 });
    expect(loads.started()).toBe(2);
  });

  it("loads again once the TTL has passed, and reads through on `fresh`", async () => {
    const cache = new Recent<{ n: number }>(10, 30);
    let n = 0;
    const load = async () => ({ n: ++n });
    expect(await cache.get("a", load)).toEqual({ n: 1 });
    expect(await cache.get("a", load)).toEqual({ n: 1 });
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(await cache.get("a", load)).toEqual({ n: 2 });
    expect(await cache.fresh("a", load)).toEqual({ n: 3 });
    expect(await cache.get("a", load)).toEqual({ n: 3 });
  });

  it("keeps at most `max` keys", async () => {
    const cache = new Recent<{ n: number }>(2, 60_000);
    let n = 0;
    const load = async () => ({ n: ++n });
    for (const key of ["a", "b", "c"]) await cache.get(key, load);
    expect(await cache.get("a", load)).toEqual({ n: 4 });
  });
});

describe("a workspace's deletion", () => {
  let db: Db;
  beforeAll(async () => {
    db = await openDatabase(await freshDatabaseUrl());
  });
  afterAll(async () => {
    await closeDatabase(db);
  });

  it("leaves none of its teams or memberships behind in the cache", async () => {
    const services = createServices({ db, logger: createLogger("silent"), tzDefault: "UTC" });
    const workspace = { id: "T1", enterpriseId: null };
    await services.workspaceScope.run(workspace, async () => {
      await services.teams.create({ id: "C1", name: "support", timeZone: "UTC", createdById: "U1" });
      expect((await services.teams.find("C1"))?.managerIds).toEqual(["U1"]);
      expect((await services.teams.actor("U1")).manages).toEqual(new Set(["C1"]));
    });
    await services.installations.deleteWorkspace("T1");
    await services.workspaceScope.run(workspace, async () => {
      expect(await services.teams.find("C1")).toBeNull();
      expect(await services.teams.managersOf("C1")).toEqual([]);
      expect((await services.teams.actor("U1")).manages).toEqual(new Set());
    });
  });

  it("by another process does not hide the channel's new team from this one", async () => {
    const services = createServices({ db, logger: createLogger("silent"), tzDefault: "UTC" });
    const cli = createServices({ db, logger: createLogger("silent"), tzDefault: "UTC" });
    const workspace = { id: "T2", enterpriseId: null };
    const setUp = (createdById: string) =>
      services.workspaceScope.run(workspace, async () => {
        await services.teams.create({ id: "C2", name: "sales", timeZone: "UTC", createdById });
        return (await services.teams.find("C2"))?.managerIds;
      });
    expect(await setUp("U1")).toEqual(["U1"]);
    await cli.installations.deleteWorkspace("T2");
    expect(await setUp("U2")).toEqual(["U2"]);
  });
});
