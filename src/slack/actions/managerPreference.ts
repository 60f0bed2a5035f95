// A manager's DM preference menu in App Home, one per team they manage.
import type { Services } from "../../services.ts";
import { managerPreferenceChoice } from "../../views/values.ts";
import { actionSurface, actorFor, authorize } from "../access.ts";
import type { SelectArgs } from "../args.ts";
import { speakerFor } from "../context.ts";
import { publishHome } from "../flows/home.ts";

export function setManagerPreference(services: Services) {
  return async ({ ack, body, action, client, respond }: SelectArgs): Promise<void> => {
    await ack();
    const actor = await actorFor(services, body.user.id);
    const choice = managerPreferenceChoice.decode(action.selected_option.value);
    if (choice) {
      // The value names the team; only one of its managers sets a preference for it.
      const { t } = await speakerFor(services, client, actor.userId, null);
      const surface = actionSurface(body, respond, client);
      const request = { kind: "manage", teamId: choice.teamId } as const;
      if (!(await authorize(services, actor, request, { surface, t }))) return;
      if (await services.teams.setManagerPreference(choice.teamId, actor.userId, choice.preference)) {
        services.logger.info({ ...choice, userId: actor.userId }, "manager DM preference set");
      }
    }
    // Home shows what holds now, which is also the answer to a stale or garbled choice.
    await publishHome(services, client, actor.userId);
  };
}
