// Prisma CLI configuration for PostgreSQL: the JavaScript schema engine through the pg driver
// adapter, so `prisma generate` and `prisma migrate deploy` need no binary download (see README).
import { defineConfig } from "prisma/config";
import { migrationAdapter } from "./adapter.ts";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "schema.prisma",
  migrations: { path: "migrations" },
  async adapter() {
    return migrationAdapter(process.env.DATABASE_URL ?? "postgresql://127.0.0.1:5432/goodcall");
  },
});
