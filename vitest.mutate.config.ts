import { defineConfig } from "vitest/config";

/**
 * What Stryker runs against each mutant: the in-process tests. Tests that only reach golive through
 * child processes (tmux, spawned CLIs, kill -9 appenders) run the bundle in dist/, which holds no
 * mutant, so they could not kill one and would only slow every mutant down. A scope in
 * stryker.config.mjs narrows the files further (GOLIVE_MUTATE_TESTS, comma-separated globs).
 */
const scoped = process.env.GOLIVE_MUTATE_TESTS?.split(",").filter(Boolean);
/**
 * Tests a scope leaves out by name (GOLIVE_MUTATE_SKIP, a regular expression): a statistical test
 * that runs a hot loop for seconds takes minutes once Stryker has instrumented that loop.
 */
const skip = process.env.GOLIVE_MUTATE_SKIP;

export default defineConfig({
  test: {
    include: scoped?.length
      ? scoped
      : ["test/unit/**/*.test.ts", "test/integration/**/*.test.ts", "test/ui/**/*.test.tsx"],
    exclude: [
      "test/chaos/**",
      "test/e2e/**",
      "**/node_modules/**",
      // Only child processes and real CLIs: no mutant reaches them.
      "test/integration/sandbox-clis.test.ts",
      "test/integration/sandbox-command.test.ts",
    ],
    globalSetup: ["test/global-setup.ts"],
    setupFiles: ["test/helpers/fc-seed.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    // As in vitest.config.ts: a mutant covered by tests in several files imports the module graph once
    // per run, not once per file (Stryker starts a fresh worker for every run either way).
    isolate: false,
    ...(skip ? { testNamePattern: new RegExp(`^(?!.*(?:${skip}))`) } : {}),
  },
});
