// Which stories others may see, as the database asks it: a story a manager drafted from someone's
// good call stays private until its author agrees (pendingConsent). The one rule, as an expression
// every query over the Story table puts in its `where`, so no query can forget it.
import type { ExpressionBuilder } from "kysely";
import type { DB } from "../generated/kysely/types.ts";

/** Stories the team may see: `selectFrom("Story").where(sharedStory)`. */
export function sharedStory(eb: ExpressionBuilder<DB, "Story">) {
  return eb("Story.pendingConsent", "=", false);
}

// TRANSITION: the same rule for the Prisma client and for prepared statements, until src/cli.ts and
// src/db/digests.ts move to Kysely; then these two go.

/** Prisma `where` fragment for stories the team may see. */
export const SHARED_STORY = { pendingConsent: false } as const;

/** The same rule in SQL, for prepared statements over the Story table. */
export const SHARED_STORY_SQL = "pendingConsent = 0";
