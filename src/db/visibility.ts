// Which stories others may see, as the database asks it: a story a manager drafted from someone's
// good call stays private until its author agrees (pendingConsent). The one rule, in both syntaxes
// the data layer uses, so no query can forget it.

/** Prisma `where` fragment for stories the team may see. */
export const SHARED_STORY = { pendingConsent: false } as const;

/** The same rule in SQL, for prepared statements over the Story table. */
export const SHARED_STORY_SQL = "pendingConsent = 0";
