// `/goodcall export`: the person's own data as a JSON file, sent to them by DM.
import type { Services } from "../../../services.ts";
import { openDm } from "../../../web.ts";
import type { CommandArgs } from "../../args.ts";
import { speakerFor } from "../../context.ts";

export async function exportOwnData(services: Services, args: CommandArgs): Promise<void> {
  const { command, ack, client } = args;
  const team = await services.teams.find(command.channel_id);
  const { t } = await speakerFor(services, client, command.user_id, team);
  await ack({ response_type: "ephemeral", text: t.exportSent });
  const userId = command.user_id;
  services.background.run("personal data export", { userId }, async () => {
    const data = await services.personalData.export(userId, services.now());
    const channel = await openDm(client, userId);
    await client.files.uploadV2({
      channel_id: channel,
      filename: `goodcall-${userId}.json`,
      content: JSON.stringify(data, null, 2),
      initial_comment: t.exportReady,
    });
    services.logger.info({ userId }, "personal data exported");
  });
}
