// The scopes over runbook/, engine/ and session/ (stryker.config.mjs holds domain/'s and spreads
// these in; split out to keep that file under the repo's 400-line limit). Each scope mutates a few
// files and runs only the test files that reach them; see stryker.config.mjs for how to run one.
export const RES_SCOPES = {
  engine: {
    mutate: ["source/engine/**/*.ts"],
    tests: [
      "test/unit/engine-domain.test.ts",
      "test/unit/gate.test.ts",
      "test/integration/engine.test.ts",
      "test/integration/gates.test.ts",
      "test/integration/traffic-actor.test.ts",
      "test/integration/traffic-model.test.ts",
      "test/integration/promote-aws-down.test.ts",
      "test/integration/plan-in-force.test.ts",
      "test/integration/run-blocks.test.ts",
    ],
  },
  // The disk layer every record goes through (temp, fsync, rename, fsync the directory) and the
  // words a lead reads when the disk fails: fast unit tests and the production fsync proof only. The
  // journal's and the store's own tests (kill -9 loops, racing processes: 20-30 s a file) stay in
  // `session`, which takes hours here.
  "session-disk": {
    mutate: ["source/session/disk.ts", "source/session/durable.ts"],
    tests: [
      "test/unit/storage-errors.test.ts",
      "test/unit/disk-writes.test.ts",
      "test/unit/read-identified.test.ts",
      "test/integration/fsync.test.ts",
      "test/integration/fallback.test.ts",
    ],
  },
  session: {
    mutate: ["source/session/**/*.ts"],
    tests: [
      "test/unit/session-domain.test.ts",
      "test/integration/journal.test.ts",
      "test/integration/lock.test.ts",
      "test/integration/session-store.test.ts",
      "test/integration/fallback.test.ts",
      "test/integration/record-files.test.ts",
      "test/integration/sealed.test.ts",
    ],
  },
  // The session files whose own unit tests take milliseconds to a few seconds: per mutant the fixed
  // second of a fresh vitest worker, not the seconds-long store and journal integration tests.
  "session-units": {
    mutate: [
      "source/session/json-keys.ts",
      "source/session/config-cache.ts",
      "source/session/ssh-signers.ts",
      "source/session/first-event.ts",
      "source/session/event-text.ts",
    ],
    tests: [
      "test/unit/json-keys.test.ts",
      "test/unit/config-cache.test.ts",
      "test/unit/ssh-signers.test.ts",
      "test/unit/approval.test.ts",
      "test/unit/first-event.test.ts",
      "test/unit/event-text.test.ts",
      "test/unit/event-text-edges.test.ts",
      "test/unit/ssh-signers-lines.test.ts",
    ],
  },
  // mutate2 helper (2026-12-03, issue 19): the session document's shape, schema and readers with
  // their own unit tests (property tests over generated documents: seconds a test).
  "session-read": {
    mutate: [
      "source/session/shape.ts",
      "source/session/schema.ts",
      "source/session/document.ts",
      "source/session/read-doc.ts",
      "source/session/anchor.ts",
    ],
    tests: [
      "test/unit/session-shape.test.ts",
      "test/unit/read-doc.test.ts",
      "test/unit/anchor-check.test.ts",
      "test/unit/document-edges.test.ts",
      "test/unit/anchor-edges.test.ts",
    ],
  },
  // The engine modules that take their inputs as values or as ports a test hands in (no sandbox, no
  // session store): what engine/ can score today at about a second per mutant. The rest of engine/
  // is reached only through engineOnSandbox (test/MUTATION.md: why that costs minutes a mutant).
  "engine-units": {
    mutate: [
      "source/engine/fleet.ts",
      "source/engine/fleet-text.ts",
      "source/engine/fleet-cadence.ts",
      "source/engine/finish-rollback.ts",
      "source/engine/check-command.ts",
      "source/engine/check-fields.ts",
      "source/engine/pending-periods.ts",
      "source/engine/elb-verdict.ts",
      "source/engine/limits.ts",
      "source/engine/listener-truth.ts",
      "source/engine/stated-percentiles.ts",
      "source/engine/young-period.ts",
      "source/engine/gate-parts.ts",
      "source/engine/bindings.ts",
      "source/engine/step-blanks.ts",
      "source/engine/confirmed-moved.ts",
      "source/engine/monitor-snapshot.ts",
    ],
    tests: [
      "test/unit/fleet.test.ts",
      "test/unit/fleet-cadence.test.ts",
      "test/unit/finish-rollback.test.ts",
      "test/unit/hostile-shell.test.ts",
      "test/unit/check-command.test.ts",
      "test/unit/check-fields.test.ts",
      "test/unit/pending-periods.test.ts",
      "test/unit/listener-truth.test.ts",
      "test/unit/stated-percentiles.test.ts",
      "test/unit/young-period.test.ts",
      "test/unit/gate-parts.test.ts",
      "test/unit/runbook-bindings.test.ts",
      "test/unit/confirmed-moved.test.ts",
    ],
  },
  // mutate2 helper (2026-12-03, issue 19): engine/ and session/ files not scored before, each with the
  // tests that reach it. The traffic actor, its records and the rollback's verification with their
  // own unit tests (ports in memory: milliseconds a test).
  "engine-actor": {
    mutate: [
      "source/engine/traffic-actor.ts",
      "source/engine/traffic-record.ts",
      "source/engine/verify-blue.ts",
    ],
    tests: [
      "test/unit/traffic-actor.test.ts",
      "test/unit/traffic-record.test.ts",
      "test/unit/verify-blue.test.ts",
    ],
  },
  // The promote and rollback intents, through the engine on the in-process sandbox
  // (a few seconds a test): the traffic actor's integration tests only.
  "engine-traffic": {
    mutate: ["source/engine/traffic-promote.ts", "source/engine/traffic-rollback.ts"],
    tests: [
      "test/integration/traffic-actor.test.ts",
      "test/integration/traffic-fence-recheck.test.ts",
      "test/integration/traffic-findings.test.ts",
    ],
    // Two engines on one session: over the 60 s test timeout instrumented at load 27 (the dry run
    // failed on it, 2026-12-03 10:29 UTC).
    skip: "across processes",
    // traffic-findings kill -9s a spawned bin/golive.js: the sandbox needs dist/ built.
    build: true,
  },
  // runbook/ but its two Markdown parsers: the tests that parse the seeds, the fixtures and small
  // runbooks (about 25 s of tests for a survivor). The parsers' equivalence tests (a 10,000-item
  // runbook, 400-600 generated documents: 57 s) would be paid by every mutant of the folder, since
  // they parse through all of it; they run in `runbook-markdown`, over the parsers only.
  runbook: {
    mutate: [
      "source/runbook/**/*.ts",
      "!source/runbook/markdown-plain.ts",
      "!source/runbook/markdown-runs.ts",
      "!source/runbook/cache.ts",
    ],
    tests: [
      "test/unit/runbook-blocks.test.ts",
      "test/unit/runbook-other.test.ts",
      "test/unit/runbook-plan.test.ts",
      "test/unit/runbook-seeds.test.ts",
      "test/unit/hostile-shell.test.ts",
      "test/unit/go-nogo.test.ts",
      "test/unit/threshold-words.test.ts",
      "test/unit/runbook-words.test.ts",
      "test/unit/runbook-choices.test.ts",
      "test/unit/runbook-outline.test.ts",
    ],
  },
  // The runbook's shell scanners and choice boxes with their own unit tests only (seconds a mutant):
  // in `runbook` every survivor also runs the seed-parsing tests, most of an hour for these three.
  "runbook-words": {
    mutate: ["source/runbook/choices.ts", "source/runbook/shell-words.ts", "source/runbook/command-words.ts"],
    tests: ["test/unit/runbook-words.test.ts", "test/unit/runbook-choices.test.ts"],
  },
  // The parse cache, with its own tests only (they parse every seed, 8 s: too dear for the folder).
  "runbook-cache": {
    mutate: ["source/runbook/cache.ts"],
    tests: ["test/unit/runbook-cache.test.ts"],
  },
  "runbook-markdown": {
    mutate: ["source/runbook/markdown-plain.ts", "source/runbook/markdown-runs.ts"],
    tests: [
      "test/unit/runbook-plain-markdown.test.ts",
      "test/unit/runbook-markdown-runs.test.ts",
      "test/unit/runbook-other.test.ts",
    ],
  },
  // mutate2 helper (2026-12-03 13:00 UTC): the journal and the lock with unit tests of their own
  // (real files in a temp directory, the Disk seam counting the calls: a second a file), instead of
  // the store's kill -9 and racing-process tests that made a mutant cost half a minute.
  "session-journal": {
    mutate: ["source/session/journal.ts"],
    tests: ["test/unit/journal-disk.test.ts"],
  },
  "session-lock": {
    mutate: ["source/session/lock.ts"],
    tests: ["test/unit/lock-records.test.ts"],
  },
  // The canary plan and the parser's walk, each with the unit tests that parse small runbooks (and
  // the seeds once): in `runbook` every survivor paid the seed-parsing tests, 10-25 s a mutant.
  "runbook-plan": {
    mutate: ["source/runbook/plan.ts"],
    tests: ["test/unit/runbook-plan.test.ts", "test/unit/plan-edges.test.ts", "test/unit/plan-words.test.ts"],
  },
  "runbook-parse": {
    mutate: ["source/runbook/parse.ts"],
    tests: [
      "test/unit/runbook-plan.test.ts",
      "test/unit/runbook-other.test.ts",
      "test/unit/runbook-blocks.test.ts",
      "test/unit/runbook-choices.test.ts",
      "test/unit/threshold-words.test.ts",
      "test/unit/go-nogo.test.ts",
      "test/unit/parse-edges.test.ts",
    ],
  },
  // mutate2 helper (2026-12-03 20:15 UTC): session/ files reached by fast in-process unit tests of
  // their own. The kept state status and list read (state-cache, its stat binding, the verified
  // marker), with the tests that bind it, corrupt it and read it back (2-4 s a file).
  "session-kept": {
    mutate: ["source/session/state-cache.ts", "source/session/kept-binding.ts", "source/session/verified.ts"],
    tests: [
      "test/unit/state-cache.test.ts",
      "test/unit/kept-stat-binding.test.ts",
      "test/unit/verified-cache.test.ts",
      "test/unit/verified-marker.test.ts",
    ],
  },
  // The export's streaming check of a record and the paths and stamps of a session's files.
  "session-stream": {
    mutate: ["source/session/stream-check.ts", "source/session/journal-path.ts"],
    tests: ["test/unit/stream-check.test.ts", "test/unit/stream-check-export.test.ts"],
  },
  // The SSH public-key blobs allowed_signers names (ssh-signers.ts is in session-units).
  "session-ssh": {
    mutate: ["source/session/ssh-keys.ts"],
    tests: ["test/unit/ssh-signers.test.ts", "test/unit/ssh-signers-lines.test.ts"],
  },
  // mutate-session helper (2026-12-04, issue 19): the store (open, append queue, refresh, close) with
  // the in-process tests that open real sessions in a temp directory; the kill -9 loops run dist/ in
  // child processes (no mutant reaches them) and cost 10 s a run, so they are skipped by name.
  "session-store": {
    mutate: ["source/session/store.ts"],
    tests: [
      "test/unit/store-refresh-order.test.ts",
      "test/unit/store-edges.test.ts",
      "test/integration/session-store.test.ts",
      "test/integration/journal.test.ts",
      "test/integration/close-compact.test.ts",
      "test/integration/formats.test.ts",
      "test/integration/fallback.test.ts",
      "test/integration/lock-listeners.test.ts",
      "test/integration/sealed.test.ts",
      "test/integration/kept-open.test.ts",
    ],
    skip: "kill -9|kills at random",
  },
  // The lead lease over an object store in memory that keeps the port's promise (milliseconds a
  // mutant; s3-lease.test.ts, the same class on moto, starts moto in every fresh runner).
  "session-lease": {
    mutate: ["source/session/s3-lease.ts"],
    tests: ["test/unit/s3-lease-memory.test.ts"],
  },
  // The promote and rollback halves on a TrafficCore in memory (test/helpers/traffic-core.ts: the
  // actor, the listener truth and the records golive's own, the ports scripted): milliseconds a
  // test, where `engine-traffic` pays the sandbox and the engine for each mutant.
  "engine-traffic-units": {
    mutate: [
      "source/engine/traffic-promote.ts",
      "source/engine/traffic-rollback.ts",
      // Their read-back deadline and failed-shift record (mutate-engine helper, 2026-12-04).
      "source/engine/traffic-types.ts",
    ],
    tests: ["test/unit/traffic-promote.test.ts", "test/unit/traffic-rollback.test.ts"],
  },
  // mutate-engine helper (2026-12-04, issue 19): the rollback triggers, judged and acted on, with
  // their ports in memory (an alert book and a controller that record what they are asked): where
  // the engine's integration tests pay the sandbox for every mutant.
  "engine-triggers": {
    mutate: [
      "source/engine/triggers.ts",
      "source/engine/trigger-actions.ts",
      "source/engine/trigger-share.ts",
    ],
    tests: ["test/unit/triggers-judge.test.ts", "test/unit/trigger-actions.test.ts"],
  },
  // The Kubernetes rollback with a Deployment in memory (the integration test drives kubectl on the
  // sandbox: seconds a test).
  "engine-k8s-rollback": {
    mutate: ["source/engine/k8s-rollback.ts"],
    tests: ["test/unit/k8s-rollback-units.test.ts"],
  },
  // Alert episodes and acknowledgements over a recorder in memory that folds with the reducer.
  "engine-alerts": {
    mutate: ["source/engine/alerts.ts"],
    tests: ["test/unit/alert-book.test.ts"],
  },
  // The checkpoint table and the baseline with CloudWatch and the session in memory.
  "engine-checkpoints": {
    mutate: ["source/engine/checkpoints.ts"],
    tests: ["test/unit/checkpoints-units.test.ts"],
  },
  // `golive status`'s gate from the record, over a record folded with the reducer.
  "engine-recorded-gate": {
    mutate: ["source/engine/recorded-gate.ts"],
    tests: ["test/unit/recorded-gate.test.ts"],
  },
  // The monitor's poll loops on vitest's fake timers.
  "engine-poll-loops": {
    mutate: ["source/engine/poll-loops.ts"],
    tests: ["test/unit/poll-loops.test.ts"],
  },
};
