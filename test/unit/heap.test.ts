import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");

// Objects of one literal site, all kept: V8 finds most of them alive at each collection, the case
// where allocation-site pretenuring decides to allocate the site's objects in the old generation.
const WORKLOAD = `const kept = []; for (let i = 0; i < 300000; i++) kept.push({ i, s: "x" + i }); console.log(kept.length);`;

/**
 * The allocation sites V8 reports feedback for at its collections, in a child that first runs
 * `before`, then the workload: the "created" count of each report.
 */
function sitesReported(before: string): number[] {
  const child = spawnSync(
    process.execPath,
    [
      "--trace-pretenuring-statistics",
      "--import",
      "tsx",
      "--input-type=module",
      "-e",
      `import { tuneHeap } from "./src/heap.ts"; ${before} ${WORKLOAD}`,
    ],
    { cwd: ROOT, encoding: "utf8", timeout: 30_000 },
  );
  expect(child.status, child.stderr).toBe(0);
  const created: number[] = [];
  for (const match of child.stdout.matchAll(/\(created, found, ratio\) \((\d+), \d+,/g))
    created.push(Number(match[1]));
  return created;
}

// The workload's own site reports thousands of objects a collection; the module loader's thread
// (which starts before the child's code runs) may report a few hundred of its own.
const WORKLOAD_SITE = 2_000;

describe("tuneHeap", () => {
  it("turns V8's allocation-site pretenuring off: no site of the workload is watched any more", () => {
    const control = sitesReported("");
    expect(control.some((n) => n >= WORKLOAD_SITE)).toBe(true);
    const tuned = sitesReported("tuneHeap();");
    expect(tuned.filter((n) => n >= WORKLOAD_SITE)).toEqual([]);
  });
});
