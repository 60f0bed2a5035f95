// Which stories others may see, as the database asks it: a story a manager drafted from someone's
// good call stays private until its author agrees (pendingConsent). The one rule, as an expression
// every query over the Story table puts in its `where`, so no query can forget it.
import type { ExpressionBuilder } from "kysely";
import type { DB } from "../generated/kysely/types.ts";

/** Stories the team may see: `selectFrom("Story").where(sharedStory)`. */
export function sharedStory(eb: ExpressionBuilder<DB, "Story">) {
  return eb("Story.pendingConsent", "=", false);
}
