// `/goodcall idea <text>`: an improvement for the channel's team (or the person's only team).
import { slackTextToPlain } from "../../../domain/escape.ts";
import {
  IMPROVEMENT_TITLE_MAX,
  IMPROVEMENT_TITLE_MIN,
  validateImprovementTitle,
} from "../../../domain/improvement.ts";
import type { Services } from "../../../services.ts";
import { userText } from "../../../views/text.ts";
import type { CommandArgs } from "../../args.ts";
import { resolveTeam, speakerFor } from "../../context.ts";
import { createImprovement } from "../../flows/improvements.ts";

export async function proposeIdea(services: Services, args: CommandArgs, text: string): Promise<void> {
  const { command, ack, client } = args;
  const choice = await resolveTeam(services, command.channel_id, command.user_id);
  const { t } = await speakerFor(
    services,
    client,
    command.user_id,
    choice.kind === "team" ? choice.team : null,
  );
  if (choice.kind !== "team") return ack({ response_type: "ephemeral", text: t.ideaNeedsTeam });
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
