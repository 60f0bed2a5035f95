// The log output never blocks or throws: a lost line is acceptable, a hung or crashed app is not.
import { execFileSync } from "node:child_process";
import { closeSync, constants, mkdtempSync, openSync, readFileSync, readSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, it } from "vitest";
import { createLogger, logOutput } from "../../src/logger.ts";

function tempFile() {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "goodcall-log-")), "out.log");
  return { file, fd: openSync(file, "w") };
}

it("writes every line in order and drains", async () => {
  const { file, fd } = tempFile();
  const output = logOutput(fd);
  const logger = createLogger("info", output);
  for (let i = 0; i < 500; i++) logger.info({ i }, "line");
  await output.drain(5_000);
  closeSync(fd);
  const lines = readFileSync(file, "utf8").trim().split("\n");
  expect(lines.map((line) => (JSON.parse(line) as { i: number }).i)).toEqual([...Array(500).keys()]);
  expect(output.dropped()).toBe(0);
});

it("gives up on an output that fails, without throwing, and drains at once", async () => {
  // A descriptor nobody opened fails every write with EBADF, as a closed pipe fails with EPIPE.
  const output = logOutput(987_654);
  const logger = createLogger("info", output);
  logger.info("first");
  const started = Date.now();
  await output.drain(5_000);
  expect(Date.now() - started).toBeLessThan(1_000);
  expect(() => logger.info("after the failure")).not.toThrow();
  expect(output.dropped()).toBe(2);
});

it("drops lines beyond its queue instead of holding them without bound", async () => {
  const { file, fd } = tempFile();
  const output = logOutput(fd, 1_000);
  // The first line goes out at once; the queue behind it holds at most 1000 bytes.
  for (let i = 0; i < 200; i++) output.write(`${"x".repeat(98)}\n`);
  await output.drain(5_000);
  closeSync(fd);
  const written = readFileSync(file, "utf8").split("\n").length - 1;
  expect(written).toBe(11);
  expect(output.dropped()).toBe(189);
});

it("keeps the app running while its reader has stalled, and stops waiting at the drain deadline", async () => {
  // A pipe nobody reads from: once its buffer is full, a write to it waits until someone reads.
  const fifo = path.join(mkdtempSync(path.join(tmpdir(), "goodcall-log-")), "pipe");
  execFileSync("mkfifo", [fifo]);
  const fd = openSync(fifo, constants.O_RDWR);
  const output = logOutput(fd, 64 * 1024);
  const started = Date.now();
  for (let i = 0; i < 5_000; i++) output.write(`${"x".repeat(99)}\n`);
  expect(Date.now() - started).toBeLessThan(1_000);
  await output.drain(300);
  expect(Date.now() - started).toBeLessThan(2_000);
  expect(output.dropped()).toBeGreaterThan(0);
  // Read the pipe empty so the write left waiting in the thread pool can finish.
  const reader = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
  const buffer = Buffer.alloc(64 * 1024);
  for (let i = 0; i < 100; i++) {
    try {
      readSync(reader, buffer);
    } catch {
      // EAGAIN: nothing to read right now.
    }
    await output.drain(10);
  }
  closeSync(reader);
  closeSync(fd);
});
