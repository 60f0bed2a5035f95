// Opening the good-call form, from the command, App Home, a digest button or the global shortcut.
import type { WebClient } from "@slack/web-api";
import type { Actor } from "../../domain/access.ts";
import type { Services } from "../../services.ts";
import { goodCallModal } from "../../views/goodCall.ts";
import { noticeModal } from "../../views/text.ts";
import { resolveTeam, speakerFor } from "../context.ts";

export interface FormOpener {
  client: WebClient;
  /** The person opening the form, from actorFor. */
  actor: Actor;
  /** The channel Slack signed the request from, never one read from a value. */
  channelId?: string;
  triggerId: string;
}

/** Call after acking: the form is for the channel's team, the person's only team, or one they pick. */
export async function openGoodCallModal(services: Services, target: FormOpener): Promise<void> {
  const userId = target.actor.userId;
  const choice = await resolveTeam(services, target.actor, target.channelId);
  const { t, language } = await speakerFor(
    services,
    target.client,
    userId,
    choice.kind === "team" ? choice.team : null,
  );
  if (choice.kind === "none") {
    await target.client.views.open({
      trigger_id: target.triggerId,
      view: noticeModal(t.goodCallModalTitle, t.noTeam, t.close),
    });
    return;
  }
  const team = choice.kind === "team" ? choice.team : null;
  await target.client.views.open({
    trigger_id: target.triggerId,
    view: goodCallModal({
      t,
      metadata: {
        ...(team ? { teamId: team.id } : {}),
        ...(target.channelId ? { channelId: target.channelId } : {}),
      },
      teams: choice.kind === "choose" ? choice.teams : null,
      draft: {},
      defaultCurrency: team?.usualLimit?.currency ?? "EUR",
      room: team?.usualLimit ? { limit: team.usualLimit, language } : null,
    }),
  });
}
