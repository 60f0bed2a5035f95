// `/goodcall help`, and any subcommand we do not know: a short, friendly usage message, with the
// room the person's team gives them to decide without asking.
import type { Actor } from "../../../domain/access.ts";
import type { Services } from "../../../services.ts";
import { helpMessage } from "../../../views/home.ts";
import type { CommandArgs } from "../../args.ts";
import { resolveTeam, speakerFor } from "../../context.ts";

export async function replyHelp(
  services: Services,
  args: CommandArgs,
  actor: Actor,
  unknownWord: string | undefined,
): Promise<void> {
  const { command, ack, client } = args;
  // Only the person's own teams: the channel's when they are in it, else all of theirs.
  const choice = await resolveTeam(services, actor, command.channel_id);
  const teams = choice.kind === "team" ? [choice.team] : choice.kind === "choose" ? choice.teams : [];
  const { t, language } = await speakerFor(
    services,
    client,
    command.user_id,
    choice.kind === "team" ? choice.team : null,
  );
  await ack({ response_type: "ephemeral", ...helpMessage(t, unknownWord, { language, teams }) });
}
