// What Slack told us about a person (their locale), cached so we ask Slack once.
import type { Db } from "./client.ts";

export function personRepository(db: Db) {
  return {
    async locale(userId: string): Promise<string | null | undefined> {
      const row = await db.person.findUnique({ where: { id: userId } });
      return row ? row.locale : undefined;
    },
    async setLocale(userId: string, locale: string | null): Promise<void> {
      await db.person.upsert({ where: { id: userId }, create: { id: userId, locale }, update: { locale } });
    },
  };
}

export type PersonRepository = ReturnType<typeof personRepository>;
