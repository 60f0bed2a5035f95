// The quarterly loop report end to end: `/goodcall report` for a manager (and a refusal for anyone
// else), the scheduled report once per manager per quarter, in English and Finnish, with figures
// that match the database and a chart that is a real PNG.
import { WebClient } from "@slack/web-api";
import { sql } from "kysely";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { quarterOf } from "../../src/domain/report.ts";
import type { JobDeps } from "../../src/jobs/outbox.ts";
import { ChannelPacer } from "../../src/jobs/pacer.ts";
import { runJobs } from "../../src/jobs/run.ts";
import { createServices } from "../../src/services.ts";
import { makeTeam, textOf } from "../support/conversation.ts";
import { appPerTest, BOT_TOKEN, type Harness } from "../support/harness.ts";
import { pngSize } from "../support/png.ts";

const startApp = appPerTest();
const ZONE = "Europe/Helsinki";
const Q4 = quarterOf(2026, 4, ZONE);
const NOW = new Date("2026-11-30T10:00:00Z");

/**
 * A quarter of a team's life, written as the app writes it: good calls (two in the quarter before,
 * which must not count), thanks, follow-up answers, promises, and a fix done on a recurring theme.
 */
async function seedQuarter(h: Harness): Promise<void> {
  const { entries, loop } = h.services;
  const log = async (authorId: string, iso: string, what: string, tags: string[]) =>
    entries.createGoodCall(
      {
        teamId: "C1",
        authorId,
        what,
        why: null,
        tags,
        value: null,
        followUp: false,
        source: "inline",
        flaggedPii: false,
      },
      new Date(iso),
    );
  await log("U2", "2026-09-20T09:00:00Z", "Gave a voucher in September", ["late-delivery"]);
  await log("U3", "2026-09-29T09:00:00Z", "Rebooked a delivery in September", ["late-delivery"]);
  const late = [];
  for (const [i, iso] of ["2026-10-02", "2026-10-06", "2026-10-08", "2026-10-13", "2026-10-15"].entries()) {
    late.push(
      await log(i % 2 ? "U2" : "U3", `${iso}T08:00:00Z`, "Refunded shipping for a late parcel", [
        "late-delivery",
      ]),
    );
  }
  const after = await log("U4", "2026-11-10T08:00:00Z", "Rebooked a late parcel for Saturday", [
    "late-delivery",
  ]);
  const other = await log("U4", "2026-11-24T12:00:00Z", "Walked a customer through the router setup", [
    "onboarding",
  ]);
  // Thanked: the first after an hour, the second after three.
  await entries.appreciate(
    { kind: "goodCall", id: late[0]?.id ?? 0 },
    "U1",
    null,
    new Date("2026-10-02T09:00:00Z"),
  );
  await entries.appreciate(
    { kind: "goodCall", id: late[1]?.id ?? 0 },
    "U1",
    "thanks",
    new Date("2026-10-06T11:00:00Z"),
  );
  await entries.appreciate(
    { kind: "goodCall", id: late[1]?.id ?? 0 },
    "U4",
    null,
    new Date("2026-10-07T11:00:00Z"),
  );
  await loop.recordOutcome(late[0]?.id ?? 0, "U3", "helped", new Date("2026-10-09T08:00:00Z"));
  await loop.recordOutcome(late[1]?.id ?? 0, "U2", "backfired", new Date("2026-10-13T08:00:00Z"));
  await loop.recordOutcome(after.id, "U4", "helped", new Date("2026-11-17T08:00:00Z"));
  const promised = await entries.createGoodCall(
    {
      teamId: "C1",
      authorId: "U4",
      what: "Promised to call back when the part arrives",
      why: null,
      tags: [],
      value: null,
      followUp: false,
      source: "inline",
      flaggedPii: false,
      promise: { due: "2026-11-26", remindAt: new Date("2026-11-26T07:00:00Z") },
    },
    new Date("2026-11-25T08:00:00Z"),
  );
  await loop.setPromiseStatus(promised.id, "U4", "kept", new Date("2026-11-26T10:00:00Z"));
  expect(other.id).toBeGreaterThan(0);
  const fix = await loop.createImprovement(
    {
      teamId: "C1",
      title: "Offer Saturday re-delivery at checkout",
      description: null,
      ownerId: "U1",
      proposerId: "U2",
      patternKey: "tag:late-delivery",
      patternLabel: "#late-delivery",
      goodCallIds: late.map((c) => c.id),
    },
    new Date("2026-10-16T08:00:00Z"),
  );
  await loop.setImprovementStatus(fix.id, "done", null, new Date("2026-10-20T08:00:00Z"));
}

async function setup(options: { language?: "en" | "fi" } = {}) {
  const h = await startApp({ now: NOW });
  await makeTeam(h, options.language ? { language: options.language } : {});
  await seedQuarter(h);
  return h;
}

/** The figures as the database has them, counted here in SQL rather than by the app's code. */
async function figuresFromDatabase(h: Harness) {
  const span = { start: Q4.start, end: NOW };
  const calls = await h.db
    .selectFrom("GoodCall")
    .select(["id", "authorId", "createdAt"])
    .where("teamId", "=", "C1")
    .where("createdAt", ">=", span.start)
    .where("createdAt", "<", span.end)
    .execute();
  const thanked = await h.db
    .selectFrom("Appreciation")
    .select(sql<number>`count(distinct "goodCallId")`.as("n"))
    .where(
      "goodCallId",
      "in",
      calls.map((c) => c.id),
    )
    .executeTakeFirstOrThrow();
  const outcomes = await h.db
    .selectFrom("GoodCall")
    .select(["outcome"])
    .where("teamId", "=", "C1")
    .where("outcomeAt", ">=", span.start)
    .where("outcomeAt", "<", span.end)
    .execute();
  const weeks = new Map<string, number>();
  for (const call of calls) {
    const local = DateTime.fromJSDate(new Date(call.createdAt), { zone: ZONE });
    const monday =
      local.startOf("week") < DateTime.fromJSDate(Q4.start, { zone: ZONE })
        ? local.startOf("quarter")
        : local.startOf("week");
    const label = `${monday.day} ${monday.toFormat("LLL", { locale: "en-GB" }).slice(0, 3)}`;
    weeks.set(label, (weeks.get(label) ?? 0) + 1);
  }
  return {
    goodCalls: calls.length,
    people: new Set(calls.map((c) => c.authorId)).size,
    thanked: Number(thanked.n),
    helped: outcomes.filter((o) => o.outcome === "helped").length,
    backfired: outcomes.filter((o) => o.outcome === "backfired").length,
    answered: outcomes.length,
    weeks,
  };
}

function dmsTo(h: Harness, userId: string) {
  return h.fake
    .calls("chat.postMessage")
    .filter((c) => c.args.channel === `D${userId}` && c.status === 200 && !c.error);
}

describe("/goodcall report", () => {
  it("DMs a manager the quarter so far, with figures that match the database, and its chart as a PNG", async () => {
    const h = await setup();
    const reply = await h.command("/goodcall", "report", { user: "U1" });
    expect(textOf(reply.json)).toBe(
      "Your loop report for <#C1>, Q4 2026 so far, is on its way: look for a DM from GoodCall.",
    );
    await h.idle();
    const [dm] = dmsTo(h, "U1");
    const text = textOf(dm?.args);
    const db = await figuresFromDatabase(h);
    expect(db).toMatchObject({ goodCalls: 8, people: 3, thanked: 2, helped: 2, backfired: 1, answered: 3 });
    expect(text).toContain("*Quarterly loop report: <#C1>, Q4 2026*");
    expect(text).toContain("1 Oct – 30 Nov 2026 (so far)");
    expect(text).toContain(`${db.goodCalls} good calls by ${db.people} people`);
    for (const [week, count] of db.weeks) expect(text).toContain(`${week}: ${count}`);
    expect(text).toContain("9 Nov: 1 · 16 Nov: 0 · 23 Nov: 2 · 30 Nov: 0");
    expect(text).toContain(
      `${db.thanked} of ${db.goodCalls} good calls were appreciated or thanked (25%) · median time to the first thanks: 2 hours`,
    );
    expect(text).toContain(
      `${db.answered} follow-ups answered: it helped ${db.helped} · no change 0 · it backfired ${db.backfired}`,
    );
    expect(text).toContain("Promises to customers: kept 1 of 1 (100%)");
    expect(text).toContain("• *#late-delivery*: 6 good calls by 3 people (fix: done)");
    expect(text).toContain("Proposed this quarter: 1 · done this quarter: 1");
    // Four weeks before 20 Oct hold the five October calls and one from September; after it, one.
    expect(text).toContain(
      "*Offer Saturday re-delivery at checkout*, done Tue 20 Oct\n#late-delivery: 6 in the 28 days before, 1 in the 28 days after",
    );

    const uploads = h.fake.uploads();
    expect(uploads).toHaveLength(1);
    const [chart] = uploads;
    expect(chart?.channel).toBe("DU1");
    expect(chart?.filename).toBe("goodcall-support-2026-Q4.png");
    expect(pngSize(chart?.bytes ?? Buffer.alloc(0))).toEqual({ width: 1920, height: 1240 });
    expect(chart?.altText).toContain("Bar chart of good calls per week: 1 Oct: 1 · 5 Oct: 2 · 12 Oct: 2");
    expect(chart?.altText).toContain(
      "1. Offer Saturday re-delivery at checkout, done 20 Oct, 6 similar good calls before and 1 after",
    );
  });

  it("tells anyone else it is for the team's managers, and sends nothing", async () => {
    const h = await setup();
    const member = await h.command("/goodcall", "report", { user: "U2" });
    expect(textOf(member.json)).toBe("Only this team's managers can do that. Ask <@U1>.");
    const stranger = await h.command("/goodcall", "report", { user: "U9", channel: "D0STRANGER" });
    expect(textOf(stranger.json)).toContain("The quarterly loop report is for team managers.");
    await h.idle();
    expect(h.fake.calls("chat.postMessage")).toEqual([]);
    expect(h.fake.uploads()).toEqual([]);
  });

  it("speaks Finnish to a Finnish team: `/goodcall raportti`", async () => {
    const h = await setup({ language: "fi" });
    const reply = await h.command("/goodcall", "raportti", { user: "U1" });
    expect(textOf(reply.json)).toContain(
      "Raporttisi tiimistä <#C1> (4. vuosineljännes 2026, tähän mennessä) on tulossa",
    );
    const refused = await h.command("/goodcall", "raportti", { user: "U3" });
    expect(textOf(refused.json)).toBe("Vain tiimin esihenkilöt voivat tehdä tämän. Kysy: <@U1>.");
    await h.idle();
    const text = textOf(dmsTo(h, "U1")[0]?.args);
    expect(text).toContain("*Neljännesvuosiraportti: <#C1>, 4. vuosineljännes 2026*");
    expect(text).toContain("8 hyvää ratkaisua, 3 tekijää");
    expect(text).toContain("Viikoittain (maanantaista alkaen): 1.10.: 1 · 5.10.: 2");
    expect(text).toContain("#late-delivery: ennen korjausta 6, korjauksen jälkeen 1");
    const [chart] = h.fake.uploads();
    expect(pngSize(chart?.bytes ?? Buffer.alloc(0))).toEqual({ width: 1920, height: 1240 });
    expect(chart?.altText).toMatch(/^Pylväskaavio hyvistä ratkaisuista viikoittain: 1\.10\.: 1/);
  });
});

describe("the scheduled quarterly report", () => {
  it("reaches each manager who gets DMs once per quarter, in their own language, however often the jobs run", async () => {
    const h = await setup();
    const team = await h.services.teams.find("C1");
    if (!team) throw new Error("no team");
    await h.services.teams.updateSettings("C1", { ...team, managerIds: ["U1", "U5", "U6"] });
    await h.services.teams.setManagerPreference("C1", "U6", "off");
    await h.services.people.setLocale("U5", "fi-FI");
    const client = new WebClient(BOT_TOKEN, { slackApiUrl: h.fake.url, retryConfig: { retries: 0 } });
    const deps = (owner: string): JobDeps => ({
      services: createServices({
        db: h.db,
        logger: h.services.logger,
        tzDefault: ZONE,
        now: h.services.now,
        owner,
      }),
      client,
      pacer: new ChannelPacer(0),
    });
    const reportsTo = (userId: string) =>
      dmsTo(h, userId).filter((c) => /Quarterly loop report|Neljännesvuosiraportti/.test(textOf(c.args)));

    // 1 Jan 2027, 08:59 in Helsinki: not yet.
    await runJobs(deps("a"), new Date("2027-01-01T06:59:00Z"));
    expect(reportsTo("U1")).toEqual([]);
    // 09:01, when Slack refuses U1's report once; then again, another instance at the same minute,
    // and a later run that retries U1's from the database.
    h.fake.failNext("chat.postMessage", { error: "invalid_arguments" }, 1, (args) => args.channel === "DU1");
    await runJobs(deps("a"), new Date("2027-01-01T07:01:00Z"));
    expect(reportsTo("U1")).toEqual([]);
    await runJobs(deps("a"), new Date("2027-01-01T07:02:00Z"));
    await runJobs(deps("b"), new Date("2027-01-01T07:02:00Z"));
    await runJobs(deps("b"), new Date("2027-01-01T07:10:00Z"));
    expect(reportsTo("U1")).toHaveLength(1);
    expect(reportsTo("U5")).toHaveLength(1);
    expect(reportsTo("U6")).toEqual([]);
    expect(textOf(reportsTo("U1")[0]?.args)).toContain("1 Oct – 31 Dec 2026\nWhether the loop works");
    expect(textOf(reportsTo("U5")[0]?.args)).toContain(
      "Neljännesvuosiraportti: <#C1>, 4. vuosineljännes 2026",
    );
    const charts = h.fake.uploads();
    expect(charts.map((u) => u.channel).sort()).toEqual(["DU1", "DU5"]);
    for (const chart of charts) expect(pngSize(chart.bytes)).toEqual({ width: 1920, height: 1240 });
    expect(charts.find((u) => u.channel === "DU5")?.altText).toMatch(/^Pylväskaavio/);
    // The next day, and the next quarter's first days, bring nothing new for Q4.
    await runJobs(deps("b"), new Date("2027-01-02T12:00:00Z"));
    expect(reportsTo("U1")).toHaveLength(1);
    const claims = await h.db
      .selectFrom("Delivery")
      .select(["key", "status"])
      .where("kind", "=", "report")
      .execute();
    expect(claims.map((c) => [c.key, c.status]).sort()).toEqual([
      [`report:C1:U1:${Q4.end.toISOString()}`, "posted"],
      [`report:C1:U5:${Q4.end.toISOString()}`, "posted"],
    ]);
  });
});
