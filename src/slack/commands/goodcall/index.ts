// `/goodcall`: reads which subcommand was meant and hands over; each subcommand has its own file.
import { parseCommand } from "../../../domain/parse.ts";
import type { Services } from "../../../services.ts";
import { actorFor } from "../../access.ts";
import type { CommandArgs } from "../../args.ts";
import { openGoodCallModal } from "../../flows/goodCallForm.ts";
import { replyDigestPreview } from "./digestPreview.ts";
import { exportOwnData } from "./export.ts";
import { confirmForgetMe } from "./forgetMe.ts";
import { replyHelp } from "./help.ts";
import { proposeIdea } from "./idea.ts";
import { logInline, replyPrivateWithoutText } from "./log.ts";
import { sendReport } from "./report.ts";
import { setupTeam } from "./setup.ts";
import { replyStats } from "./stats.ts";
import { thankPerson } from "./thanks.ts";

export function goodCallCommand(services: Services) {
  return async (args: CommandArgs): Promise<void> => {
    const { command, ack, client } = args;
    const parsed = parseCommand(command.text);
    // Once per request, before anything is read: Slack signed the channel, so it proves membership.
    const actor = await actorFor(services, command.user_id, command.channel_id);
    switch (parsed.kind) {
      case "log":
        return logInline(services, args, actor, parsed.text, parsed.offer, parsed.visibility ?? "team");
      case "privateWithoutText":
        return replyPrivateWithoutText(services, args, parsed.word);
      case "openModal":
        await ack();
        return openGoodCallModal(services, {
          client,
          actor,
          channelId: command.channel_id,
          triggerId: command.trigger_id,
        });
      case "setup":
        return setupTeam(services, args, actor);
      case "stats":
        return replyStats(services, args, actor);
      case "digestPreview":
        return replyDigestPreview(services, args, actor);
      case "thanks":
        return thankPerson(services, args, actor, parsed.userId, parsed.note);
      case "idea":
        return proposeIdea(services, args, actor, parsed.text);
      case "export":
        return exportOwnData(services, args);
      case "forgetMe":
        return confirmForgetMe(services, args);
      case "report":
        return sendReport(services, args, actor);
      case "unknown":
        return replyHelp(services, args, actor, parsed.word);
      case "help":
        return replyHelp(services, args, actor, undefined);
    }
  };
}
