import { defineConfig } from "vitest/config";

// The suite runs once per database: always on SQLite, and on PostgreSQL when TEST_DATABASE_URL
// names a server where we may create databases (.ci/run always provides one).
// The PostgreSQL project runs only the files that reach the test database: unit tests touch none,
// and the build and start-up tests always start the compiled app on a SQLite file of their own, so
// running them twice would test the same thing twice (about 40 s of a 3-minute budget).
const ALL = "test/**/*.test.ts";
// Files that check what a module does when first loaded: each runs with modules of its own.
const ISOLATED = ["test/unit/piiPreload.test.ts"];

const postgres = process.env.TEST_DATABASE_URL
  ? [
      {
        extends: true as const,
        test: {
          name: "postgresql",
          include: [ALL],
          exclude: ["test/unit/**", "test/e2e/build.test.ts", "test/e2e/startup.test.ts"],
        },
      },
    ]
  : [];

export default defineConfig({
  test: {
    globalSetup: ["test/support/globalSetup.ts"],
    setupFiles: ["test/support/fastCheck.ts"],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: "forks",
    // NOTE: each worker imports a module once for all the files it runs, not once per file: importing
    // the app for every file was 120 of the suite's 170 s. Nothing in src/ or test/support keeps state
    // a test needs fresh (only memos of pure functions, and a counter for unique ids); what is loaded
    // first is the exception, so that one test runs in a project of its own that isolates it.
    isolate: false,
    // Vitest's default on 2 cores is one worker, which runs the suite file after file; many e2e files
    // mostly wait on child processes and sockets, so three workers keep both cores busy (167 s → 88 s).
    maxWorkers: 3,
    projects: [
      { extends: true, test: { name: "sqlite", include: [ALL], exclude: [...ISOLATED] } },
      { extends: true, test: { name: "sqlite (isolated)", include: [...ISOLATED], isolate: true } },
      ...postgres,
    ],
  },
});
