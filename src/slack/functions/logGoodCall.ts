// The `log_good_call` step: a good call logged from a workflow (a shift hand-over, a checklist), with
// the same checks, personal-data flag, feed post, manager DMs and promise as `/goodcall`.
import { z } from "zod";
import { followUpDueAt } from "../../domain/followUp.ts";
import { findPii } from "../../domain/pii.ts";
import { validateGoodCallForm } from "../../domain/validate.ts";
import { sendInstantDms } from "../../jobs/dms.ts";
import { postGoodCallToFeed } from "../../teamChannel.ts";
import { Step } from "../../views/ids.ts";
import { inlinePromise } from "../flows/goodCall.ts";
import { defineStep, StepAuthorAndChannel } from "../flows/workflowStep.ts";

export const logGoodCallStep = defineStep({
  callbackId: Step.LogGoodCall,
  inputs: z.object({
    ...StepAuthorAndChannel,
    what: z.string(),
    why: z.string().optional(),
    tags: z.string().optional(),
    value: z.number().optional(),
    currency: z.string().optional(),
    follow_up: z.boolean().optional(),
  }),
  outputs: z.object({ good_call_id: z.string(), permalink: z.string().optional() }),

  async run({ services, client, team, authorId, t, inputs }) {
    const form = validateGoodCallForm(
      {
        what: inputs.what,
        why: inputs.why ?? null,
        tags: inputs.tags ?? null,
        // The form's own reading of an amount, so a step and a person are held to the same rules.
        amount: inputs.value === undefined ? null : String(inputs.value),
        currency: inputs.currency ?? null,
        followUp: inputs.follow_up ?? false,
      },
      t,
    );
    if (!form.ok) {
      const { amount, ...others } = form.errors;
      return { ok: false, problems: { ...others, value: amount } };
    }
    const now = services.now();
    const call = await services.entries.createGoodCall(
      {
        ...form.value,
        teamId: team.id,
        authorId: authorId,
        source: "workflow",
        flaggedPii: findPii(`${form.value.what}\n${form.value.why ?? ""}`).length > 0,
        followUpDueAt: followUpDueAt(
          { followUp: form.value.followUp, createdAt: now },
          team.followUpDays,
          now,
        ),
        // "…call back by Friday" is a promise here too, as in a quick log.
        promise: inlinePromise(form.value.what, now, team.timeZone),
      },
      now,
    );
    services.logger.info(
      { goodCallId: call.id, teamId: team.id, userId: authorId, source: "workflow" },
      "good call logged",
    );
    // Before completing, so the workflow's next steps can link to the post.
    const permalink = await postGoodCallToFeed(services, client, team, call)
      .then(async (ts) =>
        ts
          ? ((await client.chat.getPermalink({ channel: team.id, message_ts: ts })).permalink ?? null)
          : null,
      )
      .catch((error: unknown) => {
        services.logger.warn({ err: error, goodCallId: call.id, teamId: team.id }, "feed post failed");
        return null;
      });
    return {
      ok: true,
      outputs: { good_call_id: String(call.id), ...(permalink ? { permalink } : {}) },
      after: () =>
        sendInstantDms({ services, client }, team, { kind: "goodCall", goodCall: call }, services.now()),
    };
  },
});
