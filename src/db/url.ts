// DATABASE_URL handling shared by the client factory and the migrator.

/** The file path inside a `file:` URL (relative paths stay relative to the project root). */
export function sqlitePath(databaseUrl: string): string {
  if (!databaseUrl.startsWith("file:")) {
    throw new Error(
      `DATABASE_URL must be a SQLite file URL such as file:./data/goodcall.db (got "${databaseUrl}")`,
    );
  }
  return databaseUrl.slice("file:".length).split("?")[0] ?? "";
}
