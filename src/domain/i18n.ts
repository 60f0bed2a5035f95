// Message catalogues: every sentence GoodCall says, in English and Finnish. The Finnish catalogue
// is typed by the English one, so a missing key fails the type check (and a unit test).
import { DateTime } from "luxon";
import type { Language } from "./types.ts";

// CLDR's plural rules through Intl, so a count's form is the language's own rule rather than a guess per message.
const pluralRules: Record<Language, Intl.PluralRules> = {
  en: new Intl.PluralRules("en"),
  fi: new Intl.PluralRules("fi"),
};

/** "1 good call" / "2 good calls", "1 hyvä ratkaisu" / "2 hyvää ratkaisua": a count with its noun in the right form. */
export function counted(language: Language, n: number, forms: { one: string; other: string }): string {
  return `${n} ${pluralRules[language].select(n) === "one" ? forms.one : forms.other}`;
}

// Fixed abbreviations rather than Intl's, whose output changes between ICU versions ("Sep" → "Sept").
const WEEKDAYS_SHORT_EN = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MONTHS_SHORT_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const WEEKDAYS_SHORT_FI = ["ma", "ti", "ke", "to", "pe", "la", "su"];

const en = {
  languageName: { en: "English", fi: "Finnish" } as Record<Language, string>,
  weekdays: ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
  /** A day as people write it: weekday 1 = Monday. "Fri 27 Nov". */
  shortDate: (weekday: number, day: number, month: number) =>
    `${WEEKDAYS_SHORT_EN[weekday - 1] ?? ""} ${day} ${MONTHS_SHORT_EN[month - 1] ?? ""}`.trim(),
  /** "Fri 27 Nov 15:00". */
  shortDateTime: (date: string, hour: number, minute: number) =>
    `${date} ${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}`,

  // Logging a good call
  logged: (user: string) => `Thanks, ${user}! Your good call is saved.`,
  loggedTo: (team: string) => `Logged to ${team}.`,
  updated: "Your good call is updated.",
  piiWarning:
    ":warning: This looks like it contains customer details (an e-mail address, a phone, card or bank account number, or a personal identity code). Please leave those out: GoodCall hides them in everything it posts, and your entry is saved.",
  addDetails: "Add details",
  undo: "Undo",
  undone: "Undone: that good call is removed.",
  authority: {
    /** The team's room, in the form and the help. */
    room: (limit: string) => `You can decide up to ${limit} for a customer without asking.`,
    roomIn: (team: string, limit: string) =>
      `In ${team} you can decide up to ${limit} for a customer without asking.`,
    labelRule: "Did a rule or process get in the way?",
    hintRule:
      "Optional. Which rule, and how? Your managers see it; rules that keep getting in the way become themes the team can fix.",
    /** Before the answer, in managers' DMs. */
    ruleLine: "Got in the way",
    summaryRulesTitle: "*Rules that got in the way most this week:*",
    summaryRuleCount: (count: number, people: number) =>
      `${counted("en", count, { one: "good call", other: "good calls" })} by ${counted("en", people, { one: "person", other: "people" })}`,
    /** A recurring rule in the digest and the summary's themes, under its keyword. */
    rulePattern: (count: number, people: number) =>
      `A rule in the way of ${counted("en", count, { one: "good call", other: "good calls" })} by ${counted("en", people, { one: "person", other: "people" })}`,
    raiseTitle: "*Room to grow*",
    raiseEvidence: (helped: number, answered: number, limit: string) =>
      `${helped} of ${answered} calls above ${limit} helped, none backfired (follow-ups over the last three months).`,
    raiseSuggest: (suggested: string) =>
      `People use their room well. Consider raising the usual limit to ${suggested}; nothing changes until you save it.`,
    raiseButton: (suggested: string) => `Raise the limit to ${suggested}…`,
    settingsSuggested: (current: string, suggested: string) =>
      `Suggested from the outcomes: raise the usual limit from ${current} to ${suggested}. It is filled in below; save to apply it, or change it.`,
  },
  undoNotYours: "Only the person who logged this can undo or edit it.",
  entryGone: "That entry no longer exists.",
  whatTooShort: (min: number) => `Tell us a little more: a good call needs at least ${min} characters.`,
  whatTooLong: (max: number, got: number) =>
    `That is ${got} characters; a good call can be at most ${max}. Shorten it, or run /goodcall with no text to open the form.`,
  fieldTooLong: (max: number, got: number) => `Please keep this to ${max} characters (now ${got}).`,
  storyTooShort: (min: number) => `A story needs at least ${min} characters.`,
  titleRequired: "Give the story a title.",
  amountInvalid: "Write the amount as a number, such as 10 or 12,50.",
  amountRange: (max: string) => `The amount must be between 0 and ${max}.`,
  currencyInvalid: "Use a three-letter currency code such as EUR.",
  currencyWithoutAmount: "Add the amount too, or clear the currency.",
  tagsInvalid: (tag: string) =>
    `“${tag}” is not a tag: use letters, numbers, - or _ (at most 40 characters).`,
  noTeam:
    "GoodCall is not set up for any of your teams yet. Ask your team lead to run `/goodcall setup` in the team's channel, then try again.",
  chooseTeam: "Choose the team this belongs to.",
  followUpYes: "Yes, remind me to check how it went",

  // Who may see and do what: short, kind refusals that never say what the refused thing holds.
  accessNotMember: "That belongs to a team you're not in.",
  /** `managers` is given only to the team's own members, who may know whom to ask. */
  accessNotManager: (managers: string | null) =>
    managers
      ? `Only this team's managers can do that. Ask ${managers}.`
      : "Only this team's managers can do that.",
  accessNotAuthor: "Only the person who logged this can do that.",
  // The buttons of a message meant for one person (the forget-me confirmation): nobody else answers it.
  accessNotSelf: "Only the person who asked can answer this. Nothing was changed.",
  accessTitle: "Not available",

  // Modals
  goodCallModalTitle: "Log a good call",
  storyModalTitle: "Share a story",
  settingsModalTitle: "Team settings",
  savedModalTitle: "Saved",
  save: "Save",
  cancel: "Cancel",
  close: "Close",
  labelTeam: "Team",
  labelWhat: "What did you do for the customer?",
  hintWhat: "On your own authority, no permission needed. Leave out names, e-mails and phone numbers.",
  labelWhy: "Why? What did the customer need?",
  labelTags: "Tags",
  hintTags: "Separate with spaces or commas, e.g. late-delivery voucher",
  labelAmount: "Value given",
  hintAmount: "A voucher, refund or discount, e.g. 10 or 12,50",
  labelCurrency: "Currency",
  labelFollowUp: "Follow up?",
  labelTitle: "Title",
  labelStory: "The story",
  hintStory: "What happened, and what difference it made for the customer.",
  labelQuote: "Customer quote",
  labelRelated: "Related good call",
  savedStory: "Thanks for sharing the story! It is saved.",
  savedGoodCall: "Thanks! Your good call is saved.",
  fromMessage: "From a Slack message",
  storyFromBot:
    "That message was posted by an app or a bot, so GoodCall does not save it as a success story. Save a message a person wrote, or tell the story yourself with `/story`.",

  // Team setup and settings
  setupDone: (channel: string) =>
    `${channel} is now a GoodCall team, and you are its first manager. Everyone here can log good calls with \`/goodcall what you did\`. Run \`/goodcall setup\` again for the settings (managers, digest day and time, language, feed).`,
  setupInviteBot:
    "Invite GoodCall to this channel (`/invite @GoodCall`) so it can post the weekly digest here.",
  setupNeedsChannel: "Run `/goodcall setup` in the channel of the team you want to set up.",
  openSettings: "Open settings",
  settingsSaved: "Team settings saved.",
  labelManagers: "Managers",
  managersRequired: "A team needs at least one manager.",
  labelTimeZone: "Time zone",
  hintTimeZone: "An IANA name such as Europe/Helsinki or America/New_York",
  timeZoneInvalid: (tz: string) =>
    `“${tz}” is not a time zone GoodCall knows. Use a name such as Europe/Helsinki.`,
  labelDigestDay: "Digest day",
  labelDigestTime: "Digest time",
  labelLanguage: "Language",
  labelFeed: "Team feed",
  feedOption: "Post each new good call and story to this channel",
  labelLimit: "Usual spending limit",
  hintLimit: "Informs managers; it never blocks anyone.",
  labelFollowUpDays: "Follow-up after (days)",
  followUpDaysInvalid: "Use a whole number of days from 1 to 60.",
  labelRetention: "Delete entries older than (months, optional)",
  hintRetention: "Leave empty to keep everything. From 6 to 60 months; checked once a day.",
  retentionInvalid: (min: number, max: number) =>
    `Use a whole number of months from ${min} to ${max}, or leave it empty to keep everything.`,

  // Feed
  feedGoodCall: (user: string) => `${user} made a good call`,
  feedStory: (user: string) => `${user} shared a customer success story`,
  why: "Why",
  tags: "Tags",
  value: "Value",
  appreciate: "Appreciate",
  appreciations: (n: number) => counted("en", n, { one: "appreciation", other: "appreciations" }),
  appreciated: "Thank you for appreciating this!",
  alreadyAppreciated: "You have already appreciated this one. 💛",
  selfAppreciation: "That one is yours. Glad you are proud of it!",
  removed: "(removed by its author)",
  removedByRetention: "(removed: older than this team keeps entries)",
  quoteFrom: "Customer",
  originalMessage: "Original message",

  // Stats, help, home
  statsTitle: "Your GoodCall numbers",
  thisWeek: "This week",
  /** The digest period so far, for stats: "Since Fri 27 Nov 15:00". */
  statsSince: (when: string) => `Since ${when}`,
  allTime: "All time",
  statGoodCalls: (n: number) => counted("en", n, { one: "good call", other: "good calls" }),
  statStories: (n: number) => counted("en", n, { one: "story", other: "stories" }),
  statAppreciations: (n: number) => (n === 1 ? "1 appreciation received" : `${n} appreciations received`),
  statValue: (v: string) => `value given: ${v}`,
  unknownCommand: (word: string) => `I did not understand “${word}”.`,
  helpText: [
    "*GoodCall*: log the good calls you make for customers, no permission needed.",
    "• `/goodcall what you did`: log a good call now (amounts like 10€ and #tags are picked up)",
    "• `/goodcall`: open the form with all the details",
    "• `/goodcall private what you did`: a good call only you and your team's managers see (counted, never quoted)",
    "• `/story`: share a customer success story",
    "• `/goodcall stats`: your own numbers",
    "• `/goodcall thanks @name what you appreciated`: thank someone for their latest good call or story",
    "• `/goodcall idea …`: propose an improvement to how the team works",
    "• `/goodcall digest preview`: this week's digest as it would look now",
    "• `/goodcall report`: the quarter's loop report with a chart, by DM (managers)",
    "• `/goodcall export` · `/goodcall forget me`: get a copy of your data · delete it",
    "• `/goodcall setup`: make this channel a team, or change its settings (managers)",
    "• `/goodcall help`: this message",
  ].join("\n"),
  homeTitle: "GoodCall",
  homeIntro: "Small decisions for customers, made on your own authority, are worth celebrating.",
  logGoodCall: "Log a good call",
  shareStory: "Share a story",
  yourRecentGoodCalls: "Your recent good calls",
  yourRecentStories: "Your recent stories",
  nothingYet: "Nothing yet. Your first good call is one click away.",
  noStoriesYet:
    "No stories yet. When a customer thanks you, share it as a story: the whole team learns from it.",
  somethingWentWrong:
    "Sorry, something went wrong on our side and nothing was changed. Please try again in a moment.",
  previewNeedsTeam:
    "Run `/goodcall digest preview` in a team's channel to see its digest as it would look now.",

  // Digest
  digestTitle: "Good calls this week",
  digestLate: "This digest comes late: GoodCall was offline at the scheduled time.",
  digestEmpty:
    "A quiet week: no good calls logged yet. Every small decision you make for a customer counts; log one with /goodcall.",
  digestEmptyLate:
    "That was a quiet week: no good calls were logged. Every small decision you make for a customer counts; log the next one with /goodcall.",
  digestPeople: (n: number) => (n === 1 ? "1 person" : `${n} people`),
  digestValueGiven: (amounts: string) => `Value given: ${amounts}`,
  digestUp: (delta: string) => `▲ ${delta} from last week`,
  digestDown: (delta: string) => `▼ ${delta} from last week`,
  digestSame: "same as last week",
  digestThanks: "Thank you to everyone who made a good call or shared a story:",
  /** After a name in the thanks: "Anna (3 good calls)", "Ben (2 good calls, 1 story)". */
  digestEntries: (goodCalls: number, stories: number) =>
    [
      goodCalls > 0 ? (goodCalls === 1 ? "1 good call" : `${goodCalls} good calls`) : "",
      stories > 0 ? (stories === 1 ? "1 story" : `${stories} stories`) : "",
    ]
      .filter(Boolean)
      .join(", "),
  digestMoreInHome: (n: number) => `and ${n} more; see everyone in GoodCall's App Home`,
  digestAndMore: (n: number) => `and ${n} more`,
  digestFirstTimers: (names: string) => `First good calls ever: ${names} — welcome!`,
  digestSpotlight: "Story spotlight",
  digestNotable: "Notable good calls",
  digestNotableHow:
    "Chosen by appreciations, then value given, then follow-ups that helped; at most two per person.",
  digestBy: (user: string) => `by ${user}`,
  digestOutcomesTitle: "How it went",
  digestOutcomes: (helped: number, followedUp: number) =>
    `${helped} of ${followedUp} followed-up ${followedUp === 1 ? "good call" : "good calls"} helped`,
  digestOutcomesDetail: (noChange: number, backfired: number) =>
    `No change: ${noChange} · Backfired: ${backfired}`,
  digestPatternsTitle: "Recurring themes",
  digestPattern: (count: number, people: number) =>
    `${count === 1 ? "1 good call" : `${count} good calls`} by ${people === 1 ? "1 person" : `${people} people`}`,
  proposeFix: "Propose a fix",
  digestImprovementsTitle: "Improvements",
  digestProposed: "Newly proposed",
  digestCompleted: (count: number, people: string, title: string) =>
    `${count === 1 ? "1 good call" : `${count} good calls`} by ${people} led to: ${title}`,
  digestCompletedAlone: (title: string) => `Done: ${title}`,
  digestRecurrence: (since: number, before: number) =>
    `Similar good calls since the fix: ${since}, before: ${before}`,
  // Managers
  instantGoodCall: (user: string) => `${user} made a good call`,
  instantStory: (user: string) => `${user} shared a customer success story`,
  aboveLimitNote: (limit: string) =>
    `Above the team's usual limit of ${limit}: worth talking over together. Nothing to approve; it is already done.`,
  sayThanks: "Say thanks",
  shareAsStory: "Share as story",
  thankedButton: "Thanked ✓",
  thanksModalTitle: "Say thanks",
  labelNote: "A note",
  hintNote: "What you appreciated. It goes to them with your thanks.",
  send: "Send",
  thankedYouGoodCall: (from: string) => `${from} thanked you for your good call`,
  thankedYouStory: (from: string) => `${from} thanked you for your story`,
  thanksSent: (to: string) => `Your thanks went to ${to}.`,
  alreadyThanked: (to: string) => `You have already thanked ${to} for this one.`,
  roundupTitle: (team: string) => `Today's good calls in ${team}`,
  summaryTitle: (team: string, period: string) => `Your weekly GoodCall summary: ${team}, ${period}`,
  summaryUnthanked: (names: string) =>
    `*Not thanked by anyone yet this week:* ${names}. A quick thanks goes a long way.`,
  summaryAllThanked: "Everyone who made a good call this week has been thanked. 💛",
  summaryAboveLimit: (limit: string) =>
    `*Worth talking over* (above the usual limit of ${limit}; a chance to learn together, not a problem):`,
  summaryAcknowledged: (count: number, total: number) =>
    `${count} of ${total} ${total === 1 ? "good call was" : "good calls were"} appreciated or thanked`,
  summaryMedian: (duration: string) => `median time to the first thanks: ${duration}`,
  durationMinutes: (n: number) => (n === 1 ? "1 minute" : `${n} minutes`),
  durationHours: (n: number) => (n === 1 ? "1 hour" : `${n} hours`),
  durationDays: (n: number) => (n === 1 ? "1 day" : `${n} days`),
  summaryUnreachable: (names: string) =>
    `Could not reach ${names} (left the workspace?), so they got no GoodCall DMs.`,
  summaryQuiet: "A quiet week: no good calls were logged. A word of encouragement in the team channel helps.",
  thanksWhichOne: (user: string) => `Which one do you want to thank ${user} for?`,
  thanksForGoodCall: (what: string) => `Good call: ${what}`,
  thanksForStory: (title: string) => `Story: ${title}`,
  thanksNothingYet: (user: string) =>
    `${user} has not logged a good call or story yet, so there is nothing to thank them for here.`,
  thanksNoMention: "Mention who to thank: `/goodcall thanks @name what you appreciated`.",
  thanksSelf: "You cannot thank yourself, but it is good to be proud of your work!",
  storyConsentAsk: (manager: string, title: string) =>
    `${manager} would like to share your good call with the team as a customer success story: *${title}*. Share it?`,
  shareIt: "Share it",
  notNow: "Not now",
  storyConsentSent: (author: string) => `Sent to ${author}: the story is shared once they agree.`,
  storyConsentShared: "Thank you! Your story is shared with the team.",
  storyConsentDeclined: "No problem: the story stays private.",
  labelPreference: "Your manager DMs",
  // Workflow Builder steps: why a step saved nothing, one line per input it is about, each line
  // the same words a person gets in the form. The inputs are named as the manifest titles them.
  workflow: {
    notSaved: "GoodCall saved nothing:",
    problem: (input: string, problem: string) => `${input}: ${problem}`,
    inputs: {
      author: "Author",
      what: "What was done",
      why: "Why",
      tags: "Tags",
      value: "Value given",
      currency: "Currency",
      follow_up: "Follow up",
      title: "Title",
      story: "Story",
      quote: "Customer quote",
      channel: "Team channel",
    },
    unreadable: "GoodCall cannot read this value. Check what the workflow gives this step.",
    channelNotTeam:
      "This channel is not a GoodCall team yet. Ask your team lead to run `/goodcall setup` in it, then run the workflow again.",
    authorNotMember:
      "This person is not a member of the channel's GoodCall team. Choose someone from the team as the author (people join a team by joining its channel).",
    authorNotPermitted: "This person may not do that in the channel's team.",
  },
  preferences: {
    instant: "Instantly: a DM for each new good call and story",
    daily: "Daily roundup at 16:00",
    weekly: "Weekly summary only",
    off: "Off",
  } as Record<"instant" | "daily" | "weekly" | "off", string>,
  preferenceSaved: "Your DM preference is saved.",
  homeManaging: (team: string) => `*You manage ${team}*`,
  // A digest that never went out
  missedDigest: (channel: string, period: string) =>
    `The GoodCall digest for ${channel} for ${period} was not posted: GoodCall was down or Slack refused it for more than 48 hours, so it is too late to post it now.`,
  missedDigestHint:
    "The good calls are all kept. `/goodcall digest preview` shows the running week; the next digest comes at its usual time.",

  // Improvement loop
  /** `when` as shortDate writes it: "Fri 27 Nov". */
  followUpAsk: (when: string) => `On ${when} you made this good call. Did it help?`,
  outcomeLabels: { helped: "It helped", no_change: "No change", backfired: "It backfired" } as Record<
    "helped" | "no_change" | "backfired",
    string
  >,
  outcomeRecorded: (label: string) => `Thanks! Recorded: ${label}.`,
  outcomeAlready: "Your answer for this one is already recorded.",
  outcomeNoteTitle: "How did it go?",
  labelOutcomeNote: "Anything to add?",
  promiseAsk: (due: string) => `You promised the customer something by ${due}. Did you keep it?`,
  promiseKept: "Kept",
  promiseLater: "Not yet: remind me tomorrow",
  promiseBroken: "Could not keep it",
  promiseRecordedKept: "Well done! Marked as kept.",
  promiseRecordedBroken: "Thanks for saying so. Marked as not kept; it happens, and it helps the team learn.",
  promiseRemindTomorrow: "OK, I will remind you tomorrow.",
  promiseAlready: "This promise is already settled.",
  labelPromise: "Promised the customer something by",
  promiseInPast: "Pick today or a later date.",
  promiseNoted: (due: string) => `Promise noted for ${due}: I'll remind you that morning.`,
  notAPromise: "Not a promise",
  promiseRemoved: "OK, not a promise: there will be no reminder.",
  /** Once any promise is settled: "kept 4 of 5 (80%)"; English writes no space before the sign, Finnish does. */
  promisesKeptRate: (kept: number, settled: number, percent: number, open: number) =>
    `Promises to customers: kept ${kept} of ${settled} (${percent}%)${open > 0 ? `, ${open} still open` : ""}`,
  promisesOpen: (open: number) => `Promises to customers: ${open} still open`,
  ideaSaved: (title: string) =>
    `Thanks! Your idea is saved as an improvement: *${title}*. The team sees it in App Home.`,
  ideaNeedsTeam:
    "Run `/goodcall idea …` in your team's channel, or set up a team first with `/goodcall setup`.",
  ideaOffer: "Meant this as an idea for the team rather than a good call?",
  proposeAsIdea: "Propose it as an idea instead",
  ideaInstead: (title: string) =>
    `Done: the good call is removed, and your idea is saved as an improvement: *${title}*. The team sees it in App Home.`,
  titleTooShort: (min: number) => `Write at least ${min} characters.`,
  improvementPosted: (user: string, title: string) => `💡 ${user} proposed an improvement: *${title}*`,
  improvementPostedByNobody: (title: string) => `💡 An improvement was proposed: *${title}*`,
  /** Replaces the words of someone who asked to be forgotten; the team keeps the improvement. */
  improvementForgotten: "A fix proposed by someone who has since left",
  /** Above the improvement's own blocks, which show its title. */
  improvementProposedBy: (user: string) => `💡 ${user} proposed an improvement`,
  improvementProposedByNobody: "💡 An improvement was proposed",
  privateCalls: {
    label: "Who can see this",
    hint: "A private good call is never posted to the channel or quoted in the digest. It still counts, and you are thanked by name.",
    optionTeam: "The team",
    optionPrivate: "Only me and my managers",
    invalid: "Choose who can see this: the team, or only you and your managers.",
    /** `/goodcall private` with nothing after it; `word` is the word typed. */
    needsText: (word: string) =>
      `Add what you did after \`${word}\`, for example \`/goodcall ${word} Waived the late fee for a customer going through a hard time\`. Only you and your team's managers will see it. Or run \`/goodcall\` for the form, where you choose who can see it.`,
    /** Under the author's confirmation. */
    confirmation:
      "🔒 Only you and the team's managers can see this. It is not posted to the channel, and the digest counts it without quoting it.",
    madePrivate:
      "🔒 Now only you and the team's managers can see it. If it was posted to the team channel, that post is taken down.",
    madeTeam: (posted: boolean): string =>
      posted
        ? "Now the whole team can see it: it is posted to the team channel."
        : "Now the whole team can see it.",
    /** A feed post Slack would not delete, emptied instead. */
    takenDown: "(made private by its author)",
    /** Refusing someone who is neither its author nor a manager of its team. */
    refused: "That good call is private: only its author and the team's managers can see it.",
    /** In a manager's DM (instant, daily roundup) under a private good call. */
    managerNote: (author: string) =>
      `🔒 Private: only the team's managers and ${author} see this. It is not posted to the team, and the digest counts it without quoting it.`,
    summaryTitle:
      "🔒 *Private good calls* (only the team's managers and each author see these; the digest counts them without quoting them):",
    /** A short mark beside a private good call in a list. */
    mark: "🔒 private",
    /** How a private good call appears where the team reads (a pattern's examples). */
    placeholder: "🔒 a private good call",
    patternExamples: "Good calls in this pattern:",
  },
  improvementStatuses: {
    proposed: "Proposed",
    in_progress: "In progress",
    done: "Done",
    declined: "Declined",
  } as Record<"proposed" | "in_progress" | "done" | "declined", string>,
  improvementOwner: (user: string) => `Owner: ${user}`,
  improvementFrom: (label: string, count: number) =>
    `From the pattern ${label} (${counted("en", count, { one: "good call", other: "good calls" })})`,
  improvementDeclined: (reason: string) => `Declined: ${reason}`,
  improvementStatusChanged: (title: string, status: string) => `*${title}* is now: ${status}.`,
  improvementNotPermitted: "Only the improvement's owner or a team manager can change its status.",
  improvementNotAllowed: (from: string, to: string) => `An improvement cannot go from “${from}” to “${to}”.`,
  improvementSame: (status: string) => `It is already “${status}”.`,
  changeStatus: "Change status",
  declineTitle: "Decline improvement",
  labelDeclineReason: "Why decline it?",
  declineReasonRequired: "Say why, so the people who proposed it know (at most 500 characters).",
  proposeFixTitle: "Propose a fix",
  labelDescription: "Description",
  proposeFixDraft: (label: string) => `Fix the cause of ${label}`,
  propose: "Propose",
  patternGone: "That pattern is no longer in this period.",
  homeOpenImprovements: "Open improvements",
  noOpenImprovements: "No open improvements. Spot a recurring problem? `/goodcall idea …`",
  summaryPatterns: "*Recurring themes worth a process fix:*",
  summaryOpenImprovements: (n: number) => (n === 1 ? "1 open improvement" : `${n} open improvements`),
  summaryRetention: (months: number, goodCalls: number, stories: number) =>
    `Older than ${months} months: ${counted("en", goodCalls, { one: "good call", other: "good calls" })} and ${counted("en", stories, { one: "story", other: "stories" })} deleted this week`,
  exportReady: "Here is everything GoodCall holds about you, as a JSON file.",
  exportSent: "Your data is on its way: look for a DM from GoodCall with the file.",
  forgetConfirm:
    "This deletes every good call and story you logged, the thanks you gave and received, and your team memberships. It cannot be undone. Delete your data?",
  forgetYes: "Delete my data",
  forgetNo: "Keep it",
  forgetDone: (calls: number, stories: number, appreciations: number) =>
    `Done. Deleted: ${counted("en", calls, { one: "good call", other: "good calls" })}, ${counted("en", stories, { one: "story", other: "stories" })} and ${counted("en", appreciations, { one: "appreciation", other: "appreciations" })} given or received.`,
  forgetKeptManager:
    "You are still a manager of some teams; hand the role over in the team settings if you wish.",
  forgetCancelled: "Nothing was deleted.",
  report: {
    quarterName: (year: number, quarter: number) => `Q${quarter} ${year}`,
    /** The span the figures cover: "1 Oct – 31 Dec 2026", or the quarter so far. */
    span: (dates: string, complete: boolean) => (complete ? dates : `${dates} (so far)`),
    title: (team: string, quarter: string) => `Quarterly loop report: ${team}, ${quarter}`,
    intro:
      "Whether the loop works: good calls made, thanked and followed up, the themes that kept coming back, and whether the fixes made them go away.",
    /** A day on the chart and in the week list: "5 Oct". */
    dayMonth: (day: number, month: number) => `${day} ${MONTHS_SHORT_EN[month - 1] ?? ""}`,
    goodCallsTitle: "Good calls",
    goodCalls: (count: number, people: number) =>
      `${counted("en", count, { one: "good call", other: "good calls" })} by ${counted("en", people, { one: "person", other: "people" })}`,
    perWeek: (average: string) => `${average} a week on average`,
    /** "5 Oct: 3 · 12 Oct: 9 …", the chart's bars as text. */
    weekly: (weeks: string) => `Week by week (from Monday): ${weeks}`,
    quiet: "A quiet quarter: no good calls were logged. A word of encouragement in the team channel helps.",
    thanksTitle: "Thanks",
    thanked: (count: number, total: number, percent: number) =>
      `${count} of ${total} ${total === 1 ? "good call was" : "good calls were"} appreciated or thanked (${percent}%)`,
    outcomesTitle: "How it went",
    outcomes: (followedUp: number, helped: number, noChange: number, backfired: number) =>
      `${counted("en", followedUp, { one: "follow-up answered", other: "follow-ups answered" })}: it helped ${helped} · no change ${noChange} · it backfired ${backfired}`,
    noOutcomes: "No follow-up questions were answered this quarter.",
    noPromises: "No promises to customers fell due this quarter.",
    patternsTitle: "Recurring themes",
    patterns: (n: number) =>
      n === 0
        ? "No theme came back often enough to be a pattern (3 good calls by 2 people)."
        : `${counted("en", n, { one: "theme", other: "themes" })} came back again and again:`,
    pattern: (label: string, count: number, people: number) =>
      `${label}: ${counted("en", count, { one: "good call", other: "good calls" })} by ${counted("en", people, { one: "person", other: "people" })}`,
    patternFix: (status: string) => `fix: ${status.toLowerCase()}`,
    patternNoFix: "no fix proposed yet",
    improvementsTitle: "Improvements",
    improvements: (proposed: number, done: number) =>
      `Proposed this quarter: ${proposed} · done this quarter: ${done}`,
    proposedMore: (n: number) => `and ${n} more`,
    fixesTitle: "Did the fixes work?",
    fix: (title: string, day: string) => `*${title}*, done ${day}`,
    fixRecurrence: (label: string, days: number, before: number, after: number) =>
      `${label}: ${before} in the ${counted("en", days, { one: "day", other: "days" })} before, ${after} in the ${days === 1 ? "day" : `${days} days`} after`,
    fixTooEarly: "done too recently to compare",
    fixNoPattern: "not from a pattern, so there is nothing to compare",
    noFixes: "No improvement was completed this quarter.",
    chartNote: "The chart below shows the same figures.",
    chartTitle: (team: string, quarter: string) => `#${team} · ${quarter}`,
    chartWeekly: "Good calls per week",
    /** The mark on the chart at the day a fix was done. */
    chartFix: (n: number) => `Fix ${n}`,
    chartRecurrence: (days: number) =>
      `Good calls on each fix's theme, ${counted("en", days, { one: "day", other: "days" })} before and after it`,
    chartBefore: "Before",
    chartAfter: "After",
    chartNoFixes: "No fix with a pattern was completed this quarter",
    /** The picture described for screen readers. */
    chartAlt: (weeks: string, fixes: string) =>
      `Bar chart of good calls per week: ${weeks}.${fixes ? ` Fixes: ${fixes}.` : ""}`,
    chartAltFix: (n: number, title: string, day: string, before: number | null, after: number | null) =>
      `${n}. ${title}, done ${day}${before !== null && after !== null ? `, ${before} similar good calls before and ${after} after` : ""}`,
    chartComment: (quarter: string) => `Your ${quarter} loop report as a chart.`,
    chartFailed: "The chart could not be drawn this time; the figures above are complete.",
    onItsWay: (team: string, quarter: string) =>
      `Your loop report for ${team}, ${quarter} so far, is on its way: look for a DM from GoodCall.`,
    managersOnly: (managers: string | null) =>
      managers
        ? `The quarterly loop report is for the team's managers. Ask ${managers} to share it.`
        : "The quarterly loop report is for team managers. Run `/goodcall report` in the channel of a team you manage.",
    chooseTeam: (teams: string) =>
      `You manage several teams (${teams}). Run \`/goodcall report\` in the channel of the one you want the report for.`,
  },
};

export type Messages = typeof en;

const fi: Messages = {
  languageName: { en: "englanti", fi: "suomi" },
  weekdays: ["maanantai", "tiistai", "keskiviikko", "torstai", "perjantai", "lauantai", "sunnuntai"],
  shortDate: (weekday, day, month) => `${WEEKDAYS_SHORT_FI[weekday - 1] ?? ""} ${day}.${month}.`.trim(),
  // Finnish writes the time with a dot and "klo": "pe 27.11. klo 15.00".
  shortDateTime: (date, hour, minute) => `${date} klo ${hour}.${String(minute).padStart(2, "0")}`,

  logged: (user) => `Kiitos, ${user}! Hyvä ratkaisusi on tallennettu.`,
  loggedTo: (team) => `Tallennettu tiimiin ${team}.`,
  updated: "Hyvä ratkaisusi on päivitetty.",
  piiWarning:
    ":warning: Tässä näyttää olevan asiakkaan tietoja (sähköpostiosoite, puhelin-, kortti- tai tilinumero tai henkilötunnus). Jätäthän ne pois: GoodCall piilottaa ne kaikesta, mitä se julkaisee, ja merkintäsi on tallennettu.",
  addDetails: "Lisää tietoja",
  undo: "Peru",
  undone: "Peruttu: hyvä ratkaisu on poistettu.",
  authority: {
    room: (limit) => `Voit päättää asiakkaan hyväksi jopa ${limit} kysymättä.`,
    roomIn: (team, limit) => `Tiimissä ${team} voit päättää asiakkaan hyväksi jopa ${limit} kysymättä.`,
    labelRule: "Oliko jokin sääntö tai käytäntö esteenä?",
    hintRule:
      "Vapaaehtoinen. Mikä sääntö ja miten? Esihenkilösi näkevät vastauksen; toistuvasti esteenä olevista säännöistä tulee aiheita, joihin tiimi voi hakea korjausta.",
    ruleLine: "Esteenä",
    summaryRulesTitle: "*Tällä viikolla useimmin esteenä olleet säännöt:*",
    summaryRuleCount: (count, people) =>
      `${counted("fi", count, { one: "hyvä ratkaisu", other: "hyvää ratkaisua" })}, ${counted("fi", people, { one: "tekijä", other: "tekijää" })}`,
    // The inessive after a numeral takes the singular: "3 hyvässä ratkaisussa".
    rulePattern: (count, people) =>
      `Sääntö oli esteenä ${count} hyvässä ratkaisussa (${counted("fi", people, { one: "tekijä", other: "tekijää" })})`,
    raiseTitle: "*Tilaa kasvaa*",
    raiseEvidence: (helped, answered, limit) =>
      `Yli ${limit}:n ratkaisuista ${helped}/${answered} auttoi, eikä yksikään kostautunut (seurannat viimeisen kolmen kuukauden ajalta).`,
    raiseSuggest: (suggested) =>
      `Tiimi käyttää harkintavaltaansa hyvin. Harkitse tavanomaisen rajan nostamista tasolle ${suggested}; mikään ei muutu ennen kuin tallennat sen.`,
    raiseButton: (suggested) => `Nosta raja tasolle ${suggested}…`,
    settingsSuggested: (current, suggested) =>
      `Ehdotus seurantojen perusteella: nosta tavanomainen raja tasolta ${current} tasolle ${suggested}. Se on täytetty alle; tallenna, niin se tulee voimaan, tai muuta sitä.`,
  },
  undoNotYours: "Vain merkinnän tekijä voi perua tai muokata sitä.",
  entryGone: "Merkintää ei ole enää olemassa.",
  whatTooShort: (min) =>
    `Kerro vähän enemmän: hyvän ratkaisun kuvauksessa on oltava vähintään ${min} merkkiä.`,
  whatTooLong: (max, got) =>
    `Tekstissä on ${got} merkkiä, mutta hyvän ratkaisun kuvaus saa olla enintään ${max} merkkiä. Lyhennä sitä tai avaa lomake komennolla /goodcall ilman tekstiä.`,
  fieldTooLong: (max, got) => `Enintään ${max} merkkiä (nyt ${got}).`,
  storyTooShort: (min) => `Tarinassa on oltava vähintään ${min} merkkiä.`,
  titleRequired: "Anna tarinalle otsikko.",
  amountInvalid: "Kirjoita summa numerona, esimerkiksi 10 tai 12,50.",
  amountRange: (max) => `Summan on oltava välillä 0–${max}.`,
  currencyInvalid: "Käytä kolmikirjaimista valuuttakoodia, kuten EUR.",
  currencyWithoutAmount: "Lisää myös summa tai tyhjennä valuutta.",
  tagsInvalid: (tag) =>
    `”${tag}” ei kelpaa tunnisteeksi: käytä kirjaimia, numeroita, - tai _ (enintään 40 merkkiä).`,
  noTeam:
    "GoodCallia ei ole vielä otettu käyttöön yhdessäkään tiimissäsi. Pyydä esihenkilöäsi antamaan komento `/goodcall setup` tiimin kanavalla ja yritä sitten uudelleen.",
  chooseTeam: "Valitse tiimi, johon tämä kuuluu.",
  followUpYes: "Kyllä, muistuta minua tarkistamaan, miten kävi",

  accessNotMember: "Tämä kuuluu tiimille, jossa et ole mukana.",
  accessNotManager: (managers) =>
    managers
      ? `Vain tiimin esihenkilöt voivat tehdä tämän. Kysy: ${managers}.`
      : "Vain tiimin esihenkilöt voivat tehdä tämän.",
  accessNotAuthor: "Vain merkinnän tekijä voi tehdä tämän.",
  accessNotSelf: "Vain pyynnön tehnyt voi vastata tähän. Mitään ei muutettu.",
  accessTitle: "Ei käytettävissä",

  goodCallModalTitle: "Kirjaa hyvä ratkaisu",
  storyModalTitle: "Jaa tarina",
  settingsModalTitle: "Tiimin asetukset",
  savedModalTitle: "Tallennettu",
  save: "Tallenna",
  cancel: "Peruuta",
  close: "Sulje",
  labelTeam: "Tiimi",
  labelWhat: "Mitä teit asiakkaan hyväksi?",
  hintWhat:
    "Omalla päätösvallallasi, lupaa ei tarvitse kysyä. Jätä pois nimet, sähköpostiosoitteet ja puhelinnumerot.",
  labelWhy: "Miksi? Mitä asiakas tarvitsi?",
  labelTags: "Tunnisteet",
  hintTags: "Erota välilyönneillä tai pilkuilla, esim. myöhästynyt-toimitus lahjakortti",
  labelAmount: "Annettu arvo",
  hintAmount: "Lahjakortti, hyvitys tai alennus, esim. 10 tai 12,50",
  labelCurrency: "Valuutta",
  labelFollowUp: "Seurataanko?",
  labelTitle: "Otsikko",
  labelStory: "Tarina",
  hintStory: "Mitä tapahtui ja mitä se merkitsi asiakkaalle.",
  labelQuote: "Asiakkaan sanat",
  labelRelated: "Liittyvä hyvä ratkaisu",
  savedStory: "Kiitos tarinasta! Se on tallennettu.",
  savedGoodCall: "Kiitos! Hyvä ratkaisusi on tallennettu.",
  fromMessage: "Slack-viestistä",
  storyFromBot:
    "Tämän viestin lähetti sovellus tai botti, joten GoodCall ei tallenna sitä onnistumistarinaksi. Tallenna ihmisen kirjoittama viesti tai kerro tarina itse komennolla `/story`.",

  setupDone: (channel) =>
    `${channel} on nyt GoodCall-tiimi, ja olet sen ensimmäinen esihenkilö. Kaikki täällä voivat kirjata hyviä ratkaisuja komennolla \`/goodcall mitä teit\`. Kirjoita \`/goodcall setup\` uudelleen, niin pääset asetuksiin (esihenkilöt, koosteen päivä ja aika, kieli, syöte).`,
  setupInviteBot:
    "Kutsu GoodCall tälle kanavalle (`/invite @GoodCall`), jotta se voi julkaista viikkokoosteen täällä.",
  setupNeedsChannel: "Anna komento `/goodcall setup` sen tiimin kanavalla, jonka haluat ottaa käyttöön.",
  openSettings: "Avaa asetukset",
  settingsSaved: "Tiimin asetukset tallennettu.",
  labelManagers: "Esihenkilöt",
  managersRequired: "Tiimillä on oltava vähintään yksi esihenkilö.",
  labelTimeZone: "Aikavyöhyke",
  hintTimeZone: "IANA-nimi, kuten Europe/Helsinki tai America/New_York",
  timeZoneInvalid: (tz) =>
    `”${tz}” ei ole GoodCallin tuntema aikavyöhyke. Käytä nimeä kuten Europe/Helsinki.`,
  labelDigestDay: "Koosteen päivä",
  labelDigestTime: "Koosteen kellonaika",
  labelLanguage: "Kieli",
  labelFeed: "Tiimin syöte",
  feedOption: "Julkaise jokainen uusi hyvä ratkaisu ja tarina tällä kanavalla",
  labelLimit: "Tavanomainen hyvitysraja",
  hintLimit: "Tiedoksi esihenkilöille; se ei koskaan estä ketään.",
  labelFollowUpDays: "Seuranta (päivää kirjaamisesta)",
  followUpDaysInvalid: "Käytä kokonaislukua väliltä 1–60.",
  labelRetention: "Poista merkinnät, jotka ovat vanhempia kuin (kuukautta, valinnainen)",
  hintRetention: "Jätä tyhjäksi, niin mitään ei poisteta. 6–60 kuukautta; tarkistetaan kerran päivässä.",
  retentionInvalid: (min, max) =>
    `Käytä kokonaislukua väliltä ${min}–${max} kuukautta tai jätä kenttä tyhjäksi, niin mitään ei poisteta.`,

  feedGoodCall: (user) => `${user} teki hyvän ratkaisun`,
  feedStory: (user) => `${user} jakoi asiakkaan onnistumistarinan`,
  why: "Miksi",
  tags: "Tunnisteet",
  value: "Arvo",
  appreciate: "Arvosta",
  appreciations: (n) => counted("fi", n, { one: "arvostus", other: "arvostusta" }),
  appreciated: "Kiitos, että arvostit tätä!",
  alreadyAppreciated: "Olet jo arvostanut tätä. 💛",
  selfAppreciation: "Tämä on omasi. Hienoa, että olet siitä ylpeä!",
  removed: "(tekijä poisti tämän)",
  removedByRetention: "(poistettu: vanhempi kuin tiimin säilytysaika)",
  quoteFrom: "Asiakas",
  originalMessage: "Alkuperäinen viesti",

  statsTitle: "GoodCall-lukusi",
  thisWeek: "Tällä viikolla",
  statsSince: (when) => `${when} alkaen`,
  allTime: "Kaikkiaan",
  statGoodCalls: (n) => counted("fi", n, { one: "hyvä ratkaisu", other: "hyvää ratkaisua" }),
  statStories: (n) => counted("fi", n, { one: "tarina", other: "tarinaa" }),
  statAppreciations: (n) => (n === 1 ? "1 saatu arvostus" : `${n} saatua arvostusta`),
  statValue: (v) => `annettu arvo: ${v}`,
  unknownCommand: (word) => `En ymmärtänyt komentoa ”${word}”.`,
  helpText: [
    "*GoodCall*: kirjaa asiakkaiden hyväksi tekemäsi hyvät ratkaisut, lupaa ei tarvita.",
    "• `/goodcall mitä teit`: kirjaa hyvä ratkaisu heti (summat kuten 10€ ja #tunnisteet poimitaan)",
    "• `/goodcall`: avaa lomake kaikkine tietoineen",
    "• `/goodcall yksityinen mitä teit`: hyvä ratkaisu, jonka näkevät vain sinä ja tiimisi esihenkilöt (lasketaan mukaan, ei lainata)",
    "• `/story`: jaa asiakkaan onnistumistarina",
    "• `/goodcall tilastot`: omat lukusi",
    "• `/goodcall kiitos @nimi mitä arvostit`: kiitä jotakuta hänen viimeisimmästä hyvästä ratkaisustaan tai tarinastaan",
    "• `/goodcall idea …`: ehdota parannusta tiimin tapaan toimia",
    "• `/goodcall digest preview`: viikon kooste sellaisena kuin se näyttäisi nyt",
    "• `/goodcall raportti`: neljänneksen raportti kaavioineen yksityisviestinä (esihenkilöille)",
    "• `/goodcall export` · `/goodcall forget me`: kopio tiedoistasi · poista tietosi",
    "• `/goodcall setup`: tee tästä kanavasta tiimi tai muuta sen asetuksia (esihenkilöt)",
    "• `/goodcall ohje`: tämä viesti",
  ].join("\n"),
  homeTitle: "GoodCall",
  homeIntro:
    "Jokainen pieni päätös, jonka teet asiakkaan hyväksi omalla harkinnallasi, on juhlimisen arvoinen.",
  logGoodCall: "Kirjaa hyvä ratkaisu",
  shareStory: "Jaa tarina",
  yourRecentGoodCalls: "Viimeisimmät hyvät ratkaisusi",
  yourRecentStories: "Viimeisimmät tarinasi",
  nothingYet: "Ei vielä mitään. Ensimmäinen hyvä ratkaisusi on yhden napsautuksen päässä.",
  noStoriesYet: "Ei vielä tarinoita. Kun asiakas kiittää, jaa se tarinana: koko tiimi oppii siitä.",
  somethingWentWrong:
    "Pahoittelut, jokin meni vikaan meidän päässämme eikä mitään muutettu. Yritä hetken päästä uudelleen.",
  previewNeedsTeam:
    "Anna komento `/goodcall digest preview` tiimin kanavalla, niin näet sen koosteen sellaisena kuin se nyt näyttäisi.",

  // Digest
  digestTitle: "Viikon hyvät ratkaisut",
  digestLate: "Tämä kooste tulee myöhässä: GoodCall ei ollut käytettävissä sovittuna aikana.",
  digestEmpty:
    "Hiljainen viikko: hyviä ratkaisuja ei ole vielä kirjattu. Jokainen pieni päätös asiakkaan hyväksi on tärkeä; kirjaa omasi komennolla /goodcall.",
  digestEmptyLate:
    "Viikko oli hiljainen: hyviä ratkaisuja ei kirjattu. Jokainen pieni päätös asiakkaan hyväksi on tärkeä; kirjaa seuraava komennolla /goodcall.",
  digestPeople: (n) => (n === 1 ? "1 henkilö" : `${n} henkilöä`),
  digestValueGiven: (amounts) => `Annettu arvo: ${amounts}`,
  digestUp: (delta) => `▲ ${delta} enemmän kuin edellisellä viikolla`,
  digestDown: (delta) => `▼ ${delta} vähemmän kuin edellisellä viikolla`,
  digestSame: "yhtä paljon kuin edellisellä viikolla",
  digestThanks: "Kiitos kaikille, jotka tekivät hyvän ratkaisun tai jakoivat tarinan:",
  digestEntries: (goodCalls, stories) =>
    [
      goodCalls > 0 ? (goodCalls === 1 ? "1 hyvä ratkaisu" : `${goodCalls} hyvää ratkaisua`) : "",
      stories > 0 ? (stories === 1 ? "1 tarina" : `${stories} tarinaa`) : "",
    ]
      .filter(Boolean)
      .join(", "),
  digestMoreInHome: (n) => `ja ${n} muuta; näet kaikki GoodCallin Koti-välilehdellä`,
  digestAndMore: (n) => `ja ${n} muuta`,
  digestFirstTimers: (names) => `Ensimmäistä kertaa hyvän ratkaisun kirjanneet: ${names} – tervetuloa!`,
  digestSpotlight: "Tarinat valokeilassa",
  digestNotable: "Poimintoja hyvistä ratkaisuista",
  digestNotableHow:
    "Järjestys: ensin arvostukset, sitten annettu arvo, sitten seurannassa auttaneet; enintään kaksi samalta henkilöltä.",
  digestBy: (user) => `Tekijä: ${user}`,
  digestOutcomesTitle: "Miten kävi",
  digestOutcomes: (helped, followedUp) =>
    `Seuratuista hyvistä ratkaisuista ${helped}/${followedUp} auttoi asiakasta`,
  digestOutcomesDetail: (noChange, backfired) => `Ei muutosta: ${noChange} · Kostautui: ${backfired}`,
  digestPatternsTitle: "Toistuvat aiheet",
  digestPattern: (count, people) =>
    `${count === 1 ? "1 hyvä ratkaisu" : `${count} hyvää ratkaisua`}, ${people === 1 ? "1 tekijä" : `${people} tekijää`}`,
  proposeFix: "Ehdota korjausta",
  digestImprovementsTitle: "Parannukset",
  digestProposed: "Uudet ehdotukset",
  // Numerals from two up take a singular verb in Finnish: "5 hyvää ratkaisua johti".
  digestCompleted: (count, people, title) =>
    `${count === 1 ? "1 hyvä ratkaisu" : `${count} hyvää ratkaisua`} (${people}) johti parannukseen: ${title}`,
  digestCompletedAlone: (title) => `Toteutettu: ${title}`,
  digestRecurrence: (since, before) =>
    `Samanlaisia hyviä ratkaisuja korjauksen jälkeen: ${since}, ennen: ${before}`,
  instantGoodCall: (user) => `${user} teki hyvän ratkaisun`,
  instantStory: (user) => `${user} jakoi asiakkaan onnistumistarinan`,
  aboveLimitNote: (limit) =>
    `Ylittää tiimin tavanomaisen hyvitysrajan (${limit}): hyvä aihe yhteiselle keskustelulle. Mitään ei tarvitse hyväksyä; se on jo tehty.`,
  sayThanks: "Kiitä",
  shareAsStory: "Jaa tarinana",
  thankedButton: "Kiitetty ✓",
  thanksModalTitle: "Kiitä",
  labelNote: "Viesti",
  hintNote: "Mitä arvostit? Viesti välitetään kiitoksesi mukana.",
  send: "Lähetä",
  thankedYouGoodCall: (from) => `${from} kiitti sinua hyvästä ratkaisustasi`,
  thankedYouStory: (from) => `${from} kiitti sinua tarinastasi`,
  thanksSent: (to) => `Kiitoksesi on välitetty: ${to}.`,
  alreadyThanked: (to) => `Olet jo kiittänyt tästä henkilöä ${to}.`,
  roundupTitle: (team) => `Päivän hyvät ratkaisut: ${team}`,
  summaryTitle: (team, period) => `GoodCall-viikkoyhteenvetosi: ${team}, ${period}`,
  summaryUnthanked: (names) =>
    `*Tällä viikolla ei ole vielä saanut kiitosta:* ${names}. Pieni kiitos merkitsee paljon.`,
  summaryAllThanked: "Jokainen tällä viikolla hyvän ratkaisun tehnyt on saanut kiitosta. 💛",
  summaryAboveLimit: (limit) =>
    `*Hyvä aihe keskustelulle* (ylittää tavanomaisen hyvitysrajan, ${limit}; tilaisuus oppia yhdessä, ei ongelma):`,
  summaryAcknowledged: (count, total) => `${count}/${total} hyvää ratkaisua sai arvostusta tai kiitoksen`,
  summaryMedian: (duration) => `ensimmäiseen kiitokseen kului mediaanina ${duration}`,
  durationMinutes: (n) => (n === 1 ? "1 minuutti" : `${n} minuuttia`),
  durationHours: (n) => (n === 1 ? "1 tunti" : `${n} tuntia`),
  durationDays: (n) => (n === 1 ? "1 päivä" : `${n} päivää`),
  summaryUnreachable: (names) =>
    `En tavoittanut: ${names} (lähtenyt työtilasta?), joten GoodCall-viestit jäivät lähettämättä.`,
  summaryQuiet: "Hiljainen viikko: hyviä ratkaisuja ei kirjattu. Kannustava sana tiimin kanavalla auttaa.",
  thanksWhichOne: (user) => `Kummasta haluat kiittää henkilöä ${user}?`,
  thanksForGoodCall: (what) => `Hyvä ratkaisu: ${what}`,
  thanksForStory: (title) => `Tarina: ${title}`,
  thanksNothingYet: (user) =>
    `${user} ei ole vielä kirjannut hyvää ratkaisua tai tarinaa, joten kiitettävää ei täällä vielä ole.`,
  thanksNoMention: "Mainitse kiitettävä: `/goodcall kiitos @nimi mitä arvostit`.",
  thanksSelf: "Itseäsi et voi kiittää, mutta työstäsi saat olla ylpeä!",
  storyConsentAsk: (manager, title) =>
    `${manager} haluaisi jakaa hyvän ratkaisusi tiimille asiakkaan onnistumistarinana: *${title}*. Jaetaanko?`,
  shareIt: "Jaa",
  notNow: "Ei nyt",
  storyConsentSent: (author) => `Kysyin lupaa henkilöltä ${author}. Tarina jaetaan, kun hän suostuu.`,
  storyConsentShared: "Kiitos! Tarinasi on jaettu tiimille.",
  storyConsentDeclined: "Selvä: tarina pysyy yksityisenä.",
  labelPreference: "Viestit sinulle esihenkilönä",
  workflow: {
    notSaved: "GoodCall ei tallentanut mitään:",
    problem: (input, problem) => `${input}: ${problem}`,
    inputs: {
      author: "Tekijä",
      what: "Mitä tehtiin",
      why: "Miksi",
      tags: "Tunnisteet",
      value: "Annettu arvo",
      currency: "Valuutta",
      follow_up: "Seuranta",
      title: "Otsikko",
      story: "Tarina",
      quote: "Asiakkaan sanat",
      channel: "Tiimin kanava",
    },
    unreadable: "GoodCall ei pysty lukemaan tätä arvoa. Tarkista, mitä työnkulku antaa tälle vaiheelle.",
    channelNotTeam:
      "Tämä kanava ei ole vielä GoodCall-tiimi. Pyydä esihenkilöäsi antamaan kanavalla komento `/goodcall setup` ja suorita työnkulku sitten uudelleen.",
    authorNotMember:
      "Tämä henkilö ei kuulu kanavan GoodCall-tiimiin. Valitse tekijäksi joku tiimistä (tiimiin liitytään liittymällä sen kanavalle).",
    authorNotPermitted: "Tämä henkilö ei voi tehdä sitä kanavan tiimissä.",
  },
  preferences: {
    instant: "Heti: viesti jokaisesta uudesta hyvästä ratkaisusta ja tarinasta",
    daily: "Päivän kooste klo 16",
    weekly: "Vain viikkoyhteenveto",
    off: "Ei viestejä",
  },
  preferenceSaved: "Viestiasetuksesi on tallennettu.",
  homeManaging: (team) => `*Olet esihenkilönä: ${team}*`,
  missedDigest: (channel, period) =>
    `GoodCall-kooste kanavalle ${channel} ajalta ${period} jäi julkaisematta: GoodCall oli pois käytöstä tai Slack ei ottanut sitä vastaan yli 48 tuntiin, joten sitä on nyt liian myöhäistä julkaista.`,
  missedDigestHint:
    "Hyvät ratkaisut ovat tallessa. `/goodcall digest preview` näyttää kuluvan viikon; seuraava kooste tulee tavalliseen aikaansa.",
  // A dash, not a full stop: the date already ends in one ("pe 27.11.").
  followUpAsk: (when) => `Teit tämän hyvän ratkaisun ${when} – auttoiko se?`,
  outcomeLabels: { helped: "Auttoi", no_change: "Ei muutosta", backfired: "Kostautui" },
  outcomeRecorded: (label) => `Kiitos! Kirjattu: ${label}.`,
  outcomeAlready: "Vastauksesi tähän on jo kirjattu.",
  outcomeNoteTitle: "Miten kävi?",
  labelOutcomeNote: "Haluatko lisätä jotain?",
  // "mennessä" after the date: the date ends in a dot ("pe 4.12."), so it cannot end the sentence.
  promiseAsk: (due) => `Lupasit asiakkaalle jotain ${due} mennessä. Onko lupaus pidetty?`,
  promiseKept: "Pidetty",
  promiseLater: "Ei vielä: muistuta huomenna",
  promiseBroken: "En voinut pitää",
  promiseRecordedKept: "Hienoa! Merkitty pidetyksi.",
  promiseRecordedBroken:
    "Kiitos, että kerroit. Merkitty pitämättömäksi; niin käy joskus, ja tiimi oppii siitä.",
  promiseRemindTomorrow: "Selvä, muistutan huomenna.",
  promiseAlready: "Tämä lupaus on jo käsitelty.",
  labelPromise: "Lupasit asiakkaalle jotain viimeistään",
  promiseInPast: "Valitse tämä päivä tai myöhempi.",
  promiseNoted: (due) => `Lupaus kirjattu (${due} mennessä). Muistutan sinua sinä aamuna.`,
  notAPromise: "Ei ole lupaus",
  promiseRemoved: "Selvä, ei lupausta: muistutusta ei tule.",
  promisesKeptRate: (kept, settled, percent, open) =>
    `Lupaukset asiakkaille: pidetty ${kept}/${settled} (${percent} %)${open > 0 ? `, ${open} vielä auki` : ""}`,
  promisesOpen: (open) => `Lupaukset asiakkaille: ${open} vielä auki`,
  ideaSaved: (title) =>
    `Kiitos! Ideasi on tallennettu parannusehdotukseksi: *${title}*. Tiimi näkee sen GoodCallin Koti-välilehdellä.`,
  ideaNeedsTeam:
    "Anna komento `/goodcall idea …` tiimisi kanavalla tai ota tiimi ensin käyttöön komennolla `/goodcall setup`.",
  ideaOffer: "Tarkoititko tämän ideaksi tiimille etkä hyväksi ratkaisuksi?",
  proposeAsIdea: "Ehdota tätä ideaksi",
  ideaInstead: (title) =>
    `Tehty: hyvä ratkaisu on poistettu, ja ideasi on tallennettu parannusehdotukseksi: *${title}*. Tiimi näkee sen GoodCallin Koti-välilehdellä.`,
  titleTooShort: (min) => `Kirjoita vähintään ${min} merkkiä.`,
  improvementPosted: (user, title) => `💡 ${user} ehdotti parannusta: *${title}*`,
  improvementPostedByNobody: (title) => `💡 Parannusta ehdotettiin: *${title}*`,
  improvementForgotten: "Parannusehdotus henkilöltä, joka ei ole enää mukana",
  improvementProposedBy: (user) => `💡 ${user} ehdotti parannusta`,
  improvementProposedByNobody: "💡 Parannusta ehdotettiin",
  privateCalls: {
    label: "Kuka näkee tämän",
    hint: "Yksityistä hyvää ratkaisua ei julkaista kanavalla eikä lainata koosteessa. Se lasketaan silti mukaan, ja sinua kiitetään nimeltä.",
    optionTeam: "Koko tiimi",
    optionPrivate: "Vain minä ja esihenkilöni",
    invalid: "Valitse, kuka näkee tämän: koko tiimi vai vain sinä ja esihenkilösi.",
    needsText: (word) =>
      `Kirjoita sanan \`${word}\` perään, mitä teit, esimerkiksi \`/goodcall ${word} Annoin myöhästymismaksun anteeksi asiakkaalle, jolla oli vaikea elämäntilanne\`. Sen näkevät vain sinä ja tiimisi esihenkilöt. Voit myös avata lomakkeen komennolla \`/goodcall\` ja valita siellä, kuka sen näkee.`,
    confirmation:
      "🔒 Tämän näkevät vain sinä ja tiimin esihenkilöt. Sitä ei julkaista kanavalla, ja kooste laskee sen mukaan lainaamatta sitä.",
    madePrivate:
      "🔒 Nyt sen näkevät vain sinä ja tiimin esihenkilöt. Jos se oli julkaistu tiimin kanavalla, julkaisu poistetaan.",
    madeTeam: (posted) =>
      posted ? "Nyt koko tiimi näkee sen: se julkaistaan tiimin kanavalla." : "Nyt koko tiimi näkee sen.",
    takenDown: "(tekijä muutti tämän yksityiseksi)",
    refused: "Tämä hyvä ratkaisu on yksityinen: sen näkevät vain tekijä ja tiimin esihenkilöt.",
    managerNote: (author) =>
      `🔒 Yksityinen: tämän näkevät vain tiimin esihenkilöt ja ${author}. Sitä ei julkaista tiimille, ja kooste laskee sen mukaan lainaamatta sitä.`,
    summaryTitle:
      "🔒 *Yksityiset hyvät ratkaisut* (vain esihenkilöt ja kunkin tekijä näkevät nämä; kooste laskee ne mukaan lainaamatta niitä):",
    mark: "🔒 yksityinen",
    placeholder: "🔒 yksityinen hyvä ratkaisu",
    patternExamples: "Tämän teeman hyviä ratkaisuja:",
  },
  improvementStatuses: {
    proposed: "Ehdotettu",
    in_progress: "Työn alla",
    done: "Valmis",
    declined: "Hylätty",
  },
  improvementOwner: (user) => `Vastuuhenkilö: ${user}`,
  improvementFrom: (label, count) =>
    `Toistuvasta aiheesta ${label} (${counted("fi", count, { one: "hyvä ratkaisu", other: "hyvää ratkaisua" })})`,
  improvementDeclined: (reason) => `Hylätty: ${reason}`,
  improvementStatusChanged: (title, status) => `*${title}* on nyt: ${status}.`,
  improvementNotPermitted: "Vain parannuksen vastuuhenkilö tai tiimin esihenkilö voi muuttaa sen tilaa.",
  improvementNotAllowed: (from, to) => `Parannus ei voi siirtyä tilasta ”${from}” tilaan ”${to}”.`,
  improvementSame: (status) => `Se on jo tilassa ”${status}”.`,
  changeStatus: "Muuta tilaa",
  declineTitle: "Hylkää parannus",
  labelDeclineReason: "Miksi se hylätään?",
  declineReasonRequired: "Kerro syy, jotta ehdottajat tietävät (enintään 500 merkkiä).",
  proposeFixTitle: "Ehdota korjausta",
  labelDescription: "Kuvaus",
  proposeFixDraft: (label) => `Korjataan syy: ${label}`,
  propose: "Ehdota",
  patternGone: "Tätä toistuvaa aihetta ei enää ole tällä jaksolla.",
  homeOpenImprovements: "Avoimet parannukset",
  noOpenImprovements: "Ei avoimia parannuksia. Huomasitko toistuvan ongelman? `/goodcall idea …`",
  summaryPatterns: "*Toistuvat aiheet, joihin kannattaa hakea pysyvä korjaus:*",
  summaryOpenImprovements: (n) => (n === 1 ? "1 avoin parannus" : `${n} avointa parannusta`),
  summaryRetention: (months, goodCalls, stories) =>
    `Yli ${months} kuukautta vanhoja: ${counted("fi", goodCalls, { one: "hyvä ratkaisu", other: "hyvää ratkaisua" })} ja ${counted("fi", stories, { one: "tarina", other: "tarinaa" })} poistettu tällä viikolla`,
  exportReady: "Tässä kaikki, mitä GoodCall sinusta tietää, JSON-tiedostona.",
  exportSent: "Tietosi ovat tulossa: GoodCall lähettää tiedoston yksityisviestinä.",
  forgetConfirm:
    "Tämä poistaa kaikki kirjaamasi hyvät ratkaisut ja tarinat, antamasi ja saamasi kiitokset sekä tiimijäsenyytesi. Poistoa ei voi perua. Poistetaanko tietosi?",
  forgetYes: "Poista tietoni",
  forgetNo: "Säilytä",
  // A passive participle ("poistettu") needs no agreement with the counts before or after it.
  forgetDone: (calls, stories, appreciations) =>
    `Valmis. Poistettu: ${counted("fi", calls, { one: "hyvä ratkaisu", other: "hyvää ratkaisua" })}, ${counted("fi", stories, { one: "tarina", other: "tarinaa" })} ja ${counted("fi", appreciations, { one: "annettu tai saatu arvostus", other: "annettua tai saatua arvostusta" })}.`,
  forgetKeptManager: "Olet yhä joidenkin tiimien esihenkilö; voit siirtää roolin tiimin asetuksissa.",
  forgetCancelled: "Mitään ei poistettu.",
  report: {
    quarterName: (year, quarter) => `${quarter}. vuosineljännes ${year}`,
    span: (dates, complete) => (complete ? dates : `${dates} (tähän mennessä)`),
    title: (team, quarter) => `Neljännesvuosiraportti: ${team}, ${quarter}`,
    intro:
      "Toimiiko kierre: tehdyt, kiitetyt ja seuratut hyvät ratkaisut, toistuneet aiheet ja se, saivatko korjaukset ne loppumaan.",
    dayMonth: (day, month) => `${day}.${month}.`,
    goodCallsTitle: "Hyvät ratkaisut",
    goodCalls: (count, people) =>
      `${counted("fi", count, { one: "hyvä ratkaisu", other: "hyvää ratkaisua" })}, ${counted("fi", people, { one: "tekijä", other: "tekijää" })}`,
    perWeek: (average) => `keskimäärin ${average} viikossa`,
    weekly: (weeks) => `Viikoittain (maanantaista alkaen): ${weeks}`,
    quiet: "Hiljainen neljännes: hyviä ratkaisuja ei kirjattu. Kannustava sana tiimin kanavalla auttaa.",
    thanksTitle: "Kiitokset",
    thanked: (count, total, percent) =>
      `${count}/${total} hyvää ratkaisua sai arvostusta tai kiitoksen (${percent} %)`,
    outcomesTitle: "Miten kävi",
    outcomes: (followedUp, helped, noChange, backfired) =>
      `Vastauksia seurantakysymyksiin ${followedUp}: auttoi ${helped} · ei muutosta ${noChange} · kostautui ${backfired}`,
    noOutcomes: "Seurantakysymyksiin ei vastattu tällä neljänneksellä.",
    noPromises: "Yhtään asiakkaalle annettua lupausta ei erääntynyt tällä neljänneksellä.",
    patternsTitle: "Toistuvat aiheet",
    patterns: (n) =>
      n === 0
        ? "Mikään aihe ei toistunut tarpeeksi usein ollakseen toistuva aihe (3 hyvää ratkaisua, 2 tekijää)."
        : `${counted("fi", n, { one: "aihe", other: "aihetta" })} toistui yhä uudelleen:`,
    pattern: (label, count, people) =>
      `${label}: ${counted("fi", count, { one: "hyvä ratkaisu", other: "hyvää ratkaisua" })}, ${counted("fi", people, { one: "tekijä", other: "tekijää" })}`,
    patternFix: (status) => `korjaus: ${status.toLowerCase()}`,
    patternNoFix: "korjausta ei ole vielä ehdotettu",
    improvementsTitle: "Parannukset",
    improvements: (proposed, done) =>
      `Ehdotettu tällä neljänneksellä: ${proposed} · toteutettu tällä neljänneksellä: ${done}`,
    proposedMore: (n) => `ja ${n} muuta`,
    fixesTitle: "Toimivatko korjaukset?",
    fix: (title, day) => `*${title}*, toteutettu ${day}`,
    fixRecurrence: (label, days, before, after) =>
      `${label}: ennen korjausta ${before}, korjauksen jälkeen ${after} (vertailujakso ${days} pv kummallakin puolella)`,
    fixTooEarly: "toteutettu liian äskettäin vertailtavaksi",
    fixNoPattern: "ei toistuvasta aiheesta, joten vertailtavaa ei ole",
    noFixes: "Yhtään parannusta ei toteutettu tällä neljänneksellä.",
    chartNote: "Alla oleva kaavio näyttää samat luvut.",
    chartTitle: (team, quarter) => `#${team} · ${quarter}`,
    chartWeekly: "Hyvät ratkaisut viikoittain",
    chartFix: (n) => `Korjaus ${n}`,
    chartRecurrence: (days) =>
      `Korjausten aiheisiin liittyvät hyvät ratkaisut ${days === 1 ? "vuorokautta" : `${days} päivää`} ennen ja jälkeen`,
    chartBefore: "Ennen",
    chartAfter: "Jälkeen",
    chartNoFixes: "Tällä neljänneksellä ei toteutettu yhtään toistuvaan aiheeseen perustuvaa korjausta",
    chartAlt: (weeks, fixes) =>
      `Pylväskaavio hyvistä ratkaisuista viikoittain: ${weeks}.${fixes ? ` Korjaukset: ${fixes}.` : ""}`,
    chartAltFix: (n, title, day, before, after) =>
      `${n}. ${title}, toteutettu ${day}${before !== null && after !== null ? `, samanlaisia hyviä ratkaisuja ${before} ennen ja ${after} jälkeen` : ""}`,
    chartComment: (quarter) => `Kierteen raportti kaaviona: ${quarter}.`,
    chartFailed: "Kaaviota ei tällä kertaa saatu piirrettyä; yllä olevat luvut ovat täydelliset.",
    onItsWay: (team, quarter) =>
      `Raporttisi tiimistä ${team} (${quarter}, tähän mennessä) on tulossa: GoodCall lähettää sen yksityisviestinä.`,
    managersOnly: (managers) =>
      managers
        ? `Neljännesvuosiraportti on tiimin esihenkilöille. Kysy sitä: ${managers}.`
        : "Neljännesvuosiraportti on tiimien esihenkilöille. Anna komento `/goodcall raportti` sen tiimin kanavalla, jonka esihenkilö olet.",
    chooseTeam: (teams) =>
      `Olet useamman tiimin esihenkilö (${teams}). Anna komento \`/goodcall raportti\` sen tiimin kanavalla, jonka raportin haluat.`,
  },
};

export const catalogues: Record<Language, Messages> = { en, fi };

export function messages(language: Language): Messages {
  return catalogues[language];
}

/** Slack locales look like "fi-FI" or "en-US"; anything we do not speak falls back to null. */
export function languageFromLocale(locale: string | null | undefined): Language | null {
  if (!locale) return null;
  const prefix = locale.toLowerCase().split(/[-_]/)[0];
  return prefix === "fi" ? "fi" : prefix === "en" ? "en" : null;
}

// Building an Intl.NumberFormat costs far more than using one, and money is formatted on every reply.
const numberFormats = new Map<string, Intl.NumberFormat>();

function numberFormat(language: Language, decimals: number): Intl.NumberFormat {
  const key = `${language}:${decimals}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(language === "fi" ? "fi-FI" : "en-GB", {
      minimumFractionDigits: decimals,
      maximumFractionDigits: 2,
    });
    numberFormats.set(key, format);
  }
  return format;
}

const SHORT_WEEKDAYS: Record<Language, string[]> = {
  en: ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
  fi: ["ma", "ti", "ke", "to", "pe", "la", "su"],
};
const SHORT_MONTHS_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/**
 * A calendar date (YYYY-MM-DD) the way people write it: "Fri 4 Dec" / "pe 4.12.". Written out by hand
 * rather than with Intl, whose Finnish and English short forms vary between ICU versions.
 */
export function formatDay(isoDate: string, language: Language): string {
  const [year = 0, month = 1, day = 1] = isoDate.split("-").map(Number);
  // getUTCDay counts from Sunday; the lists start on Monday.
  const weekday = SHORT_WEEKDAYS[language][(new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 6) % 7];
  return language === "fi"
    ? `${weekday} ${day}.${month}.`
    : `${weekday} ${day} ${SHORT_MONTHS_EN[month - 1]}`;
}

/** Formats money for people: "12.50 EUR" / "12,50 EUR". */
export function formatMoney(money: { cents: number; currency: string }, language: Language): string {
  return `${formattedAmount(money.cents, language)} ${money.currency}`;
}

// NOTE: the amounts formatted lately, by language: ICU takes some 5 µs a number, a quick log's
// confirmation formats one, a digest run thousands, and the same amounts come back (10, 20, 50).
// Forgotten all at once when full.
const FORMATTED_AMOUNTS_MAX = 256;
const formattedAmounts: Record<Language, Map<number, string>> = { en: new Map(), fi: new Map() };

function formattedAmount(cents: number, language: Language): string {
  const known = formattedAmounts[language];
  let text = known.get(cents);
  if (text === undefined) {
    text = numberFormat(language, cents % 100 === 0 ? 0 : 2).format(cents / 100);
    if (known.size >= FORMATTED_AMOUNTS_MAX) known.clear();
    known.set(cents, text);
  }
  return text;
}

/**
 * An instant as people write it in the message's language, on the local calendar of `timeZone`:
 * "Fri 27 Nov" / "pe 27.11.", with the time "Fri 27 Nov 15:00" / "pe 27.11. klo 15.00".
 */
export function formatShortDate(t: Messages, date: Date, timeZone: string, withTime = false): string {
  const local = DateTime.fromJSDate(date, { zone: timeZone });
  const day = t.shortDate(local.weekday, local.day, local.month);
  return withTime ? t.shortDateTime(day, local.hour, local.minute) : day;
}
