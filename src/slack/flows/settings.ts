// A team's settings form, opened by `/goodcall setup` in a team channel or the button after setup.
import type { WebClient } from "@slack/web-api";
import type { Actor } from "../../domain/access.ts";
import { prefillableRaise } from "../../domain/authority.ts";
import type { Money, Team } from "../../domain/types.ts";
import type { Services } from "../../services.ts";
import { settingsModal } from "../../views/settings.ts";
import { authorize, type RefusalSurface } from "../access.ts";
import { speakerFor } from "../context.ts";

/**
 * Opens the form for the team's manager; anyone else is told why not on their surface. A suggested
 * limit (from a summary's proposal) is filled in only while it still raises the team's current one.
 */
export async function openSettings(
  services: Services,
  client: WebClient,
  input: { actor: Actor; team: Team; triggerId: string; surface: RefusalSurface; suggestedLimit?: Money },
): Promise<void> {
  const { actor, team } = input;
  const { t, language } = await speakerFor(services, client, actor.userId, team);
  const request = { kind: "manage", teamId: team.id } as const;
  const reply = { surface: input.surface, t, managerIds: team.managerIds };
  if (!(await authorize(services, actor, request, reply))) return;
  const preference = (await services.teams.managerPreference(team.id, actor.userId)) ?? "weekly";
  const raise = prefillableRaise(team.usualLimit, input.suggestedLimit ?? null);
  await client.views.open({
    trigger_id: input.triggerId,
    view: settingsModal(t, team, preference, raise ? { limit: raise, language } : null),
  });
}
