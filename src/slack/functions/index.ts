// Workflow Builder steps (Bolt custom steps): each manifest `functions` callback id to its step.
import type { App } from "@slack/bolt";
import type { WebClientOptions } from "@slack/web-api";
import type { Services } from "../../services.ts";
import { stepListener } from "../flows/workflowStep.ts";
import { logGoodCallStep } from "./logGoodCall.ts";
import { shareStoryStep } from "./shareStory.ts";

/** Every step, for registering and for the manifest test, which checks their inputs and outputs. */
export const STEPS = [logGoodCallStep, shareStoryStep] as const;

/** `clientOptions` are the app's (the Web API's address, retries), for the workspace's bot client. */
export function registerFunctions(app: App, services: Services, clientOptions: WebClientOptions = {}): void {
  app.function(logGoodCallStep.callbackId, stepListener(services, clientOptions, logGoodCallStep));
  app.function(shareStoryStep.callbackId, stepListener(services, clientOptions, shareStoryStep));
}
