// Requests from Slack start one per turn of the event loop, in the order they came (src/slack/envelope.ts).
import { expect, it } from "vitest";
import { OnePerTurn } from "../../src/slack/envelope.ts";

/** The end of this turn's check phase and the start of the next turn's: where the next work starts. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

it("starts the first piece of work at once and each of the others in a turn of its own, in order", async () => {
  const turns = new OnePerTurn();
  const started: string[] = [];
  for (const name of ["a", "b", "c"]) turns.run(() => started.push(name));
  expect(started).toEqual(["a"]);
  await nextTurn();
  expect(started).toEqual(["a", "b"]);
  await nextTurn();
  expect(started).toEqual(["a", "b", "c"]);
  await nextTurn();
  // Nothing waits any more: the next piece of work starts at once again.
  turns.run(() => started.push("d"));
  expect(started).toEqual(["a", "b", "c", "d"]);
});

it("starts work that comes in a later turn at once when nothing waits", async () => {
  const turns = new OnePerTurn();
  const started: number[] = [];
  for (let i = 0; i < 3; i++) {
    turns.run(() => started.push(i));
    expect(started).toEqual(Array.from({ length: i + 1 }, (_, j) => j));
    await nextTurn();
  }
});

it("goes on with what waits when a piece of work throws", async () => {
  const turns = new OnePerTurn();
  const started: string[] = [];
  turns.run(() => started.push("a"));
  turns.run(() => {
    started.push("b");
    throw new Error("b failed");
  });
  turns.run(() => started.push("c"));
  const thrown = new Promise<unknown>((resolve) => process.once("uncaughtException", resolve));
  await nextTurn();
  expect(await thrown).toEqual(new Error("b failed"));
  await nextTurn();
  expect(started).toEqual(["a", "b", "c"]);
});
