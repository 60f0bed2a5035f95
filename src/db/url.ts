// DATABASE_URL handling shared by the client factory and the migrator.

export type DatabaseKind = "sqlite" | "postgresql";

/** Which database a URL names, or an error that says what DATABASE_URL may be. */
export function databaseKind(databaseUrl: string): DatabaseKind {
  if (databaseUrl.startsWith("file:")) return "sqlite";
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) return "postgresql";
  throw new Error(
    `DATABASE_URL must be a SQLite file URL such as file:./data/goodcall.db or a PostgreSQL URL such as postgresql://user:password@host:5432/goodcall (got "${redactUrl(databaseUrl)}")`,
  );
}

/** The file path inside a `file:` URL (relative paths stay relative to the project root). */
export function sqlitePath(databaseUrl: string): string {
  if (!databaseUrl.startsWith("file:")) {
    throw new Error(
      `DATABASE_URL must be a SQLite file URL such as file:./data/goodcall.db (got "${redactUrl(databaseUrl)}")`,
    );
  }
  return databaseUrl.slice("file:".length).split("?")[0] ?? "";
}

/** A database URL fit for a message or a log: the password is never shown. */
export function redactUrl(databaseUrl: string): string {
  return databaseUrl.replace(/^([a-z]+:\/\/[^:/@]*):[^@/]*@/i, "$1:***@");
}
