// Which entry `/goodcall thanks @someone` is for, when the command names a person, not an item.

/** When the person's latest good call and latest story are both this recent, they ask which one. */
export const AMBIGUOUS_WITHIN_MS = 7 * 24 * 3600_000;

type Entry = { id: number; createdAt: Date };

export type ThanksTarget =
  | { kind: "none" }
  | { kind: "choose" }
  | { kind: "goodCall"; id: number }
  | { kind: "story"; id: number };

export function thanksTarget(goodCall: Entry | null, story: Entry | null, now: Date): ThanksTarget {
  if (!goodCall && !story) return { kind: "none" };
  const recent = (entry: Entry) => now.getTime() - entry.createdAt.getTime() < AMBIGUOUS_WITHIN_MS;
  if (goodCall && story && recent(goodCall) && recent(story)) return { kind: "choose" };
  if (goodCall && (!story || goodCall.createdAt >= story.createdAt))
    return { kind: "goodCall", id: goodCall.id };
  return story ? { kind: "story", id: story.id } : { kind: "none" };
}
