// Shared by the benchmark's parent and children: child processes with a request/reply channel,
// a keep-alive HTTP load generator that plays Slack, latency statistics and memory readings.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import http from "node:http";
import { createServer } from "node:net";
import path from "node:path";
import { Writable } from "node:stream";
import { pathToFileURL } from "node:url";
import { BUNDLE_OPTIONS } from "../scripts/bundle-options.js";
import { slashCommand } from "../test/support/payloads.ts";
import { signRequest } from "../test/support/signing.ts";
import { ROOT } from "./dataset.ts";

export const SIGNING_SECRET = "bench-signing-secret";
export const BOT_TOKEN = "xoxb-bench-token";
/** The team channel every benchmark slash command is typed in. */
export const BENCH_CHANNEL = "CBENCH001";
export const BENCH_USERS = Array.from({ length: 20 }, (_, i) => `UBENCH${String(i + 1).padStart(3, "0")}`);
/** The cold start's people: each command from someone the app has never met. */
export const COLD_USERS = 500;
export function coldUser(i: number): string {
  return `UNEW${String(i + 1).padStart(5, "0")}`;
}

const started = performance.now();

export function progress(line: string): void {
  const at = ((performance.now() - started) / 1000).toFixed(1).padStart(6);
  process.stdout.write(`[${at}s] ${line}\n`);
}

/** A stream that drops everything: pino at "warn" still formats warnings, and this discards them. */
export function nullStream(): Writable {
  return new Writable({
    write(_chunk, _encoding, done) {
      done();
    },
  });
}

// --- child processes -------------------------------------------------------------------------

type Message = { id?: number; type: string } & Record<string, unknown>;

export interface Child {
  proc: ChildProcess;
  pid: number;
  /** The first message the child sends once it is ready. */
  ready: Message;
  request<T = Message>(type: string, fields?: Record<string, unknown>, timeoutMs?: number): Promise<T>;
  /** Waits for the child to exit (after it was asked to stop), killing it if it takes too long. */
  exited(timeoutMs?: number): Promise<number | null>;
}

const COMPILED_DIR = path.join(ROOT, "node_modules", ".cache", "goodcall-bench");
const compiledScripts = new Map<string, Promise<string>>();

/**
 * bench/<script> bundled as `npm run build` bundles the app (scripts/bundle-options.js), once per
 * benchmark run, and a module that runs the bundle as dist/main.js runs the app's: for a child that
 * measures what a deployment runs, node on JavaScript, rather than tsx. The module's path.
 */
function compiledScript(script: string): Promise<string> {
  let compiled = compiledScripts.get(script);
  if (!compiled) {
    compiled = (async () => {
      const esbuild = await import("esbuild");
      const name = path.basename(script, ".ts");
      // Under node_modules/, so that the bundle's externals (better-sqlite3, pg) resolve from it.
      mkdirSync(COMPILED_DIR, { recursive: true });
      const bundle = path.join(COMPILED_DIR, `${name}.cjs`);
      await esbuild.build({
        ...BUNDLE_OPTIONS,
        absWorkingDir: ROOT,
        entryPoints: [path.join("bench", script)],
        outfile: bundle,
        // The parent builds; a child never runs this function, so esbuild stays out of its bundle.
        external: [...(BUNDLE_OPTIONS.external ?? []), "esbuild"],
        // BENCH_SOURCEMAP=1 writes <name>.cjs.map beside it, so a profile's positions map back to src/.
        sourcemap: process.env.BENCH_SOURCEMAP ? "external" : false,
      });
      const runner = path.join(COMPILED_DIR, `${name}.mjs`);
      writeFileSync(
        runner,
        [
          `import { runBundle } from ${JSON.stringify(pathToFileURL(path.join(ROOT, "scripts", "run-bundle.js")).href)};`,
          `runBundle(new URL(${JSON.stringify(`./${name}.cjs`)}, import.meta.url));`,
          "",
        ].join("\n"),
      );
      return runner;
    })();
    compiledScripts.set(script, compiled);
  }
  return compiled;
}

/**
 * Starts `node --import tsx bench/<script>` (or, `compiled`, node on its bundle: see compiledScript)
 * with an IPC channel; resolves with its "ready" message.
 */
export async function startChild(
  script: string,
  args: string[] = [],
  options: { readyTimeoutMs?: number; env?: NodeJS.ProcessEnv; compiled?: boolean } = {},
): Promise<Child> {
  // BENCH_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") profiles the children.
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? "").split(" ").filter(Boolean);
  const entry = options.compiled
    ? [await compiledScript(script)]
    : ["--import", "tsx", path.join(ROOT, "bench", script)];
  const proc = spawn(process.execPath, [...nodeArgs, ...entry, ...args], {
    cwd: ROOT,
    stdio: ["ignore", "inherit", "inherit", "ipc"],
    env: options.env ?? process.env,
  });
  const pending = new Map<number, { resolve: (m: Message) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  let exitCode: number | null | undefined;
  const exit = new Promise<number | null>((resolve) => {
    proc.on("exit", (code) => {
      exitCode = code;
      for (const p of pending.values()) p.reject(new Error(`${script} exited with code ${code}`));
      pending.clear();
      resolve(code);
    });
  });
  const ready = new Promise<Message>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${script} not ready within ${options.readyTimeoutMs ?? 60_000} ms`)),
      options.readyTimeoutMs ?? 60_000,
    );
    proc.on("message", (raw) => {
      const message = raw as Message;
      if (message.type === "ready") {
        clearTimeout(timer);
        resolve(message);
      } else if (message.type === "failed" && message.id === undefined) {
        clearTimeout(timer);
        reject(new Error(`${script} failed: ${String(message.error)}`));
      } else if (message.id !== undefined) {
        const waiter = pending.get(message.id);
        pending.delete(message.id);
        if (message.type === "failed") waiter?.reject(new Error(`${script}: ${String(message.error)}`));
        else waiter?.resolve(message);
      }
    });
    void exit.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited with code ${code} before it was ready`));
    });
  });
  const readyMessage = await ready;
  return {
    proc,
    pid: proc.pid ?? -1,
    ready: readyMessage,
    request<T>(type: string, fields: Record<string, unknown> = {}, timeoutMs = 600_000): Promise<T> {
      if (exitCode !== undefined) return Promise.reject(new Error(`${script} has exited`));
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error(`${script}: no answer to ${type} within ${timeoutMs} ms`));
        }, timeoutMs);
        pending.set(id, {
          resolve: (m) => {
            clearTimeout(timer);
            resolve(m as T);
          },
          reject: (e) => {
            clearTimeout(timer);
            reject(e);
          },
        });
        proc.send({ ...fields, type, id });
      });
    },
    async exited(timeoutMs = 15_000) {
      if (exitCode !== undefined) return exitCode;
      const timer = setTimeout(() => proc.kill("SIGKILL"), timeoutMs);
      const code = await exit;
      clearTimeout(timer);
      return code;
    },
  };
}

/** In a child: answers the parent's requests with `handlers`; "stop" runs `onStop` then exits. */
export function serveParent(
  handlers: Record<string, (message: Message) => Promise<Record<string, unknown>>>,
  onStop: () => Promise<void>,
): void {
  process.on("message", (raw) => {
    const message = raw as Message;
    const reply = (fields: Record<string, unknown>) => process.send?.({ ...fields, id: message.id });
    if (message.type === "stop") {
      void onStop()
        .catch(() => undefined)
        .finally(() => {
          reply({ type: "stopped" });
          process.disconnect?.();
          process.exit(0);
        });
      return;
    }
    const handler = handlers[message.type];
    if (!handler) {
      reply({ type: "failed", error: `unknown request ${message.type}` });
      return;
    }
    handler(message)
      .then((fields) => reply({ type: `${message.type}:done`, ...fields }))
      .catch((error: unknown) =>
        reply({
          type: "failed",
          error: error instanceof Error ? (error.stack ?? error.message) : String(error),
        }),
      );
  });
  // The parent went away: do not linger.
  process.on("disconnect", () => process.exit(0));
}

export function failToParent(error: unknown): never {
  const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`${text}\n`);
  process.send?.({ type: "failed", error: text });
  process.exit(1);
}

// --- load generation -------------------------------------------------------------------------

export interface Prepared {
  body: Buffer;
  headers: Record<string, string | number>;
}

const GOOD_CALL_TEXTS = [
  "Refunded the shipping on a late order without being asked #late-delivery €12",
  "Stayed on the line until the router came back up #outage",
  "Sent a replacement part by express at our cost 35 EUR #goodwill",
  "Called back the next morning to check the fix held",
  "Waived the reactivation fee for a long-time customer #billing 25 euroa",
  "Walked an elderly customer through the new app step by step #onboarding",
  "Escalated a billing error and got it fixed the same day #billing",
  "Gave a voucher after the second missed delivery €20 #late-delivery",
];

/** A signed `/goodcall <text>` slash command, exactly as Slack sends it. */
export function prepareCommand(
  text: string,
  userId: string,
  responseUrl: string,
  channelName?: string,
): Prepared {
  const form = slashCommand({
    command: "/goodcall",
    text,
    userId,
    channelId: BENCH_CHANNEL,
    channelName: channelName ?? "team-bench",
    responseUrl,
  });
  const body = Buffer.from(new URLSearchParams(form).toString());
  return {
    body,
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "content-length": body.length,
      ...signRequest(body.toString(), SIGNING_SECRET),
    },
  };
}

/**
 * `count` good-call commands, signed now (Bolt accepts 5 minutes): from the bench users in turn, or
 * from `user(i)`, each answering to `responseUrl(i)` when that is a function.
 */
export function prepareGoodCalls(
  count: number,
  responseUrl: string | ((i: number) => string),
  user: (i: number) => string = (i) => BENCH_USERS[i % BENCH_USERS.length] as string,
): Prepared[] {
  return Array.from({ length: count }, (_, i) =>
    prepareCommand(
      `${GOOD_CALL_TEXTS[i % GOOD_CALL_TEXTS.length]} (${i})`,
      user(i),
      typeof responseUrl === "string" ? responseUrl : responseUrl(i),
    ),
  );
}

/** One request of a load run: when it was sent (wall clock, ms), how long its answer took, what came back. */
export interface Answered {
  index: number;
  sentAtMs: number;
  ms: number;
  status: string;
  /** The answer carried Block Kit: a slash command's reply came in the ack itself. */
  withBlocks: boolean;
}

export interface LoadResult {
  requests: number;
  concurrency: number;
  seconds: number;
  rps: number;
  p50: number;
  p99: number;
  max: number;
  /** Anything but HTTP 200, including connection errors and timeouts. */
  errors: number;
  statuses: Record<string, number>;
  firstErrorBody?: string;
  /** Mean size of the answers' bodies: what a control's reply must match. */
  bodyBytes: number;
  /** Answers that carried Block Kit (a reply in the ack itself). */
  withBlocks: number;
  /** Every request, in the order sent. */
  answered: Answered[];
  /** The server's CPU time (user + system) per request, when it was asked for (serverCpuMs). */
  cpuUsPerRequest?: number;
}

/** In a child: CPU time used so far, in ms, for the parent to take a phase's difference. */
export async function serverCpuMs(): Promise<{ cpuMs: number }> {
  const { user, system } = process.cpuUsage();
  return { cpuMs: (user + system) / 1000 };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] as number;
}

/** POSTs every prepared request to /slack/events with `concurrency` in flight over keep-alive sockets. */
export async function runLoad(port: number, requests: Prepared[], concurrency: number): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency, maxFreeSockets: concurrency });
  const latencies: number[] = [];
  const answered: Answered[] = [];
  const statuses: Record<string, number> = {};
  let errors = 0;
  let firstErrorBody: string | undefined;
  let bodyBytes = 0;
  let withBlocks = 0;
  let next = 0;
  const one = (prepared: Prepared, index: number) =>
    new Promise<void>((resolve) => {
      const sent = performance.now();
      // Wall clock, as the fake Slack stamps the calls it receives.
      const sentAtMs = Date.now();
      let settled = false;
      const finish = (status: string, body?: string) => {
        if (settled) return;
        settled = true;
        const ms = performance.now() - sent;
        const blocks = body?.includes('"blocks"') ?? false;
        latencies.push(ms);
        answered.push({ index, sentAtMs, ms, status, withBlocks: blocks });
        statuses[status] = (statuses[status] ?? 0) + 1;
        bodyBytes += Buffer.byteLength(body ?? "");
        if (blocks) withBlocks += 1;
        if (status !== "200") {
          errors += 1;
          firstErrorBody ??= `${status}: ${(body ?? "").slice(0, 300)}`;
        }
        resolve();
      };
      const req = http.request(
        { host: "127.0.0.1", port, path: "/slack/events", method: "POST", headers: prepared.headers, agent },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (chunk: Buffer) => chunks.push(chunk));
          res.on("end", () => finish(String(res.statusCode), Buffer.concat(chunks).toString()));
          res.on("error", (error) => finish("response-error", String(error)));
        },
      );
      req.setTimeout(10_000, () => req.destroy(new Error("timeout after 10 s")));
      req.on("error", (error) =>
        finish(error.message.startsWith("timeout") ? "timeout" : "socket-error", String(error)),
      );
      req.end(prepared.body);
    });
  const worker = async () => {
    while (next < requests.length) {
      const index = next++;
      await one(requests[index] as Prepared, index);
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, requests.length) }, worker));
  const seconds = (performance.now() - t0) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    requests: requests.length,
    concurrency,
    seconds,
    rps: requests.length / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: latencies[latencies.length - 1] ?? Number.NaN,
    errors,
    statuses,
    ...(firstErrorBody !== undefined ? { firstErrorBody } : {}),
    bodyBytes: bodyBytes / Math.max(1, requests.length),
    withBlocks,
    answered: answered.sort((a, b) => a.index - b.index),
  };
}

/** GET a path on 127.0.0.1; resolves with the status, or 0 when nothing answers. */
export function httpGetStatus(port: number, pathname: string, timeoutMs = 1000): Promise<number> {
  return new Promise((resolve) => {
    const req = http.get({ host: "127.0.0.1", port, path: pathname, agent: false }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.setTimeout(timeoutMs, () => req.destroy());
    req.on("error", () => resolve(0));
  });
}

export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

// --- the compiled app ---------------------------------------------------------------------------

let built = false;

/** `npm run build` once per benchmark run: parts 4 and 5 start dist/main.js, as a deployment does. */
export function buildOnce(): void {
  if (built) return;
  progress("compiling to dist/ (npm run build)");
  execFileSync("npm", ["run", "build", "--silent"], { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"] });
  built = true;
}

/** The environment a deployment gives the compiled app: HTTP mode against the fake Slack, quiet logs. */
export function appEnvironment(slackApiUrl: string, port: number, databaseUrl: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: "production",
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_SOCKET_MODE: "false",
    SLACK_API_URL: slackApiUrl,
    PORT: String(port),
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: "warn",
    TZ_DEFAULT: "Europe/Helsinki",
  };
}

// --- statistics --------------------------------------------------------------------------------

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** "median (min–max)" of several rounds' values. */
export function spread(values: number[], digits: number, unit = ""): string {
  if (values.length === 1) return `${fmt(values[0] as number, digits)}${unit}`;
  return `${fmt(median(values), digits)}${unit} (${fmt(Math.min(...values), digits)}–${fmt(Math.max(...values), digits)})`;
}

// --- memory ------------------------------------------------------------------------------------

/** VmRSS and VmHWM (peak) of a process, in MB, from /proc/<pid>/status. */
export function procMemoryMb(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (field: string) =>
    Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? Number.NaN);
  return { rss: kb("VmRSS") / 1024, peak: kb("VmHWM") / 1024 };
}

/** CPU time (user + system) a process has used so far, in ms, from /proc/<pid>/stat. */
export function procCpuMs(pid: number): number {
  // The command name (field 2) may hold spaces; the fields after its closing parenthesis do not.
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
  const ticks = Number(fields[11]) + Number(fields[12]);
  // NOTE: Linux reports in clock ticks of 1/100 s (USER_HZ) on every platform Node supports.
  return ticks * 10;
}

export function mb(bytes: number): number {
  return bytes / 1024 / 1024;
}

// --- formatting --------------------------------------------------------------------------------

export function fmt(value: number, digits = 1): string {
  if (!Number.isFinite(value)) return "n/a";
  return value.toLocaleString("en", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function describeLoad(name: string, r: LoadResult): string {
  return `${name}: ${r.requests} req at c=${r.concurrency} in ${fmt(r.seconds, 2)} s → ${fmt(r.rps, 0)} req/s, p50 ${fmt(r.p50, 2)} ms, p99 ${fmt(r.p99, 2)} ms, max ${fmt(r.max, 1)} ms, errors ${r.errors}${r.cpuUsPerRequest === undefined ? "" : `, server CPU ${fmt(r.cpuUsPerRequest, 0)} µs/req`}${r.firstErrorBody ? ` (first: ${r.firstErrorBody})` : ""}`;
}

export interface Row {
  figure: string;
  value: string;
  target: string;
  /** true / false for a target, null for a figure shown for information. */
  met: boolean | null;
}

export function printTable(rows: Row[]): void {
  const headers = ["figure", "value", "target", "met?"];
  const cells = rows.map((r) => [r.figure, r.value, r.target, r.met === null ? "—" : r.met ? "yes" : "NO"]);
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] as string).length)));
  const line = (values: string[]) => `| ${values.map((v, i) => v.padEnd(widths[i] as number)).join(" | ")} |`;
  process.stdout.write(`${line(headers)}\n`);
  process.stdout.write(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|\n`);
  for (const c of cells) process.stdout.write(`${line(c)}\n`);
}
