// What Slack told us about a person (their locale), stored so we ask Slack once and kept in the
// process's short-lived cache (src/db/cache.ts) because every request asks it.
import { LookupCache } from "./cache.ts";
import type { Db } from "./client.ts";

export function personRepository(db: Db, cache = new LookupCache()) {
  return {
    /** Asked on every interaction: kept for the TTL, else one query by primary key. */
    async locale(userId: string): Promise<string | null | undefined> {
      const known = await cache.locales.get(userId, async () => {
        const row = await db
          .selectFrom("Person")
          .select("locale")
          .where("id", "=", userId)
          .executeTakeFirst();
        return { locale: row ? row.locale : undefined };
      });
      return known?.locale;
    },
    async setLocale(userId: string, locale: string | null): Promise<void> {
      const updatedAt = new Date();
      await db
        .insertInto("Person")
        .values({ id: userId, locale, updatedAt })
        .onConflict((oc) => oc.column("id").doUpdateSet({ locale, updatedAt }))
        .execute();
      cache.locales.put(userId, { locale });
    },
    /**
     * A locale known to this process only, until the cache lets it go, and never stored: for the
     * made-up person of start-up's warm-up (src/warmup.ts), who must not be asked about on Slack.
     */
    assumeLocale(userId: string, locale: string): void {
      cache.locales.put(userId, { locale });
    },
  };
}

export type PersonRepository = ReturnType<typeof personRepository>;
