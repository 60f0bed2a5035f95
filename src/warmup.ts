// Runs the quick log's own work once before the app takes requests, writing nothing and calling no one.

import { messages } from "./domain/i18n.ts";
import { parseCommand, parseSlackGoodCallText } from "./domain/parse.ts";
import { findPii, loadPhoneNumbers } from "./domain/pii.ts";
import type { GoodCall, Language } from "./domain/types.ts";
import { checkMoneyRange, checkWhat } from "./domain/validate.ts";
import type { Services } from "./services.ts";
import { inlinePromise } from "./slack/flows/goodCall.ts";
import { goodCallConfirmation } from "./views/goodCall.ts";

/**
 * Quick logs in each language with all that the path looks for: a tag, an amount, a promise with its
 * date, a phone number (which loads the phone-number metadata), and a Slack-escaped character. Each
 * comes with a euro sign and without: V8 compiles a regular expression apart for text that needs two
 * bytes a character ("€") and text that does not ("ä" fits in one).
 */
const SAMPLES: ReadonlyArray<[Language, string]> = [
  ["en", "Refunded €25 of the fee &amp; will call back by Friday on 040 123 4567 #billing"],
  ["en", "Refunded 25 EUR of the fee &amp; will call back by Friday on 040 123 4567 #billing"],
  ["fi", "Hyvitin 25 € maksusta &amp; soitan takaisin perjantaihin mennessä numeroon 040 123 4567 #laskutus"],
  [
    "fi",
    "Hyvitin 25 euroa maksusta &amp; soitan takaisin perjantaihin mennessä numeroon 040 123 4567 #laskutus",
  ],
];

/**
 * How many times the samples run: a regular expression's first run is interpreted and only the next
 * one compiled to machine code, and a function gets V8's quicker code after a few runs.
 */
const ROUNDS = 3;

/** Ids no Slack user or channel has (Slack's are upper case): the reads below find nothing. */
const NOBODY = "Uwarm-up";
const NOWHERE = "Cwarm-up";

/**
 * NOTE: a fresh process runs everything for the first time: V8 compiles each function and regular
 * expression on its first use, and Intl and luxon build their time-zone data. The first burst of
 * requests after a start paid for all of that at once, each waiting for the others, and missed the
 * spec's 100 ms. Done here, once, before the server listens, it costs start-up a little and spares
 * the first people to log.
 */
export async function warmUp(services: Services): Promise<void> {
  loadPhoneNumbers();
  const now = services.now();
  for (let round = 0; round < ROUNDS; round++) {
    for (const [language, text] of SAMPLES) warmQuickLog(services, language, text, now);
    // The reads of every quick log: compiled by Kysely, and prepared by the database the first time.
    await services.teams.find(NOWHERE);
    await services.teams.actor(NOBODY);
    await services.teams.teamsOf(NOBODY);
    await services.people.locale(NOBODY);
  }
}

/** What a quick log does with its text between the reads and the insert, and the confirmation after. */
function warmQuickLog(services: Services, language: Language, text: string, now: Date): void {
  const t = messages(language);
  parseCommand(text);
  const parsed = parseSlackGoodCallText(text);
  checkWhat(parsed.what, t);
  checkMoneyRange(parsed.value, t);
  const piiFound = findPii(parsed.what).length > 0;
  const promise = inlinePromise(parsed.what, now, services.tzDefault);
  const call: GoodCall = {
    id: 1,
    teamId: NOWHERE,
    authorId: NOBODY,
    what: parsed.what,
    why: null,
    tags: parsed.tags,
    value: parsed.value,
    followUp: false,
    source: "inline",
    flaggedPii: piiFound,
    feedTs: null,
    visibility: "team",
    createdAt: now,
    appreciationCount: 0,
    promiseDue: promise?.due ?? null,
    promiseStatus: promise ? "pending" : null,
  };
  goodCallConfirmation({ t, language, call, piiFound, teamName: NOWHERE });
}
