// Tags as stored: normalised words without '#', space separated in one column. The one codec.

export function encodeTags(tags: readonly string[]): string {
  return tags.join(" ");
}

export function decodeTags(stored: string | null | undefined): string[] {
  if (!stored) return [];
  // Most good calls have one tag or none: every digest run decodes every good call of the week.
  if (!stored.includes(" ")) return [stored];
  const tags: string[] = [];
  for (const tag of stored.split(" ")) if (tag !== "") tags.push(tag);
  return tags;
}
