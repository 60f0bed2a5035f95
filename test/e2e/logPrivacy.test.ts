// Payloads with values our code does not expect make the ORM throw; the log line says what failed,
// never the ORM's message, which quotes the query and its arguments.
import { expect, it } from "vitest";
import { CallbackId, Field } from "../../src/views/ids.ts";
import { makeTeam } from "../support/conversation.ts";
import { appPerTest } from "../support/harness.ts";

const setup = appPerTest();

const NOTE = "Matti Meikäläinen from Kotikatu 5 was so happy";

it("logs an ORM failure by class and stack only, with none of the texts sent", async () => {
  const h = await setup();
  await makeTeam(h);
  // An entry id beyond what the database can hold: Prisma refuses the query with a validation error.
  const reply = await h.submit({
    userId: "U2",
    callbackId: CallbackId.ThanksModal,
    privateMetadata: JSON.stringify({ key: "gc:99999999999999999999" }),
    values: { [Field.Note]: { [Field.Note]: { type: "plain_text_input", value: NOTE } } },
  });
  expect(reply.status).toBe(200);
  await h.idle();
  const failures = h.logs.filter((line) => line.includes("listener failed"));
  expect(failures).toHaveLength(1);
  expect(failures[0]).toContain('"type":"PrismaClientValidationError"');
  for (const line of h.logs) {
    expect(line).not.toContain("Invalid `");
    expect(line).not.toContain("100000000000000000000");
    expect(line).not.toContain("Meikäläinen");
    expect(line).not.toContain("Kotikatu");
  }
});
