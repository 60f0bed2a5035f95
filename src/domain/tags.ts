// Tags as stored: normalised words without '#', space separated in one column. The one codec.

export function encodeTags(tags: readonly string[]): string {
  return tags.join(" ");
}

export function decodeTags(stored: string | null | undefined): string[] {
  return stored ? stored.split(" ").filter((tag) => tag !== "") : [];
}
