// `/goodcall digest preview`: the digest as it would look if posted now, for the running period.
import type { Actor } from "../../../domain/access.ts";
import { messages } from "../../../domain/i18n.ts";
import { currentPeriod, scheduleOf } from "../../../domain/period.ts";
import { composeFor } from "../../../jobs/week.ts";
import type { Services } from "../../../services.ts";
import { renderDigest } from "../../../views/digest.ts";
import { authorize } from "../../access.ts";
import type { CommandArgs } from "../../args.ts";
import { speakerFor } from "../../context.ts";

export async function replyDigestPreview(services: Services, args: CommandArgs, actor: Actor): Promise<void> {
  const { command, ack, client } = args;
  const team = await services.teams.find(command.channel_id);
  const { t } = await speakerFor(services, client, command.user_id, team);
  if (!team) {
    await ack({ response_type: "ephemeral", text: t.previewNeedsTeam });
    return;
  }
  // The channel is signed, so its members pass; the check keeps this listener like every other.
  const surface = { kind: "command", ack } as const;
  if (!(await authorize(services, actor, { kind: "team", teamId: team.id }, { surface, t }))) return;
  await ack();
  const digest = await composeFor(services, team, currentPeriod(scheduleOf(team), services.now()), false);
  await args.respond({ response_type: "ephemeral", ...renderDigest(digest, messages(team.language)) });
}
