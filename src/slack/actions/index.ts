// Button clicks and menu choices: each action id to its callback, one file per callback.
import type { AllMiddlewareArgs, App, SlackActionMiddlewareArgs } from "@slack/bolt";
import type { Services } from "../../services.ts";
import { ActionId, actionBase } from "../../views/ids.ts";
import type { ButtonArgs, Route, SelectArgs } from "../args.ts";
import { addDetails } from "./addDetails.ts";
import { appreciate } from "./appreciate.ts";
import { forgetMeCancelled, forgetMeConfirmed } from "./forgetMe.ts";
import { changeImprovementStatusFromMenu } from "./improvementStatus.ts";
import { setManagerPreference } from "./managerPreference.ts";
import { notAPromise } from "./notAPromise.ts";
import { openGoodCallForm, openSettingsForm, openStoryForm } from "./openForms.ts";
import { answerFollowUp } from "./outcome.ts";
import { answerPromise } from "./promise.ts";
import { proposeAsIdea } from "./proposeAsIdea.ts";
import { proposeFix } from "./proposeFix.ts";
import { raiseLimit } from "./raiseLimit.ts";
import { sayThanks } from "./sayThanks.ts";
import { shareAsStory } from "./shareAsStory.ts";
import { storyConsent } from "./storyConsent.ts";
import { thanksChoice } from "./thanksChoice.ts";
import { undo } from "./undo.ts";

type ActionArgs = SlackActionMiddlewareArgs & AllMiddlewareArgs;

// The element an id belongs to says what Bolt hands its callback: a button's or a menu's click.
const button = (route: Route<ButtonArgs>) => route as Route<ActionArgs>;
const select = (route: Route<SelectArgs>) => route as Route<ActionArgs>;

/**
 * One Bolt listener for every action, routing by action id.
 * NOTE: Bolt runs the middleware chain of every registered listener for every request, matching or
 * not; a listener per action id made that the quick log's largest single cost, more than its INSERT.
 */
export function registerActions(app: App, services: Services): void {
  const routes = new Map<string, Route<ActionArgs>>([
    [ActionId.ForgetYes, button(forgetMeConfirmed(services))],
    [ActionId.ForgetNo, button(forgetMeCancelled(services))],
    [ActionId.AddDetails, button(addDetails(services))],
    [ActionId.Undo, button(undo(services))],
    [ActionId.NotAPromise, button(notAPromise(services))],
    [ActionId.ProposeAsIdea, button(proposeAsIdea(services))],
    [ActionId.Appreciate, button(appreciate(services))],
    [ActionId.OpenGoodCallModal, button(openGoodCallForm(services))],
    [ActionId.OpenStoryModal, button(openStoryForm(services))],
    [ActionId.OpenSettings, button(openSettingsForm(services))],
    [ActionId.SayThanks, button(sayThanks(services))],
    [ActionId.ShareAsStory, button(shareAsStory(services))],
    [ActionId.StoryConsentYes, button(storyConsent(services, true))],
    [ActionId.StoryConsentNo, button(storyConsent(services, false))],
    [ActionId.ManagerPreference, select(setManagerPreference(services))],
    [ActionId.ImprovementStatus, select(changeImprovementStatusFromMenu(services))],
    [ActionId.RaiseLimit, button(raiseLimit(services))],
  ]);
  // Buttons side by side carry a suffix (actionVariant): these match their id with or without one.
  const variants = new Map<string, Route<ActionArgs>>([
    [ActionId.ThanksChoice, button(thanksChoice(services))],
    [ActionId.Outcome, button(answerFollowUp(services))],
    [ActionId.Promise, button(answerPromise(services))],
    [ActionId.ProposeFix, button(proposeFix(services))],
  ]);
  app.action({ type: "block_actions" }, async (args) => {
    const id = args.action.action_id;
    const base = actionBase(id);
    await (routes.get(id) ?? (base === null ? undefined : variants.get(base)))?.(args);
  });
}
