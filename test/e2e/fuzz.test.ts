// A few thousand correctly signed, malformed requests against the real app over HTTP: none answers
// 5xx, none crashes it, none writes a row or logs what it carried, and it serves normally afterwards.
// Every body breaks at least one thing the envelope requires (mutations of real payloads, or junk),
// so each must be refused with 400; a body that got through would be a hole in the envelope check.
import fc from "fast-check";
import { expect, it } from "vitest";
import { ActionId, CallbackId, Event, Field } from "../../src/views/ids.ts";
import { makeTeam } from "../support/conversation.ts";
import { appPerTest, type Harness } from "../support/harness.ts";
import {
  blockAction,
  eventCallback,
  globalShortcut,
  messageShortcut,
  slashCommand,
  urlVerification,
  viewSubmission,
} from "../support/payloads.ts";
import { FORM, JSON_TYPE, postSigned, type RawRequest, rowCounts } from "../support/rawRequests.ts";

// NOTE: a fixed seed, not the suite's FC_SEED: the same bodies on every run and machine, so the
// figures below are comparable and a failure always reproduces.
const SEED = 20261123;
const REQUESTS = 2500;
// Enough requests in flight to interleave the app's async work, few enough for two loaded cores.
const CONCURRENCY = 12;
// Customer text in every base payload; it must never reach a log line.
const MARKER = "Kalle Virtanen paid with card ZZFUZZMARKER";

// ---------------------------------------------------------------------------------------------
// What a required field may be broken into, by the kind of value the envelope needs there
// ---------------------------------------------------------------------------------------------

type Need = "id" | "eventId" | "token" | "string" | "literal" | "object" | "array" | "command";
/** A place the envelope requires; `optional` ones may be absent, but never null or mistyped. */
interface Required {
  path: string[];
  need: Need;
  optional?: boolean;
}

const DELETE = Symbol("delete");
type Broken = unknown | typeof DELETE;

const huge = (n: number) => "U".repeat(n);
// Not one of these is a valid Slack id of any kind.
const oddIds = [
  "",
  " ",
  "u1",
  "X1",
  "C",
  "U1 ",
  "U1\n",
  "Ｕ１",
  "U-1",
  "U1;DROP",
  "<@U1>",
  huge(25),
  huge(200),
];
const wrongTypes: unknown[] = [null, 0, 42, -1.5, true, false, [], ["U1"], {}, { id: "U1" }];

function breakersFor(need: Need, optional: boolean): Broken[] {
  const absent = optional ? [] : [DELETE];
  switch (need) {
    case "id":
      return [...oddIds, ...wrongTypes, ...absent];
    case "eventId":
      return ["", "Ev", "ev0A", "E0A", "Ev0a", `Ev${"A".repeat(60)}`, ...wrongTypes, ...absent];
    case "token":
      return ["", huge(300), ...wrongTypes, ...absent];
    case "string":
      return [null, 0, true, [], {}, ["text"], ...absent];
    case "literal":
      return ["", "nonsense", "BLOCK_ACTIONS", null, 0, [], {}, ...absent];
    case "object":
      return [null, "x", 0, true, [], ["x"], ...absent];
    case "array":
      return [null, "x", 0, {}, [null], ["x"], ...absent];
    case "command":
      return ["", "goodcall", "/", "/GoodCall", `/${"g".repeat(40)}`, "/good call", ...wrongTypes, ...absent];
  }
}

// Form fields can only be strings: broken by odd strings, by absence, or by repetition.
function formBreakersFor(need: Need): Array<string | typeof DELETE | "repeat"> {
  const strings =
    need === "id" ? oddIds : need === "command" ? ["", "goodcall", "/", `/${"g".repeat(40)}`] : [""];
  return [...(need === "string" ? [] : strings), DELETE, "repeat"];
}

// ---------------------------------------------------------------------------------------------
// Real payloads, and where each must hold
// ---------------------------------------------------------------------------------------------

interface Base {
  name: string;
  form: "command" | "payload" | "json";
  value: Record<string, unknown>;
  required: Required[];
}

const interaction: Required[] = [
  { path: ["type"], need: "literal" },
  { path: ["user"], need: "object" },
  { path: ["user", "id"], need: "id" },
  { path: ["team", "id"], need: "id" },
];

function bases(h: Harness): Base[] {
  const responseUrl = h.fake.responseUrl();
  const action = [
    { path: ["actions"], need: "array" },
    { path: ["actions", "0"], need: "object" },
    { path: ["actions", "0", "action_id"], need: "token" },
    { path: ["actions", "0", "block_id"], need: "token" },
    { path: ["actions", "0", "type"], need: "token" },
    { path: ["actions", "0", "value"], need: "string", optional: true },
    { path: ["container"], need: "object" },
    { path: ["container", "type"], need: "token" },
  ] satisfies Required[];
  const settingsValues = {
    [Field.Managers]: { [Field.Managers]: { type: "multi_users_select", selected_users: ["U1", "U5"] } },
    [Field.TimeZone]: { [Field.TimeZone]: { type: "plain_text_input", value: MARKER } },
  };
  const event = (type: string) =>
    [
      { path: ["type"], need: "literal" },
      { path: ["team_id"], need: "id" },
      { path: ["event_id"], need: "eventId" },
      { path: ["event"], need: "object" },
      { path: ["event", "type"], need: "literal" },
      { path: ["event", "user"], need: "id" },
      { path: ["event", "channel"], need: "id" },
      ...(type === Event.AppHomeOpened
        ? [{ path: ["event", "tab"], need: "string" } satisfies Required]
        : []),
      { path: ["authorizations"], need: "array", optional: true },
      { path: ["authorizations", "0"], need: "object" },
      { path: ["authorizations", "0", "user_id"], need: "id" },
      // Bolt reads these of any event; none of ours has them.
      { path: ["event", "item"], need: "object", optional: true },
      { path: ["event", "channel_id"], need: "id", optional: true },
    ] satisfies Required[];
  return [
    {
      name: "slash command",
      form: "command",
      value: slashCommand({ command: "/goodcall", text: MARKER, userId: "U2", responseUrl }),
      required: [
        { path: ["command"], need: "command" },
        { path: ["text"], need: "string" },
        { path: ["user_id"], need: "id" },
        { path: ["channel_id"], need: "id" },
        { path: ["team_id"], need: "id" },
        { path: ["trigger_id"], need: "token" },
        { path: ["response_url"], need: "token" },
      ],
    },
    {
      name: "block action in a channel",
      form: "payload",
      value: blockAction({ userId: "U2", actionId: ActionId.OpenGoodCallModal, value: MARKER, responseUrl }),
      required: [
        ...interaction,
        ...action,
        { path: ["channel"], need: "object", optional: true },
        { path: ["channel", "id"], need: "id" },
      ],
    },
    {
      name: "block action in App Home",
      form: "payload",
      value: blockAction({
        userId: "U1",
        actionId: ActionId.ManagerPreference,
        value: "C1:instant",
        view: { type: "home", private_metadata: MARKER },
        responseUrl,
      }),
      required: [
        ...interaction,
        ...action,
        { path: ["view"], need: "object", optional: true },
        { path: ["view", "id"], need: "token" },
      ],
    },
    {
      name: "view submission",
      form: "payload",
      value: viewSubmission({
        userId: "U1",
        callbackId: CallbackId.SettingsModal,
        privateMetadata: JSON.stringify({ teamId: "C1", note: MARKER }),
        values: settingsValues,
      }),
      required: [
        ...interaction,
        { path: ["view"], need: "object" },
        { path: ["view", "id"], need: "token" },
        { path: ["view", "callback_id"], need: "string" },
        { path: ["view", "state"], need: "object" },
        { path: ["view", "state", "values"], need: "object" },
        { path: ["view", "private_metadata"], need: "string", optional: true },
        {
          path: ["view", "state", "values", Field.Managers, Field.Managers, "selected_users", "0"],
          need: "id",
        },
      ],
    },
    {
      name: "global shortcut",
      form: "payload",
      value: globalShortcut({ userId: "U2", callbackId: CallbackId.LogGoodCallShortcut }),
      required: [
        ...interaction,
        { path: ["callback_id"], need: "token" },
        { path: ["trigger_id"], need: "token" },
      ],
    },
    {
      name: "message shortcut",
      form: "payload",
      value: messageShortcut({
        userId: "U2",
        callbackId: CallbackId.LogGoodCallShortcut,
        messageTs: "1700000000.000100",
        text: MARKER,
        messageUserId: "U3",
        responseUrl,
      }),
      required: [
        ...interaction,
        { path: ["callback_id"], need: "token" },
        { path: ["trigger_id"], need: "token" },
        { path: ["channel"], need: "object" },
        { path: ["channel", "id"], need: "id" },
        { path: ["message"], need: "object" },
        { path: ["message", "ts"], need: "token" },
        { path: ["message", "user"], need: "id", optional: true },
      ],
    },
    {
      name: "App Home opened",
      form: "json",
      value: eventCallback({
        type: Event.AppHomeOpened,
        user: "U2",
        channel: "D2",
        tab: "home",
        text: MARKER,
      }),
      required: event(Event.AppHomeOpened),
    },
    {
      name: "member joined",
      form: "json",
      value: eventCallback({ type: Event.MemberJoinedChannel, user: "U4", channel: "C1", text: MARKER }),
      required: event(Event.MemberJoinedChannel),
    },
    {
      name: "member left",
      form: "json",
      value: eventCallback({ type: Event.MemberLeftChannel, user: "U1", channel: "C1", text: MARKER }),
      required: event(Event.MemberLeftChannel),
    },
    {
      name: "URL verification",
      form: "json",
      value: { ...urlVerification(MARKER) },
      required: [{ path: ["challenge"], need: "token" }],
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// Mutation
// ---------------------------------------------------------------------------------------------

type Container = Record<string, unknown> | unknown[];

function isContainer(value: unknown): value is Container {
  return typeof value === "object" && value !== null;
}

/**
 * Sets (or deletes) the value at a path, first turning every missing or non-container ancestor
 * into an object (or an array before an index), so a break is never undone by earlier noise.
 */
function setAt(root: Record<string, unknown>, path: string[], value: Broken): void {
  let node: Container = root;
  for (const [i, key] of path.slice(0, -1).entries()) {
    const wantArray = /^\d+$/.test(path[i + 1] ?? "");
    const record = node as Record<string, unknown>;
    const child = record[key];
    if (!isContainer(child) || Array.isArray(child) !== wantArray) record[key] = wantArray ? [] : {};
    node = record[key] as Container;
  }
  const last = path[path.length - 1] as string;
  if (value === DELETE) delete (node as Record<string, unknown>)[last];
  else (node as Record<string, unknown>)[last] = value;
}

function isIndex(path: string[]): boolean {
  return /^\d+$/.test(path[path.length - 1] ?? "");
}

function pathsOf(value: unknown, prefix: string[] = []): string[][] {
  if (!isContainer(value)) return [];
  return Object.entries(value).flatMap(([key, child]) => [
    [...prefix, key],
    ...pathsOf(child, [...prefix, key]),
  ]);
}

// Noise: anything at any existing place, applied before the break.
const noiseValue = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.integer({ min: 1000, max: 10_000 }).map((n) => "é".repeat(n)),
  fc.constant(DELETE),
);

// Keys Bolt routes by before `type`: adding one makes the body another kind, which cannot pass.
const rerouted = fc.record({
  key: fc.constantFrom("command", "event", "name", "actions"),
  value: fc.jsonValue({ maxDepth: 1 }),
});

function toRequest(base: Base, value: Record<string, unknown>, repeat?: string): RawRequest {
  if (base.form === "json") return { raw: JSON.stringify(value), contentType: JSON_TYPE };
  if (base.form === "payload")
    return { raw: new URLSearchParams({ payload: JSON.stringify(value) }).toString(), contentType: FORM };
  const form = new URLSearchParams(Object.entries(value).map(([k, v]): [string, string] => [k, String(v)]));
  // Twice, so the field is repeated even when the break also deleted it.
  if (repeat !== undefined) for (const copy of ["C2", "C3"]) form.append(repeat, copy);
  return { raw: form.toString(), contentType: FORM };
}

type Mutation = (value: Record<string, unknown>) => string | undefined;

/** Every way to break one required place of a base, listed once so sampling stays cheap. */
function breaksOf(base: Base): Mutation[] {
  return base.required.flatMap((required): Mutation[] => {
    if (base.form === "command")
      return formBreakersFor(required.need).map((broken) => (value) => {
        if (broken === "repeat") return required.path[0];
        setAt(value, required.path, broken);
        return undefined;
      });
    // An array item cannot be made absent: deleting one from an array that noise emptied changes nothing.
    const optional = (required.optional ?? false) || isIndex(required.path);
    return breakersFor(required.need, optional).map((broken) => (value) => {
      setAt(value, required.path, broken);
      return undefined;
    });
  });
}

function mutatedPayload(base: Base): fc.Arbitrary<RawRequest> {
  const paths = pathsOf(base.value);
  // Form fields are strings whatever noise is put in them.
  const noise = fc.array(
    fc.tuple(
      fc.constantFrom(...paths),
      base.form === "command" ? fc.string({ unit: "grapheme", maxLength: 300 }) : noiseValue,
    ),
    { maxLength: 2 },
  );
  const breaks = fc.oneof(
    fc.constantFrom(...breaksOf(base)),
    // An event is routed by its `event` key first, and a slash command by `command` before
    // anything else, so only interactions can be rerouted.
    ...(base.form === "payload"
      ? [
          rerouted.map(
            ({ key, value: v }): Mutation =>
              (value) => {
                setAt(value, [key], v);
                return undefined;
              },
          ),
        ]
      : []),
  );
  return fc.tuple(noise, fc.array(breaks, { minLength: 1, maxLength: 2 })).map(([noisy, broken]) => {
    const value: Record<string, unknown> = structuredClone(base.value);
    for (const [path, v] of noisy) setAt(value, path, v);
    let repeat: string | undefined;
    for (const apply of broken) repeat = apply(value) ?? repeat;
    return toRequest(base, value, repeat);
  });
}

// Bodies that are no envelope at all.
function junk(all: Base[]): fc.Arbitrary<RawRequest> {
  const real = all.map((base) => toRequest(base, base.value).raw);
  const asJson = (raw: string) => ({ raw, contentType: JSON_TYPE });
  const asForm = (raw: string) => ({ raw, contentType: FORM });
  return fc.oneof(
    fc
      .constantFrom(
        "null",
        "0",
        "-1",
        "1e309",
        '""',
        '"null"',
        "[]",
        "[null]",
        "true",
        "{}",
        "",
        " ",
        "{",
        "nul",
      )
      .map(asJson),
    fc
      .jsonValue()
      .filter((v) => !isContainer(v) || Array.isArray(v))
      .map((v) => asJson(JSON.stringify(v))),
    fc.string({ unit: "binary", maxLength: 200 }).map(asJson),
    // Truncated real payloads, as JSON and inside a form.
    fc
      .constantFrom(...real)
      .chain((raw) =>
        fc
          .integer({ min: 0, max: raw.length - 1 })
          .map((cut) => (raw.startsWith("payload=") ? asForm : asJson)(raw.slice(0, cut))),
      ),
    // JSON sent as a form, and a form sent as JSON.
    fc
      .constantFrom(...real)
      .map((raw) => (raw.startsWith("payload=") || raw.includes("&") ? asJson(raw) : asForm(raw))),
    fc
      .constantFrom("null", "5", '"text"', "[]", "[{}]", "{", "%7B%ZZ", "%", "{}", "true")
      .map((inner) => asForm(`payload=${inner}`)),
    fc
      .constantFrom("payload=%7B%7D&payload=%7B%7D", "a=1&b=2", "", "=", "&&&", "ssl_check=0", "command=")
      .map(asForm),
  );
}

// ---------------------------------------------------------------------------------------------

const setup = appPerTest();

it(`answers ${REQUESTS} signed malformed requests with 400, changing nothing, and keeps serving`, async () => {
  const h = await setup();
  await makeTeam(h);
  // U4 is not on the team yet: a member_joined_channel that slipped through would add them.
  await h.idle();
  const before = await rowCounts(h.db);
  const all = bases(h);
  const generating = performance.now();
  const requests = fc.sample(
    fc.oneof(...all.map((base) => ({ arbitrary: mutatedPayload(base), weight: 4 })), {
      arbitrary: junk(all),
      weight: all.length,
    }),
    {
      seed: SEED,
      numRuns: REQUESTS,
    },
  );

  const generatedMs = performance.now() - generating;
  const started = performance.now();
  const statuses = new Map<number, number>();
  const unexpected: Array<{ status: number; body: string }> = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < requests.length) {
        const request = requests[next++] as RawRequest;
        const { status } = await postSigned(h.url, request);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        if (status !== 400 && unexpected.length < 5)
          unexpected.push({ status, body: request.raw.slice(0, 300) });
      }
    }),
  );
  const elapsedMs = performance.now() - started;
  await h.idle();

  if (process.env.GOODCALL_FUZZ_REPORT) {
    const seen = [...statuses].sort(([a], [b]) => a - b).map(([status, n]) => `${status}×${n}`);
    console.log(
      `fuzz: ${requests.length} requests (seed ${SEED}) in ${Math.round(elapsedMs)} ms (generated in ${Math.round(generatedMs)} ms); statuses ${seen.join(", ")}`,
    );
  }
  expect(unexpected).toEqual([]);
  expect([...statuses.keys()]).toEqual([400]);
  expect(await rowCounts(h.db)).toEqual(before);
  expect(h.logs.filter((line) => line.includes("ZZFUZZMARKER"))).toEqual([]);
  expect((await fetch(`${h.url}/healthz`)).status).toBe(200);
  const help = await h.command("/goodcall", "help", { user: "U2" });
  expect(help.status).toBe(200);
}, 60_000);
