// `/goodcall report` (`raportti`): a manager's loop report on the quarter so far, with its chart, by DM.
import type { Actor } from "../../../domain/access.ts";
import { isMember } from "../../../domain/access.ts";
import { quarterContaining } from "../../../domain/report.ts";
import type { Team } from "../../../domain/types.ts";
import { loadReport, uploadChart } from "../../../report/load.ts";
import type { Services } from "../../../services.ts";
import { quarterName, reportDm } from "../../../views/report.ts";
import { channelLink } from "../../../views/text.ts";
import { openDm } from "../../../web.ts";
import { authorize } from "../../access.ts";
import type { CommandArgs } from "../../args.ts";
import { speakerFor } from "../../context.ts";

export async function sendReport(services: Services, args: CommandArgs, actor: Actor): Promise<void> {
  const { command, ack, client } = args;
  const channelTeam = await services.teams.find(command.channel_id);
  const { t, language } = await speakerFor(services, client, command.user_id, channelTeam);
  // In a team's channel, that team; anywhere else, the one team the person manages.
  let team: Team | null = channelTeam && isMember(actor, channelTeam.id) ? channelTeam : null;
  if (!team) {
    const managed = await services.teams.managedBy(command.user_id);
    if (managed.length > 1) {
      const names = managed.map((m) => channelLink(m.id)).join(", ");
      await ack({ response_type: "ephemeral", text: t.report.chooseTeam(names) });
      return;
    }
    team = managed[0] ?? null;
  }
  if (!team) {
    await ack({ response_type: "ephemeral", text: t.report.managersOnly(null) });
    return;
  }
  const surface = { kind: "command", ack } as const;
  const request = { kind: "manage", teamId: team.id } as const;
  if (!(await authorize(services, actor, request, { surface, t, managerIds: team.managerIds }))) return;

  const now = services.now();
  const quarter = quarterContaining(team.timeZone, now);
  const name = quarterName(t, { quarter });
  await ack({ response_type: "ephemeral", text: t.report.onItsWay(channelLink(team.id), name) });
  const userId = command.user_id;
  const reportTeam = team;
  services.background.run("quarterly report", { teamId: team.id, userId }, async () => {
    const report = await loadReport(services, reportTeam, quarter, now);
    const channel = await openDm(client, userId);
    await client.chat.postMessage({ channel, ...reportDm(t, language, report), unfurl_links: false });
    try {
      await uploadChart(client, channel, t, language, report);
    } catch (error) {
      // The figures are there; the person hears that the picture is missing rather than wait for it.
      services.logger.error({ err: error, teamId: reportTeam.id, userId }, "quarterly report chart failed");
      await client.chat.postMessage({ channel, text: t.report.chartFailed });
    }
    services.logger.info({ teamId: reportTeam.id, userId }, "quarterly report sent on request");
  });
}
