// The `share_story` step: a customer success story shared from a workflow, held to the story form's
// rules, then posted to the team's feed and sent to the managers who asked for instant DMs.
import { z } from "zod";
import { findPii } from "../../domain/pii.ts";
import { validateStoryForm } from "../../domain/validate.ts";
import { Step } from "../../views/ids.ts";
import { announceStory } from "../flows/story.ts";
import { defineStep, StepAuthorAndChannel } from "../flows/workflowStep.ts";

export const shareStoryStep = defineStep({
  callbackId: Step.ShareStory,
  inputs: z.object({
    ...StepAuthorAndChannel,
    title: z.string(),
    story: z.string(),
    quote: z.string().optional(),
  }),
  outputs: z.object({ story_id: z.string() }),

  async run({ services, client, team, authorId, t, inputs }) {
    const form = validateStoryForm(
      { title: inputs.title, body: inputs.story, quote: inputs.quote ?? null, goodCallId: null },
      t,
    );
    if (!form.ok) {
      const { body, ...others } = form.errors;
      return { ok: false, problems: { ...others, story: body } };
    }
    const { title, body, quote } = form.value;
    const story = await services.entries.createStory(
      {
        title,
        body,
        quote,
        goodCallId: null,
        teamId: team.id,
        authorId: authorId,
        permalink: null,
        flaggedPii: findPii(`${title}\n${body}\n${quote ?? ""}`).length > 0,
      },
      services.now(),
    );
    services.logger.info(
      { storyId: story.id, teamId: team.id, userId: authorId, source: "workflow" },
      "story shared",
    );
    return {
      ok: true,
      outputs: { story_id: String(story.id) },
      after: () => announceStory(services, client, team, story),
    };
  },
});
