// *Propose a fix* on a pattern in a digest or a manager's summary: the form, pre-filled.
import { findPatterns } from "../../domain/patterns.ts";
import { currentPeriod, type Period, scheduleOf } from "../../domain/period.ts";
import type { Services } from "../../services.ts";
import { proposeFixModal } from "../../views/loop.ts";
import { proposeFixValue } from "../../views/values.ts";
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
    const value = proposeFixValue.decode(action.value);
    const container = body.container as { channel_id?: string; message_ts?: string; is_ephemeral?: boolean };
    // A digest's button leaves the team out: the channel it was posted in is the team.
    const teamId = value?.teamId ?? container.channel_id ?? body.channel?.id ?? "";
    const team = value ? await services.teams.find(teamId) : null;
    const { t } = await speakerFor(services, client, body.user.id, team);
    const period = team
      ? await periodOfMessage(
          services,
          team.id,
          body.user.id,
          container.is_ephemeral ? undefined : container.message_ts,
        )
      : null;
    const calls = team && period ? await services.entries.goodCallsIn(team.id, period) : [];
    const pattern = findPatterns(calls, { limit: 50 }).find((p) => p.key === value?.patternKey);
    if (!team || !period || !pattern) {
      await respond({ response_type: "ephemeral", replace_original: false, text: t.patternGone });
      return;
    }
    await client.views.open({
      trigger_id: body.trigger_id,
      view: proposeFixModal(
        t,
        { teamId: team.id, patternKey: pattern.key, patternLabel: pattern.label, period },
        pattern.count,
      ),
    });
  };
}
