// *Propose a fix* on a pattern in a digest or a manager's summary: the form, pre-filled.
import { findPatterns, patternExamples } from "../../domain/patterns.ts";
import { currentPeriod, type Period, scheduleOf } from "../../domain/period.ts";
import type { Services } from "../../services.ts";
import { proposeFixModal } from "../../views/loop.ts";
import { proposeFixValue } from "../../views/values.ts";
import { actionSurface, actorFor, authorize } from "../access.ts";
import type { ButtonArgs } from "../args.ts";
import { speakerFor } from "../context.ts";

/**
 * The period a "Propose a fix" button belongs to: that of the digest or manager summary it was
 * in, or (in a preview) the running one.
 */
async function periodOfMessage(
  services: Services,
  teamId: string,
  userId: string,
  messageTs: string | undefined,
): Promise<Period | null> {
  const team = await services.teams.find(teamId);
  if (!team) return null;
  if (messageTs) {
    const deliveries = services.deliveries;
    const source =
      (await deliveries.list("digest", teamId)).find((d) => d.messageTs === messageTs) ??
      (await deliveries.findByMessage(userId, messageTs));
    if (source?.periodStart && source.periodEnd) return { start: source.periodStart, end: source.periodEnd };
  }
  return currentPeriod(scheduleOf(team), services.now());
}

export function proposeFix(services: Services) {
  return async ({ ack, body, action, client, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const actor = await actorFor(services, body.user.id, body.channel?.id);
    const value = proposeFixValue.decode(action.value);
    const container = body.container as { channel_id?: string; message_ts?: string; is_ephemeral?: boolean };
    // A digest's button leaves the team out: the channel Slack signed, where it was posted, is the team.
    const teamId = value?.teamId ?? body.channel?.id ?? "";
    const team = value ? await services.teams.find(teamId) : null;
    const { t } = await speakerFor(services, client, actor.userId, team);
    if (!team) {
      await respond({ response_type: "ephemeral", replace_original: false, text: t.patternGone });
      return;
    }
    // A manager's DM names the team in the value: only its members see its patterns.
    const surface = actionSurface(body, respond, client);
    if (!(await authorize(services, actor, { kind: "team", teamId: team.id }, { surface, t }))) return;
    const period = await periodOfMessage(
      services,
      team.id,
      actor.userId,
      container.is_ephemeral ? undefined : container.message_ts,
    );
    const calls = period ? await services.entries.goodCallsIn(team.id, period) : [];
    const pattern = findPatterns(calls, { limit: 50 }).find((p) => p.key === value?.patternKey);
    if (!period || !pattern) {
      await respond({ response_type: "ephemeral", replace_original: false, text: t.patternGone });
      return;
    }
    await client.views.open({
      trigger_id: body.trigger_id,
      view: proposeFixModal(
        t,
        { teamId: team.id, patternKey: pattern.key, patternLabel: pattern.label, period },
        pattern.count,
        patternExamples(pattern, calls),
      ),
    });
  };
}
