// manifest.yml (Socket Mode) and manifest.http.yml (HTTP mode) are valid for Slack, match what the code
// listens to in both directions, and differ only in how Slack reaches the app.
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
import { registerCommands } from "../../src/slack/commands/index.ts";
import { registerEvents } from "../../src/slack/events/index.ts";
import { registerShortcuts } from "../../src/slack/shortcuts/index.ts";
import { registerViews } from "../../src/slack/views/index.ts";
import { CallbackId, Command, Event } from "../../src/views/ids.ts";

interface Manifest {
  features: {
    slash_commands: Array<{ command: string; url?: string }>;
    shortcuts: Array<{ callback_id: string; type: "global" | "message" }>;
  };
  oauth_config: { scopes: { bot: string[] } };
  settings: {
    event_subscriptions: { bot_events: string[]; request_url?: string };
    interactivity: { is_enabled: boolean; request_url?: string };
    socket_mode_enabled: boolean;
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
  const recorder = {
    command: (m: Matcher) => matchers.commands.push(m),
    shortcut: (m: Matcher) => matchers.shortcuts.push(m),
    event: (m: Matcher) => matchers.events.push(m),
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
    // Uninstall events exist only for apps installed by OAuth.
    ...(oauth ? [registerUninstallEvents] : []),
  ]) {
    register(recorder, services);
  }
  const heard = (kind: Matcher[]) => knownIds().filter((id) => kind.some((m) => matches(m, id)));
  return {
    commands: heard(matchers.commands),
    shortcuts: heard(matchers.shortcuts),
    events: heard(matchers.events),
  };
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

  it("adds what installs by OAuth need: the redirect URL, org-wide installs, token rotation, uninstall events", () => {
    expect(oauth.oauth_config.redirect_urls).toEqual(["https://goodcall.example.com/slack/oauth_redirect"]);
    expect(oauth.settings.org_deploy_enabled).toBe(true);
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
      delete copy.settings.org_deploy_enabled;
      delete copy.settings.token_rotation_enabled;
      copy.settings.event_subscriptions.bot_events = copy.settings.event_subscriptions.bot_events.filter(
        (e) => e !== "app_uninstalled" && e !== "tokens_revoked",
      );
      return copy;
    };
    expect(withoutOAuth(oauth)).toEqual(withoutOAuth(http));
  });
});
