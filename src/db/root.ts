// Where GoodCall is installed: the folder holding package.json, prisma.config.ts and prisma/migrations.
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The nearest folder at or above `from` that holds both package.json and prisma.config.ts. */
export function findProjectRoot(from: string): string {
  // NOTE: walking up rather than counting "../.." keeps working wherever the module runs from:
  // src/db under tsx, dist/db when compiled, or any deeper layout a future build may choose. Asking
  // for prisma.config.ts too skips a package.json that only marks a folder (dist/) as ESM.
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, "package.json")) && existsSync(path.join(dir, "prisma.config.ts"))) {
      return dir;
    }
    if (path.dirname(dir) === dir) {
      throw new Error(
        `GoodCall's project folder (package.json with prisma.config.ts) was not found at or above ${from}`,
      );
    }
  }
}

/** GoodCall's project folder, found from this module's own location. */
export const projectRoot = findProjectRoot(path.dirname(fileURLToPath(import.meta.url)));
