import { defineConfig } from "vitest/config";

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
  },
});
