// `/goodcall setup`: make a channel a team (the caller becomes its first manager), or open the
// team's settings for a manager.
import type { Actor } from "../../../domain/access.ts";
import type { Services } from "../../../services.ts";
import { setupDoneMessage } from "../../../views/setup.ts";
import { actorFor } from "../../access.ts";
import type { CommandArgs } from "../../args.ts";
import { speakerFor } from "../../context.ts";
import { openSettings } from "../../flows/settings.ts";

export async function setupTeam(services: Services, args: CommandArgs, actor: Actor): Promise<void> {
  const { command, ack, client, respond, context } = args;
  const existing = await services.teams.find(command.channel_id);
  if (existing) {
    await ack();
    const surface = { kind: "message", respond } as const;
    await openSettings(services, client, { actor, team: existing, triggerId: command.trigger_id, surface });
    return;
  }
  if (command.channel_id.startsWith("D") || command.channel_name === "directmessage") {
    const { t } = await speakerFor(services, client, command.user_id, null);
    await ack({ response_type: "ephemeral", text: t.setupNeedsChannel });
    return;
  }
  const team = await services.teams.create({
    id: command.channel_id,
    name: command.channel_name,
    timeZone: services.tzDefault,
    createdById: command.user_id,
    createdAt: services.now(),
  });
  // Someone else ran setup at the same moment: answer as for an existing team.
  if (!team) return setupTeam(services, args, await actorFor(services, command.user_id, command.channel_id));
  // The team exists before the ack says so.
  const { t } = await speakerFor(services, client, command.user_id, team);
  await ack({ response_type: "ephemeral", ...setupDoneMessage(t, team.id) });
  services.logger.info({ teamId: team.id, userId: command.user_id }, "team set up");
  services.background.run("team setup follow-ups", { teamId: team.id }, async () => {
    const info = await client.conversations.info({ channel: team.id });
    if (!info.channel?.is_member) await respond({ response_type: "ephemeral", text: t.setupInviteBot });
    const members = await client.conversations.members({ channel: team.id, limit: 1000 });
    // The app is in the channel too, but it is not on the team: it never logs, thanks or gets thanked.
    const people = (members.members ?? []).filter((userId) => userId !== context.botUserId);
    for (const userId of people) await services.teams.addMember(team.id, userId);
  });
}
