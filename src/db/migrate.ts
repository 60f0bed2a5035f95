// Applies Prisma's migrations to the database at a URL, creating the file and its folder if needed.
import { execFile } from "node:child_process";
import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { sqlitePath } from "./url.ts";

const run = promisify(execFile);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export async function migrate(databaseUrl: string): Promise<void> {
  mkdirSync(path.dirname(path.resolve(root, sqlitePath(databaseUrl))), { recursive: true });
  // NOTE: `prisma migrate deploy` is the one supported way to apply Prisma migrations; running the
  // CLI keeps our database identical to what `prisma migrate status` expects.
  const prismaCli = createRequire(import.meta.url).resolve("prisma/build/index.js");
  try {
    await run(process.execPath, [prismaCli, "migrate", "deploy"], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
    });
  } catch (error) {
    const { stdout = "", stderr = "" } = error as { stdout?: string; stderr?: string };
    throw new Error(`Database migration failed for ${databaseUrl}:\n${stderr || stdout}`);
  }
}
