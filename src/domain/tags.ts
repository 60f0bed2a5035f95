// Tags as stored: normalised words without '#', space separated in one column. The one codec.

export function encodeTags(tags: readonly string[]): string {
  return tags.join(" ");
}

export function decodeTags(stored: string | null | undefined): string[] {
  if (!stored) return [];
  // Most good calls have one tag or none: every digest run decodes every good call of the week.
  if (!stored.includes(" ")) return [stored];
  return stored.split(" ").filter((tag) => tag !== "");
}
