// A manager's DM preference menu in App Home, one per team they manage.
import type { Services } from "../../services.ts";
import { managerPreferenceChoice } from "../../views/values.ts";
import type { SelectArgs } from "../args.ts";
import { publishHome } from "../flows/home.ts";

export function setManagerPreference(services: Services) {
  return async ({ ack, body, action, client }: SelectArgs): Promise<void> => {
    await ack();
    const choice = managerPreferenceChoice.decode(action.selected_option.value);
    // Only a manager of that team changes anything (the repository checks); Home shows what holds.
    if (
      choice &&
      (await services.teams.setManagerPreference(choice.teamId, body.user.id, choice.preference))
    ) {
      services.logger.info({ ...choice, userId: body.user.id }, "manager DM preference set");
    }
    await publishHome(services, client, body.user.id);
  };
}
