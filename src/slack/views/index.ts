// Form submissions: each callback id to its callback, one file per form. Field errors go back
// into the form.
import type { App, ViewSubmitAction } from "@slack/bolt";
import type { Services } from "../../services.ts";
import { CallbackId } from "../../views/ids.ts";
import type { Route, SubmitArgs } from "../args.ts";
import { submitDecline } from "./decline.ts";
import { submitGoodCall } from "./goodCall.ts";
import { submitOutcomeNote } from "./outcomeNote.ts";
import { submitProposedFix } from "./proposeFix.ts";
import { submitSettings } from "./settings.ts";
import { submitStory } from "./story.ts";
import { submitThanks } from "./thanks.ts";

/** One Bolt listener for every form, routing by callback id (see registerActions for why). */
export function registerViews(app: App, services: Services): void {
  const routes = new Map<string, Route<SubmitArgs>>([
    [CallbackId.GoodCallModal, submitGoodCall(services)],
    [CallbackId.StoryModal, submitStory(services)],
    [CallbackId.SettingsModal, submitSettings(services)],
    [CallbackId.ThanksModal, submitThanks(services)],
    [CallbackId.OutcomeNoteModal, submitOutcomeNote(services)],
    [CallbackId.DeclineModal, submitDecline(services)],
    [CallbackId.ProposeFixModal, submitProposedFix(services)],
  ]);
  // Submissions only: closing a form tells us nothing.
  app.view<ViewSubmitAction>({ type: "view_submission" }, async (args) =>
    routes.get(args.view.callback_id)?.(args),
  );
}
