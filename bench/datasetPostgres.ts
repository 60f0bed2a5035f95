// A digest dataset's PostgreSQL twin: the same rows as its SQLite file (copied from it, so they are
// the same by construction), in a database goodcall_bench_<fingerprint> on BENCH_DATABASE_URL's
// server, cached between runs like the file. Loaded with COPY FREEZE, indexes and foreign keys added
// after the load, then ANALYZE.
import Database from "better-sqlite3";
import pg from "pg";
import { migrate } from "../src/db/migrate.ts";
import { type Counts, type Dataset, dataFingerprint, expectedCounts, sameCounts } from "./dataset.ts";

/** The tables the dataset fills, parents first; the others stay empty. */
const TABLES = ["Team", "TeamManager", "TeamMember", "GoodCall", "Story", "Appreciation"] as const;
/** The big ones: their indexes and foreign keys are dropped for the load and rebuilt after it. */
const ENTRY_TABLES = ["GoodCall", "Story", "Appreciation"];

export interface PostgresDataset {
  /** DATABASE_URL of the twin. */
  url: string;
  database: string;
  reused: boolean;
  buildSeconds: number;
  counts: Counts;
  bytes: number;
}

/** `serverUrl` with another database name (user, host, port and options kept). */
export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function withClient<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

export async function databaseExists(serverUrl: string, database: string): Promise<boolean> {
  return withClient(serverUrl, async (client) => {
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    return found.rowCount === 1;
  });
}

/** A new empty database (replacing one of that name); `options` are CREATE DATABASE's, e.g. a collation. */
export async function createDatabase(serverUrl: string, database: string, options = ""): Promise<void> {
  await withClient(serverUrl, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${database}" ${options}`);
  });
}

export async function dropDatabase(serverUrl: string, database: string): Promise<void> {
  await withClient(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`));
}

async function countRows(url: string): Promise<Counts> {
  return withClient(url, async (client) => {
    const { rows } = await client.query<{ [K in keyof Counts]: string }>(
      `SELECT (SELECT COUNT(*) FROM "Team") AS teams, (SELECT COUNT(*) FROM "GoodCall") AS "goodCalls",
              (SELECT COUNT(*) FROM "Story") AS stories, (SELECT COUNT(*) FROM "Appreciation") AS appreciations`,
    );
    const row = rows[0];
    if (!row) throw new Error("no counts");
    return {
      teams: Number(row.teams),
      goodCalls: Number(row.goodCalls),
      stories: Number(row.stories),
      appreciations: Number(row.appreciations),
    };
  });
}

async function databaseBytes(url: string): Promise<number> {
  return withClient(url, async (client) => {
    const { rows } = await client.query<{ bytes: string }>(
      "SELECT pg_database_size(current_database()) AS bytes",
    );
    return Number(rows[0]?.bytes ?? 0);
  });
}

/** The twin if it is there with the expected rows (new migrations applied to it); else a new copy. */
export async function ensurePostgresDataset(
  serverUrl: string,
  dataset: Dataset,
  log: (line: string) => void,
): Promise<PostgresDataset> {
  const database = `goodcall_bench_${dataFingerprint(dataset.spec)}`;
  const url = databaseUrl(serverUrl, database);
  if (await databaseExists(serverUrl, database)) {
    try {
      const counts = await countRows(url);
      if (sameCounts(counts, expectedCounts(dataset.spec))) {
        await migrate(url);
        log(`reusing cached PostgreSQL dataset ${database}`);
        return { url, database, reused: true, buildSeconds: 0, counts, bytes: await databaseBytes(url) };
      }
      log(`cached PostgreSQL dataset ${database} has unexpected rows; rebuilding`);
    } catch (error) {
      log(`cached PostgreSQL dataset ${database} unusable (${String(error).split("\n")[0]}); rebuilding`);
    }
  }
  const started = performance.now();
  // Built under another name and renamed when complete, so an interrupted build is never reused.
  const building = `${database}_building`;
  // NOTE: the C collation sorts text by its bytes, which lets CREATE INDEX compare abbreviated keys:
  // the text indexes build about twice as fast. Ids and tags are ASCII and every ORDER BY of a digest
  // is on dates and ids, so the queries return and plan the same as under the server's default.
  await createDatabase(serverUrl, building, "TEMPLATE template0 LC_COLLATE 'C'");
  await migrate(databaseUrl(serverUrl, building));
  await withClient(databaseUrl(serverUrl, building), (client) => load(client, dataset.file, log));
  await withClient(serverUrl, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await client.query(`ALTER DATABASE "${building}" RENAME TO "${database}"`);
  });
  const counts = await countRows(url);
  const buildSeconds = (performance.now() - started) / 1000;
  return { url, database, reused: false, buildSeconds, counts, bytes: await databaseBytes(url) };
}

async function load(client: pg.Client, file: string, log: (line: string) => void): Promise<void> {
  // NOTE: sorting for CREATE INDEX in memory instead of in temporary files; this session only.
  await client.query("SET maintenance_work_mem = '1GB'");
  const { rows: indexes } = await client.query<{ name: string; sql: string }>(
    `SELECT i.indexname AS name, i.indexdef AS sql FROM pg_indexes i
     WHERE i.schemaname = current_schema() AND i.tablename = ANY($1)
       AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
    [ENTRY_TABLES],
  );
  const { rows: foreignKeys } = await client.query<{ table: string; name: string; definition: string }>(
    `SELECT t.relname AS table, c.conname AS name, pg_get_constraintdef(c.oid) AS definition
     FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
     WHERE c.contype = 'f' AND t.relname = ANY($1)`,
    [ENTRY_TABLES],
  );
  for (const fk of foreignKeys) await client.query(`ALTER TABLE "${fk.table}" DROP CONSTRAINT "${fk.name}"`);
  for (const index of indexes) await client.query(`DROP INDEX "${index.name}"`);

  const sqlite = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const started = performance.now();
    // NOTE: FREEZE writes the rows as already frozen and visible to all, which a COPY may do into
    // tables emptied in its own transaction; without it the first VACUUM would rewrite every page,
    // and index-only scans would visit the heap until then.
    await client.query("BEGIN");
    await client.query(`TRUNCATE ${TABLES.map((t) => `"${t}"`).join(", ")} CASCADE`);
    for (const table of TABLES) {
      const t = performance.now();
      const rows = await copyTable(client, sqlite, table);
      log(
        `  copied ${rows.toLocaleString("en")} ${table} rows in ${((performance.now() - t) / 1000).toFixed(1)} s`,
      );
    }
    await client.query("COMMIT");
    log(`  loaded in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    sqlite.close();
  }

  const indexStarted = performance.now();
  for (const index of indexes) await client.query(index.sql);
  const keysStarted = performance.now();
  for (const fk of foreignKeys) {
    await client.query(`ALTER TABLE "${fk.table}" ADD CONSTRAINT "${fk.name}" ${fk.definition}`);
  }
  log(
    `  rebuilt ${indexes.length} indexes in ${((keysStarted - indexStarted) / 1000).toFixed(1)} s, checked ${foreignKeys.length} foreign keys in ${((performance.now() - keysStarted) / 1000).toFixed(1)} s`,
  );
  // Rows were copied with their ids: the sequences continue after them, as they would in the app.
  for (const table of ENTRY_TABLES) {
    await client.query(
      `SELECT setval(pg_get_serial_sequence('"${table}"', 'id'), (SELECT MAX(id) FROM "${table}"))`,
    );
  }
  // NOTE: unlike the SQLite file (never ANALYZEd, as the app never does), PostgreSQL's autovacuum
  // analyzes a table soon after a load like this by itself: ANALYZE now gives the plans a live server
  // would choose, rather than plans that change a minute into the benchmark.
  const analyzeStarted = performance.now();
  await client.query("ANALYZE");
  log(`  analyzed in ${((performance.now() - analyzeStarted) / 1000).toFixed(1)} s`);
}

/** The columns both databases have, in the SQLite table's order, with SQLite's declared type. */
async function sharedColumns(
  client: pg.Client,
  sqlite: Database.Database,
  table: string,
): Promise<Array<{ name: string; type: string }>> {
  const { rows } = await client.query<{ name: string }>(
    "SELECT column_name AS name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1",
    [table],
  );
  const inPostgres = new Set(rows.map((r) => r.name));
  const inSqlite = sqlite.prepare(`PRAGMA table_info("${table}")`).all() as Array<{
    name: string;
    type: string;
  }>;
  return inSqlite.filter((c) => inPostgres.has(c.name));
}

/**
 * A column's value in COPY's text format, as SQL for SQLite to compute. SQLite's 0/1 booleans and
 * "…+00:00" dates are what PostgreSQL's boolean and timestamptz inputs accept as they are.
 */
function copyText(column: { name: string; type: string }): string {
  const value = `"${column.name}"`;
  if (column.type === "INTEGER" || column.type === "BOOLEAN") return `ifnull(${value}, '\\N')`;
  const escaped = `replace(replace(replace(replace(${value}, '\\', '\\\\'), char(9), '\\t'), char(10), '\\n'), char(13), '\\r')`;
  return `ifnull(${escaped}, '\\N')`;
}

/**
 * The table's rows in COPY text format, 5,000 at a time. NOTE: SQLite writes the lines (one call per
 * batch, not one per row and value): in JavaScript, formatting took twice the CPU, and it is what
 * limits the load's speed.
 */
function* copyChunks(
  sqlite: Database.Database,
  table: string,
  columns: Array<{ name: string; type: string }>,
): Generator<Buffer> {
  const line = columns.map(copyText).join(" || char(9) || ");
  const batch = sqlite
    .prepare(
      `SELECT group_concat(${line}, char(10)) || char(10) FROM "${table}" WHERE rowid >= ? AND rowid < ?`,
    )
    .pluck();
  const { low, high } = sqlite
    .prepare(`SELECT MIN(rowid) AS low, MAX(rowid) AS high FROM "${table}"`)
    .get() as { low: number | null; high: number | null };
  if (low === null || high === null) return;
  for (let from = low; from <= high; from += COPY_BATCH) {
    const text = batch.get(from, from + COPY_BATCH) as string | null;
    if (text !== null) yield Buffer.from(text);
  }
}

const COPY_BATCH = 5000;

async function copyTable(client: pg.Client, sqlite: Database.Database, table: string): Promise<number> {
  const columns = await sharedColumns(client, sqlite, table);
  return copyFrom(
    client,
    `COPY "${table}" (${columns.map((c) => `"${c.name}"`).join(", ")}) FROM STDIN (FREEZE)`,
    copyChunks(sqlite, table, columns),
  );
}

/** What of pg's connection a COPY FROM STDIN uses. */
interface CopyConnection {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
  stream: NodeJS.WritableStream & { writableNeedDrain: boolean };
}

/**
 * Runs `COPY … FROM STDIN` with `chunks` as its data; resolves with the rows copied. COPY is about
 * seven times faster here than multi-row INSERTs of arrays (unnest), and pg speaks its protocol
 * only to a query object like this one (the interface pg-copy-streams implements, which this
 * project does not depend on).
 */
function copyFrom(client: pg.Client, sql: string, chunks: Iterator<Buffer>): Promise<number> {
  return new Promise((resolve, reject) => {
    let failed = false;
    let copied = 0;
    const query = {
      submit(connection: CopyConnection) {
        connection.query(sql);
      },
      handleCopyInResponse(connection: CopyConnection) {
        const pump = () => {
          while (!failed) {
            const next = chunks.next();
            if (next.done) {
              connection.endCopyFrom();
              return;
            }
            connection.sendCopyFromChunk(next.value);
            if (connection.stream.writableNeedDrain) {
              connection.stream.once("drain", pump);
              return;
            }
          }
        };
        pump();
      },
      handleCommandComplete(message: { text: string }) {
        copied = Number(/^COPY (\d+)/.exec(message.text)?.[1] ?? 0);
      },
      handleReadyForQuery() {
        resolve(copied);
      },
      handleError(error: Error) {
        failed = true;
        reject(error);
      },
      handleRowDescription() {},
      handleDataRow() {},
      handleEmptyQuery() {},
      handlePortalSuspended() {},
      handleCopyData() {},
    };
    client.query(query as unknown as pg.Submittable);
  });
}
