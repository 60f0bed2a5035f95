// Patterns: themes (tags, or keyword groups) recurring in a period's good calls, candidates for a process fix.
import { sumByCurrency } from "./money.ts";
import type { Money, Visibility } from "./types.ts";

export interface PatternCall {
  id: number;
  authorId: string;
  what: string;
  why: string | null;
  tags: string[];
  value: Money | null;
  createdAt: Date;
  /** The author's answer to "Did a rule or process get in the way?": its keywords make themes as tags do. */
  ruleInTheWay?: string | null;
}

export interface Pattern {
  /** "tag:late-delivery", "kw:deliver" (the keyword stem), or "rule:approv" (a stem of rules in the way). */
  key: string;
  /** "#late-delivery", or the word people wrote most often for a keyword group, e.g. "delivery". */
  label: string;
  kind: "tag" | "keyword" | "rule";
  count: number;
  /** Distinct authors, sorted. */
  people: string[];
  /** Summed per currency, sorted by currency code; currencies that sum to 0 are left out. */
  valueGiven: Money[];
  /** Up to 3, newest first. */
  exampleIds: number[];
  /** All, ascending. */
  callIds: number[];
}

export const PATTERN_MIN_CALLS = 3;
export const PATTERN_MIN_PEOPLE = 2;
/** The digest shows up to 3 patterns. */
export const PATTERN_DEFAULT_LIMIT = 3;
const EXAMPLES_MAX = 3;
const KEYWORD_MIN_LETTERS = 4;

const TAG_PREFIX = "tag:";
const KEYWORD_PREFIX = "kw:";
const RULE_PREFIX = "rule:";

// Stop words, matched against the lower-cased word as written (before stemming). Words shorter than
// KEYWORD_MIN_LETTERS never become keywords, so only longer function words need listing. Besides
// function words, a few verbs that describe almost every good call ("gave", "made", "helped", "annoin",
// "teki", "autoin") are here too: they would otherwise group unrelated calls. Domain nouns such as
// "customer"/"asiakas" are deliberately kept, as the brief for this module asked.
const STOP_WORDS_EN = (
  "about above after again against also although already another anyone anything aren back been " +
  "before being below between both because cannot could couldn didn does doesn doing done down " +
  "during each even every everything from further hasn have haven having here hers herself himself " +
  "instead into itself just like many might more most much must myself once only onto other ours " +
  "over really same shall should since some someone something still such than that their them then " +
  "there these they thing things this those though through under until upon very wasn were weren " +
  "what when where which while whom will with within without would wouldn your yours yourself today " +
  "yesterday tomorrow three four five seven eight nine " +
  // Generic good-call verbs.
  "gave give given gives giving made make makes making decided decide help helped helping said told"
).split(" ");

const STOP_WORDS_FI = (
  "aika aikana aina aivan asti eikä eilen eivät emme enää ennen erittäin että ette hänelle häneltä " +
  "hänellä hänen hänet häntä heidän heille heillä heiltä heitä heti hieman huomenna hyvin ihan " +
  "ilman itse jälkeen johon joiden joilla joita joka jolla jolle jonka jossa josta jota joten " +
  "jotain jotakin jotka jotta joku jonkin juuri kaikille kaikki kaikkien kanssa kautta kenelle " +
  "kenen kohti koska koskaan kuin kuitenkin kuka kuten kyllä lähes lisäksi meidän meille meitä " +
  "melko mihin mikä mikäli miksi milloin minkä minua minulle minun minut missä mistä mitä miten " +
  "muiden mukaan muut muuta mutta myös niiden niihin niille niissä niistä niitä niin nämä näiden " +
  "näitä olen olet olemme olette olisi olivat olla ollaan olleet ollut oltiin oman omaa ovat paljon " +
  "saakka sekä siihen siinä siitä sille sillä sinua sinulle sinun sitä sitten tähän tälle tällä " +
  "tämä tämän tänään tässä tästä tätä takia teidän todella toinen toisen tuon tuota vaan vähän " +
  "vaikka vain vielä vuoksi kaksi kolme neljä viisi kuusi seitsemän kahdeksan yhdeksän kymmenen " +
  // Generic good-call verbs.
  "anna annoin annoimme annettiin antaa antoi autoin auttoi autettiin päätin päätti teki tein " +
  "teimme tehtiin tehty tehdä"
).split(" ");

const STOP_WORDS = new Set([...STOP_WORDS_EN, ...STOP_WORDS_FI]);

// Slack markup (`<@U123>`, `<https://…|label>`) and emoji shortcodes (`:tada:`) carry ids, not words.
const SLACK_MARKUP = /<[^<>]*>/gu;
const EMOJI_SHORTCODE = /(?<![\p{L}\p{N}]):[a-z0-9_+'-]+:/gu;
const WORD = /[\p{L}\p{M}]+/gu;

const VOWELS = "aeiouyäöå";
const MIN_STEM = 3;

// Finnish case, essive and participle endings, longest first so "-ssa" wins over "-a"; one per word.
const FINNISH_ENDINGS =
  "neet nyt nut ssa ssä sta stä lla llä lta ltä lle ksi iin en na nä ia iä ja jä n t a ä".split(" ");

function strip(word: string, suffix: string, replacement = "", minRest = MIN_STEM): string | null {
  if (!word.endsWith(suffix) || word.length - suffix.length < minRest) return null;
  return word.slice(0, word.length - suffix.length) + replacement;
}

function stripEnglish(word: string): string {
  return (
    strip(word, "ies", "y", 2) ??
    strip(word, "ied", "y", 2) ??
    strip(word, "ing", "", 4) ??
    strip(word, "ed", "", 4) ??
    strip(word, "ly", "", 4) ??
    strip(word, "s") ??
    word
  );
}

function stripFinnish(word: string): string {
  for (const ending of FINNISH_ENDINGS) {
    const stripped = strip(word, ending);
    if (stripped !== null) return stripped;
  }
  return word;
}

function isVowel(char: string | undefined): boolean {
  return char !== undefined && VOWELS.includes(char);
}

/** One tidying step at the end of a stem, or null when there is nothing left to tidy. */
function tidyEnd(word: string): string | null {
  if (word.length <= MIN_STEM) return null;
  const last = word.at(-1);
  const beforeLast = word.at(-2);
  // Stem vowels vary with inflection (kortti/kortin/kortteja, delivery/delivered), so drop them all.
  if (isVowel(last)) return word.slice(0, -1);
  // -us nouns inflect through -kse-/-ks- (toimitus, toimituksen, toimituksia): "…uks" is the -us stem.
  if (word.endsWith("ks") && isVowel(word.at(-3)) && word.length - 2 >= MIN_STEM) return word.slice(0, -2);
  // Consonant gradation (lahjakortti/lahjakortin, pankki/pankin): a doubled final consonant becomes single.
  if (last === beforeLast && !isVowel(last)) return word.slice(0, -1);
  return null;
}

/**
 * A conservative suffix stripper for English and Finnish, in three steps. Which language a word is in
 * is not known, so every word goes through all steps: a rule meant for one language only trims the end
 * of a word in the other, in the same way for all its forms, so groups stay together. Its tests pin the
 * groupings that matter; unrelated words may occasionally collide, which costs a spurious theme at most.
 * 1. English: -ies/-ied → -y, then one of -ing, -ed, -ly (leaving ≥ 4 letters) or -s.
 *    deliveries → delivery, delivered → deliver, refunds → refund, vouchers → voucher.
 * 2. Finnish: one case or participle ending (-ssa -sta -lla -lta -lle -ksi -iin -en -na -ia -ja -n -t
 *    -a, front-vowel forms too, and -nut/-nyt/-neet). toimituksesta → toimitukse, lahjakortin → lahjakorti,
 *    myöhästynyt → myöhästy.
 * 3. Tidy the end until nothing changes: drop final vowels (delivery → deliver, lahjakorti → lahjakort),
 *    turn a final "-Vks" into "-V" (toimituks → toimitu), and undouble a final consonant (kortt → kort).
 * Nothing is stripped below 3 letters. Examples: delivery/deliveries/delivered → "deliver";
 * toimitus/toimituksen/toimitukset/toimituksesta → "toimit"; lahjakortti/lahjakortin/lahjakortteja →
 * "lahjakort"; myöhästyi/myöhästynyt → "myöhäst".
 */
export function stem(word: string): string {
  let result = stripFinnish(stripEnglish(word.normalize("NFC").toLowerCase()));
  for (let next = tidyEnd(result); next !== null; next = tidyEnd(result)) result = next;
  return result;
}

interface Keyword {
  word: string;
  stem: string;
}

// Anything but printable ASCII, tabs and line breaks: text without any is already in NFC.
const NOT_PLAIN_ASCII = /[^\t\n\r -~]/;

/** Fewer than KEYWORD_MIN_LETTERS letters (code points), counted only when the length leaves doubt. */
function tooShort(word: string): boolean {
  if (word.length < KEYWORD_MIN_LETTERS) return true;
  return word.length < 2 * KEYWORD_MIN_LETTERS && [...word].length < KEYWORD_MIN_LETTERS;
}

/**
 * Word → stem, shared by every call of a run: stem is a pure function, and the teams of a digest run
 * write mostly the same words. Forgotten all at once when full, so it never grows without bound.
 */
const STEMS = new Map<string, string>();
const STEMS_MAX = 20_000;

function stemOf(word: string): string {
  let stemmed = STEMS.get(word);
  if (stemmed === undefined) {
    stemmed = stem(word);
    if (STEMS.size >= STEMS_MAX) STEMS.clear();
    STEMS.set(word, stemmed);
  }
  return stemmed;
}

// In lower-cased plain ASCII the letters of WORD are exactly a–z (no ASCII character is a mark):
// the same words, found by a scan of character codes without Unicode property lookups (and without
// a regular expression's match object per word: a digest run meets millions of words).
const LOWER_A = 97;
const LOWER_Z = 122;

function asciiKeywordTokens(lower: string): Keyword[] {
  const tokens: Keyword[] = [];
  let start = -1;
  for (let i = 0; i <= lower.length; i++) {
    const code = i < lower.length ? lower.charCodeAt(i) : 0;
    if (code >= LOWER_A && code <= LOWER_Z) {
      if (start < 0) start = i;
      continue;
    }
    if (start < 0) continue;
    // Plain ASCII: each character is one letter, so the length is the count tooShort takes.
    if (i - start >= KEYWORD_MIN_LETTERS) {
      const word = lower.slice(start, i);
      if (!STOP_WORDS.has(word)) tokens.push({ word, stem: stemOf(word) });
    }
    start = -1;
  }
  return tokens;
}

function keywordTokens(text: string): Keyword[] {
  // NOTE: a digest run tokenizes every good call of every team; plain ASCII (most text) is already
  // in NFC, and text without "<" or ":" has no markup to remove, so those steps are skipped for it.
  if (text === "") return [];
  const ascii = !NOT_PLAIN_ASCII.test(text);
  let cleaned = ascii ? text : text.normalize("NFC");
  if (cleaned.includes("<")) cleaned = cleaned.replace(SLACK_MARKUP, " ");
  if (cleaned.includes(":")) cleaned = cleaned.replace(EMOJI_SHORTCODE, " ");
  cleaned = cleaned.toLowerCase();
  if (ascii) return asciiKeywordTokens(cleaned);
  const words = WORD;
  words.lastIndex = 0;
  const tokens: Keyword[] = [];
  for (let match = words.exec(cleaned); match !== null; match = words.exec(cleaned)) {
    const word = match[0];
    if (tooShort(word) || STOP_WORDS.has(word)) continue;
    tokens.push({ word, stem: stemOf(word) });
  }
  return tokens;
}

/**
 * The normalised keyword stems of a text, in order of first appearance: lower-cased words of letters,
 * at least 4 letters long, not English or Finnish stop words, stemmed by `stem`; each stem once.
 */
export function keywordsOf(text: string): string[] {
  const stems = new Set<string>();
  for (const token of keywordTokens(text)) stems.add(token.stem);
  return [...stems];
}

function callText(call: Pick<PatternCall, "what" | "why">): string {
  return call.why ? `${call.what}\n${call.why}` : call.what;
}

function ruleText(call: Pick<PatternCall, "ruleInTheWay">): string {
  return call.ruleInTheWay ?? "";
}

/** Whether a pattern is a rule that got in people's way, rather than a theme of what they did. */
export function isRulePattern(patternKey: string): boolean {
  return patternKey.startsWith(RULE_PREFIX);
}

/** Whether a good call belongs to the theme of a pattern key, for counting recurrences after a fix. */
export function matchesPattern(
  call: Pick<PatternCall, "what" | "why" | "tags" | "ruleInTheWay">,
  patternKey: string,
): boolean {
  if (patternKey.startsWith(TAG_PREFIX)) return call.tags.includes(patternKey.slice(TAG_PREFIX.length));
  if (patternKey.startsWith(KEYWORD_PREFIX)) {
    return keywordsOf(callText(call)).includes(patternKey.slice(KEYWORD_PREFIX.length));
  }
  if (patternKey.startsWith(RULE_PREFIX)) {
    return keywordsOf(ruleText(call)).includes(patternKey.slice(RULE_PREFIX.length));
  }
  return false;
}

// NOTE: a digest run finds every team's patterns, so nothing below makes a function per call (sort
// orders and key lists are functions of the module, or loops): see README, Performance.
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** What patterns are ordered by: how many calls, by how many people, and the key. */
interface Rank {
  count: number;
  people: number;
  key: string;
}

/** Count desc, then people desc, then key: the order the digest shows patterns in. */
function compareRanks(a: Rank, b: Rank): number {
  return b.count - a.count || b.people - a.people || compareStrings(a.key, b.key);
}

function distinctPeople(calls: PatternCall[]): string[] {
  const people = new Set<string>();
  for (const call of calls) people.add(call.authorId);
  return [...people].sort(compareStrings);
}

function peopleCount(calls: PatternCall[]): number {
  const people = new Set<string>();
  for (const call of calls) people.add(call.authorId);
  return people.size;
}

// NOTE: counting people costs more than counting calls, and most groups are too small anyway.
function qualifies(calls: PatternCall[]): boolean {
  return calls.length >= PATTERN_MIN_CALLS && peopleCount(calls) >= PATTERN_MIN_PEOPLE;
}

function newestFirst(a: PatternCall, b: PatternCall): number {
  return b.createdAt.getTime() - a.createdAt.getTime() || b.id - a.id;
}

function ascending(a: number, b: number): number {
  return a - b;
}

function buildPattern(key: string, label: string, kind: Pattern["kind"], calls: PatternCall[]): Pattern {
  const values: Array<Money | null> = [];
  const ids: number[] = [];
  for (const call of calls) {
    values.push(call.value);
    ids.push(call.id);
  }
  const examples = [...calls].sort(newestFirst).slice(0, EXAMPLES_MAX);
  const exampleIds: number[] = [];
  for (const call of examples) exampleIds.push(call.id);
  return {
    key,
    label,
    kind,
    count: calls.length,
    people: distinctPeople(calls),
    valueGiven: sumByCurrency(values),
    exampleIds,
    callIds: ids.sort(ascending),
  };
}

/** Each call under each of its keys (a key it has twice counts once), in the order the calls come. */
function groupBy<T>(keysOf: ReadonlyMap<T, readonly string[]>): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const [call, keys] of keysOf) {
    for (let k = 0; k < keys.length; k++) {
      const key = keys[k] as string;
      if (keys.indexOf(key) !== k) continue;
      const group = groups.get(key);
      if (group) group.push(call);
      else groups.set(key, [call]);
    }
  }
  return groups;
}

/** The word written most often (`counts`: word → times) for a keyword group. */
function mostCommonWord(counts: ReadonlyMap<string, number>, stemOfGroup: string): string {
  // On a tie the shortest word is most likely the base form ("toimitus" over "toimituksen").
  const [best] = [...counts].sort(byTimesWritten);
  return best?.[0] ?? stemOfGroup;
}

function byTimesWritten([wordA, a]: [string, number], [wordB, b]: [string, number]): number {
  return b - a || wordA.length - wordB.length || compareStrings(wordA, wordB);
}

/** Calls that share one keyword stem of some text of theirs, labelled with the word written most often. */
export interface KeywordGroup<T extends PatternCall> {
  stem: string;
  label: string;
  calls: T[];
}

/**
/**
 * Keyword groups of `textOf` each call, chosen greedily so that each call belongs to at most one:
 * otherwise three calls saying "voucher for a late delivery" would come back as three groups (voucher,
 * late, delivery) of the same calls. The strongest group that `qualifiesAsGroup` (most calls, then
 * most people, then stem) is taken, its calls are set aside, repeat. The groups are made once; taking
 * one removes its calls from the other groups they were in. `qualifiesAsGroup` must be monotone: a
 * group that does not qualify never qualifies with fewer calls (as PATTERN_MIN_CALLS/PEOPLE are).
 * Each group taken ranks below the one before it (a group only loses calls, and was not the
 * strongest when that one was taken), so the first `max` are the `max` strongest.
 */
export function keywordGroups<T extends PatternCall>(
  calls: T[],
  textOf: (call: T) => string,
  qualifiesAsGroup: (calls: T[]) => boolean,
  max = Number.POSITIVE_INFINITY,
): KeywordGroup<T>[] {
  // Calls without a keyword belong to no group: most calls name no rule that got in the way.
  const tokens = new Map<T, Keyword[]>();
  const stems = new Map<T, string[]>();
  for (const call of calls) {
    const found = keywordTokens(textOf(call));
    if (found.length === 0) continue;
    tokens.set(call, found);
    const stemsOfCall: string[] = [];
    for (const token of found) stemsOfCall.push(token.stem);
    stems.set(call, stemsOfCall);
  }
  const groups = groupBy(stems);
  const found: KeywordGroup<T>[] = [];
  // A group's rank stays what it was until taking another changes it. Groups only lose calls, so one
  // that does not qualify never will (qualifiesAsGroup is monotone): it is dropped at once.
  const ranks = new Map<string, Rank>();
  while (found.length < max) {
    let bestStem: string | null = null;
    let bestCalls: T[] = [];
    let bestRank: Rank | null = null;
    for (const [stemOfGroup, group] of groups) {
      let rank = ranks.get(stemOfGroup);
      if (rank === undefined) {
        if (group.length === 0 || !qualifiesAsGroup(group)) {
          groups.delete(stemOfGroup);
          continue;
        }
        rank = { count: group.length, people: peopleCount(group), key: stemOfGroup };
        ranks.set(stemOfGroup, rank);
      }
      if (bestRank === null || compareRanks(rank, bestRank) < 0) {
        bestStem = stemOfGroup;
        bestCalls = group;
        bestRank = rank;
      }
    }
    if (bestStem === null) break;
    const wordCounts = new Map<string, number>();
    const touched = new Set<string>();
    for (const call of bestCalls) {
      for (const { word, stem: s } of tokens.get(call) ?? []) {
        touched.add(s);
        if (s === bestStem) wordCounts.set(word, (wordCounts.get(word) ?? 0) + 1);
      }
    }
    found.push({ stem: bestStem, label: mostCommonWord(wordCounts, bestStem), calls: bestCalls });
    const taken = new Set<T>(bestCalls);
    for (const stemOfGroup of touched) {
      const group = groups.get(stemOfGroup);
      if (group) groups.set(stemOfGroup, without(group, taken));
      ranks.delete(stemOfGroup);
    }
  }
  return found;
}

function byRank(a: Ranked, b: Ranked): number {
  return compareRanks(a.rank, b.rank);
}

/**
 * The recurring themes among a period's good calls: at least PATTERN_MIN_CALLS calls by at least
 * PATTERN_MIN_PEOPLE people. Tags come first, and a call may count toward several tag patterns. The
 * rules people said got in their way make themes as tags do, whatever the calls' tags: grouped by
 * keyword stem (see keywordGroups), so a call counts toward at most one rule pattern. Calls that belong
 * to a tag or rule pattern are then set aside; the rest are grouped by the keyword stems of what they
 * did and why. Sorted by count desc, then people desc, then key; at most `limit` (default 3).
 */
export function findPatterns(calls: PatternCall[], options: { limit?: number } = {}): Pattern[] {
  const limit = options.limit ?? PATTERN_DEFAULT_LIMIT;
  // Ranked first, built after: only the patterns shown are worth their examples, people and sums.
  const found: Ranked[] = [];
  const covered = new Set<PatternCall>();
  const tags = new Map<PatternCall, readonly string[]>();
  for (const call of calls) tags.set(call, call.tags);
  for (const [tag, group] of groupBy(tags)) {
    if (!qualifies(group)) continue;
    found.push(ranked(TAG_PREFIX + tag, `#${tag}`, "tag", group));
    for (const call of group) covered.add(call);
  }
  for (const group of keywordGroups(calls, ruleText, qualifies)) {
    for (const call of group.calls) covered.add(call);
    found.push(ranked(RULE_PREFIX + group.stem, group.label, "rule", group.calls));
  }
  // Only the strongest `limit` keyword groups can be among the `limit` patterns shown: all rule
  // groups are needed, for the calls they cover.
  for (const group of keywordGroups(without(calls, covered), callText, qualifies, limit))
    found.push(ranked(KEYWORD_PREFIX + group.stem, group.label, "keyword", group.calls));
  return found.sort(byRank).slice(0, Math.max(0, limit)).map(builtPattern);
}

interface Ranked {
  rank: Rank;
  label: string;
  kind: Pattern["kind"];
  calls: PatternCall[];
}

function ranked(key: string, label: string, kind: Pattern["kind"], calls: PatternCall[]): Ranked {
  return { rank: { count: calls.length, people: peopleCount(calls), key }, label, kind, calls };
}

function builtPattern({ rank, label, kind, calls }: Ranked): Pattern {
  return buildPattern(rank.key, label, kind, calls);
}

/** `calls` but those in `excluded`, in their order. */
function without<T>(calls: readonly T[], excluded: ReadonlySet<T>): T[] {
  const kept: T[] = [];
  for (const call of calls) if (!excluded.has(call)) kept.push(call);
  return kept;
}

/** One of a pattern's examples as its team may read it: a private good call is there, never quoted. */
export type PatternExample = { kind: "quoted"; authorId: string; what: string } | { kind: "private" };

/**
 * A pattern's examples (its exampleIds, newest first) from the calls it was found in. Private calls
 * take part in patterns like any other, so they are among the examples, as a place without words.
 */
export function patternExamples(
  pattern: Pick<Pattern, "exampleIds">,
  calls: Array<Pick<PatternCall, "id" | "authorId" | "what"> & { visibility: Visibility }>,
): PatternExample[] {
  const byId = new Map<number, (typeof calls)[number]>();
  for (const call of calls) byId.set(call.id, call);
  const examples: PatternExample[] = [];
  for (const id of pattern.exampleIds) {
    const call = byId.get(id);
    if (!call) continue;
    examples.push(
      call.visibility === "private"
        ? { kind: "private" }
        : { kind: "quoted", authorId: call.authorId, what: call.what },
    );
  }
  return examples;
}
