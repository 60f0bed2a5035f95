// The envelope check: Slack's ids by shape, every real payload passes, bodies are classified as Bolt
// routes them, and no input makes the check itself throw.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ChannelId, checkEnvelope, EnterpriseId, TeamId, UserId } from "../../src/slack/envelope.ts";
import { ActionId, CallbackId, Event, Step } from "../../src/views/ids.ts";
import {
  blockAction,
  eventCallback,
  functionExecuted,
  globalShortcut,
  messageShortcut,
  slashCommand,
  urlVerification,
  viewSubmission,
} from "../support/payloads.ts";

const responseUrl = "https://hooks.slack.com/commands/T1/1/abc";

describe("Slack ids", () => {
  it.each([
    [UserId, ["U024BE7LH", "W0ABC", "U1", "UBOT", "U0123456789ABCDEFGHIJ"]],
    [ChannelId, ["C024BE91L", "G1", "D024BFF1M", "C1"]],
    [TeamId, ["T024BE7LD", "T1"]],
    [EnterpriseId, ["E0AB12CD3"]],
  ] as const)("accepts real and test ids (%#)", (schema, ids) => {
    for (const id of ids) expect(schema.safeParse(id).success).toBe(true);
  });

  it("refuses the wrong kind, lowercase, padding, unicode look-alikes and overlong ids", () => {
    const odd = [
      "",
      "U",
      "u1",
      "X1",
      " U1",
      "U1 ",
      "U1\n",
      "Ｕ１",
      "U-1",
      `U${"A".repeat(24)}`,
      `C${"A".repeat(199)}`,
    ];
    for (const id of [...odd, "C1", "T1", "E1"]) expect(UserId.safeParse(id).success).toBe(false);
    for (const id of [...odd, "U1", "T1"]) expect(ChannelId.safeParse(id).success).toBe(false);
    for (const id of [...odd, "U1", "C1"]) expect(TeamId.safeParse(id).success).toBe(false);
    for (const id of [...odd, "T1"]) expect(EnterpriseId.safeParse(id).success).toBe(false);
  });
});

describe("checkEnvelope", () => {
  const real: Array<[string, unknown]> = [
    ["slash command", slashCommand({ command: "/goodcall", text: "help", responseUrl })],
    ["block action", blockAction({ actionId: ActionId.OpenGoodCallModal, responseUrl })],
    [
      "block action in App Home",
      blockAction({ actionId: ActionId.ManagerPreference, view: { type: "home" } }),
    ],
    ["view submission", viewSubmission({ callbackId: CallbackId.SettingsModal, values: {} })],
    ["global shortcut", globalShortcut({ callbackId: CallbackId.LogGoodCallShortcut })],
    [
      "message shortcut",
      messageShortcut({
        callbackId: CallbackId.LogGoodCallShortcut,
        messageTs: "1700000000.000100",
        text: "Thanks!",
        messageUserId: "U3",
        responseUrl,
      }),
    ],
    ["App Home opened", eventCallback({ type: Event.AppHomeOpened, user: "U2", channel: "D2", tab: "home" })],
    ["member joined", eventCallback({ type: Event.MemberJoinedChannel, user: "U2", channel: "C1" })],
    [
      "workflow step run",
      functionExecuted({
        execution: { id: "Fx0123456789", callbackId: Step.LogGoodCall, token: "xwfp-1" },
        inputs: { author: "U2", what: "Drove the part over", channel: "C1" },
      }),
    ],
  ];

  it.each(real)("passes a real %s", (_name, body) => {
    expect(checkEnvelope(body, "http")).toMatchObject({ ok: true });
    expect(checkEnvelope(body, "socket")).toMatchObject({ ok: true });
  });

  it("passes an interaction from an org-wide install, whose team is null", () => {
    const body = { ...globalShortcut({ callbackId: CallbackId.LogGoodCallShortcut }), team: null };
    expect(checkEnvelope(body, "http").ok).toBe(true);
  });

  it("names the event id of an event, for the retry check", () => {
    const body = {
      ...eventCallback({ type: Event.MemberLeftChannel, user: "U2", channel: "C1" }),
      event_id: "Ev0PV52K21",
    };
    expect(checkEnvelope(body, "http")).toEqual({
      ok: true,
      envelope: { kind: "event", eventId: "Ev0PV52K21" },
    });
  });

  it("passes Slack's own checks over HTTP only", () => {
    expect(checkEnvelope({ ssl_check: "1" }, "http").ok).toBe(true);
    expect(checkEnvelope(urlVerification("abc"), "http").ok).toBe(true);
    expect(checkEnvelope({ ssl_check: "1" }, "socket").ok).toBe(false);
    expect(checkEnvelope(urlVerification("abc"), "socket").ok).toBe(false);
  });

  it("classifies a body as Bolt routes it, whatever its type says", () => {
    const submission = viewSubmission({ callbackId: CallbackId.SettingsModal, values: {} });
    // Bolt treats any body with `actions` as a block action, and any with `command` as a command.
    expect(checkEnvelope({ ...submission, actions: [] }, "http").ok).toBe(false);
    expect(checkEnvelope({ ...submission, command: "/goodcall" }, "http").ok).toBe(false);
    expect(checkEnvelope({ ...submission, event: {} }, "http").ok).toBe(false);
  });

  it("refuses events the app does not subscribe to, and ones Bolt would misread", () => {
    const reaction = eventCallback({ type: "reaction_added", user: "U2", item: { channel: "C1" } });
    expect(checkEnvelope(reaction, "http")).toEqual({ ok: false, problem: "event.type: invalid_union" });
    const withItem = eventCallback({ type: Event.MemberJoinedChannel, user: "U2", channel: "C1", item: 5 });
    expect(checkEnvelope(withItem, "http").ok).toBe(false);
  });

  it("refuses a step the app does not have, and a step run Bolt could not end", () => {
    const run = (callbackId: string) =>
      functionExecuted({ execution: { id: "Fx0123456789", callbackId, token: "xwfp-1" }, inputs: {} });
    expect(checkEnvelope(run(Step.ShareStory), "socket").ok).toBe(true);
    expect(checkEnvelope(run("delete_everything"), "http").ok).toBe(false);
    const { function_execution_id: _id, ...anonymous } = run(Step.ShareStory).event as Record<
      string,
      unknown
    >;
    expect(checkEnvelope({ ...run(Step.ShareStory), event: anonymous }, "http").ok).toBe(false);
  });

  it("refuses a repeated form field", () => {
    const command = {
      ...slashCommand({ command: "/goodcall", text: "help", responseUrl }),
      channel_id: ["C1", "C2"],
    };
    expect(checkEnvelope(command, "http")).toEqual({ ok: false, problem: "channel_id: invalid_type" });
  });

  it("says where the problem is, never what the value was", () => {
    const secret = "Kalle Virtanen 040 1234567";
    const command = { ...slashCommand({ command: "/goodcall", text: "help", responseUrl }), user_id: secret };
    const result = checkEnvelope(command, "http");
    expect(result).toEqual({ ok: false, problem: "user_id: invalid_format" });
  });

  it("never throws, whatever the body", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom("http" as const, "socket" as const), (body, from) => {
        expect(() => checkEnvelope(body, from)).not.toThrow();
      }),
    );
  });
});
