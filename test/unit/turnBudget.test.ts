// Requests from Slack start in the order they came; while new connections arrive, a turn of the event
// loop starts them only within its budget and leaves the rest to the turns after (src/slack/turnBudget.ts).
import { expect, it } from "vitest";
import { TurnBudget } from "../../src/slack/turnBudget.ts";

/** The end of this turn's check phase and the start of the next turn's: where waiting work starts. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A budget of 1 ms on a clock the test moves; `start` hands it a piece of work that records its name when it starts. */
function budget() {
  let ms = 0;
  const turns = new TurnBudget(1, () => ms);
  const started: string[] = [];
  const start = (name: string, newConnection: boolean) => turns.run(() => started.push(name), newConnection);
  return { turns, started, start, spend: (more: number) => (ms += more) };
}

it("starts everything at once while no new connection comes in, however long the turn", () => {
  const { started, start, spend } = budget();
  for (const name of ["a", "b", "c"]) {
    start(name, false);
    spend(5);
  }
  expect(started).toEqual(["a", "b", "c"]);
});

it("while connections come in, starts work within the turn's budget and the rest in later turns, in order", async () => {
  const { started, start, spend } = budget();
  start("a", true);
  spend(0.5);
  start("b", true);
  spend(0.5);
  // The budget is spent: these wait, whether their connections are new or not.
  start("c", false);
  start("d", true);
  expect(started).toEqual(["a", "b"]);
  await nextTurn();
  // The next turn starts the first that waited; its budget counts from then.
  expect(started).toEqual(["a", "b", "c"]);
  spend(0.5);
  start("e", false);
  // Within that budget, what waited longest starts first.
  expect(started).toEqual(["a", "b", "c", "d"]);
  spend(0.5);
  start("f", false);
  expect(started).toEqual(["a", "b", "c", "d"]);
  await nextTurn();
  expect(started).toEqual(["a", "b", "c", "d", "e"]);
  // Two turns without a new connection: everything waiting has started, and the budget is off again.
  await nextTurn();
  await nextTurn();
  expect(started).toEqual(["a", "b", "c", "d", "e", "f"]);
  start("g", false);
  spend(5);
  start("h", false);
  expect(started).toEqual(["a", "b", "c", "d", "e", "f", "g", "h"]);
});

it("keeps the budget for the turn after one in which a connection came in", async () => {
  const { started, start, spend } = budget();
  start("a", true);
  await nextTurn();
  start("b", false);
  spend(1);
  start("c", false);
  expect(started).toEqual(["a", "b"]);
  await nextTurn();
  expect(started).toEqual(["a", "b", "c"]);
});

it("keeps the budget through turns without work (a turn that only accepted a connection)", async () => {
  const { started, start, spend } = budget();
  start("a", true);
  await nextTurn();
  // A turn in which nothing came in at all.
  await nextTurn();
  start("b", false);
  spend(1);
  start("c", false);
  expect(started).toEqual(["a", "b"]);
  await nextTurn();
  expect(started).toEqual(["a", "b", "c"]);
  // That turn had work and no new connection: the budget is off again.
  start("d", false);
  spend(5);
  start("e", false);
  expect(started).toEqual(["a", "b", "c", "d", "e"]);
});

it("starts what waits before what comes after it, once the budget is off too", async () => {
  const { started, start, spend } = budget();
  start("a", true);
  spend(1);
  start("b", false);
  start("c", false);
  await nextTurn();
  spend(1);
  start("d", false);
  expect(started).toEqual(["a", "b"]);
  await nextTurn();
  // No new connection in the last turn with work: no budget, but c and d came first.
  expect(started).toEqual(["a", "b", "c"]);
  start("e", false);
  expect(started).toEqual(["a", "b", "c", "d"]);
  await nextTurn();
  expect(started).toEqual(["a", "b", "c", "d", "e"]);
});

it("goes on with what waits when a piece of work throws", async () => {
  const { turns, started, start, spend } = budget();
  start("a", true);
  spend(1);
  turns.run(() => {
    started.push("b");
    throw new Error("b failed");
  }, true);
  start("c", true);
  const thrown = new Promise<unknown>((resolve) => process.once("uncaughtException", resolve));
  await nextTurn();
  expect(await thrown).toEqual(new Error("b failed"));
  await nextTurn();
  expect(started).toEqual(["a", "b", "c"]);
});
