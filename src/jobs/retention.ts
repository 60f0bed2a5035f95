// Retention, run with every scheduler tick: a team that keeps entries for N months has older good
// calls and stories deleted, at most once per local day, through the same path as "forget me".
import { retentionCutoff, retentionDay } from "../domain/retention.ts";
import { takeBackFromChannels } from "../teamChannel.ts";
import { clientFor, type JobDeps } from "./outbox.ts";

export interface RetentionOutcome {
  teamId: string;
  goodCalls: number;
  stories: number;
}

export async function runRetention(
  deps: JobDeps,
  now: Date,
  options: { teamId?: string } = {},
): Promise<RetentionOutcome[]> {
  const { services } = deps;
  const teams = (await services.teams.withRetention()).filter(
    (team) => !options.teamId || team.id === options.teamId,
  );
  const outcomes: RetentionOutcome[] = [];
  for (const team of teams) {
    const months = team.retentionMonths;
    if (months === null) continue;
    // One team's failure (a locked file, Slack down) must not keep the others' old entries.
    try {
      const erasure = await services.retention.expire(team.id, {
        day: retentionDay(now, team.timeZone),
        months,
        cutoff: retentionCutoff(now, months, team.timeZone),
        now,
      });
      if (!erasure) continue;
      outcomes.push({ teamId: team.id, goodCalls: erasure.goodCalls, stories: erasure.stories });
      if (erasure.goodCalls + erasure.stories === 0) continue;
      services.logger.info(
        { teamId: team.id, months, goodCalls: erasure.goodCalls, stories: erasure.stories },
        "retention deleted old entries",
      );
      const client = await clientFor(deps, team);
      // Without a usable installation the feed posts stay; the entries themselves are gone.
      if (client) await takeBackFromChannels(services, client, erasure, "retention");
    } catch (error) {
      services.logger.error({ err: error, teamId: team.id, job: "retention" }, "retention failed");
    }
  }
  return outcomes;
}
