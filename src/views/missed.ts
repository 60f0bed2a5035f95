// Block Kit for telling a team's managers that a digest never went out (missed by more than 48 hours).
import type { Messages } from "../domain/i18n.ts";
import type { Team } from "../domain/types.ts";
import { type Blocks, channelLink, context, section } from "./text.ts";

export function missedDigestDm(t: Messages, team: Team, period: string): { text: string; blocks: Blocks } {
  const text = t.missedDigest(channelLink(team.id), period);
  return { text, blocks: [section(text), context(t.missedDigestHint)] };
}
