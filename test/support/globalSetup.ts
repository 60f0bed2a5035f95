// Migrates one template database with the real migrations, once per test project (one per
// database: vitest.config.ts); each test file or app copies it (see db.ts), so every test hits a
// real database without paying for migrations.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { migrate } from "../../src/db/migrate.ts";
import { databaseUrlNamed } from "./db.ts";

declare module "vitest" {
  export interface ProvidedContext {
    databaseKind: "sqlite" | "postgresql";
    /** SQLite: the template file; PostgreSQL: the template database's name. */
    templateDb: string;
    /** PostgreSQL: a URL of the server that may create databases, and this run's database names' prefix. */
    postgresServer: string;
    databasePrefix: string;
  }
}

// NOTE: tests start the CLI and the app as a deployment does, compiled (test/support/cli.ts): about a
// second faster per process than through tsx. Built once per run, before any test starts, so no test
// sees dist/ half rewritten; both projects' setups share the one build.
let built: Promise<void> | undefined;

export default async function setup(project: TestProject) {
  built ??= import("../../bin/compiled.js").then(({ compiled }) => {
    compiled("cli");
  });
  await built;
  if (project.name === "postgresql") return setupPostgres(project);
  if (!process.env.TEST_DATABASE_URL) {
    console.warn(
      "[goodcall] Running the suite on SQLite only. To run it on PostgreSQL as well (CI always does), set TEST_DATABASE_URL to a server where the user may create databases, e.g. TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres npm test",
    );
  }
  const dir = mkdtempSync(path.join(tmpdir(), "goodcall-template-"));
  const file = path.join(dir, "template.db");
  await migrate(`file:${file}`);
  project.provide("databaseKind", "sqlite");
  project.provide("templateDb", file);
  project.provide("postgresServer", "");
  project.provide("databasePrefix", "");
  return () => rmSync(dir, { recursive: true, force: true });
}

async function setupPostgres(project: TestProject) {
  const server = process.env.TEST_DATABASE_URL ?? "";
  const prefix = `goodcall_test_${randomBytes(4).toString("hex")}`;
  const template = `${prefix}_template`;
  const admin = new pg.Client({ connectionString: server });
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(`Cannot reach PostgreSQL at TEST_DATABASE_URL (${String(error)})`);
  }
  await admin.query(`CREATE DATABASE "${template}"`);
  await migrate(databaseUrlNamed(server, template));
  project.provide("databaseKind", "postgresql");
  project.provide("templateDb", template);
  project.provide("postgresServer", server);
  project.provide("databasePrefix", prefix);
  return async () => {
    const { rows } = await admin.query("SELECT datname FROM pg_database WHERE datname LIKE $1", [
      `${prefix}%`,
    ]);
    for (const row of rows) await admin.query(`DROP DATABASE IF EXISTS "${row.datname}" WITH (FORCE)`);
    await admin.end();
  };
}
