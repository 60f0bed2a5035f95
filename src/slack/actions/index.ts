// Button clicks and menu choices: each action id to its callback, one file per callback.
import type { App, BlockButtonAction, BlockStaticSelectAction } from "@slack/bolt";
import type { Services } from "../../services.ts";
import { ActionId, actionPattern } from "../../views/ids.ts";
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
import { sayThanks } from "./sayThanks.ts";
import { shareAsStory } from "./shareAsStory.ts";
import { storyConsent } from "./storyConsent.ts";
import { thanksChoice } from "./thanksChoice.ts";
import { undo } from "./undo.ts";

export function registerActions(app: App, services: Services): void {
  app.action<BlockButtonAction>(ActionId.ForgetYes, forgetMeConfirmed(services));
  app.action<BlockButtonAction>(ActionId.ForgetNo, forgetMeCancelled(services));
  app.action<BlockButtonAction>(ActionId.AddDetails, addDetails(services));
  app.action<BlockButtonAction>(ActionId.Undo, undo(services));
  app.action<BlockButtonAction>(ActionId.NotAPromise, notAPromise(services));
  app.action<BlockButtonAction>(ActionId.ProposeAsIdea, proposeAsIdea(services));
  app.action<BlockButtonAction>(ActionId.Appreciate, appreciate(services));
  app.action<BlockButtonAction>(ActionId.OpenGoodCallModal, openGoodCallForm(services));
  app.action<BlockButtonAction>(ActionId.OpenStoryModal, openStoryForm(services));
  app.action<BlockButtonAction>(ActionId.OpenSettings, openSettingsForm(services));
  app.action<BlockButtonAction>(ActionId.SayThanks, sayThanks(services));
  app.action<BlockButtonAction>(ActionId.ShareAsStory, shareAsStory(services));
  app.action<BlockButtonAction>(ActionId.StoryConsentYes, storyConsent(services, true));
  app.action<BlockButtonAction>(ActionId.StoryConsentNo, storyConsent(services, false));
  app.action<BlockButtonAction>(actionPattern(ActionId.ThanksChoice), thanksChoice(services));
  app.action<BlockButtonAction>(actionPattern(ActionId.Outcome), answerFollowUp(services));
  app.action<BlockButtonAction>(actionPattern(ActionId.Promise), answerPromise(services));
  app.action<BlockButtonAction>(actionPattern(ActionId.ProposeFix), proposeFix(services));
  app.action<BlockStaticSelectAction>(ActionId.ManagerPreference, setManagerPreference(services));
  app.action<BlockStaticSelectAction>(ActionId.ImprovementStatus, changeImprovementStatusFromMenu(services));
}
