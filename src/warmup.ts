// Runs the quick log's own work once before the app takes requests, writing nothing and calling no one.

import { createHmac } from "node:crypto";
import { createServer, type RequestListener, request } from "node:http";
import type { AddressInfo } from "node:net";
import { messages } from "./domain/i18n.ts";
import { parseCommand, parseSlackGoodCallText } from "./domain/parse.ts";
import { findPii, preloadPhoneNumbers } from "./domain/pii.ts";
import type { GoodCall, Language } from "./domain/types.ts";
import { checkMoneyRange, checkWhat } from "./domain/validate.ts";
import type { Services } from "./services.ts";
import { SLACK_EVENTS_PATH } from "./slack/envelope.ts";
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
  await preloadPhoneNumbers();
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

/** A made-up person and channel of the right shapes, in no team: their `/goodcall help` reads and writes nothing else. */
const WARM_USER = "U0WARMUP0";
const WARM_CHANNEL = "D0WARMUP0";
/**
 * Requests at once, and how many times: as many at once as the first burst after a restart brings
 * (eight at once, four times, left that burst's p99 at 156–194 ms; twenty, three times: 57–72 ms).
 */
const REQUESTS_AT_ONCE = 20;
const REQUEST_ROUNDS = 3;
/** Warm-up never holds up a start for long, whatever answers or does not. */
const REQUEST_TIMEOUT_MS = 2_000;

/**
 * NOTE: warming the quick log's own functions (warmUp) left the first burst after a start still twice
 * as slow per request as later ones: the request path around them (the envelope check, Bolt's
 * parsing, middleware and response, our dispatch and access reads) runs cold too, and twenty requests
 * wait for each other. So, in HTTP mode with one bot token, before the real port opens, the same
 * request listener answers signed `/goodcall help` commands from a made-up person on a private port
 * of 127.0.0.1. The person's language is assumed in memory, so Slack is not asked about them, and help
 * writes nothing. (In OAuth mode every request is authorized from an installation a made-up workspace
 * does not have, so there is nothing to warm that way.)
 */
export async function warmRequestPath(
  services: Services,
  listener: RequestListener,
  signingSecret: string,
): Promise<void> {
  services.people.assumeLocale(WARM_USER, "en-US");
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  try {
    for (let round = 0; round < REQUEST_ROUNDS; round++) {
      const answers = await Promise.all(
        Array.from({ length: REQUESTS_AT_ONCE }, () => helpRequest(port, signingSecret)),
      );
      // Something other than an answer (Slack unreachable for Bolt's token check, say) is left to the
      // real requests to meet and report; warming on would only repeat it.
      if (answers.some((status) => status !== 200)) {
        services.logger.warn({ status: answers.find((s) => s !== 200) }, "start-up warm-up stopped early");
        return;
      }
    }
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

function helpRequest(port: number, signingSecret: string): Promise<number> {
  const body = new URLSearchParams({
    token: "warm-up",
    team_id: "T0WARMUP0",
    team_domain: "warm-up",
    channel_id: WARM_CHANNEL,
    channel_name: "directmessage",
    user_id: WARM_USER,
    user_name: "warm-up",
    command: "/goodcall",
    text: "help",
    api_app_id: "A0WARMUP0",
    is_enterprise_install: "false",
    response_url: "https://hooks.slack.com/commands/T0WARMUP0/1/warm-up",
    trigger_id: "1.1.warm-up",
  }).toString();
  const timestamp = Math.floor(Date.now() / 1000);
  const signature = createHmac("sha256", signingSecret).update(`v0:${timestamp}:${body}`).digest("hex");
  return new Promise((resolve) => {
    const req = request(
      {
        host: "127.0.0.1",
        port,
        path: SLACK_EVENTS_PATH,
        method: "POST",
        timeout: REQUEST_TIMEOUT_MS,
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          "content-length": Buffer.byteLength(body),
          "x-slack-request-timestamp": String(timestamp),
          "x-slack-signature": `v0=${signature}`,
        },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("timeout", () => req.destroy());
    req.on("error", () => resolve(0));
    req.end(body);
  });
}
