// `/goodcall thanks @someone <note>`: thanks for their latest good call or story; when both are
// recent, the person chooses which.
import type { Actor } from "../../../domain/access.ts";
import { slackTextToPlain } from "../../../domain/escape.ts";
import { thanksTarget } from "../../../domain/thanks.ts";
import { LIMITS } from "../../../domain/validate.ts";
import type { Services } from "../../../services.ts";
import { thanksChoice } from "../../../views/managers.ts";
import { thanksReply } from "../../../views/replies.ts";
import { mention } from "../../../views/text.ts";
import type { CommandArgs } from "../../args.ts";
import { speakerFor } from "../../context.ts";
import { recordThanks } from "../../flows/thanks.ts";

export async function thankPerson(
  services: Services,
  args: CommandArgs,
  actor: Actor,
  userId: string | null,
  note: string,
): Promise<void> {
  const { command, ack, client } = args;
  const team = await services.teams.find(command.channel_id);
  const { t } = await speakerFor(services, client, command.user_id, team);
  if (!userId) return ack({ response_type: "ephemeral", text: t.thanksNoMention });
  if (userId === command.user_id) return ack({ response_type: "ephemeral", text: t.thanksSelf });
  const length = [...note].length;
  if (length > LIMITS.noteMax)
    return ack({ response_type: "ephemeral", text: t.fieldTooLong(LIMITS.noteMax, length) });
  // Only entries of teams the person thanking is in are offered, shown or thanked; a private good
  // call only to the managers of its team.
  const teams = [...actor.memberOf, ...actor.manages];
  if (teams.length === 0) return ack({ response_type: "ephemeral", text: t.noTeam });
  const { goodCall, story } = await services.entries.latestOf(userId, teams, [...actor.manages]);
  const target = thanksTarget(goodCall, story, services.now());
  if (target.kind === "none") {
    return ack({ response_type: "ephemeral", text: t.thanksNothingYet(mention(userId)) });
  }
  if (target.kind === "choose" && goodCall && story) {
    return ack({
      response_type: "ephemeral",
      ...thanksChoice(t, userId, goodCall, story, slackTextToPlain(note)),
    });
  }
  const entry =
    target.kind === "story"
      ? { kind: "story" as const, id: target.id }
      : { kind: "goodCall" as const, id: goodCall?.id ?? 0 };
  const outcome = await recordThanks(
    services,
    client,
    entry,
    command.user_id,
    slackTextToPlain(note) || null,
  );
  await ack({ response_type: "ephemeral", text: thanksReply(t, outcome.result, mention(userId)) });
}
