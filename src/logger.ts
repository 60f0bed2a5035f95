// Structured logs (pino). What people type and every secret stay out: we log ids and counts only,
// and redact the fields that could carry them in case an error object brings them along.
import { type Logger as BoltLogger, LogLevel } from "@slack/bolt";
import { pino } from "pino";

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

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { app: "goodcall" },
      redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}

/** Bolt wants its own logger interface; this routes it into ours, marked as Bolt's. */
export function boltLogger(logger: Logger): BoltLogger {
  const child = logger.child({ source: "bolt" });
  const join = (msg: unknown[]) => msg.map((m) => (m instanceof Error ? m.message : String(m))).join(" ");
  return {
    // NOTE: at debug level the Web API client logs whole request and response bodies, which carry
    // what people typed; those never go to our logs.
    debug: () => {},
    info: (...msg) => child.info(join(msg)),
    warn: (...msg) => child.warn(join(msg)),
    error: (...msg) => child.error(join(msg)),
    // NOTE: our LOG_LEVEL governs; Bolt's own level requests are ignored.
    setLevel: () => {},
    getLevel: () => (child.level as LogLevel) ?? LogLevel.INFO,
    setName: () => {},
  };
}
