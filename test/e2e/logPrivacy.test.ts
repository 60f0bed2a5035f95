// When the database refuses a write inside a listener, the one error handler logs what failed (class,
// code, stack) and none of the texts sent. (test/db/errorLogging.test.ts provokes a Prisma error whose
// message quotes the query's arguments and checks the serializer drops it; this checks the whole path.)
import { sql } from "kysely";
import { expect, it } from "vitest";
import { CallbackId, Field } from "../../src/views/ids.ts";
import { Metadata } from "../../src/views/values.ts";
import { makeTeam } from "../support/conversation.ts";
import { appPerTest } from "../support/harness.ts";

const setup = appPerTest();

const NOTE = "Matti Meikäläinen from Kotikatu 5 was so happy";

it("logs a database failure by class and stack only, with none of the texts sent", async () => {
  const h = await setup();
  await makeTeam(h);
  await h.command("/goodcall", "Drove the spare part to the customer myself", { user: "U2" });
  await h.idle();
  const [call] = await h.services.entries.recentGoodCalls("U2", 1);
  await h.services.teams.addMember("C1", "U3");
  // A trigger that refuses the insert with the note itself as the error message: the way a driver
  // error quotes the data it was given.
  if (h.db.kind === "postgresql") {
    await sql`CREATE FUNCTION refuse_thanks() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION '%', NEW.note; END $$ LANGUAGE plpgsql`.execute(
      h.db,
    );
    await sql`CREATE TRIGGER refuse_thanks BEFORE INSERT ON "Appreciation" FOR EACH ROW EXECUTE FUNCTION refuse_thanks()`.execute(
      h.db,
    );
  } else {
    await sql`CREATE TRIGGER refuse_thanks BEFORE INSERT ON Appreciation BEGIN SELECT RAISE(ABORT, NEW.note); END;`.execute(
      h.db,
    );
  }
  const reply = await h.submit({
    userId: "U3",
    callbackId: CallbackId.ThanksModal,
    privateMetadata: Metadata.thanks.encode({ entry: { kind: "goodCall", id: call?.id ?? 0 } }),
    values: { [Field.Note]: { [Field.Note]: { type: "plain_text_input", value: NOTE } } },
  });
  expect(reply.status).toBe(200);
  await h.idle();
  const failures = h.logs.filter((line) => line.includes("listener failed"));
  expect(failures).toHaveLength(1);
  expect(failures[0]).toMatch(/"type":"\w+"/);
  for (const line of h.logs) {
    expect(line).not.toContain("Meikäläinen");
    expect(line).not.toContain("Kotikatu");
    expect(line).not.toContain("Drove the spare part");
  }
});
