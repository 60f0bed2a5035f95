// Improvements: the statuses a proposed process fix moves through, who may move it, and what a title must be.
import type { Messages } from "./i18n.ts";

export type ImprovementStatus = "proposed" | "in_progress" | "done" | "declined";
export const IMPROVEMENT_STATUSES: readonly ImprovementStatus[] = [
  "proposed",
  "in_progress",
  "done",
  "declined",
];

export type TransitionResult =
  | { ok: true; status: ImprovementStatus }
  | { ok: false; reason: "same" | "not-allowed" | "reason-required" | "not-permitted" };

export const IMPROVEMENT_TITLE_MIN = 3;
export const IMPROVEMENT_TITLE_MAX = 150;
export const DECLINE_REASON_MAX = 500;

// Done and declined are not dead ends: a fix that did not hold is reopened, and a declined idea can be
// proposed again when circumstances change. Reopening goes one step back, not straight to any status.
const NEXT: Record<ImprovementStatus, readonly ImprovementStatus[]> = {
  proposed: ["in_progress", "done", "declined"],
  in_progress: ["done", "declined", "proposed"],
  done: ["in_progress"],
  declined: ["proposed"],
};

export function allowedNext(current: ImprovementStatus): ImprovementStatus[] {
  return [...NEXT[current]];
}

function length(text: string): number {
  return [...text].length;
}

/** Why a decline reason cannot be saved, or null when it can. Surrounding whitespace does not count. */
export function validateDeclineReason(reason: string | null | undefined): "empty" | "too-long" | null {
  const trimmed = (reason ?? "").trim();
  if (trimmed === "") return "empty";
  return length(trimmed) > DECLINE_REASON_MAX ? "too-long" : null;
}

/**
 * Moves an improvement from `current` to `next`. Checked in this order: only the owner or a manager may
 * change the status ("not-permitted", so someone else learns nothing more); moving to the same status is
 * "same"; a move outside allowedNext is "not-allowed"; declining needs a reason of 1–500 characters
 * ("reason-required" — the form checks the length with validateDeclineReason to say which).
 */
export function transition(
  current: ImprovementStatus,
  next: ImprovementStatus,
  input: { actorId: string; ownerId: string; isManager: boolean; reason?: string | null },
): TransitionResult {
  if (input.actorId !== input.ownerId && !input.isManager) return { ok: false, reason: "not-permitted" };
  if (next === current) return { ok: false, reason: "same" };
  if (!NEXT[current].includes(next)) return { ok: false, reason: "not-allowed" };
  if (next === "declined" && validateDeclineReason(input.reason) !== null) {
    return { ok: false, reason: "reason-required" };
  }
  return { ok: true, status: next };
}

/** Why an improvement title cannot be saved, or null: 3–150 characters once trimmed ("empty" below 3). */
export function validateImprovementTitle(title: string): "empty" | "too-long" | null {
  const size = length(title.trim());
  if (size < IMPROVEMENT_TITLE_MIN) return "empty";
  return size > IMPROVEMENT_TITLE_MAX ? "too-long" : null;
}

/**
 * An improvement's title once its proposer asked to be forgotten: the pattern it came from still
 * says what it is about (those are the team's words, from many good calls), otherwise a neutral line.
 */
export function forgottenImprovementTitle(t: Messages, patternLabel: string | null): string {
  return patternLabel ? t.proposeFixDraft(patternLabel) : t.improvementForgotten;
}
