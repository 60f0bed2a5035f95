// Derives prisma/postgresql/schema.prisma from prisma/schema.prisma, the one schema we edit.
// A Prisma datasource cannot choose its provider from the environment (prisma/orm#998) and each
// provider needs its own migrations, so PostgreSQL gets a second schema; deriving it by script keeps
// the models identical, and `--check` (run by `npm run check`) fails when the committed copy drifts.
// What differs: the provider, native timestamps (timestamptz, milliseconds as in JavaScript), and
// the Kysely types, generated from this schema because its types (Date, boolean) are the ones
// our code works with on both databases (src/db/dialect.ts converts on SQLite).
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const source = path.join(root, "prisma", "schema.prisma");
const target = path.join(root, "prisma", "postgresql", "schema.prisma");

export function derivePostgresSchema(sqlite: string): string {
  const body = sqlite
    .replace(/\/\/ No generator here:[^\n]*\n\/\/[^\n]*\n\n/, "")
    .replace(/provider = "sqlite"/, 'provider = "postgresql"')
    .replace(/url\s*=\s*"file:[^"]*"/, 'url      = "postgresql://unused-see-prisma-config"')
    .replace(/^(\s+\w+\s+DateTime\??)(.*)$/gm, (_line, field: string, rest: string) =>
      `${field}${rest.replace(/\s*$/, "")} @db.Timestamptz(3)`.replace(/\s+@db/, " @db"),
    );
  return `// GENERATED from prisma/schema.prisma by scripts/schema-postgresql.ts: edit that file, then run
// \`npx tsx scripts/schema-postgresql.ts\` and add a migration under prisma/postgresql/migrations.

generator kysely {
  provider = "prisma-kysely"
  output   = "../../src/generated/kysely"
  fileName = "types.ts"
}

${body.replace(/^(\/\/[^\n]*\n)*\n*/, "")}`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const derived = derivePostgresSchema(readFileSync(source, "utf8"));
  if (process.argv.includes("--check")) {
    let current = "";
    try {
      current = readFileSync(target, "utf8");
    } catch {}
    if (current !== derived) {
      console.error(
        "prisma/postgresql/schema.prisma is not derived from prisma/schema.prisma: run `npx tsx scripts/schema-postgresql.ts` and add a PostgreSQL migration.",
      );
      process.exit(1);
    }
  } else {
    writeFileSync(target, derived);
    console.log(`wrote ${path.relative(root, target)}`);
  }
}
