// The facts behind "authority that grows": the follow-up answers on good calls with a value, for the
// quarter a proposal to raise a team's usual limit is judged on (src/domain/authority.ts decides).
import type { AnsweredCall } from "../domain/authority.ts";
import type { Period } from "../domain/period.ts";
import { OUTCOMES } from "../domain/types.ts";
import type { Db } from "./client.ts";

export function authorityRepository(db: Db) {
  return {
    /**
     * The team's good calls with a value whose author answered "did it help?" within `window`. A range
     * on the (teamId, outcomeAt) index: only answered calls are read, however busy the team.
     */
    async answeredIn(teamId: string, window: Period): Promise<AnsweredCall[]> {
      const rows = await db
        .selectFrom("GoodCall")
        .select(["valueCents", "currency", "outcome"])
        .where("teamId", "=", teamId)
        .where("outcomeAt", ">=", window.start)
        .where("outcomeAt", "<", window.end)
        .where("valueCents", "is not", null)
        .where("currency", "is not", null)
        .execute();
      return rows.flatMap((row) => {
        const outcome = OUTCOMES.find((o) => o === row.outcome);
        if (!outcome || row.valueCents === null || row.currency === null) return [];
        return [{ value: { cents: row.valueCents, currency: row.currency }, outcome }];
      });
    },
  };
}

export type AuthorityRepository = ReturnType<typeof authorityRepository>;
