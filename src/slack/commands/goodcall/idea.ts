// `/goodcall idea <text>`: an improvement for the channel's team (or the person's only team).
import type { Actor } from "../../../domain/access.ts";
import { slackTextToPlain } from "../../../domain/escape.ts";
import {
  IMPROVEMENT_TITLE_MAX,
  IMPROVEMENT_TITLE_MIN,
  validateImprovementTitle,
} from "../../../domain/improvement.ts";
import type { Services } from "../../../services.ts";
import { userText } from "../../../views/text.ts";
import { authorize } from "../../access.ts";
import type { CommandArgs } from "../../args.ts";
import { resolveTeam, speakerFor } from "../../context.ts";
import { createImprovement } from "../../flows/improvements.ts";

export async function proposeIdea(
  services: Services,
  args: CommandArgs,
  actor: Actor,
  text: string,
): Promise<void> {
  const { command, ack, client } = args;
  // Never a team the person is not in: the channel's when they are in it, else their only one.
  const choice = await resolveTeam(services, actor, command.channel_id);
  const { t } = await speakerFor(
    services,
    client,
    command.user_id,
    choice.kind === "team" ? choice.team : null,
  );
  if (choice.kind !== "team") return ack({ response_type: "ephemeral", text: t.ideaNeedsTeam });
  const surface = { kind: "command", ack } as const;
  if (!(await authorize(services, actor, { kind: "team", teamId: choice.team.id }, { surface, t }))) return;
  const title = slackTextToPlain(text).trim();
  const problem = validateImprovementTitle(title);
  if (problem) {
    return ack({
      response_type: "ephemeral",
      text:
        problem === "empty"
          ? t.titleTooShort(IMPROVEMENT_TITLE_MIN)
          : t.fieldTooLong(IMPROVEMENT_TITLE_MAX, [...title].length),
    });
  }
  const improvement = await createImprovement(services, client, choice.team, {
    title,
    description: null,
    proposerId: command.user_id,
    patternKey: null,
    patternLabel: null,
    goodCallIds: [],
  });
  await ack({ response_type: "ephemeral", text: t.ideaSaved(userText(improvement.title)) });
}
