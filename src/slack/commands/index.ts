// Slash commands, as named in manifest.yml.
import type { AllMiddlewareArgs, AnyMiddlewareArgs, App } from "@slack/bolt";
import type { Services } from "../../services.ts";
import { Command } from "../../views/ids.ts";
import type { CommandArgs, Route } from "../args.ts";
import { goodCallCommand } from "./goodcall/index.ts";
import { storyCommand } from "./story.ts";

/** Our commands by name; any other is left unanswered. */
export function commandRoutes(services: Services): ReadonlyMap<string, Route<CommandArgs>> {
  return new Map<string, Route<CommandArgs>>([
    [Command.GoodCall, goodCallCommand(services)],
    [Command.Story, storyCommand(services)],
  ]);
}

/**
 * Our commands, dispatched by name in a global middleware registered after the error handling
 * (src/slack/handle.ts), which catches what they throw as it catches a listener's; anything else goes
 * on to the listeners.
 *
 * NOTE: why not `app.command`: Bolt runs every listener's own middleware chain for every request,
 * copying the request's arguments for each, to find the one listener that matches. The quick log is
 * the hot path (issue 13), and taking commands here spares it the pass over the listeners of every
 * other kind (actions, views, shortcuts, events, workflow steps).
 */
export function registerCommands(app: App, services: Services): void {
  const routes = commandRoutes(services);
  app.use(async (args) => {
    if (isCommand(args)) {
      const route = routes.get(args.command.command);
      if (route) return route(args);
    }
    await args.next();
  });
}

function isCommand(args: AnyMiddlewareArgs & AllMiddlewareArgs): args is CommandArgs {
  return "command" in args && args.command !== undefined;
}
