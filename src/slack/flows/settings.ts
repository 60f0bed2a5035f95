// A team's settings form, opened by `/goodcall setup` in a team channel or the button after setup.
import type { WebClient } from "@slack/web-api";
import type { Team } from "../../domain/types.ts";
import type { Services } from "../../services.ts";
import { settingsModal } from "../../views/settings.ts";
import { mention } from "../../views/text.ts";
import { speakerFor } from "../context.ts";

/** Opens the form for a manager; for anyone else, returns why not (naming the managers to ask). */
export async function openSettingsIfManager(
  services: Services,
  client: WebClient,
  team: Team,
  userId: string,
  triggerId: string,
): Promise<string | null> {
  const { t } = await speakerFor(services, client, userId, team);
  if (!team.managerIds.includes(userId)) return t.setupNotManager(team.managerIds.map(mention).join(", "));
  const preference = (await services.teams.managerPreference(team.id, userId)) ?? "weekly";
  await client.views.open({ trigger_id: triggerId, view: settingsModal(t, team, preference) });
  return null;
}
