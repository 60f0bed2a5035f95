// Slash commands, as named in manifest.yml.
import type { App } from "@slack/bolt";
import type { Services } from "../../services.ts";
import { Command } from "../../views/ids.ts";
import type { CommandArgs, Route } from "../args.ts";
import { goodCallCommand } from "./goodcall/index.ts";
import { storyCommand } from "./story.ts";

/** One Bolt listener for both commands, routing by name (see registerActions for why). */
export function registerCommands(app: App, services: Services): void {
  const routes = new Map<string, Route<CommandArgs>>([
    [Command.GoodCall, goodCallCommand(services)],
    [Command.Story, storyCommand(services)],
  ]);
  // Exactly our commands, as one listener for each did: any other is left unanswered as before.
  const ours = new RegExp(`^(?:${[...routes.keys()].map(escapeRegExp).join("|")})$`);
  app.command(ours, async (args) => routes.get(args.command.command)?.(args));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}
