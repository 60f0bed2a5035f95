// `/goodcall <what you did>`: the quick path, saved and confirmed in the ack itself.
import type { Actor } from "../../../domain/access.ts";
import { type Messages, messages } from "../../../domain/i18n.ts";
import { type Offer, parseSlackGoodCallText } from "../../../domain/parse.ts";
import { findPii } from "../../../domain/pii.ts";
import type { Visibility } from "../../../domain/types.ts";
import { checkMoneyRange, checkWhat } from "../../../domain/validate.ts";
import type { Services } from "../../../services.ts";
import { goodCallConfirmation, goodCallModal } from "../../../views/goodCall.ts";
import type { CommandArgs } from "../../args.ts";
import { resolveTeam, speakerFor } from "../../context.ts";
import { afterGoodCall, inlinePromise } from "../../flows/goodCall.ts";

/**
 * Parse, validate, save, and answer in the ack itself, so the confirmation arrives in one round
 * trip; the insert takes a few milliseconds. No Slack call sits before the ack: a person whose
 * language we do not know yet is answered in their team's (speakerFor). Feed posts happen after the
 * ack.
 */
export async function logInline(
  services: Services,
  args: CommandArgs,
  actor: Actor,
  text: string,
  offer: Offer | undefined,
  visibility: Visibility,
): Promise<void> {
  const { command, ack, client } = args;
  // Never a team the person is not in: the channel's when they are in it, else their own.
  const choice = await resolveTeam(services, actor, command.channel_id);
  const known = choice.kind === "team" ? choice.team : null;
  // Slack sends &, < and > escaped in command text; we keep what the person typed, and escape on output.
  const parsed = parseSlackGoodCallText(text);
  // Whether the text is fit does not depend on the language; only how we say what is wrong does.
  const problemIn = (t: Messages) => checkWhat(parsed.what, t) ?? checkMoneyRange(parsed.value, t);
  if (choice.kind === "none" || problemIn(messages(known?.language ?? "en")) !== null) {
    const { t } = await speakerFor(services, client, command.user_id, known);
    await ack({ response_type: "ephemeral", text: choice.kind === "none" ? t.noTeam : (problemIn(t) ?? "") });
    return;
  }
  if (choice.kind === "choose") {
    // Several teams and not in one of their channels: the form asks which team, pre-filled.
    await ack();
    const { t } = await speakerFor(services, client, command.user_id, null);
    await client.views.open({
      trigger_id: command.trigger_id,
      view: goodCallModal({
        t,
        metadata: {},
        teams: choice.teams,
        draft: { what: parsed.what, tags: parsed.tags, value: parsed.value, visibility },
        defaultCurrency: "EUR",
      }),
    });
    return;
  }
  const team = choice.team;
  const piiFound = findPii(`${parsed.what}`).length > 0;
  const call = await services.entries.createGoodCall(
    {
      teamId: team.id,
      authorId: command.user_id,
      what: parsed.what,
      why: null,
      tags: parsed.tags,
      value: parsed.value,
      followUp: false,
      source: "inline",
      flaggedPii: piiFound,
      promise: inlinePromise(parsed.what, services.now(), team.timeZone),
      visibility,
    },
    services.now(),
  );
  // Saved before the ack says so.
  const { t, language } = await speakerFor(services, client, command.user_id, team);
  // NOTE: no object spreads on this path: each cost about a microsecond on Node 20.
  const confirmation = goodCallConfirmation({
    t,
    language,
    call,
    piiFound,
    teamName: team.id === command.channel_id ? null : team.name,
    offer,
  });
  await ack({ response_type: "ephemeral", text: confirmation.text, blocks: confirmation.blocks });
  services.logger.info(
    { goodCallId: call.id, teamId: team.id, userId: command.user_id, source: "inline", visibility },
    "good call logged",
  );
  afterGoodCall(services, client, team, call);
}

/** `/goodcall private` alone: what to add, in the person's language; nothing is saved. */
export async function replyPrivateWithoutText(
  services: Services,
  args: CommandArgs,
  word: string,
): Promise<void> {
  const { command, ack, client } = args;
  const team = await services.teams.find(command.channel_id);
  const { t } = await speakerFor(services, client, command.user_id, team);
  await ack({ response_type: "ephemeral", text: t.privateCalls.needsText(word) });
}
