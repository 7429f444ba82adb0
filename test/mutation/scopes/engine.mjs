// Scopes over source/engine/ added after stryker.config.mjs and stryker-scopes-res.mjs filled up: one file
// per folder so work on different folders never edits the same file. Same shape as those: a scope
// mutates a few files and runs only the test files that reach them.
export const SCOPES_ENGINE = {
  // mut-engine helper (2026-12-04): the engine files no scope had scored, each with a unit test that
  // hands it its ports in memory (a second a mutant, not the sandbox and an engine).
  "engine-step-blanks": {
    mutate: ["source/engine/fill-step-blanks.ts"],
    tests: ["test/unit/fill-step-blanks-units.test.ts"],
  },
  "engine-stated": {
    mutate: ["source/engine/stated.ts"],
    tests: ["test/unit/stated-units.test.ts"],
  },
  "engine-periods": {
    mutate: ["source/engine/periods.ts"],
    tests: ["test/unit/periods-units.test.ts"],
  },
  "engine-approval-wait": {
    mutate: ["source/engine/approval-wait.ts"],
    tests: ["test/unit/approval-wait-units.test.ts"],
  },
  "engine-k8s-watch": {
    mutate: ["source/engine/k8s-watch.ts"],
    tests: ["test/unit/k8s-watch-units.test.ts"],
  },
  "engine-k8s-actions": {
    mutate: ["source/engine/k8s-actions.ts"],
    tests: ["test/unit/k8s-actions-units.test.ts", "test/unit/k8s-actions-send.test.ts"],
  },
  "engine-monitor": {
    mutate: ["source/engine/monitor.ts"],
    tests: [
      "test/unit/monitor-polls.test.ts",
      "test/unit/monitor-triggers.test.ts",
      "test/unit/monitor-clock-jump.test.ts",
      "test/unit/monitor-evidence.test.ts",
    ],
  },
  "engine-controller": {
    mutate: ["source/engine/controller.ts"],
    tests: ["test/unit/controller-units.test.ts"],
  },
  "engine-checks": {
    mutate: ["source/engine/checks.ts", "source/engine/check-record.ts"],
    tests: ["test/unit/checks-units.test.ts", "test/unit/check-record-units.test.ts"],
  },
  // mut-runbook helper (2026-12-04 15:35 UTC): the engine itself over ports in memory
  // (test/helpers/engine-rig.ts: the traffic core's listener, the real reducer, metrics and probes
  // the test answers): no sandbox, about a second a mutant.
  "engine-engine": {
    mutate: ["source/engine/engine.ts"],
    tests: ["test/unit/engine-units.test.ts", "test/unit/engine-decisions.test.ts"],
  },
};
