// When to ask the author of a good call marked "Follow up?" whether it helped.

const DAY_MS = 24 * 3600_000;

/**
 * The team's follow-up days after the call was logged, whether the box was ticked then or in a later
 * edit: editing does not push the question back. When that moment has already passed (the box ticked
 * late), the question is due now, so the next job run asks it. Null when no follow-up was asked for.
 */
export function followUpDueAt(
  call: { followUp: boolean; createdAt: Date },
  followUpDays: number,
  now: Date,
): Date | null {
  if (!call.followUp) return null;
  const due = new Date(call.createdAt.getTime() + followUpDays * DAY_MS);
  return due < now ? new Date(now.getTime()) : due;
}
