// Finding GoodCall's project folder from wherever its code runs (src/ under tsx, dist/ when compiled).
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, it } from "vitest";
import { findProjectRoot, projectRoot } from "../../src/db/root.ts";

it("finds the folder with package.json and prisma.config.ts, past a dist/ that has only a package.json", () => {
  const root = mkdtempSync(path.join(tmpdir(), "goodcall-root-"));
  writeFileSync(path.join(root, "package.json"), "{}");
  writeFileSync(path.join(root, "prisma.config.ts"), "");
  mkdirSync(path.join(root, "dist", "db"), { recursive: true });
  writeFileSync(path.join(root, "dist", "package.json"), '{"type":"module"}');
  expect(findProjectRoot(path.join(root, "dist", "db"))).toBe(root);
  expect(findProjectRoot(root)).toBe(root);
});

it("says what it looked for when there is no project folder above", () => {
  const lonely = mkdtempSync(path.join(tmpdir(), "goodcall-no-root-"));
  expect(() => findProjectRoot(lonely)).toThrow(/package\.json with prisma\.config\.ts/);
});

it("is this repository when run from src/", () => {
  expect(projectRoot).toBe(path.resolve(import.meta.dirname, "../.."));
});
