// Slash commands, as named in manifest.yml.
import type { App } from "@slack/bolt";
import type { Services } from "../../services.ts";
import { Command } from "../../views/ids.ts";
import { goodCallCommand } from "./goodcall/index.ts";
import { storyCommand } from "./story.ts";

export function registerCommands(app: App, services: Services): void {
  app.command(Command.GoodCall, goodCallCommand(services));
  app.command(Command.Story, storyCommand(services));
}
