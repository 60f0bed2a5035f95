import { defineConfig } from "vitest/config";

// The suite runs once per database: always on SQLite, and on PostgreSQL when TEST_DATABASE_URL
// names a server where we may create databases (.ci/run always provides one).
const postgres = process.env.TEST_DATABASE_URL
  ? [{ extends: true as const, test: { name: "postgresql" } }]
  : [];

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/support/globalSetup.ts"],
    setupFiles: ["test/support/fastCheck.ts"],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: "forks",
    // Vitest's default on 2 cores is one worker, which runs the suite file after file; many e2e files
    // mostly wait on child processes and sockets, so three workers keep both cores busy (167 s → 88 s).
    maxWorkers: 3,
    projects: [{ extends: true, test: { name: "sqlite" } }, ...postgres],
  },
});
