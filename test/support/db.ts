// A fresh, migrated database for one test file or app: on SQLite a copy of the template file made
// in globalSetup, on PostgreSQL a new database made from the template database.
import { randomBytes } from "node:crypto";
import { copyFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { inject } from "vitest";

/** Which database this test project runs on (vitest.config.ts: one project per database). */
export function testDatabaseKind(): "sqlite" | "postgresql" {
  return inject("databaseKind");
}

export function databaseUrlNamed(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function freshDatabaseUrl(): Promise<string> {
  if (inject("databaseKind") === "postgresql") {
    const server = inject("postgresServer");
    const name = `${inject("databasePrefix")}_${randomBytes(6).toString("hex")}`;
    const client = new pg.Client({ connectionString: server });
    await client.connect();
    try {
      await client.query(`CREATE DATABASE "${name}" TEMPLATE "${inject("templateDb")}"`);
    } finally {
      await client.end();
    }
    return databaseUrlNamed(server, name);
  }
  const dir = mkdtempSync(path.join(tmpdir(), "goodcall-test-"));
  const file = path.join(dir, "test.db");
  copyFileSync(inject("templateDb"), file);
  return `file:${file}`;
}
