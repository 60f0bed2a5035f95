// Structured logs (pino). What people type and every secret stay out: we log ids and counts only,
// and redact the fields that could carry them in case an error object brings them along.
import { write as writeFd } from "node:fs";
import { type Logger as BoltLogger, LogLevel } from "@slack/bolt";
import { pino } from "pino";
import { ConfigError } from "./config.ts";

export type Logger = pino.Logger;

const REDACTED_PATHS = [
  "token",
  "*.token",
  "authorization",
  "*.authorization",
  "headers.authorization",
  "*.headers.authorization",
  "signingSecret",
  "*.signingSecret",
  "text",
  "*.text",
  "blocks",
  "*.blocks",
  "view",
  "*.view",
  "data.response_metadata",
  "*.data.response_metadata",
];

/** A log destination that can be given a moment to write out what it holds before the process exits. */
export interface LogOutput extends pino.DestinationStream {
  /** Resolves once every accepted line is written, output has failed, or `timeoutMs` has passed. */
  drain(timeoutMs: number): Promise<void>;
  /** Lines lost because output failed or backed up. */
  dropped(): number;
}

// NOTE: about 8 MB of log lines waiting for a stalled reader; beyond that new lines are dropped so a
// log shipper that stops reading costs neither memory without bound nor a blocked app.
const MAX_QUEUED_BYTES = 8 * 1024 * 1024;
const RETRY_BUSY_MS = 50;

/**
 * Log lines to a file descriptor (stdout by default) that never block the app and never throw.
 *
 * NOTE: pino's own destination flushes synchronously when the process exits, and its flush retries a
 * write that fails with EPIPE forever: with the reader of stdout gone, `process.exit` never returned
 * and SIGTERM left a hung process. Here writes run on libuv's thread pool one batch at a time, a
 * failed output is given up for good (a lost log line is acceptable; a hung process is not), and
 * nothing runs at exit: a caller that wants the last lines out awaits `drain` with a bound.
 */
export function logOutput(fd = 1, maxQueuedBytes = MAX_QUEUED_BYTES): LogOutput {
  let queue: string[] = [];
  let queuedBytes = 0;
  let writing = false;
  let broken = false;
  let dropped = 0;
  const idle = new Set<() => void>();

  const settle = () => {
    writing = false;
    for (const resolve of idle) resolve();
    idle.clear();
  };
  const giveUp = (lines: number) => {
    broken = true;
    dropped += lines + queue.length;
    queue = [];
    queuedBytes = 0;
    settle();
  };
  const writeBatch = (buffer: Buffer, offset: number, lines: number) => {
    writeFd(fd, buffer, offset, buffer.length - offset, null, (error, written) => {
      if (error) {
        // A non-blocking pipe that is full is not broken; anything else (EPIPE, EBADF, EIO) is.
        if (error.code === "EAGAIN") {
          setTimeout(() => writeBatch(buffer, offset, lines), RETRY_BUSY_MS).unref();
        } else {
          giveUp(lines);
        }
        return;
      }
      if (offset + written < buffer.length) writeBatch(buffer, offset + written, lines);
      else next();
    });
  };
  const next = () => {
    if (broken || queue.length === 0) return settle();
    writing = true;
    const lines = queue;
    queue = [];
    queuedBytes = 0;
    writeBatch(Buffer.from(lines.join("")), 0, lines.length);
  };

  return {
    write(line: string) {
      if (broken || queuedBytes + line.length > maxQueuedBytes) {
        dropped++;
        return;
      }
      queue.push(line);
      queuedBytes += line.length;
      if (!writing) next();
    },
    drain(timeoutMs: number) {
      if (!writing) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, timeoutMs);
        timer.unref();
        idle.add(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
    dropped: () => dropped,
  };
}

/**
 * Writes to stdout and stderr that fail (their reader has gone) must not crash the app: Node emits
 * such failures as 'error' events on the streams, and an 'error' without a listener is fatal.
 */
export function survivesLostOutput(): void {
  for (const stream of [process.stdout, process.stderr]) stream.on("error", () => {});
}

// Only errors we throw ourselves carry messages we wrote; a library's message may quote what a person
// typed (database drivers quote values in messages and details: 'invalid input syntax for type
// integer: "…"', 'Key (teamId)=(…) is not present').
const OUR_ERRORS: ReadonlyArray<abstract new (...args: never[]) => Error> = [ConfigError];
const MAX_CAUSE_DEPTH = 3;

// A V8 stack frame: "    at fn (file:line:col)", "    at file:line:col", "    at fn (native)".
const FRAME = /^ {4}at (?:.+ \()?(?:[a-z]+:|\/|[A-Za-z]:\\|<anonymous>|native)[^\n]*$/u;

/** The stack's frames without the message that V8 puts on its first lines. */
function framesOf(error: Error): string | undefined {
  if (typeof error.stack !== "string") return undefined;
  const frames = error.stack.split("\n").filter((line) => FRAME.test(line));
  return frames.length > 0 ? frames.join("\n") : undefined;
}

function stringOrNumber(value: unknown): string | number | undefined {
  return typeof value === "string" || typeof value === "number" ? value : undefined;
}

/**
 * How an error is logged: its class, codes (Node's, Slack's, the database's), the names of the
 * constraint and table a database refused a write on, status and stack frames, and its message only
 * if it is one of ours.
 */
export function serializeError(error: unknown, depth = 0): Record<string, unknown> {
  if (!(error instanceof Error)) {
    // A thrown string or object is as likely to carry a person's text as a message is.
    return { type: typeof error };
  }
  const e = error as Error & {
    code?: unknown;
    constraint?: unknown;
    table?: unknown;
    statusCode?: unknown;
    syscall?: unknown;
    data?: { error?: unknown };
  };
  const ours = OUR_ERRORS.some((kind) => error instanceof kind);
  const fields: Record<string, unknown> = {
    type: error.constructor?.name ?? "Error",
    name: error.name,
    ...(ours ? { message: error.message } : {}),
    code: stringOrNumber(e.code),
    slackError: stringOrNumber(e.data?.error),
    constraint: stringOrNumber(e.constraint),
    table: stringOrNumber(e.table),
    statusCode: stringOrNumber(e.statusCode),
    syscall: stringOrNumber(e.syscall),
    stack: framesOf(error),
    cause:
      error.cause !== undefined && depth < MAX_CAUSE_DEPTH
        ? serializeError(error.cause, depth + 1)
        : undefined,
  };
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}

export function createLogger(level: string, destination: pino.DestinationStream = logOutput()): Logger {
  return pino(
    {
      level,
      base: { app: "goodcall" },
      redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
      timestamp: pino.stdTimeFunctions.isoTime,
      serializers: { err: serializeError, error: serializeError },
      hooks: {
        // NOTE: pino turns `logger.error(error)` into a line whose msg is the error's message; log
        // such a call as `{ err }` with the error's class as the message instead.
        logMethod(args, method) {
          const [first, ...rest] = args;
          if (first instanceof Error) {
            // The class (pg's errors are all named "error"; their class says DatabaseError).
            const msg = typeof rest[0] === "string" ? rest[0] : (first.constructor?.name ?? first.name);
            return method.apply(this, [{ err: first }, msg]);
          }
          return method.apply(this, args);
        },
      },
    },
    destination,
  );
}

/** What Bolt's log arguments say, with errors described by class and code, never by their message. */
function describeArgs(args: unknown[]): string {
  return args
    .map((arg) => {
      if (!(arg instanceof Error)) return String(arg);
      const { type, code, slackError } = serializeError(arg);
      return [type, code, slackError].filter((part) => part !== undefined).join(" ");
    })
    .join(" ");
}

/** Bolt wants its own logger interface; this routes it into ours, marked as Bolt's. */
export function boltLogger(logger: Logger): BoltLogger {
  const child = logger.child({ source: "bolt" });
  return {
    // NOTE: at debug level the Web API client logs whole request and response bodies, which carry
    // what people typed; those never go to our logs.
    debug: () => {},
    info: (...msg) => child.info(describeArgs(msg)),
    warn: (...msg) => child.warn(describeArgs(msg)),
    error: (...msg) => child.error(describeArgs(msg)),
    // NOTE: our LOG_LEVEL governs; Bolt's own level requests are ignored.
    setLevel: () => {},
    getLevel: () => (child.level as LogLevel) ?? LogLevel.INFO,
    setName: () => {},
  };
}
