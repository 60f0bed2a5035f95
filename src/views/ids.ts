// Every id Slack hands back to us (commands, callbacks, actions, blocks, events) in one place, so
// views, listeners and the manifest cannot drift apart.

export const Command = {
  GoodCall: "/goodcall",
  Story: "/story",
} as const;

export const CallbackId = {
  GoodCallModal: "goodcall_modal",
  StoryModal: "story_modal",
  SettingsModal: "team_settings_modal",
  ThanksModal: "thanks_modal",
  OutcomeNoteModal: "outcome_note_modal",
  DeclineModal: "decline_improvement_modal",
  ProposeFixModal: "propose_fix_modal",
  LogGoodCallShortcut: "log_good_call",
  SaveAsStoryShortcut: "save_as_story",
} as const;

export const ActionId = {
  AddDetails: "goodcall_add_details",
  Undo: "goodcall_undo",
  NotAPromise: "goodcall_not_a_promise",
  ProposeAsIdea: "goodcall_propose_as_idea",
  Appreciate: "appreciate",
  OpenGoodCallModal: "open_goodcall_modal",
  OpenStoryModal: "open_story_modal",
  OpenSettings: "open_team_settings",
  SayThanks: "say_thanks",
  ShareAsStory: "share_as_story",
  ThanksChoice: "thanks_choice",
  StoryConsentYes: "story_consent_yes",
  StoryConsentNo: "story_consent_no",
  ManagerPreference: "manager_preference",
  Outcome: "follow_up_outcome",
  Promise: "promise_answer",
  ProposeFix: "propose_fix",
  ImprovementStatus: "improvement_status",
  ForgetYes: "forget_me_yes",
  ForgetNo: "forget_me_no",
  RaiseLimit: "raise_usual_limit",
} as const;

/** Form fields: block id and action id are the same string. */
export const Field = {
  Team: "team",
  What: "what",
  Why: "why",
  Tags: "tags",
  Amount: "amount",
  Currency: "currency",
  FollowUp: "follow_up",
  Title: "title",
  Body: "body",
  Quote: "quote",
  RelatedGoodCall: "related_good_call",
  Managers: "managers",
  TimeZone: "time_zone",
  DigestDay: "digest_day",
  DigestTime: "digest_time",
  Language: "language",
  Feed: "feed",
  LimitAmount: "limit_amount",
  LimitCurrency: "limit_currency",
  FollowUpDays: "follow_up_days",
  RetentionMonths: "retention_months",
  Note: "note",
  PromiseDue: "promise_due",
  Description: "description",
  Reason: "reason",
  Preference: "preference",
  Visibility: "visibility",
  RuleInTheWay: "rule_in_the_way",
} as const;

export const Event = {
  AppHomeOpened: "app_home_opened",
  MemberJoinedChannel: "member_joined_channel",
  MemberLeftChannel: "member_left_channel",
  /** A Workflow Builder step of ours runs (src/slack/functions/). */
  FunctionExecuted: "function_executed",
} as const;

export const Shortcut = {
  Global: [CallbackId.LogGoodCallShortcut],
  Message: [CallbackId.SaveAsStoryShortcut],
} as const;

/** Workflow Builder steps: the callback ids of the manifest's `functions`. */
export const Step = {
  LogGoodCall: "log_good_call",
  ShareStory: "share_story",
} as const;

/**
 * Slack wants every action_id in a block to be unique, so buttons that do the same thing side by
 * side get a suffix; listeners match the id with or without one.
 */
export function actionVariant(actionId: string, suffix: string | number): string {
  return `${actionId}:${suffix}`;
}

/**
 * The id an action id was made from with actionVariant (`follow_up_outcome:helped` →
 * `follow_up_outcome`), or the id itself when it has no suffix; null for no id actionVariant makes.
 */
export function actionBase(actionId: string): string | null {
  return /^([^:]*)(?::.*)?$/.exec(actionId)?.[1] ?? null;
}
