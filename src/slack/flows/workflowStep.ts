// Running a Workflow Builder step (a Bolt custom step), whichever it is: its inputs read and checked
// like a form's, its author checked against the channel's team, and the step ended with its outputs
// or with why nothing was saved, in the team's language.
import { WebClient, type WebClientOptions } from "@slack/web-api";
import type { z } from "zod";
import { languageFromLocale, type Messages, messages } from "../../domain/i18n.ts";
import type { Team } from "../../domain/types.ts";
import type { Services } from "../../services.ts";
import { actorFor, authorize } from "../access.ts";
import type { StepArgs } from "../args.ts";
import { ChannelId, UserId } from "../envelope.ts";

/** The inputs a step may take, named as the manifest names them. */
export type StepInput = keyof Messages["workflow"]["inputs"];

/** Why a step saved nothing, by the input each problem is about. */
export type StepProblems = Partial<Record<StepInput, string>>;

/** Every step is run for an author in a team's channel; both are claims until checked. */
export const StepAuthorAndChannel = { author: UserId, channel: ChannelId };

type StepShape = typeof StepAuthorAndChannel & Partial<Record<StepInput, z.ZodType>>;

export interface StepRun<I> {
  services: Services;
  /** The workspace's bot client: the step's own token is revoked once the step completes. */
  client: WebClient;
  /** The channel's team, and its member the step is run for. */
  team: Team;
  authorId: string;
  t: Messages;
  inputs: I;
}

export type StepResult<O> =
  | {
      ok: true;
      outputs: O;
      /** Work after the step has completed (the managers' DMs), so the workflow does not wait for it. */
      after?: () => Promise<unknown>;
    }
  | { ok: false; problems: StepProblems };

/** One step: its callback id, the inputs it reads and the outputs it gives (the manifest declares the same), and what it does. */
export interface WorkflowStep<S extends StepShape, O extends z.ZodRawShape> {
  callbackId: string;
  inputs: z.ZodObject<S>;
  outputs: z.ZodObject<O>;
  run(step: StepRun<z.infer<z.ZodObject<S>>>): Promise<StepResult<z.infer<z.ZodObject<O>>>>;
}

/** Names a step with its types inferred from its schemas. */
export function defineStep<S extends StepShape, O extends z.ZodRawShape>(
  step: WorkflowStep<S, O>,
): WorkflowStep<S, O> {
  return step;
}

function isStepInput(t: Messages, name: PropertyKey): name is StepInput {
  return typeof name === "string" && Object.hasOwn(t.workflow.inputs, name);
}

/**
 * The Bolt listener for a step. NOTE: Bolt hands step listeners a client holding the step's own
 * token (`bot_access_token`), which Slack revokes as soon as the step completes and which expires
 * after 15 minutes; it ends the step (complete, fail) and nothing else. The feed post, the DMs sent
 * after completion and the outbox's retries use the workspace's bot token, as every other listener does.
 */
export function stepListener<S extends StepShape, O extends z.ZodRawShape>(
  services: Services,
  clientOptions: WebClientOptions,
  step: WorkflowStep<S, O>,
) {
  return async ({ inputs, complete, fail, context }: StepArgs): Promise<void> => {
    // The channel names the team and its language even when another input is unreadable.
    const channelId = ChannelId.safeParse(inputs.channel).data;
    const authorId = UserId.safeParse(inputs.author).data;
    const team = channelId ? await services.teams.find(channelId) : null;
    const language =
      team?.language ?? languageFromLocale(authorId ? await services.people.locale(authorId) : null) ?? "en";
    const t = messages(language);
    const refuse = async (problems: StepProblems): Promise<void> => {
      // In the order the step's inputs are shown in Workflow Builder, whatever order they were found in.
      const named = (Object.keys(t.workflow.inputs) as StepInput[]).filter((name) => problems[name]);
      const lines = named.map((name) => t.workflow.problem(t.workflow.inputs[name], problems[name] ?? ""));
      await fail({ error: [t.workflow.notSaved, ...lines].join("\n") });
      services.logger.info(
        { step: step.callbackId, teamId: team?.id, userId: authorId, inputs: named },
        "workflow step saved nothing",
      );
    };

    const parsed = step.inputs.safeParse(inputs);
    const unreadable: StepProblems = {};
    for (const issue of parsed.error?.issues ?? []) {
      const [name] = issue.path;
      if (name !== undefined && isStepInput(t, name)) unreadable[name] = t.workflow.unreadable;
    }
    // Every problem in one answer, as a form gives them: the channel's with the unreadable ones.
    const notATeam: StepProblems = channelId && !team ? { channel: t.workflow.channelNotTeam } : {};
    if (!parsed.success || !team || !authorId) return refuse({ ...unreadable, ...notATeam });

    // The author is a claim of the workflow, like an id in a button: a member of the team, or refused.
    const actor = await actorFor(services, authorId);
    const surface = { kind: "step", fail: (text: string) => refuse({ author: text }) } as const;
    if (!(await authorize(services, actor, { kind: "team", teamId: team.id }, { surface, t }))) return;

    if (!context.botToken) throw new Error("no bot token for the workspace that ran the step");
    const teamId = context.teamId;
    const client = new WebClient(context.botToken, { ...clientOptions, ...(teamId ? { teamId } : {}) });
    const result = await step.run({ services, client, team, authorId, t, inputs: parsed.data });
    if (!result.ok) return refuse(result.problems);
    await complete({ outputs: result.outputs });
    const after = result.after;
    if (after) services.background.run("workflow step follow-ups", { step: step.callbackId }, after);
  };
}
