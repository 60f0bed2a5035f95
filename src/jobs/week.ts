// A team's week, loaded once for everything said about it: the digest, its preview, and the
// managers' summaries that go out with it.
import { composeDigest, type Digest, type DigestInput, digestInput } from "../domain/digest.ts";
import { type Period, previousPeriod, scheduleOf } from "../domain/period.ts";
import type { Team } from "../domain/types.ts";
import type { Services } from "../services.ts";

export interface Week {
  input: DigestInput;
  digest: Digest;
}

export async function loadWeek(services: Services, team: Team, period: Period, late: boolean): Promise<Week> {
  const previous = previousPeriod(scheduleOf(team), period);
  const input = digestInput(await services.digests.week(team, period, previous, late));
  return { input, digest: composeDigest(input) };
}

export async function composeFor(
  services: Services,
  team: Team,
  period: Period,
  late: boolean,
): Promise<Digest> {
  return (await loadWeek(services, team, period, late)).digest;
}
