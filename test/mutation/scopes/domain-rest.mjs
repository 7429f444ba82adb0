// Scopes over source/domain/ added on 2026-12-04 (evening), one file per helper so parallel work never
// edits the same file. Same shape as domain.mjs: a scope mutates a few files and runs only the test
// files that reach them.
const piece = (files, tests) => ({
  mutate: files.map((f) => `source/domain/${f}.ts`),
  tests: tests.map((t) => (t.includes("/") ? `test/${t}.test.ts` : `test/unit/${t}.test.ts`)),
});

export const SCOPES_DOMAIN_REST = {
  // mut-drest helper: the Rollback Decision Matrix read as rules, the triggers and alerts it binds,
  // in memory (the in-process CLI and engine tests that also reach it, decision-matrix and
  // matrix-trust, took 15 minutes for the first run and 40 s a mutant on the re-run: left out).
  "domain-matrix": piece(
    ["decision-matrix", "matrix-triggers", "matrix-alerts"],
    ["matrix-rows", "trust", "trust-edges", "manual-gate", "manual-checks-units", "monitor-evidence"],
  ),
  // Which revision an undo goes back to, the RBAC role `golive doctor` prints, the rollout port's
  // guard error: their own unit tests only (the engine's rollback tests hit the 20 s timeout on each
  // mutant that sends the undo elsewhere; on 5 helpers' load, 42 mutants took 4 minutes).
  "domain-undo-rbac": piece(
    ["rollout-undo", "k8s-rbac", "rollout-port"],
    ["rollout-undo", "k8s-rbac-yaml"],
  ),
  // The checks golive cannot measure, listed until a named person confirms them (in memory: the
  // in-process CLI tests cost seconds a mutant).
  "domain-manual-checks": piece(
    ["manual-checks"],
    ["manual-checks-units", "manual-gate", "counting-confirmation"],
  ),
  // The default go / rollback thresholds and when a value breaches one.
  "domain-threshold-defaults": piece(
    ["threshold-defaults", "thresholds"],
    ["in-force-units", "threshold-words", "manual-gate", "triggers-judge", "gate"],
  ),
  // The plan and thresholds in force (runbook, then config) and how they read; the timeline's phases.
  "domain-in-force": piece(
    ["in-force", "in-force-text", "plan-in-force", "phases"],
    ["in-force-units", "runbook-plan", "config-cache", "runbook-other", "timeline-units", "phases-units"],
  ),
  // A period's metrics as the panes read them; the journal's list of event types.
  "domain-metrics-events": piece(
    ["metrics", "events"],
    ["window-metrics", "latest-elb", "gate-evidence", "monitor-evidence", "pane-age", "session-shape", "event-types", "metrics-units"],
  ),
  // The environment config's parts and validation, the team block's schema.
  "domain-config-rest": piece(
    ["config", "config-schema-load", "team-config"],
    ["config-problems", "team-config-bounds", "team-config", "config-cache", "config-schema-refines", "engine-domain", "trust", "anchor-check", "iam-policy"],
  ),
};
