// The import-graph check in `npm run check`: keeps src's layering true (no cycles, jobs apart from Slack,
// listeners apart from each other, a pure core) so a restructure cannot quietly drift back.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export interface ImportRef {
  /** The specifier as written, e.g. "../slack/web.ts" or "@slack/bolt". */
  specifier: string;
  /** `import type`, `export type`, or every named binding marked `type`: nothing of it exists at run time. */
  typeOnly: boolean;
}

export interface Edge extends ImportRef {
  /** A repository-relative path ("src/jobs/run.ts") for relative imports, else the package specifier. */
  target: string;
}

/** Every src file (repository-relative, "/"-separated) and what it imports. */
export type Graph = ReadonlyMap<string, readonly Edge[]>;

export type Rule = "cycle" | "jobs-imports-slack" | "listener-imports-listener" | "impure-core";

export interface Violation {
  rule: Rule;
  file: string;
  message: string;
}

// NOTE: typescript 7 is the native compiler and has no JS API, so imports are read with regexes. They rely on
// Biome's formatting: every import/export statement starts a line, and its clause holds only names, braces,
// commas, `*`, `as` and `type`, so a match can never run on into code or strings further down.
const STATIC_IMPORT = /^[ \t]*import\s+(type\s+)?([\w$*{}\s,]*?)\s*from\s*(["'])([^"'\n]+)\3/gm;
const SIDE_EFFECT_IMPORT = /^[ \t]*import\s*(["'])([^"'\n]+)\1/gm;
const RE_EXPORT =
  /^[ \t]*export\s+(type\s+)?(\*(?:\s+as\s+[\w$]+)?|\{[\w$\s,]*\})\s*from\s*(["'])([^"'\n]+)\3/gm;
const DYNAMIC_IMPORT = /\bimport\s*\(\s*(["'])([^"'\n]+)\1\s*\)/g;
const LINE_COMMENT = /^[ \t]*\/\/.*$/gm;
// Only comments that start a line: a "/*" inside a string such as "src/**/*.ts" must not swallow code.
const BLOCK_COMMENT = /^[ \t]*\/\*[\s\S]*?\*\//gm;

/** True when a clause like `{ type A, type B }` names only types (and has no default or namespace binding). */
function onlyTypeBindings(clause: string): boolean {
  const braces = /^\{([\s\S]*)\}$/.exec(clause.trim());
  if (!braces?.[1]) return false;
  const names = braces[1]
    .split(",")
    .map((name) => name.trim())
    .filter(Boolean);
  return names.length > 0 && names.every((name) => /^type\s/.test(name));
}

/** The specifiers a module imports or re-exports from, in source order. */
export function parseImports(source: string): ImportRef[] {
  const code = source.replace(BLOCK_COMMENT, "").replace(LINE_COMMENT, "");
  const found: { at: number; ref: ImportRef }[] = [];
  for (const m of code.matchAll(STATIC_IMPORT)) {
    const clause = m[2] ?? "";
    found.push({
      at: m.index,
      ref: { specifier: m[4] ?? "", typeOnly: Boolean(m[1]) || onlyTypeBindings(clause) },
    });
  }
  for (const m of code.matchAll(SIDE_EFFECT_IMPORT)) {
    found.push({ at: m.index, ref: { specifier: m[2] ?? "", typeOnly: false } });
  }
  for (const m of code.matchAll(RE_EXPORT)) {
    const clause = m[2] ?? "";
    found.push({
      at: m.index,
      ref: { specifier: m[4] ?? "", typeOnly: Boolean(m[1]) || onlyTypeBindings(clause) },
    });
  }
  for (const m of code.matchAll(DYNAMIC_IMPORT)) {
    found.push({ at: m.index, ref: { specifier: m[2] ?? "", typeOnly: false } });
  }
  return found.sort((a, b) => a.at - b.at).map((f) => f.ref);
}

/** Resolves a relative specifier the way NodeNext + allowImportingTsExtensions does for our sources. */
function resolve(from: string, specifier: string, files: ReadonlySet<string>): string {
  if (!specifier.startsWith(".")) return specifier;
  const joined = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));
  const candidates = [joined, joined.replace(/\.js$/, ".ts"), `${joined}.ts`, `${joined}/index.ts`];
  return candidates.find((c) => files.has(c)) ?? joined;
}

/** The graph of in-memory sources keyed by repository-relative path; pure, so tests can feed it small trees. */
export function buildGraph(sources: ReadonlyMap<string, string>): Graph {
  const files = new Set(sources.keys());
  const graph = new Map<string, Edge[]>();
  for (const [file, source] of [...sources].sort(([a], [b]) => a.localeCompare(b))) {
    graph.set(
      file,
      parseImports(source).map((ref) => ({ ...ref, target: resolve(file, ref.specifier, files) })),
    );
  }
  return graph;
}

const LISTENER_KINDS = ["commands", "actions", "views", "shortcuts", "events", "functions"];

/** "src/slack/commands/goodcall/stats.ts" → "commands"; undefined for files that are not listeners. */
function listenerKind(file: string): string | undefined {
  const m = /^src\/slack\/([^/]+)\//.exec(file);
  return m?.[1] && LISTENER_KINDS.includes(m[1]) ? m[1] : undefined;
}

// An index.ts is a router: it may import the files in its own folder and below (commands/index.ts → story.ts,
// commands/goodcall/index.ts → commands/goodcall/stats.ts). Any other listener-to-listener import means a flow
// that belongs in src/slack/flows/.
function routesTo(file: string, target: string): boolean {
  if (path.posix.basename(file) !== "index.ts") return false;
  return target.startsWith(`${path.posix.dirname(file)}/`);
}

const IMPURE_PACKAGES = [
  /^@slack\//,
  /^@prisma\//,
  /^prisma$/,
  /^better-sqlite3$/,
  /^kysely$/,
  /^pg$/,
  /^node-cron$/,
];

/** Why `file` (in src/domain or src/views) may not import `edge`, or undefined when it may. */
function impurity(file: string, edge: Edge): string | undefined {
  const inViews = file.startsWith("src/views/");
  if (edge.target.startsWith("src/")) {
    // NOTE: wider than "not db/jobs/slack" on purpose: src/services.ts, src/web.ts and the like bundle exactly
    // those, so the pure core may only lean on itself (views on domain, never domain on views).
    const allowed =
      edge.target.startsWith("src/domain/") || (inViews && edge.target.startsWith("src/views/"));
    if (allowed) return undefined;
    return edge.target.startsWith("src/generated/") ? "the generated database types" : edge.target;
  }
  if (edge.target === "@slack/types" && inViews && edge.typeOnly) return undefined;
  if (edge.target === "@slack/types" && inViews) return "@slack/types as a value (use `import type`)";
  return IMPURE_PACKAGES.some((p) => p.test(edge.target)) ? edge.target : undefined;
}

/** Strongly connected components with more than one file, or a file importing itself (Tarjan). */
function knots(graph: Graph, nodes: readonly string[]): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const next = (file: string) => (graph.get(file) ?? []).map((e) => e.target).filter((t) => graph.has(t));

  const visit = (file: string): void => {
    index.set(file, counter);
    low.set(file, counter);
    counter += 1;
    stack.push(file);
    onStack.add(file);
    for (const target of next(file)) {
      if (!index.has(target)) {
        visit(target);
        low.set(file, Math.min(low.get(file) ?? 0, low.get(target) ?? 0));
      } else if (onStack.has(target)) {
        low.set(file, Math.min(low.get(file) ?? 0, index.get(target) ?? 0));
      }
    }
    if (low.get(file) !== index.get(file)) return;
    const component: string[] = [];
    let member: string | undefined;
    do {
      member = stack.pop();
      if (member === undefined) break;
      onStack.delete(member);
      component.push(member);
    } while (member !== file);
    if (component.length > 1 || next(file).includes(file)) found.push(component.sort());
  };
  for (const file of nodes) if (!index.has(file)) visit(file);
  return found.sort((a, b) => (a[0] ?? "").localeCompare(b[0] ?? ""));
}

/** The shortest cycle through the knot's first file (breadth-first, so the printed loop is the simplest one). */
function shortestCycle(graph: Graph, knot: readonly string[]): string[] {
  const start = knot[0] ?? "";
  const members = new Set(knot);
  const parent = new Map<string, string>();
  const queue = [start];
  for (let i = 0; i < queue.length; i += 1) {
    const file = queue[i] ?? "";
    for (const { target } of graph.get(file) ?? []) {
      if (target === start) {
        const cycle = [start];
        for (let at: string | undefined = file; at !== undefined && at !== start; at = parent.get(at)) {
          cycle.unshift(at);
        }
        cycle.unshift(start);
        return cycle;
      }
      if (members.has(target) && !parent.has(target) && target !== start) {
        parent.set(target, file);
        queue.push(target);
      }
    }
  }
  return [start, start];
}

function cycleViolations(graph: Graph): Violation[] {
  const nodes = [...graph.keys()].filter((f) => !f.startsWith("src/generated/"));
  return knots(graph, nodes).map((knot) => {
    const cycle = shortestCycle(graph, knot);
    const loop = cycle.join(" → ");
    const wider =
      knot.length > cycle.length - 1 ? ` (one loop in a knot of ${knot.length}: ${knot.join(", ")})` : "";
    return { rule: "cycle", file: cycle[0] ?? "", message: `import cycle: ${loop}${wider}` };
  });
}

/** Every broken rule in the graph, in a stable order: cycles first, then file by file. */
export function findViolations(graph: Graph): Violation[] {
  const violations = cycleViolations(graph);
  for (const [file, edges] of graph) {
    for (const edge of edges) {
      const { target } = edge;
      if (file.startsWith("src/jobs/") && target.startsWith("src/slack/")) {
        violations.push({
          rule: "jobs-imports-slack",
          file,
          message: `${file} imports ${target}: jobs may not import src/slack (move the shared piece to src/)`,
        });
      }
      const kind = listenerKind(file);
      const targetKind = listenerKind(target);
      if (kind && targetKind && target !== file && !routesTo(file, target)) {
        violations.push({
          rule: "listener-imports-listener",
          file,
          message: `${file} imports ${target}: a listener may not import another listener (share it through src/slack/flows/)`,
        });
      }
      if (file.startsWith("src/domain/") || file.startsWith("src/views/")) {
        const why = impurity(file, edge);
        if (why) {
          violations.push({
            rule: "impure-core",
            file,
            message: `${file} imports ${why}: src/domain and src/views stay free of Slack, the database, cron and jobs`,
          });
        }
      }
    }
  }
  return violations;
}

/** All .ts sources under src/ except the generated database types, keyed by repository-relative path. */
export function readSources(root: string): Map<string, string> {
  const sources = new Map<string, string>();
  const entries = readdirSync(path.join(root, "src"), { recursive: true, encoding: "utf8" });
  for (const entry of entries.sort()) {
    const file = `src/${entry.split(path.sep).join("/")}`;
    if (!file.endsWith(".ts") || file.startsWith("src/generated/")) continue;
    sources.set(file, readFileSync(path.join(root, file), "utf8"));
  }
  return sources;
}

function main(): void {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
  const sources = readSources(root);
  const violations = findViolations(buildGraph(sources));
  if (violations.length === 0) {
    console.log(`check-imports: ${sources.size} files under src/, no violations`);
    return;
  }
  console.error(`check-imports: ${violations.length} violation(s) in ${sources.size} files under src/`);
  for (const rule of ["cycle", "jobs-imports-slack", "listener-imports-listener", "impure-core"] as const) {
    const ofRule = violations.filter((v) => v.rule === rule);
    if (ofRule.length === 0) continue;
    console.error(`\n${rule} (${ofRule.length}):`);
    for (const v of ofRule) console.error(`  ${v.message}`);
  }
  process.exitCode = 1;
}

// Run only as a script, so the unit test can import the pure functions without scanning the tree.
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) main();
