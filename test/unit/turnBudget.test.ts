// Requests from Slack start in the order they came; while new connections arrive, a turn of the event
// loop starts them only within its budget and leaves the rest to the turns after (src/slack/turnBudget.ts).
import { expect, it } from "vitest";
import { TurnBudget } from "../../src/slack/turnBudget.ts";

/** The end of this turn's check phase and the start of the next turn's: where waiting work starts. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A budget of 1 ms on a clock the test moves. */
function budget() {
  let ms = 0;
  const turns = new TurnBudget(1, () => ms);
  return { turns, spend: (more: number) => (ms += more) };
}

it("starts everything at once while no new connection comes in, however long the turn", () => {
  const { turns, spend } = budget();
  const started: string[] = [];
  for (const name of ["a", "b", "c"]) {
    turns.run(() => started.push(name), false);
    spend(5);
  }
  expect(started).toEqual(["a", "b", "c"]);
});

it("while connections come in, starts work within the turn's budget and the rest in later turns, in order", async () => {
  const { turns, spend } = budget();
  const started: string[] = [];
  turns.run(() => started.push("a"), true);
  spend(0.5);
  turns.run(() => started.push("b"), true);
  spend(0.5);
  // The budget is spent: these wait, whether their connections are new or not.
  turns.run(() => started.push("c"), false);
  turns.run(() => started.push("d"), true);
  expect(started).toEqual(["a", "b"]);
  await nextTurn();
  // The next turn starts the first that waited; its budget counts from then.
  expect(started).toEqual(["a", "b", "c"]);
  spend(0.5);
  turns.run(() => started.push("e"), false);
  // Within that budget, what waited longest starts first.
  expect(started).toEqual(["a", "b", "c", "d"]);
  spend(0.5);
  turns.run(() => started.push("f"), false);
  expect(started).toEqual(["a", "b", "c", "d"]);
  await nextTurn();
  expect(started).toEqual(["a", "b", "c", "d", "e"]);
  // Two turns without a new connection: everything waiting has started, and the budget is off again.
  await nextTurn();
  await nextTurn();
  expect(started).toEqual(["a", "b", "c", "d", "e", "f"]);
  turns.run(() => started.push("g"), false);
  spend(5);
  turns.run(() => started.push("h"), false);
  expect(started).toEqual(["a", "b", "c", "d", "e", "f", "g", "h"]);
});

it("keeps the budget for the turn after one in which a connection came in", async () => {
  const { turns, spend } = budget();
  const started: string[] = [];
  turns.run(() => started.push("a"), true);
  await nextTurn();
  turns.run(() => started.push("b"), false);
  spend(1);
  turns.run(() => started.push("c"), false);
  expect(started).toEqual(["a", "b"]);
  await nextTurn();
  expect(started).toEqual(["a", "b", "c"]);
});

it("keeps the budget through turns without work (a turn that only accepted a connection)", async () => {
  const { turns, spend } = budget();
  const started: string[] = [];
  turns.run(() => started.push("a"), true);
  await nextTurn();
  // A turn in which nothing came in at all.
  await nextTurn();
  turns.run(() => started.push("b"), false);
  spend(1);
  turns.run(() => started.push("c"), false);
  expect(started).toEqual(["a", "b"]);
  await nextTurn();
  expect(started).toEqual(["a", "b", "c"]);
  // That turn had work and no new connection: the budget is off again.
  turns.run(() => started.push("d"), false);
  spend(5);
  turns.run(() => started.push("e"), false);
  expect(started).toEqual(["a", "b", "c", "d", "e"]);
});

it("starts what waits before what comes after it, once the budget is off too", async () => {
  const { turns, spend } = budget();
  const started: string[] = [];
  turns.run(() => started.push("a"), true);
  spend(1);
  turns.run(() => started.push("b"), false);
  turns.run(() => started.push("c"), false);
  await nextTurn();
  spend(1);
  turns.run(() => started.push("d"), false);
  expect(started).toEqual(["a", "b"]);
  await nextTurn();
  // No new connection in the last turn with work: no budget, but c and d came first.
  expect(started).toEqual(["a", "b", "c"]);
  turns.run(() => started.push("e"), false);
  expect(started).toEqual(["a", "b", "c", "d"]);
  await nextTurn();
  expect(started).toEqual(["a", "b", "c", "d", "e"]);
});

it("goes on with what waits when a piece of work throws", async () => {
  const { turns, spend } = budget();
  const started: string[] = [];
  turns.run(() => started.push("a"), true);
  spend(1);
  turns.run(() => {
    started.push("b");
    throw new Error("b failed");
  }, true);
  turns.run(() => started.push("c"), true);
  const thrown = new Promise<unknown>((resolve) => process.once("uncaughtException", resolve));
  await nextTurn();
  expect(await thrown).toEqual(new Error("b failed"));
  await nextTurn();
  expect(started).toEqual(["a", "b", "c"]);
});
