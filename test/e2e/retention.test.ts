// Retention: a team's managers choose how long entries are kept; the scheduler deletes older ones
// once a day through the same path as "forget me", takes their feed posts back, and says so in the
// managers' weekly summary.
import { WebClient } from "@slack/web-api";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { slotAfter } from "../../src/domain/period.ts";
import { runJobs } from "../../src/jobs/run.ts";
import { CallbackId, Field } from "../../src/views/ids.ts";
import { Metadata } from "../../src/views/values.ts";
import { makeTeam, textOf } from "../support/conversation.ts";
import { appPerTest, BOT_TOKEN, type Harness } from "../support/harness.ts";

const startApp = appPerTest();
const DAY = 24 * 3600_000;

/** The settings form as a manager fills it in, with the retention field as given. */
function settingsForm(retention: string | null) {
  return {
    [Field.Managers]: { [Field.Managers]: { type: "multi_users_select", selected_users: ["U1"] } },
    [Field.TimeZone]: { [Field.TimeZone]: { type: "plain_text_input", value: "Europe/Helsinki" } },
    [Field.DigestDay]: { [Field.DigestDay]: { type: "static_select", selected_option: { value: "5" } } },
    [Field.DigestTime]: { [Field.DigestTime]: { type: "timepicker", selected_time: "15:00" } },
    [Field.Language]: { [Field.Language]: { type: "static_select", selected_option: { value: "en" } } },
    [Field.FollowUpDays]: { [Field.FollowUpDays]: { type: "number_input", value: "7" } },
    [Field.RetentionMonths]: { [Field.RetentionMonths]: { type: "number_input", value: retention } },
  };
}

function saveSettings(h: Harness, retention: string | null, userId = "U1") {
  return h.submit({
    userId,
    callbackId: CallbackId.SettingsModal,
    privateMetadata: Metadata.settings.encode({ teamId: "C1" }),
    values: settingsForm(retention),
  });
}

describe("the retention setting", () => {
  it("is off by default, offered in the settings form, and takes 6 to 60 months", async () => {
    const h = await startApp();
    await makeTeam(h);
    expect((await h.services.teams.find("C1"))?.retentionMonths).toBeNull();
    await h.command("/goodcall", "setup", { user: "U1" });
    const opened = await h.fake.waitFor("views.open");
    const blocks = (opened.args.view as { blocks: Array<{ block_id?: string; element?: object }> }).blocks;
    const field = blocks.find((b) => b.block_id === Field.RetentionMonths);
    expect(field?.element).toMatchObject({ type: "number_input", min_value: "6", max_value: "60" });
    expect(field?.element).not.toHaveProperty("initial_value");

    for (const wrong of ["3", "61", "0", "12.5"]) {
      const refused = await saveSettings(h, wrong);
      expect(refused.json).toEqual({
        response_action: "errors",
        errors: {
          [Field.RetentionMonths]:
            "Use a whole number of months from 6 to 60, or leave it empty to keep everything.",
        },
      });
    }
    expect((await h.services.teams.find("C1"))?.retentionMonths).toBeNull();

    expect((await saveSettings(h, "12")).json).toBeNull();
    expect((await h.services.teams.find("C1"))?.retentionMonths).toBe(12);
    expect((await saveSettings(h, null)).json).toBeNull();
    expect((await h.services.teams.find("C1"))?.retentionMonths).toBeNull();
  });

  it("explains its bounds in Finnish to a Finnish speaker", async () => {
    const h = await startApp();
    h.fake.setUser({ id: "U1", name: "anna", locale: "fi-FI" });
    await makeTeam(h, { language: "fi" });
    const refused = await saveSettings(h, "5");
    expect(refused.json).toEqual({
      response_action: "errors",
      errors: {
        [Field.RetentionMonths]:
          "Käytä kokonaislukua väliltä 6–60 kuukautta tai jätä kenttä tyhjäksi, niin mitään ei poisteta.",
      },
    });
  });

  it("can be changed only by the team's managers", async () => {
    const h = await startApp();
    await makeTeam(h);
    const refused = await saveSettings(h, "12", "U9");
    expect(refused.json?.response_action).toBe("errors");
    expect((await h.services.teams.find("C1"))?.retentionMonths).toBeNull();
  });
});

describe("the daily retention run", () => {
  it("deletes entries older than the setting once a day, takes their feed posts back, and reports it to managers", async () => {
    // Today at 10:00 in the team's zone: an hour later is still the same local day whenever the suite runs.
    const now = DateTime.now()
      .setZone("Europe/Helsinki")
      .set({ hour: 10, minute: 0, second: 0, millisecond: 0 })
      .toJSDate();
    const h = await startApp({ now: new Date(now.getTime() - 400 * DAY) });
    const team = await makeTeam(h, { feed: true });
    const client = new WebClient(BOT_TOKEN, { slackApiUrl: h.fake.url, retryConfig: { retries: 0 } });
    const deps = { services: h.services, client };

    // Thirteen months ago: a good call and a story; this week: a good call that stays.
    await h.command("/goodcall", "Swapped the Oldmarsh kettle on the spot", { user: "U2" });
    await h.submit({
      userId: "U2",
      callbackId: CallbackId.StoryModal,
      privateMetadata: Metadata.story.encode({ teamId: "C1" }),
      values: {
        [Field.Title]: { [Field.Title]: { type: "plain_text_input", value: "The Oldmarsh parcel" } },
        [Field.Body]: {
          [Field.Body]: { type: "plain_text_input", value: "Drove the parcel over before the party." },
        },
      },
    });
    await h.idle();
    h.now.value = new Date(now.getTime() - DAY);
    await h.command("/goodcall", "Rebooked the courier for Saturday", { user: "U2" });
    await h.idle();
    const oldPosts = h.fake.messages("C1").filter((m) => JSON.stringify(m).includes("Oldmarsh"));
    expect(oldPosts).toHaveLength(2);
    h.now.value = now;

    // Off by default: the scheduler deletes nothing.
    await runJobs(deps, now);
    expect(h.fake.calls("chat.delete")).toEqual([]);

    await h.services.teams.updateSettings("C1", { ...team, retentionMonths: 12 });
    // Slack refuses to delete the first post: it is emptied instead.
    h.fake.failNext("chat.delete", { error: "cant_delete_message" });
    await runJobs(deps, now);
    await h.idle();
    const left = await h.services.entries.recentGoodCalls("U2", 5);
    expect(left.map((c) => c.what)).toEqual(["Rebooked the courier for Saturday"]);
    expect(await h.services.entries.recentStories("U2", 5)).toEqual([]);
    expect(h.fake.calls("chat.delete")).toHaveLength(2);
    expect(h.fake.calls("chat.update").map((c) => c.args.text)).toEqual([
      "(removed: older than this team keeps entries)",
    ]);
    expect(h.fake.messages("C1").filter((m) => JSON.stringify(m).includes("Oldmarsh"))).toEqual([]);

    // Every tick runs the jobs; the same day's later ticks delete nothing more.
    const deletes = h.fake.calls("chat.delete").length;
    await runJobs(deps, new Date(now.getTime() + 60_000));
    await runJobs(deps, new Date(now.getTime() + 3600_000));
    expect(h.fake.calls("chat.delete")).toHaveLength(deletes);
    const runs = await h.db
      .selectFrom("RetentionRun")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    expect(Number(runs.n)).toBe(1);

    // The week's summary tells the manager what went.
    const slot = slotAfter(
      { timeZone: team.timeZone, weekday: team.digestWeekday, minute: team.digestMinute },
      now,
    );
    await runJobs(deps, new Date(slot.getTime() + 60_000));
    const summary = h.fake
      .calls("chat.postMessage")
      .find((c) => c.args.channel === "DU1" && textOf(c.args).includes("weekly GoodCall summary"));
    expect(textOf(summary?.args)).toContain(
      "Older than 12 months: 1 good call and 1 story deleted this week",
    );
  });
});
