// `/goodcall help`, and any subcommand we do not know: a short, friendly usage message.
import type { Services } from "../../../services.ts";
import { helpMessage } from "../../../views/home.ts";
import type { CommandArgs } from "../../args.ts";
import { speakerFor } from "../../context.ts";

export async function replyHelp(
  services: Services,
  args: CommandArgs,
  unknownWord: string | undefined,
): Promise<void> {
  const { command, ack, client } = args;
  const team = await services.teams.find(command.channel_id);
  const { t } = await speakerFor(services, client, command.user_id, team);
  await ack({ response_type: "ephemeral", ...helpMessage(t, unknownWord) });
}
