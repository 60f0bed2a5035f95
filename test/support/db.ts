// A fresh, migrated SQLite file for one test file: a copy of the template made in globalSetup.
import { copyFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { inject } from "vitest";

export function freshDatabaseUrl(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "goodcall-test-"));
  const file = path.join(dir, "test.db");
  copyFileSync(inject("templateDb"), file);
  return `file:${file}`;
}
