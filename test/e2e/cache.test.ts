// What a request reads from the process's cache (src/db/cache.ts) is never older than this process's
// own last write: every write that changes a team, its managers, a membership or a locale is seen by
// the very next request. Another instance's writes are seen within the TTL, except the access
// decisions that must not wait for it (src/slack/access.ts), which read the database.
import { describe, expect, it } from "vitest";
import { formatMoney, messages } from "../../src/domain/i18n.ts";
import type { Team } from "../../src/domain/types.ts";
import { createServices } from "../../src/services.ts";
import { CallbackId, Field, Event as SlackEvent } from "../../src/views/ids.ts";
import { Metadata } from "../../src/views/values.ts";
import { ackText, makeTeam, textOf } from "../support/conversation.ts";
import { appPerTest, type Harness } from "../support/harness.ts";

const startApp = appPerTest();
const en = messages("en");
const fi = messages("fi");

/** A good call sent through the form from the person's DM: no signed channel proves membership. */
function logFromDm(h: Harness, userId: string, what: string) {
  return h.submit({
    userId,
    callbackId: CallbackId.GoodCallModal,
    privateMetadata: Metadata.goodCall.encode({ teamId: "C1" }),
    values: { [Field.What]: { [Field.What]: { type: "plain_text_input", value: what } } },
  });
}

/** Whether the form was refused (its error under the main field) rather than saved (an empty ack). */
function refused(reply: { json: Record<string, unknown> | null }): boolean {
  return reply.json?.response_action === "errors";
}

/** DMs the app posted to a person (conversations.open gives "D" + user id). */
function dmsTo(h: Harness, userId: string) {
  return h.fake.calls("chat.postMessage").filter((c) => c.args.channel === `D${userId}` && c.status === 200);
}

async function teamC1(h: Harness): Promise<Team> {
  const team = await h.services.teams.find("C1");
  if (!team) throw new Error("no team");
  return team;
}

/** #support with Mikko (U1) managing and Aino (U3) a second manager who wants instant DMs. */
async function withInstantManager(h: Harness) {
  await makeTeam(h);
  await h.services.teams.updateSettings("C1", { ...(await teamC1(h)), managerIds: ["U1", "U3"] });
  await h.services.teams.setManagerPreference("C1", "U3", "instant");
  await h.command("/goodcall", "Refunded the shipping of a late parcel", { user: "U2" });
  await h.idle();
  expect(dmsTo(h, "U3")).toHaveLength(1);
}

describe("a team's settings", () => {
  it("changed in this process are the next quick log's language and usual limit", async () => {
    const h = await startApp();
    await withInstantManager(h);
    const before = await h.command("/goodcall", "Swapped a cracked mug at the counter", { user: "U2" });
    expect(ackText(before)).toContain(en.logged("<@U2>"));

    await h.services.teams.updateSettings("C1", {
      ...(await teamC1(h)),
      language: "fi",
      usualLimit: { cents: 2000, currency: "EUR" },
    });
    const after = await h.command("/goodcall", "Gave a 50 EUR voucher for a ruined holiday booking", {
      user: "U2",
    });
    await h.idle();
    expect(ackText(after)).toContain(fi.logged("<@U2>"));
    expect(textOf(dmsTo(h, "U3").at(-1)?.args)).toContain(
      fi.aboveLimitNote(formatMoney({ cents: 2000, currency: "EUR" }, "fi")),
    );
  });
});

describe("a team's managers", () => {
  it("removed in settings get no more instant DMs from the next good call on", async () => {
    const h = await startApp();
    await withInstantManager(h);
    await h.services.teams.updateSettings("C1", { ...(await teamC1(h)), managerIds: ["U1"] });
    await h.command("/goodcall", "Walked a customer to the right shelf", { user: "U2" });
    await h.idle();
    expect(dmsTo(h, "U3")).toHaveLength(1);
  });

  it("who turn instant DMs off get none from the next good call on", async () => {
    const h = await startApp();
    await withInstantManager(h);
    await h.services.teams.setManagerPreference("C1", "U3", "off");
    await h.command("/goodcall", "Walked a customer to the right shelf", { user: "U2" });
    await h.idle();
    expect(dmsTo(h, "U3")).toHaveLength(1);
  });

  it("whom Slack called gone are not written to again", async () => {
    const h = await startApp();
    await withInstantManager(h);
    h.fake.failNext("conversations.open", { error: "user_not_found" });
    await h.command("/goodcall", "Fixed a billing mistake on the phone", { user: "U2" });
    await h.idle();
    expect((await h.services.teams.managersOf("C1")).find((m) => m.userId === "U3")?.unreachable).toBe(true);
    const opened = h.fake.calls("conversations.open").length;
    await h.command("/goodcall", "Walked a customer to the right shelf", { user: "U2" });
    await h.idle();
    expect(h.fake.calls("conversations.open")).toHaveLength(opened);
  });

  it("removed in settings lose the team at once, even one who never was in its channel", async () => {
    const h = await startApp();
    await makeTeam(h);
    await h.services.teams.updateSettings("C1", { ...(await teamC1(h)), managerIds: ["U1", "U7"] });
    expect(refused(await logFromDm(h, "U7", "Called a customer back about a lost order"))).toBe(false);
    await h.services.teams.updateSettings("C1", { ...(await teamC1(h)), managerIds: ["U1"] });
    const reply = await logFromDm(h, "U7", "Called another customer back");
    expect(refused(reply)).toBe(true);
    expect(JSON.stringify(reply.json)).toContain(en.accessNotMember);
  });
});

describe("membership", () => {
  it("ends with member_left_channel: the next request from outside the channel is refused", async () => {
    const h = await startApp();
    await makeTeam(h);
    await h.command("/goodcall", "Refunded the shipping of a late parcel", { user: "U2" });
    expect(refused(await logFromDm(h, "U2", "Found a lost order number"))).toBe(false);
    await h.event({ type: SlackEvent.MemberLeftChannel, user: "U2", channel: "C1" });
    // Slack gets its ack before the listener runs (as in production); wait for the listener.
    await h.idle();
    expect(refused(await logFromDm(h, "U2", "Found another lost order number"))).toBe(true);
  });

  it("is recorded once for someone first seen in the team's channel", async () => {
    const h = await startApp();
    await makeTeam(h);
    const recorded = () => h.logs.filter((line) => line.includes("member recorded from their team channel"));
    await h.command("/goodcall", "Found the customer's lost order number", { user: "U4" });
    await h.command("/goodcall", "Called the customer back the same day", { user: "U4" });
    expect(recorded()).toHaveLength(1);
  });

  it("of the person who set the team up, and of its channel's people, counts at once", async () => {
    const h = await startApp();
    // Slack's member list leaves out the manager, so only setup itself makes them a member.
    h.fake.setChannelMembers("C1", ["U3"]);
    await h.services.people.setLocale("U3", null);
    await h.command("/goodcall", "help", { user: "U3", channel: "C1" });
    await makeTeam(h);
    await h.command("/goodcall", "Found the customer's lost order number", { user: "U3" });
    await h.command("/goodcall", "Called the customer back the same day", { user: "U1" });
    expect(h.logs.filter((line) => line.includes("member recorded from their team channel"))).toEqual([]);
  });
});

describe("a person's locale", () => {
  it("learned in this process is the language of their next answer", async () => {
    const h = await startApp();
    await makeTeam(h);
    expect(ackText(await h.command("/goodcall", "Swapped a cracked mug", { user: "U2" }))).toContain(
      en.logged("<@U2>"),
    );
    await h.services.people.setLocale("U2", "fi-FI");
    expect(ackText(await h.command("/goodcall", "Swapped another mug", { user: "U2" }))).toContain(
      fi.logged("<@U2>"),
    );
  });

  it("and memberships are gone with the person after forget me", async () => {
    const h = await startApp();
    await makeTeam(h);
    await h.services.people.setLocale("U2", "fi-FI");
    await h.command("/goodcall", "Swapped a cracked mug", { user: "U2" });
    expect(refused(await logFromDm(h, "U2", "Found a lost order number"))).toBe(false);
    await h.services.personalData.forget("U2");
    expect(await h.services.people.locale("U2")).toBeUndefined();
    expect(refused(await logFromDm(h, "U2", "Found another lost order number"))).toBe(true);
  });
});

describe("another instance's changes", () => {
  /** A second app process on the same database: its own cache, which this one never hears from. */
  const otherInstance = (h: Harness) =>
    createServices({ db: h.db, logger: h.services.logger, tzDefault: h.services.tzDefault });

  it("never leave a removed manager a manager's power", async () => {
    const h = await startApp();
    await makeTeam(h);
    await h.services.teams.updateSettings("C1", { ...(await teamC1(h)), managerIds: ["U1", "U3"] });
    // This instance has U3's roles in its cache.
    expect((await h.services.teams.actor("U3")).manages.has("C1")).toBe(true);
    await otherInstance(h).teams.updateSettings("C1", { ...(await teamC1(h)), managerIds: ["U1"] });
    const text = (value: string) => ({ type: "plain_text_input", value });
    const choice = (value: string) => ({ type: "static_select", selected_option: { value } });
    const reply = await h.submit({
      userId: "U3",
      callbackId: CallbackId.SettingsModal,
      privateMetadata: Metadata.settings.encode({ teamId: "C1" }),
      values: {
        [Field.Managers]: { [Field.Managers]: { type: "multi_users_select", selected_users: ["U3"] } },
        [Field.TimeZone]: { [Field.TimeZone]: text("Europe/Helsinki") },
        [Field.DigestDay]: { [Field.DigestDay]: choice("5") },
        [Field.DigestTime]: { [Field.DigestTime]: { type: "timepicker", selected_time: "15:00" } },
        [Field.Language]: { [Field.Language]: choice("fi") },
        [Field.Feed]: { [Field.Feed]: { type: "checkboxes", selected_options: [] } },
        [Field.LimitAmount]: { [Field.LimitAmount]: text("") },
        [Field.LimitCurrency]: { [Field.LimitCurrency]: choice("EUR") },
        [Field.FollowUpDays]: { [Field.FollowUpDays]: { type: "number_input", value: "7" } },
      },
    });
    expect(JSON.stringify(reply.json)).toContain(en.accessNotMember);
    const team = await otherInstance(h).teams.find("C1");
    expect(team?.managerIds).toEqual(["U1"]);
    expect(team?.language).toBe("en");
  });

  it("never keep a new member out", async () => {
    const h = await startApp();
    await makeTeam(h);
    expect(refused(await logFromDm(h, "U4", "Found a lost order number"))).toBe(true);
    await otherInstance(h).teams.addMember("C1", "U4");
    expect(refused(await logFromDm(h, "U4", "Found a lost order number"))).toBe(false);
  });
});
