import { defineConfig } from "vitest/config";

// The suite runs once per database: always on SQLite, and on PostgreSQL when TEST_DATABASE_URL
// names a server where we may create databases (.ci/run always provides one).
// The PostgreSQL project runs only the files that reach the test database: unit tests touch none,
// and the build and start-up tests always start the compiled app on a SQLite file of their own, so
// running them twice would test the same thing twice (about 40 s of a 3-minute budget).
const postgres = process.env.TEST_DATABASE_URL
  ? [
      {
        extends: true as const,
        test: {
          name: "postgresql",
          exclude: ["test/unit/**", "test/e2e/build.test.ts", "test/e2e/startup.test.ts"],
        },
      },
    ]
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
