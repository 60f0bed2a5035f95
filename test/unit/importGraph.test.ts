// The import-graph check can fail: each rule is shown a small tree that breaks it, and a clean tree passes.
import { describe, expect, it } from "vitest";
import { buildGraph, findViolations, parseImports } from "../../scripts/check-imports.ts";

function check(tree: Record<string, string>) {
  return findViolations(buildGraph(new Map(Object.entries(tree))));
}

function messages(tree: Record<string, string>): string[] {
  return check(tree).map((v) => `${v.rule}: ${v.message}`);
}

describe("parseImports", () => {
  it("reads single- and multi-line imports, re-exports, type-only and dynamic imports", () => {
    const source = [
      "// what this module is for",
      'import { a } from "./a.ts";',
      "import {",
      "  b,",
      "  type B,",
      '} from "./b.ts";',
      'import type { C } from "./c.ts";',
      'import { type D1, type D2 } from "./d.ts";',
      'import * as e from "./e.ts";',
      'import "./f.ts";',
      'export { g } from "./g.ts";',
      'export type { H } from "./h.ts";',
      'export * from "./i.ts";',
      "// import { commented } from './nope.ts';",
      "/* import { alsoCommented } from './nope.ts'; */",
      'const glob = "src/**/*.ts";',
      'export const later = () => import("./j.ts");',
      "export const text = \"import { fake } from './nope.ts'\";",
    ].join("\n");
    expect(parseImports(source)).toEqual([
      { specifier: "./a.ts", typeOnly: false },
      { specifier: "./b.ts", typeOnly: false },
      { specifier: "./c.ts", typeOnly: true },
      { specifier: "./d.ts", typeOnly: true },
      { specifier: "./e.ts", typeOnly: false },
      { specifier: "./f.ts", typeOnly: false },
      { specifier: "./g.ts", typeOnly: false },
      { specifier: "./h.ts", typeOnly: true },
      { specifier: "./i.ts", typeOnly: false },
      { specifier: "./j.ts", typeOnly: false },
    ]);
  });
});

describe("findViolations", () => {
  it("passes a clean tree shaped the way we want", () => {
    expect(
      check({
        "src/domain/thanks.ts":
          'import { DateTime } from "luxon";\nimport type { GoodCall } from "./types.ts";',
        "src/domain/types.ts": "export interface GoodCall { id: number }",
        "src/views/home.ts":
          'import type { KnownBlock } from "@slack/types";\nimport type { GoodCall } from "../domain/types.ts";',
        "src/web.ts": 'import type { WebClient } from "@slack/web-api";',
        "src/jobs/digests.ts": 'import { openDm } from "../web.ts";',
        "src/slack/flows/thank.ts": 'import { openDm } from "../../web.ts";',
        "src/slack/commands/index.ts":
          'import { story } from "./story.ts";\nimport { goodcall } from "./goodcall/index.ts";',
        "src/slack/commands/story.ts": 'import { thank } from "../flows/thank.ts";\nimport "../context.ts";',
        "src/slack/commands/goodcall/index.ts": 'import { stats } from "./stats.ts";',
        "src/slack/commands/goodcall/stats.ts": 'import { thank } from "../../flows/thank.ts";',
        "src/slack/context.ts": "",
      }),
    ).toEqual([]);
  });

  it("prints an import cycle as the loop of files", () => {
    expect(
      messages({
        "src/slack/flows/a.ts": 'import { b } from "./b.ts";',
        "src/slack/flows/b.ts": 'import { c } from "./c.ts";',
        "src/slack/flows/c.ts": 'import type { A } from "./a.ts";',
      }),
    ).toEqual([
      "cycle: import cycle: src/slack/flows/a.ts → src/slack/flows/b.ts → src/slack/flows/c.ts → src/slack/flows/a.ts",
    ]);
  });

  it("refuses a job that imports from src/slack", () => {
    expect(
      check({
        "src/jobs/dms.ts": 'import { publishHome } from "../slack/flows/home.ts";',
        "src/slack/flows/home.ts": "",
      }),
    ).toEqual([expect.objectContaining({ rule: "jobs-imports-slack", file: "src/jobs/dms.ts" })]);
  });

  it("refuses a listener importing another listener, but lets an index route to its own files", () => {
    expect(
      messages({
        "src/slack/actions/index.ts": 'import { managers } from "./managers.ts";',
        "src/slack/actions/managers.ts": 'import { publishHome } from "../events/index.ts";',
        "src/slack/events/index.ts": "",
        "src/slack/commands/goodcall/index.ts": 'import { stats } from "./stats.ts";',
        "src/slack/commands/goodcall/stats.ts": 'import { undo } from "./undo.ts";',
        "src/slack/commands/goodcall/undo.ts": "",
      }),
    ).toEqual([
      "listener-imports-listener: src/slack/actions/managers.ts imports src/slack/events/index.ts: a listener may not import another listener (share it through src/slack/flows/)",
      "listener-imports-listener: src/slack/commands/goodcall/stats.ts imports src/slack/commands/goodcall/undo.ts: a listener may not import another listener (share it through src/slack/flows/)",
    ]);
  });

  it("keeps the database, Slack clients, cron and the shell out of src/domain and src/views", () => {
    const found = check({
      "src/domain/digest.ts": 'import { PrismaClient } from "@prisma/client";',
      "src/domain/money.ts": 'import { sql } from "kysely";',
      "src/domain/period.ts":
        'import cron from "node-cron";\nimport type { Services } from "../services.ts";',
      "src/domain/bad.ts": 'import { ids } from "../views/ids.ts";',
      "src/views/home.ts": 'import { Block } from "@slack/types";\nimport { repo } from "../db/entries.ts";',
      "src/views/ids.ts": "",
      "src/views/digest.ts": 'import type { Team } from "../generated/kysely/types.ts";',
      "src/generated/kysely/types.ts": "",
      "src/db/entries.ts": "",
      "src/services.ts": "",
    });
    expect(found.every((v) => v.rule === "impure-core")).toBe(true);
    expect(found.map((v) => v.message.split(":")[0])).toEqual([
      "src/domain/bad.ts imports src/views/ids.ts",
      "src/domain/digest.ts imports @prisma/client",
      "src/domain/money.ts imports kysely",
      "src/domain/period.ts imports node-cron",
      "src/domain/period.ts imports src/services.ts",
      "src/views/digest.ts imports the generated database types",
      "src/views/home.ts imports @slack/types as a value (use `import type`)",
      "src/views/home.ts imports src/db/entries.ts",
    ]);
  });
});
