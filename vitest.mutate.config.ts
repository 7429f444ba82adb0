import { defineConfig } from "vitest/config";

/**
 * What Stryker runs against each mutant: the in-process tests. Tests that only reach golive through
 * child processes (tmux, spawned CLIs, kill -9 appenders) run the bundle in dist/, which holds no
 * mutant, so they could not kill one and would only slow every mutant down.
 */
export default defineConfig({
  test: {
    include: ["test/unit/**/*.test.ts", "test/integration/**/*.test.ts", "test/ui/**/*.test.tsx"],
    exclude: [
      "test/chaos/**",
      "test/e2e/**",
      "**/node_modules/**",
      // Only child processes and real CLIs: no mutant reaches them.
      "test/integration/sandbox-clis.test.ts",
      "test/integration/sandbox-command.test.ts",
    ],
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
