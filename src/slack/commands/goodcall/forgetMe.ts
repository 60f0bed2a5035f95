// `/goodcall forget me`: asks for a confirmation first; the buttons do the deleting.
import type { Services } from "../../../services.ts";
import { forgetConfirmation } from "../../../views/personalData.ts";
import type { CommandArgs } from "../../args.ts";
import { speakerFor } from "../../context.ts";

export async function confirmForgetMe(services: Services, args: CommandArgs): Promise<void> {
  const { command, ack, client } = args;
  const team = await services.teams.find(command.channel_id);
  const { t } = await speakerFor(services, client, command.user_id, team);
  await ack({ response_type: "ephemeral", ...forgetConfirmation(t, command.user_id) });
}
