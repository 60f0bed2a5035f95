// Improvements as the team sees them: announced in the team channel, kept current there, and
// changed only through the status rules in src/domain/improvement.ts.
import type { WebClient } from "@slack/web-api";
import type { Improvement } from "../../db/loop.ts";
import { messages } from "../../domain/i18n.ts";
import { type ImprovementStatus, transition } from "../../domain/improvement.ts";
import type { Team } from "../../domain/types.ts";
import type { Services } from "../../services.ts";
import { improvementView, refreshImprovementMessage } from "../../teamChannel.ts";
import { improvementMessage } from "../../views/loop.ts";
import type { StatusRefusal } from "../../views/replies.ts";

export async function createImprovement(
  services: Services,
  client: WebClient,
  team: Team,
  input: {
    title: string;
    description: string | null;
    proposerId: string;
    patternKey: string | null;
    patternLabel: string | null;
    goodCallIds: number[];
  },
): Promise<Improvement> {
  const loop = services.loop;
  const improvement = await loop.createImprovement(
    { ...input, teamId: team.id, ownerId: input.proposerId },
    services.now(),
  );
  services.logger.info(
    { improvementId: improvement.id, teamId: team.id, userId: input.proposerId },
    "improvement proposed",
  );
  services.background.run("announce improvement", { improvementId: improvement.id }, async () => {
    const posted = await client.chat.postMessage({
      channel: team.id,
      ...improvementMessage(messages(team.language), await improvementView(services, improvement)),
    });
    if (posted.ts) await loop.setImprovementMessage(improvement.id, posted.ts);
  });
  return improvement;
}

export type StatusChange = { ok: true; improvement: Improvement } | { ok: false; reason: StatusRefusal };

export async function changeImprovementStatus(
  services: Services,
  client: WebClient,
  id: number,
  actorId: string,
  next: ImprovementStatus,
  reason: string | null,
): Promise<StatusChange> {
  const loop = services.loop;
  const improvement = await loop.findImprovement(id);
  const team = improvement ? await services.teams.find(improvement.teamId) : null;
  if (!improvement || !team) return { ok: false, reason: "missing" };
  const result = transition(improvement.status, next, {
    actorId,
    ownerId: improvement.ownerId,
    isManager: team.managerIds.includes(actorId),
    reason,
  });
  if (!result.ok) return result;
  const updated = await loop.setImprovementStatus(id, result.status, reason, services.now());
  services.logger.info(
    { improvementId: id, userId: actorId, status: result.status },
    "improvement status changed",
  );
  if (updated.messageTs) {
    services.background.run("refresh improvement message", { improvementId: id }, () =>
      refreshImprovementMessage(services, client, team, updated),
    );
  }
  return { ok: true, improvement: updated };
}
