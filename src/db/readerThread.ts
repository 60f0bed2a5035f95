// A second, read-only SQLite connection to the same file in a worker thread, as a Kysely database:
// the same queries, built and their rows converted here, run there, so that reading the next chunk of
// digests' weeks and composing this one use both cores (better-sqlite3 blocks the thread it runs on).
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import {
  type CompiledQuery,
  type DatabaseConnection,
  type Driver,
  Kysely,
  type QueryResult,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  sql,
} from "kysely";
import type { DB } from "../generated/kysely/types.ts";
import type { Db } from "./client.ts";
import { ClockColumnsPlugin, SqliteTypesPlugin, toSqliteValue } from "./dialect.ts";

const require = createRequire(import.meta.url);

// NOTE: plain JavaScript evaluated in the worker, which cannot load TypeScript under tsx or vitest
// (as src/report/chart.ts). query_only refuses any write: this connection is for reads alone. Each
// text is prepared once, as the main connection does (src/db/dialect.ts).
const READER = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma("busy_timeout = 5000");
db.pragma("query_only = ON");
const prepared = new Map();
parentPort.on("message", ({ id, sql, parameters }) => {
  try {
    let statement = prepared.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      prepared.set(sql, statement);
    }
    parentPort.postMessage({ id, rows: statement.all(...parameters) });
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
`;

/**
 * The reader's heap: it holds one query's rows at a time (a chunk's good calls are some 8 MB of JSON
 * text), and left to V8's defaults a second isolate's young generation alone would take tens of MB.
 */
const READER_HEAP = { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 64 };

interface Reply {
  id: number;
  rows?: Record<string, unknown>[];
  error?: string;
}

/** The worker and the queries sent to it that have not been answered yet. */
class ReaderConnection implements DatabaseConnection {
  readonly #worker: Worker;
  readonly #waiting = new Map<
    number,
    { resolve: (rows: Record<string, unknown>[]) => void; reject: (e: Error) => void }
  >();
  #next = 0;

  constructor(file: string) {
    this.#worker = new Worker(READER, {
      eval: true,
      workerData: { file, driver: require.resolve("better-sqlite3") },
      resourceLimits: READER_HEAP,
    });
    // Held only while a query waits for it: an idle reader never keeps the process alive.
    this.#worker.unref();
    this.#worker.on("message", (reply: Reply) => {
      const waiting = this.#waiting.get(reply.id);
      if (!waiting) return;
      this.#settled(reply.id);
      if (reply.error !== undefined) waiting.reject(new Error(reply.error));
      else waiting.resolve(reply.rows ?? []);
    });
    this.#worker.on("error", (error) => this.#failAll(error));
    this.#worker.on("exit", (code) =>
      this.#failAll(new Error(`the SQLite reader thread stopped (exit code ${code})`)),
    );
  }

  executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const id = this.#next++;
    const parameters = compiled.parameters.map(toSqliteValue);
    return new Promise<Record<string, unknown>[]>((resolve, reject) => {
      if (this.#waiting.size === 0) this.#worker.ref();
      this.#waiting.set(id, { resolve, reject });
      this.#worker.postMessage({ id, sql: compiled.sql, parameters });
    }).then((rows) => ({ rows: rows as R[] }));
  }

  // biome-ignore lint/correctness/useYield: never streams; Kysely's interface asks for the method.
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error("the SQLite reader thread does not stream");
  }

  async close(): Promise<void> {
    await this.#worker.terminate();
  }

  #settled(id: number): void {
    this.#waiting.delete(id);
    if (this.#waiting.size === 0) this.#worker.unref();
  }

  #failAll(error: Error): void {
    for (const [id, waiting] of this.#waiting) {
      this.#settled(id);
      waiting.reject(error);
    }
  }
}

class ReaderDriver implements Driver {
  readonly #file: string;
  #connection: ReaderConnection | undefined;

  constructor(file: string) {
    this.#file = file;
  }

  async init(): Promise<void> {
    this.#connection = new ReaderConnection(this.#file);
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    if (!this.#connection) throw new Error("the SQLite reader thread is not started");
    return this.#connection;
  }

  async beginTransaction(): Promise<void> {
    throw new Error("the SQLite reader thread only reads: no transactions");
  }

  async commitTransaction(): Promise<void> {
    throw new Error("the SQLite reader thread only reads: no transactions");
  }

  async rollbackTransaction(): Promise<void> {
    throw new Error("the SQLite reader thread only reads: no transactions");
  }

  async releaseConnection(): Promise<void> {}

  async destroy(): Promise<void> {
    await this.#connection?.close();
    this.#connection = undefined;
  }
}

/**
 * A read-only twin of `db` (SQLite, on a file) whose queries run in a worker thread; null when there
 * is no file to open a second connection to (an in-memory database). Destroy it when done.
 * NOTE: it reads what is committed, as `db` does outside a transaction: hand it only reads that
 * need not see an open transaction's writes.
 */
export async function openReaderThread(db: Db): Promise<Db | null> {
  if (db.kind !== "sqlite") return null;
  const { rows } = await sql<{
    file: string;
  }>`select file from pragma_database_list where name = 'main'`.execute(db);
  const file = rows[0]?.file;
  if (!file) return null;
  const reader = new Kysely<DB>({
    dialect: {
      createAdapter: () => new SqliteAdapter(),
      createDriver: () => new ReaderDriver(file),
      createIntrospector: (kysely) => new SqliteIntrospector(kysely),
      createQueryCompiler: () => new SqliteQueryCompiler(),
    },
    plugins: [new ClockColumnsPlugin(), new SqliteTypesPlugin()],
  });
  return Object.assign(reader, { kind: "sqlite" as const });
}
