// The pg driver adapter for the Prisma CLI, with one workaround: Prisma 6.19's schema engine reads
// PostgreSQL's catalog, whose `name` and `"char"` columns its adapter cannot describe ("Column type
// 'name' could not be deserialized from the database", prisma/orm#27403), so `migrate deploy` fails.
// Both hold text; this reports them as text. Only the CLI uses this; the app talks to PostgreSQL
// through Kysely and pg (src/db/client.ts).
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";

const NAME = 19;
const CHAR = 18;
const TEXT = 25;

function asText(result: pg.QueryResult | undefined): void {
  for (const field of result?.fields ?? []) {
    if (field.dataTypeID === NAME || field.dataTypeID === CHAR) field.dataTypeID = TEXT;
  }
}

class CatalogClient extends pg.Client {
  // biome-ignore lint/suspicious/noExplicitAny: pg's query has a dozen overloads; we only post-process.
  override query(...args: any[]): any {
    const last = args.length - 1;
    if (typeof args[last] === "function") {
      const callback = args[last];
      args[last] = (error: Error | null, result: pg.QueryResult) => {
        asText(result);
        callback(error, result);
      };
    }
    // biome-ignore lint/suspicious/noExplicitAny: see above.
    const result = (super.query as any)(...args);
    if (result instanceof Promise) {
      return result.then((value: pg.QueryResult) => {
        asText(value);
        return value;
      });
    }
    return result;
  }
}

export function migrationAdapter(connectionString: string): PrismaPg {
  // NOTE: the adapter makes its shadow database (for `migrate diff --from-migrations`) by overriding
  // `database` in these options, which a connectionString would win over; hence the parts.
  const url = new URL(connectionString);
  return new PrismaPg(
    new pg.Pool({
      host: url.hostname,
      port: Number(url.port || 5432),
      user: decodeURIComponent(url.username) || undefined,
      password: decodeURIComponent(url.password) || undefined,
      database: decodeURIComponent(url.pathname.slice(1)) || undefined,
      Client: CatalogClient,
      // NOTE: lets the CLI exit as soon as it is done instead of after idle connections time out (10 s).
      allowExitOnIdle: true,
      idleTimeoutMillis: 100,
    }),
    { disposeExternalPool: true },
  );
}
