// The one place a result ("recorded", "duplicate", "already", "not-author", "missing", …) becomes
// the sentence a person reads, whichever surface (command, button, form) the action came from.
import type { AccessRefusal } from "../domain/access.ts";
import type { Messages } from "../domain/i18n.ts";
import type { ImprovementStatus, TransitionResult } from "../domain/improvement.ts";
import type { PromiseAnswer } from "../domain/promise.ts";
import type { AnswerResult, AppreciationResult, Outcome } from "../domain/types.ts";
import { userText } from "./text.ts";

/** The *Appreciate* button under a feed post. */
export function appreciationReply(t: Messages, result: AppreciationResult): string {
  return {
    recorded: t.appreciated,
    duplicate: t.alreadyAppreciated,
    self: t.selfAppreciation,
    missing: t.entryGone,
  }[result];
}

/** Thanks, from the command, the choice buttons or the thanks form; `to` is the author, mentioned. */
export function thanksReply(t: Messages, result: AppreciationResult, to: string): string {
  return {
    recorded: t.thanksSent(to),
    duplicate: t.alreadyThanked(to),
    self: t.thanksSelf,
    missing: t.entryGone,
  }[result];
}

/** Why an author-only action was refused; null when it was recorded. */
export function answerRefusal(t: Messages, result: AnswerResult, already: string): string | null {
  return { recorded: null, already, "not-author": t.undoNotYours, missing: t.entryGone }[result];
}

export function outcomeReply(t: Messages, result: AnswerResult, outcome: Outcome): string {
  return answerRefusal(t, result, t.outcomeAlready) ?? t.outcomeRecorded(t.outcomeLabels[outcome]);
}

export function promiseReply(t: Messages, result: AnswerResult, answer: PromiseAnswer): string {
  const recorded = {
    kept: t.promiseRecordedKept,
    broken: t.promiseRecordedBroken,
    later: t.promiseRemindTomorrow,
  }[answer];
  return answerRefusal(t, result, t.promiseAlready) ?? recorded;
}

export type StatusRefusal = Extract<TransitionResult, { ok: false }>["reason"] | "missing";

/** An improvement's status change that did not happen, and why. */
export function improvementRefusal(t: Messages, reason: StatusRefusal, next: ImprovementStatus): string {
  return {
    "not-permitted": t.improvementNotPermitted,
    same: t.improvementSame(t.improvementStatuses[next]),
    missing: t.entryGone,
    "not-allowed": t.improvementNotAllowed("", t.improvementStatuses[next]),
    "reason-required": t.improvementNotAllowed("", t.improvementStatuses[next]),
  }[reason];
}

export function improvementChanged(t: Messages, title: string, next: ImprovementStatus): string {
  return t.improvementStatusChanged(userText(title), t.improvementStatuses[next]);
}

/**
 * Why a request was refused (src/domain/access.ts), the same sentence on every surface. `managers`
 * (mentions) is passed only when the person is in the team, so an outsider learns nothing about it.
 */
export function accessRefusal(t: Messages, reason: AccessRefusal, managers: string | null = null): string {
  return {
    "not-member": t.accessNotMember,
    "not-manager": t.accessNotManager(managers),
    "not-author": t.accessNotAuthor,
    "not-permitted": t.improvementNotPermitted,
    "not-self": t.accessNotSelf,
    private: t.privateCalls.refused,
  }[reason];
}

/**
 * The refusal when a Workflow Builder step asked on its author's behalf: whoever reads the step's
 * error is not necessarily the author, so it says "this person", never "you".
 */
export function stepRefusal(t: Messages, reason: AccessRefusal): string {
  return reason === "not-member" ? t.workflow.authorNotMember : t.workflow.authorNotPermitted;
}
