// Text folded for pattern matching (NFKC, one kind of space and dash), with every position traceable
// to the characters it came from, so what is found in the folded text can be changed in the original.

/** A folded text; `origin` maps a span of it back to the original text. */
export interface Folded {
  readonly text: string;
  origin(span: { start: number; end: number }): { start: number; end: number };
  /** The folded text with each span (in order, apart) replaced by `marker`, still traceable. */
  replace(spans: ReadonlyArray<{ start: number; end: number }>, marker: string): Folded;
}

// A character with the combining marks that follow it, so NFKC can compose them (e + ◌́ → é).
const CLUSTER = /\P{M}\p{M}*|\p{M}+/gsu;
// Every horizontal space: no-break (U+00A0), thin (U+2009), narrow no-break (U+202F), ideographic, tab.
const SPACE = /^[\p{Zs}\t]+$/u;
// Zero-width and other invisible format characters (U+200B, U+2060, soft hyphen, BOM) separate nothing.
const INVISIBLE = /^\p{Cf}+$/u;
// Hyphens, en and em dashes and the minus sign all read as "-".
const DASH = /[\p{Pd}\u2212]/gu;

function folded(text: string, from: readonly number[], to: readonly number[]): Folded {
  return {
    text,
    origin({ start, end }) {
      return { start: from[start] ?? 0, end: to[end - 1] ?? from[start] ?? 0 };
    },
    replace(spans, marker) {
      let result = "";
      const nextFrom: number[] = [];
      const nextTo: number[] = [];
      let copiedUpTo = 0;
      const copy = (until: number) => {
        result += text.slice(copiedUpTo, until);
        nextFrom.push(...from.slice(copiedUpTo, until));
        nextTo.push(...to.slice(copiedUpTo, until));
      };
      for (const span of spans) {
        copy(span.start);
        const { start, end } = this.origin(span);
        result += marker;
        for (let i = 0; i < marker.length; i++) {
          nextFrom.push(start);
          nextTo.push(end);
        }
        copiedUpTo = span.end;
      }
      copy(text.length);
      return folded(result, nextFrom, nextTo);
    },
  };
}

/**
 * The text as detectors should see it: NFKC (full-width `＠` and digits become ASCII), runs of spaces of
 * any kind one plain space, invisible characters gone, dashes one hyphen. Line breaks stay, so a
 * number never joins one on the next line.
 */
export function foldForDetection(original: string): Folded {
  // Most good calls are plain text (plainCharacter): their own NFKC, and of what folding changes
  // they can hold only runs of spaces. Checked a character code at a time, without Unicode lookups.
  for (let i = 0; i < original.length; i++)
    if (!plainCharacter(original.charCodeAt(i))) return foldEveryCharacter(original);
  return original.includes("  ") ? foldClusters(original) : unchanged(original);
}

/** foldForDetection without its shortcut for plain text: exported so tests compare the two. */
export function foldEveryCharacter(original: string): Folded {
  return FOLDS.test(original) || original.normalize("NFKC") !== original
    ? foldClusters(original)
    : same(original);
}

/**
 * A character that NFKC leaves as it is, that is no mark, dash but the hyphen, invisible character or
 * space but the plain one, and that nothing composes with: printable ASCII and line breaks, Latin-1's
 * letters (À–ÿ, with × and ÷), £, € and typographic quotes (‘ ’ ‚ ‛ “ ”). A text of these alone folds
 * to itself, but for runs of spaces. Beyond ASCII none is a digit or an at sign of any form.
 * test/unit/unicodeFold.test.ts checks each of them.
 */
export function plainCharacter(code: number): boolean {
  return code < 0x7f
    ? code >= 0x20 || code === 0x0a || code === 0x0d
    : (code >= 0xc0 && code <= 0xff) ||
        code === 0xa3 ||
        code === 0x20ac ||
        (code >= 0x2018 && code <= 0x201d);
}

// What folding changes besides NFKC: combining marks (composed with their base), invisible and format
// characters, tabs, any space but a single plain one, and any dash but the hyphen.
const FOLDS = /[\p{M}\p{Cf}\t\u2212]|(?!-)\p{Pd}|(?! )\p{Zs}| {2}/u;

/**
 * A text of plain characters (no surrogate pairs) that folding leaves as it is: each position is
 * its own origin, as `same` would map it, without building the maps unless a span is replaced.
 */
function unchanged(text: string): Folded {
  const n = text.length;
  // `same`'s maps read past their end as undefined, which origin takes as 0.
  const at = (i: number) => (Number.isInteger(i) && i >= 0 && i < n ? i : undefined);
  return {
    text,
    origin({ start, end }) {
      const last = at(end - 1);
      return { start: at(start) ?? 0, end: last === undefined ? (at(start) ?? 0) : last + 1 };
    },
    replace(spans, marker) {
      return same(text).replace(spans, marker);
    },
  };
}

/**
 * A text folding leaves as it is, mapped to itself as foldClusters would map it (a character from a
 * surrogate pair stands for the pair). Most texts are such, and this costs a fraction of folding.
 */
function same(text: string): Folded {
  const from = new Array<number>(text.length);
  const to = new Array<number>(text.length);
  for (let i = 0; i < text.length; i++) {
    const pair = isHighSurrogate(text.charCodeAt(i)) && isLowSurrogate(text.charCodeAt(i + 1));
    from[i] = i;
    to[i] = pair ? i + 2 : i + 1;
    if (pair) {
      from[i + 1] = i;
      to[i + 1] = i + 2;
      i++;
    }
  }
  return folded(text, from, to);
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

function foldClusters(original: string): Folded {
  let text = "";
  const from: number[] = [];
  const to: number[] = [];
  let inSpaces = false;
  for (const match of original.matchAll(CLUSTER)) {
    const cluster = match[0];
    const start = match.index;
    const end = start + cluster.length;
    if (INVISIBLE.test(cluster)) continue;
    if (SPACE.test(cluster)) {
      if (inSpaces) {
        to[to.length - 1] = end;
      } else {
        text += " ";
        from.push(start);
        to.push(end);
        inSpaces = true;
      }
      continue;
    }
    inSpaces = false;
    const normal = cluster.normalize("NFKC").replace(DASH, "-");
    text += normal;
    for (let i = 0; i < normal.length; i++) {
      from.push(start);
      to.push(end);
    }
  }
  return folded(text, from, to);
}
