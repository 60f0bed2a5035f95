// A person's own data: a copy on request, and deletion after a confirmation that leaves nothing behind.
import { existsSync, readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { sqlitePath } from "../../src/db/url.ts";
import { ActionId, CallbackId, Field } from "../../src/views/ids.ts";
import { entryKey, Metadata, slackIdValue } from "../../src/views/values.ts";
import { makeTeam, said, textOf } from "../support/conversation.ts";
import { appPerTest, type Harness } from "../support/harness.ts";
import { tableContents } from "../support/tables.ts";

const startApp = appPerTest();

it("sends a person their own data as a JSON file by DM", async () => {
  const h = await startApp();
  await makeTeam(h);
  await h.command("/goodcall", "Gave a 5 EUR discount for a dented box", { user: "U2" });
  const reply = await h.command("/goodcall", "export", { user: "U2" });
  expect(textOf(reply.json)).toContain("on its way");
  await h.idle();
  const [upload] = h.fake.uploads();
  expect(upload?.filename).toBe("goodcall-U2.json");
  const data = JSON.parse(upload?.content ?? "{}");
  expect(data.userId).toBe("U2");
  expect(data.goodCalls).toHaveLength(1);
  expect(data.goodCalls[0].what).toBe("Gave a 5 EUR discount for a dented box");
});

it("deletes a person's data only after they confirm, and only their own", async () => {
  const h = await startApp();
  await makeTeam(h);
  await h.command("/goodcall", "Gave a 5 EUR discount for a dented box", { user: "U2" });
  await h.command("/goodcall", "Stayed late to finish a repair", { user: "U3" });
  const confirm = await h.command("/goodcall", "forget me", { user: "U2" });
  expect(textOf(confirm.json)).toContain("cannot be undone");
  expect(await h.services.entries.recentGoodCalls("U2", 5)).toHaveLength(1);

  await h.action({ userId: "U3", actionId: ActionId.ForgetYes, value: slackIdValue.encode("U2") });
  await h.fake.waitFor("response_url", (c) => String(c.args.text).includes("Only the person"));
  expect(await h.services.entries.recentGoodCalls("U2", 5)).toHaveLength(1);

  await h.action({ userId: "U2", actionId: ActionId.ForgetYes, value: slackIdValue.encode("U2") });
  await h.fake.waitFor("response_url", (c) => String(c.args.text).includes("Deleted:"));
  expect(await h.services.entries.recentGoodCalls("U2", 5)).toEqual([]);
  expect(await h.services.entries.recentGoodCalls("U3", 5)).toHaveLength(1);
});

/** Every row of every table, as text: what a forgotten person's id or words must not appear in. */
async function allRows(h: Harness): Promise<string> {
  return [...(await tableContents(h.db))].map(([name, rows]) => `${name}: ${rows}`).join("\n");
}

/**
 * The database file and its write-ahead log as bytes, read both ways text can be stored. SQLite
 * only: there the app owns the file and zeroes what it frees (secure_delete); a PostgreSQL server's
 * files and WAL are the operator's (README: "Forget me" on PostgreSQL), so that run checks rows.
 */
function onDisk(h: Harness): string {
  if (h.db.kind !== "sqlite") return "";
  const file = sqlitePath(h.databaseUrl);
  const parts = [file, `${file}-wal`].filter(existsSync).map((f) => readFileSync(f));
  return parts.map((bytes) => `${bytes.toString("latin1")}\n${bytes.toString("utf8")}`).join("\n");
}

// A person id and words that occur nowhere else, so finding them anywhere means they were kept.
const MIKKO = "U2QX7ZK9";
const WORDS = {
  call: "Swapped the cracked Zephyrblue kettle on the spot",
  outcome: "Cobaltwren said the new kettle works",
  storyTitle: "The Velvetmoss birthday parcel",
  storyBody: "Drove the Velvetmoss parcel over myself so it arrived before the party.",
  thanksNote: "Marigoldish of you to help, thanks",
  idea: "Laminate the Thornbury returns card",
};

it("forgets a person completely: rows, feed posts, improvements, and the bytes on disk", async () => {
  const h = await startApp();
  await makeTeam(h, { feed: true });
  h.fake.names({ U1: "Anna", [MIKKO]: "Mikko", U3: "Aino", C1: "support" });

  // Mikko's good call, with an outcome note and a follow-up reminder addressed to him.
  await h.command("/goodcall", WORDS.call, { user: MIKKO });
  const [call] = await h.services.entries.recentGoodCalls(MIKKO, 1);
  if (!call) throw new Error("the good call was not saved");
  await h.services.loop.recordOutcome(call.id, MIKKO, "helped", h.now.value);
  await h.services.loop.setOutcomeNote(call.id, MIKKO, WORDS.outcome);
  await h.services.deliveries.claim(
    { key: `followup:${call.id}`, kind: "followup", teamId: "C1", recipientId: MIKKO },
    h.now.value,
    60_000,
  );
  // Aino's good call, which Mikko appreciates in the feed.
  await h.command("/goodcall", "Rebooked the courier for Saturday morning", { user: "U3" });
  await h.idle();
  const [aino] = await h.services.entries.recentGoodCalls("U3", 1);
  await h.action({
    userId: MIKKO,
    actionId: ActionId.Appreciate,
    value: entryKey.encode({ kind: "goodCall", id: aino?.id ?? 0 }),
    channelId: "C1",
    messageTs: aino?.feedTs ?? "",
  });
  // Aino thanks Mikko with a note; Mikko shares a story and proposes an improvement.
  await h.submit({
    userId: "U3",
    callbackId: CallbackId.ThanksModal,
    privateMetadata: Metadata.thanks.encode({ entry: { kind: "goodCall", id: call.id } }),
    values: { [Field.Note]: { [Field.Note]: { type: "plain_text_input", value: WORDS.thanksNote } } },
  });
  await h.submit({
    userId: MIKKO,
    callbackId: CallbackId.StoryModal,
    privateMetadata: Metadata.story.encode({ teamId: "C1" }),
    values: {
      [Field.Title]: { [Field.Title]: { type: "plain_text_input", value: WORDS.storyTitle } },
      [Field.Body]: { [Field.Body]: { type: "plain_text_input", value: WORDS.storyBody } },
    },
  });
  await h.command("/goodcall", `idea ${WORDS.idea}`, { user: MIKKO });
  await h.idle();
  const mikkosPosts = h.fake.messages("C1").filter((m) => m.text?.includes(`<@${MIKKO}>`));
  expect(mikkosPosts).toHaveLength(3);
  expect(await allRows(h)).toContain(MIKKO);
  if (h.db.kind === "sqlite") expect(onDisk(h)).toContain("Zephyrblue");

  const mark = h.fake.mark();
  await h.command("/goodcall", "forget me", { user: MIKKO });
  await h.action({ userId: MIKKO, actionId: ActionId.ForgetYes, value: slackIdValue.encode(MIKKO) });
  await said(h, { until: "Deleted:" });

  expect(await said(h, { since: mark })).toEqual([
    "replaced the original in #support: Done. Deleted: 1 good call, 1 story and 2 appreciations given or received.",
    "chat.delete #support",
    "chat.delete #support",
    "chat.update #support: *@Aino made a good call* / > Rebooked the courier for Saturday morning | [💛 Appreciate]",
    "chat.update #support: 💡 An improvement was proposed | 💡 *A fix proposed by someone who has since left* | *Proposed* | Owner: @Anna",
  ]);
  const left = h.fake.messages("C1").map((m) => m.text ?? "");
  expect(left.join("\n")).not.toContain(MIKKO);
  expect(left.join("\n")).not.toContain("Thornbury");

  const [improvement] = await h.services.loop.openImprovements("C1");
  expect(improvement).toMatchObject({
    title: "A fix proposed by someone who has since left",
    description: null,
    proposerId: "",
    ownerId: "U1",
  });
  const rows = await allRows(h);
  const disk = onDisk(h);
  for (const text of [
    MIKKO,
    ...Object.values(WORDS),
    "Zephyrblue",
    "Cobaltwren",
    "Velvetmoss",
    "Marigoldish",
    "Thornbury",
  ]) {
    expect(rows, `a row still holds "${text}"`).not.toContain(text);
    expect(disk.includes(text), `the database file or its WAL still holds "${text}"`).toBe(false);
  }
  // The team and Aino's good call are untouched.
  expect(await h.services.entries.recentGoodCalls("U3", 5)).toHaveLength(1);
  expect((await h.services.teams.find("C1"))?.managerIds).toEqual(["U1"]);
});

it("counts what it deleted in the person's language, one and many alike", async () => {
  const h = await startApp();
  // Mikko is met here for the first time, so GoodCall learns his Slack locale.
  await makeTeam(h, { language: "fi", met: [] });
  h.fake.setUser({ id: "U2", name: "mikko", locale: "fi-FI" });
  await h.command("/goodcall", "Vaihdoin rikkinäisen vedenkeittimen heti", { user: "U2" });
  await h.command("/goodcall", "Soitin asiakkaalle takaisin luvatusti", { user: "U2" });
  await h.command("/goodcall", "forget me", { user: "U2" });
  await h.action({ userId: "U2", actionId: ActionId.ForgetYes, value: slackIdValue.encode("U2") });
  const lines = await said(h, { until: "Poistettu:" });
  expect(lines.at(-1)).toContain(
    "Valmis. Poistettu: 2 hyvää ratkaisua, 0 tarinaa ja 0 annettua tai saatua arvostusta.",
  );
});
