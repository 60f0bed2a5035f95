// What Slack told us about a person (their locale), cached so we ask Slack once.
import type { Db } from "./client.ts";
import { statement } from "./sql.ts";

export function personRepository(db: Db) {
  return {
    /** Asked on every interaction, so a prepared statement. */
    async locale(userId: string): Promise<string | null | undefined> {
      const row = statement(db, "SELECT locale FROM Person WHERE id = ?").get(userId) as
        | { locale: string | null }
        | undefined;
      return row ? row.locale : undefined;
    },
    async setLocale(userId: string, locale: string | null): Promise<void> {
      await db.person.upsert({ where: { id: userId }, create: { id: userId, locale }, update: { locale } });
    },
  };
}

export type PersonRepository = ReturnType<typeof personRepository>;
