// `/goodcall stats`: the person's own numbers, in the team's running digest period and all time.
import type { Actor } from "../../../domain/access.ts";
import { formatShortDate } from "../../../domain/i18n.ts";
import { currentPeriod, scheduleOf, weekContaining } from "../../../domain/period.ts";
import type { Services } from "../../../services.ts";
import { statsMessage } from "../../../views/home.ts";
import type { CommandArgs } from "../../args.ts";
import { resolveTeam, speakerFor } from "../../context.ts";

/**
 * The person's own numbers only. "Recent" is the team's digest period (slot to slot), so the numbers
 * match what the next digest counts; with no team to ask, the calendar week in the default time zone.
 */
export async function replyStats(services: Services, args: CommandArgs, actor: Actor): Promise<void> {
  const { command, ack, client } = args;
  const choice = await resolveTeam(services, actor, command.channel_id);
  const team = choice.kind === "team" ? choice.team : null;
  const { t, language } = await speakerFor(services, client, command.user_id, team);
  const now = services.now();
  const timeZone = team?.timeZone ?? services.tzDefault;
  const period = team ? currentPeriod(scheduleOf(team), now) : weekContaining(timeZone, now);
  const [recent, allTime] = await Promise.all([
    services.entries.personStats(command.user_id, period.start),
    services.entries.personStats(command.user_id, null),
  ]);
  const since = formatShortDate(t, period.start, timeZone, true);
  await ack({ response_type: "ephemeral", ...statsMessage(t, language, recent, allTime, since) });
}
