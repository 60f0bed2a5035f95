// manifest.yml (Socket Mode) and manifest.http.yml (HTTP mode) are valid for Slack, match what the code
// listens to in both directions (Workflow Builder steps with their inputs and outputs too), and differ
// only in how Slack reaches the app.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { App } from "@slack/bolt";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { registerUninstallEvents } from "../../src/oauth/uninstall.ts";
import type { Services } from "../../src/services.ts";
import { registerActions } from "../../src/slack/actions/index.ts";
import { commandRoutes, registerCommands } from "../../src/slack/commands/index.ts";
import { registerEvents } from "../../src/slack/events/index.ts";
import { registerFunctions, STEPS } from "../../src/slack/functions/index.ts";
import { registerShortcuts } from "../../src/slack/shortcuts/index.ts";
import { registerViews } from "../../src/slack/views/index.ts";
import { CallbackId, Command, Event } from "../../src/views/ids.ts";

/** A Workflow Builder step's input or output, keyed by its name. */
interface Parameter {
  type: string;
  title?: string;
  description?: string;
  is_required?: boolean;
}

interface ManifestFunction {
  title: string;
  description: string;
  input_parameters: Record<string, Parameter>;
  output_parameters: Record<string, Parameter>;
}

interface Manifest {
  functions: Record<string, ManifestFunction>;
  features: {
    slash_commands: Array<{ command: string; url?: string }>;
    shortcuts: Array<{ callback_id: string; type: "global" | "message" }>;
  };
  oauth_config: { scopes: { bot: string[] } };
  settings: {
    event_subscriptions: { bot_events: string[]; request_url?: string };
    interactivity: { is_enabled: boolean; request_url?: string };
    socket_mode_enabled: boolean;
    function_runtime?: string;
    org_deploy_enabled?: boolean;
  };
}

const schemaFile = fileURLToPath(
  new URL("../../../shared/slack/manifest.schema.1.0.0.json", import.meta.url),
);
const srcDir = fileURLToPath(new URL("../../src", import.meta.url));

/** The bot scopes each Web API method we call needs (Slack's method reference). */
const SCOPES_BY_METHOD: Record<string, string[]> = {
  "chat.postMessage": ["chat:write"],
  "chat.postEphemeral": ["chat:write"],
  "chat.update": ["chat:write"],
  "chat.delete": ["chat:write"],
  "chat.getPermalink": [],
  // Start-up's check that Slack is reachable before opening a Socket Mode connection.
  "auth.test": [],
  // Digests are looked up in public and private channels, manager DMs in the DM with the manager.
  "conversations.history": ["channels:history", "groups:history", "im:history"],
  "conversations.info": ["channels:read", "groups:read"],
  "conversations.members": ["channels:read", "groups:read"],
  "conversations.open": ["im:write"],
  "users.info": ["users:read"],
  "views.open": [],
  "views.update": [],
  "views.publish": [],
  "files.uploadV2": ["files:write"],
};

function webApiMethodsUsed(): string[] {
  const files = readdirSync(srcDir, { recursive: true, encoding: "utf8" }).filter(
    (f) => f.endsWith(".ts") && !f.startsWith("generated"),
  );
  const methods = new Set<string>();
  for (const file of files) {
    const text = readFileSync(path.join(srcDir, file), "utf8");
    for (const m of text.matchAll(/client\.(\w+)\.(\w+)\(/g)) methods.add(`${m[1]}.${m[2]}`);
  }
  return [...methods].sort();
}

function readManifest(file: string): Manifest {
  return parse(readFileSync(new URL(`../../${file}`, import.meta.url), "utf8")) as Manifest;
}

const MANIFESTS = {
  "manifest.yml": readManifest("manifest.yml"),
  "manifest.http.yml": readManifest("manifest.http.yml"),
  "manifest.oauth.yml": readManifest("manifest.oauth.yml"),
};
// Where HTTP mode's Slack sends everything: Bolt's one endpoint (SPEC §3), under a placeholder host.
const HTTP_ENDPOINT = /^https:\/\/goodcall\.example\.com\/slack\/events$/;

/** What a listener matches, as Bolt takes it: an id, a pattern, or constraints with a callback id. */
type Matcher = string | RegExp | { callback_id?: string | RegExp };

function matches(matcher: Matcher, id: string): boolean {
  const on = typeof matcher === "string" || matcher instanceof RegExp ? matcher : matcher.callback_id;
  return on instanceof RegExp ? on.test(id) : on === id;
}

/**
 * Every id the code or a manifest names: a listener may match several with one pattern, so what
 * it listens to is the ids among these that it matches.
 */
function knownIds(): string[] {
  const declared = Object.values(MANIFESTS).flatMap((m) => [
    ...m.features.slash_commands.map((c) => c.command),
    ...m.features.shortcuts.map((c) => c.callback_id),
    ...m.settings.event_subscriptions.bot_events,
  ]);
  return [
    ...new Set([
      ...Object.values(Command),
      ...Object.values(CallbackId),
      ...Object.values(Event),
      ...declared,
    ]),
  ];
}

/** Registers every listener on a recorder that stands in for Bolt's App, to see what the code listens to. */
function registrations(oauth = false) {
  const matchers = { commands: [] as Matcher[], shortcuts: [] as Matcher[], events: [] as Matcher[] };
  const functions: string[] = [];
  const recorder = {
    // Commands are dispatched by name in a global middleware (src/slack/commands/index.ts).
    use: () => undefined,
    shortcut: (m: Matcher) => matchers.shortcuts.push(m),
    event: (m: Matcher) => matchers.events.push(m),
    function: (id: string) => functions.push(id),
    action: () => undefined,
    view: () => undefined,
  } as unknown as App;
  const services = {} as Services;
  for (const register of [
    registerCommands,
    registerActions,
    registerViews,
    registerShortcuts,
    registerEvents,
    registerFunctions,
    // Uninstall events exist only for apps installed by OAuth.
    ...(oauth ? [registerUninstallEvents] : []),
  ]) {
    register(recorder, services);
  }
  matchers.commands.push(...commandRoutes(services).keys());
  const heard = (kind: Matcher[]) => knownIds().filter((id) => kind.some((m) => matches(m, id)));
  const events = heard(matchers.events);
  // Slack runs every step of the app through one event, which Bolt's app.function listens to.
  if (functions.length > 0 && !events.includes(Event.FunctionExecuted)) events.push(Event.FunctionExecuted);
  return { commands: heard(matchers.commands), shortcuts: heard(matchers.shortcuts), events, functions };
}

/** The manifest's type for what a step's schema reads or gives: Slack's ids arrive as strings. */
const ZOD_TYPE_OF: Record<string, string> = {
  string: "string",
  number: "number",
  boolean: "boolean",
  "slack#/types/user_id": "string",
  "slack#/types/channel_id": "string",
};

interface SchemaField {
  def: { type: string; innerType?: SchemaField };
}

/** Name, required or not, and type of each field of a step's input or output schema. */
function fieldsOf(shape: Record<string, unknown>): string[] {
  return Object.entries(shape).map(([name, schema]) => {
    const field = schema as SchemaField;
    const optional = field.def.type === "optional";
    const type = optional ? field.def.innerType?.def.type : field.def.type;
    return `${name}${optional ? "?" : ""}: ${type}`;
  });
}

/** The same for the manifest's parameters. */
function parametersOf(parameters: Record<string, Parameter>): string[] {
  return Object.entries(parameters).map(
    ([name, p]) => `${name}${p.is_required ? "" : "?"}: ${ZOD_TYPE_OF[p.type] ?? p.type}`,
  );
}

/** How the manifest's functions differ from the steps the code registers (empty when they agree). */
function stepDifferences(functions: Record<string, ManifestFunction> | undefined): string[] {
  const declared = functions ?? {};
  const problems: string[] = [];
  for (const step of STEPS) {
    const fn = declared[step.callbackId];
    if (!fn) {
      problems.push(`${step.callbackId}: registered but not declared`);
      continue;
    }
    const compare = (kind: string, code: string[], manifest: string[]) => {
      const missing = code.filter((f) => !manifest.includes(f));
      const extra = manifest.filter((f) => !code.includes(f));
      if (missing.length + extra.length > 0)
        problems.push(
          `${step.callbackId} ${kind}: code ${missing.join(", ")} | manifest ${extra.join(", ")}`,
        );
    };
    compare("inputs", fieldsOf(step.inputs.shape), parametersOf(fn.input_parameters));
    compare("outputs", fieldsOf(step.outputs.shape), parametersOf(fn.output_parameters));
  }
  const registered = new Set<string>(STEPS.map((s) => s.callbackId));
  for (const id of Object.keys(declared)) {
    if (!registered.has(id)) problems.push(`${id}: declared but not registered`);
  }
  return problems;
}

describe.each(Object.entries(MANIFESTS))("%s", (file, manifest) => {
  it("is valid against Slack's manifest schema", () => {
    const schema = JSON.parse(readFileSync(schemaFile, "utf8"));
    const ajv = new Ajv({ strict: false, allErrors: true });
    const validate = ajv.compile(schema);
    const valid = validate(manifest);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it("declares exactly the commands, shortcuts and events the code registers", () => {
    const seen = registrations(file === "manifest.oauth.yml");
    expect(manifest.features.slash_commands.map((c) => c.command).sort()).toEqual([...seen.commands].sort());
    expect(manifest.features.shortcuts.map((s) => s.callback_id).sort()).toEqual([...seen.shortcuts].sort());
    expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual([...seen.events].sort());
    expect(Object.keys(manifest.functions).sort()).toEqual([...seen.functions].sort());
  });

  it("declares each Workflow Builder step's inputs and outputs as the code reads and gives them", () => {
    expect(STEPS.length).toBeGreaterThan(0);
    expect(stepDifferences(manifest.functions)).toEqual([]);
    // Steps run in the app itself (Slack sends it function_executed), and only an org-ready app has them.
    expect(manifest.settings.function_runtime).toBe("remote");
    expect(manifest.settings.org_deploy_enabled).toBe(true);
  });

  it("notices a step the manifest declares differently (the check can fail)", () => {
    const broken = structuredClone(manifest.functions);
    const logGoodCall = broken.log_good_call;
    const shareStory = broken.share_story;
    if (!logGoodCall || !shareStory) throw new Error("both steps are declared");
    delete logGoodCall.input_parameters.why;
    logGoodCall.input_parameters.value = { type: "string" };
    logGoodCall.output_parameters.permalink = { type: "string", is_required: true };
    delete shareStory.output_parameters.story_id;
    broken.extra_step = { ...shareStory };
    expect(stepDifferences(broken)).toEqual([
      "log_good_call inputs: code why?: string, value?: number | manifest value?: string",
      "log_good_call outputs: code permalink?: string | manifest permalink: string",
      "share_story outputs: code story_id: string | manifest ",
      "extra_step: declared but not registered",
    ]);
    delete broken.log_good_call;
    expect(stepDifferences(broken)).toContain("log_good_call: registered but not declared");
  });

  it("asks for the scopes of the Web API methods the code calls, and no others", () => {
    const methods = webApiMethodsUsed();
    expect(methods.length).toBeGreaterThan(5);
    const unknown = methods.filter((m) => !(m in SCOPES_BY_METHOD));
    expect(unknown, "add these methods and their scopes to SCOPES_BY_METHOD").toEqual([]);
    const needed = new Set(["commands", ...methods.flatMap((m) => SCOPES_BY_METHOD[m] ?? [])]);
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([...needed].sort());
  });

  it("rejects a broken manifest (the check can fail)", () => {
    const schema = JSON.parse(readFileSync(schemaFile, "utf8"));
    const validate = new Ajv({ strict: false }).compile(schema);
    const broken = structuredClone(manifest) as unknown as { display_information: { name: string } };
    broken.display_information.name = "x".repeat(40);
    expect(validate(broken)).toBe(false);
  });
});

describe("manifest.http.yml", () => {
  const socket = MANIFESTS["manifest.yml"];
  const http = MANIFESTS["manifest.http.yml"];

  it("sends every command, interaction and event to the app's public /slack/events, not over Socket Mode", () => {
    expect(socket.settings.socket_mode_enabled).toBe(true);
    expect(http.settings.socket_mode_enabled).toBe(false);
    for (const command of http.features.slash_commands) expect(command.url).toMatch(HTTP_ENDPOINT);
    expect(http.settings.interactivity.request_url).toMatch(HTTP_ENDPOINT);
    expect(http.settings.event_subscriptions.request_url).toMatch(HTTP_ENDPOINT);
  });

  it("declares the same commands, shortcuts, events and scopes as manifest.yml, both ways", () => {
    const lists = (m: Manifest) => ({
      commands: m.features.slash_commands.map((c) => c.command).sort(),
      shortcuts: m.features.shortcuts.map((s) => `${s.type}:${s.callback_id}`).sort(),
      events: [...m.settings.event_subscriptions.bot_events].sort(),
      scopes: [...m.oauth_config.scopes.bot].sort(),
    });
    expect(lists(http)).toEqual(lists(socket));
  });

  it("is manifest.yml in everything else, so a change to one cannot be forgotten in the other", () => {
    const withoutTransport = (m: Manifest) => {
      const copy = structuredClone(m);
      for (const command of copy.features.slash_commands) delete command.url;
      delete copy.settings.interactivity.request_url;
      delete copy.settings.event_subscriptions.request_url;
      copy.settings.socket_mode_enabled = false;
      return copy;
    };
    expect(withoutTransport(http)).toEqual(withoutTransport(socket));
  });
});

describe("manifest.oauth.yml", () => {
  const http = MANIFESTS["manifest.http.yml"];
  const oauth = MANIFESTS["manifest.oauth.yml"] as Manifest & {
    oauth_config: { redirect_urls?: string[] };
    settings: { org_deploy_enabled?: boolean; token_rotation_enabled?: boolean };
  };

  it("adds what installs by OAuth need: the redirect URL, token rotation, uninstall events", () => {
    expect(oauth.oauth_config.redirect_urls).toEqual(["https://goodcall.example.com/slack/oauth_redirect"]);
    expect(oauth.settings.token_rotation_enabled).toBe(true);
    expect(oauth.settings.event_subscriptions.bot_events).toEqual(
      expect.arrayContaining(["app_uninstalled", "tokens_revoked"]),
    );
  });

  it("is manifest.http.yml in everything else", () => {
    const withoutOAuth = (m: Manifest) => {
      const copy = structuredClone(m) as Manifest & {
        oauth_config: { redirect_urls?: string[] };
        settings: { org_deploy_enabled?: boolean; token_rotation_enabled?: boolean };
      };
      delete copy.oauth_config.redirect_urls;
      delete copy.settings.token_rotation_enabled;
      copy.settings.event_subscriptions.bot_events = copy.settings.event_subscriptions.bot_events.filter(
        (e) => e !== "app_uninstalled" && e !== "tokens_revoked",
      );
      return copy;
    };
    expect(withoutOAuth(oauth)).toEqual(withoutOAuth(http));
  });
});
