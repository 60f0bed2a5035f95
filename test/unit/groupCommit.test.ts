// Writes asked for in one turn of the event loop go to the database together; each caller hears of its own.
import { afterEach, describe, expect, it, vi } from "vitest";
import { groupCommit } from "../../src/db/groupCommit.ts";

/** A group-committing write over a record of what was written how; `refuse` fails that item and any group with it. */
function writes(options: { refuse?: string } = {}) {
  const calls: { kind: "one" | "all"; items: string[] }[] = [];
  const one = async (item: string) => {
    calls.push({ kind: "one", items: [item] });
    if (item === options.refuse) throw new Error(`refused ${item}`);
    return `saved ${item}`;
  };
  const all = async (items: readonly string[]) => {
    calls.push({ kind: "all", items: [...items] });
    if (options.refuse !== undefined && items.includes(options.refuse)) throw new Error("group refused");
    return items.map((item) => `saved ${item}`);
  };
  return { write: groupCommit(one, all), calls };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("groupCommit", () => {
  it("writes what is asked for in one turn together, and answers each caller with its own result", async () => {
    const { write, calls } = writes();
    const results = await Promise.all([write("a"), write("b"), write("c")]);
    expect(results).toEqual(["saved a", "saved b", "saved c"]);
    expect(calls).toEqual([{ kind: "all", items: ["a", "b", "c"] }]);
  });

  it("writes a lone write on its own, and writes of a later turn in a group of their own", async () => {
    const { write, calls } = writes();
    expect(await write("a")).toBe("saved a");
    await Promise.all([write("b"), write("c")]);
    expect(calls).toEqual([
      { kind: "one", items: ["a"] },
      { kind: "all", items: ["b", "c"] },
    ]);
  });

  it("holds nothing back until the caller's own work ends: the group is written at the end of the turn", async () => {
    const { write, calls } = writes();
    const first = write("a");
    // Still this turn: more work (another request's) joins the same group.
    await Promise.resolve();
    const second = write("b");
    expect(calls).toEqual([]);
    await Promise.all([first, second]);
    expect(calls).toEqual([{ kind: "all", items: ["a", "b"] }]);
  });

  it("when a group fails, tries each write on its own, so only the bad one fails", async () => {
    const { write, calls } = writes({ refuse: "b" });
    const results = await Promise.allSettled([write("a"), write("b"), write("c")]);
    expect(results).toEqual([
      { status: "fulfilled", value: "saved a" },
      { status: "rejected", reason: new Error("refused b") },
      { status: "fulfilled", value: "saved c" },
    ]);
    expect(calls.map((c) => c.kind)).toEqual(["all", "one", "one", "one"]);
  });

  it("a group answering for another number of writes fails every caller and writes nothing again", async () => {
    const written: string[] = [];
    const one = async (item: string) => {
      written.push(item);
      return `one ${item}`;
    };
    const write = groupCommit(one, async () => ["only one answer"]);
    const results = await Promise.allSettled([write("a"), write("b")]);
    expect(results).toEqual([
      { status: "rejected", reason: new Error("a group write of 2 answered for 1") },
      { status: "rejected", reason: new Error("a group write of 2 answered for 1") },
    ]);
    expect(written).toEqual([]);
  });

  it("is not held back by a test's fake timers", async () => {
    const { write } = writes();
    vi.useFakeTimers();
    expect(await Promise.all([write("a"), write("b")])).toEqual(["saved a", "saved b"]);
    expect(await write("c")).toBe("saved c");
  });

  it("a failing group write fails every caller once none of them can be written", async () => {
    const one = async (item: string): Promise<string> => {
      throw new Error(`no ${item}`);
    };
    const write = groupCommit(one, async () => {
      throw new Error("database gone");
    });
    const results = await Promise.allSettled([write("a"), write("b")]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected"]);
  });
});
