// `npm run mutate` (not in CI): Stryker's mutants over the code that decides, killed by the in-process
// suite. Incremental: test/mutation/incremental.json is committed, so a re-run after a small change
// only tests the mutants that change touched. Results: test/MUTATION.md (score, survivors, reasons).
// Scope one folder with `npm run mutate -- --mutate 'source/domain/**/*.ts'`.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  vitest: { configFile: "vitest.mutate.config.ts" },
  plugins: ["@stryker-mutator/vitest-runner"],
  mutate: [
    "source/domain/**/*.ts",
    "source/engine/**/*.ts",
    "source/session/**/*.ts",
    "source/runbook/**/*.ts",
  ],
  coverageAnalysis: "perTest",
  incremental: true,
  incrementalFile: "test/mutation/incremental.json",
  // A 2-core machine shared with other work: one mutant at a time unless told otherwise.
  concurrency: 1,
  timeoutMS: 20_000,
  reporters: ["clear-text", "progress", "json"],
  jsonReporter: { fileName: "test/mutation/report.json" },
  tempDirName: ".stryker-tmp",
  cleanTempDir: "always",
  ignoreStatic: true,
};
