// Form submissions: each callback id to its callback, one file per form. Field errors go back
// into the form.
import type { App, ViewSubmitAction } from "@slack/bolt";
import type { Services } from "../../services.ts";
import { CallbackId } from "../../views/ids.ts";
import { submitDecline } from "./decline.ts";
import { submitGoodCall } from "./goodCall.ts";
import { submitOutcomeNote } from "./outcomeNote.ts";
import { submitProposedFix } from "./proposeFix.ts";
import { submitSettings } from "./settings.ts";
import { submitStory } from "./story.ts";
import { submitThanks } from "./thanks.ts";

export function registerViews(app: App, services: Services): void {
  app.view<ViewSubmitAction>(CallbackId.GoodCallModal, submitGoodCall(services));
  app.view<ViewSubmitAction>(CallbackId.StoryModal, submitStory(services));
  app.view<ViewSubmitAction>(CallbackId.SettingsModal, submitSettings(services));
  app.view<ViewSubmitAction>(CallbackId.ThanksModal, submitThanks(services));
  app.view<ViewSubmitAction>(CallbackId.OutcomeNoteModal, submitOutcomeNote(services));
  app.view<ViewSubmitAction>(CallbackId.DeclineModal, submitDecline(services));
  app.view<ViewSubmitAction>(CallbackId.ProposeFixModal, submitProposedFix(services));
}
