// A person's own data: a copy on request, and deletion after a confirmation.
import { expect, it } from "vitest";
import { ActionId } from "../../src/views/ids.ts";
import { slackIdValue } from "../../src/views/values.ts";
import { makeTeam, textOf } from "../support/conversation.ts";
import { appPerTest } from "../support/harness.ts";

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
  await h.fake.waitFor("response_url", (c) => String(c.args.text).includes("are deleted"));
  expect(await h.services.entries.recentGoodCalls("U2", 5)).toEqual([]);
  expect(await h.services.entries.recentGoodCalls("U3", 5)).toHaveLength(1);
});
