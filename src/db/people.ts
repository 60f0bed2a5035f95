// What Slack told us about a person (their locale), cached so we ask Slack once.
import type { Db } from "./client.ts";

export function personRepository(db: Db) {
  return {
    /** Asked on every interaction, so one query by primary key. */
    async locale(userId: string): Promise<string | null | undefined> {
      const row = await db.selectFrom("Person").select("locale").where("id", "=", userId).executeTakeFirst();
      return row ? row.locale : undefined;
    },
    async setLocale(userId: string, locale: string | null): Promise<void> {
      const updatedAt = new Date();
      await db
        .insertInto("Person")
        .values({ id: userId, locale, updatedAt })
        .onConflict((oc) => oc.column("id").doUpdateSet({ locale, updatedAt }))
        .execute();
    },
  };
}

export type PersonRepository = ReturnType<typeof personRepository>;
