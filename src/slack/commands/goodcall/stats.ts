// `/goodcall stats`: the person's own numbers, this week and all time.
import type { Actor } from "../../../domain/access.ts";
import { weekContaining } from "../../../domain/period.ts";
import type { Services } from "../../../services.ts";
import { statsMessage } from "../../../views/home.ts";
import type { CommandArgs } from "../../args.ts";
import { resolveTeam, speakerFor } from "../../context.ts";

/** The person's own numbers only; the team is asked for its time zone (which week is "this week"). */
export async function replyStats(services: Services, args: CommandArgs, actor: Actor): Promise<void> {
  const { command, ack, client } = args;
  const choice = await resolveTeam(services, actor, command.channel_id);
  const team = choice.kind === "team" ? choice.team : null;
  const { t, language } = await speakerFor(services, client, command.user_id, team);
  const week = weekContaining(team?.timeZone ?? services.tzDefault, services.now());
  const [thisWeek, allTime] = await Promise.all([
    services.entries.personStats(command.user_id, week.start),
    services.entries.personStats(command.user_id, null),
  ]);
  await ack({ response_type: "ephemeral", ...statsMessage(t, language, thisWeek, allTime) });
}
