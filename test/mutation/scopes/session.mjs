// Scopes over source/session/ added after stryker.config.mjs and stryker-scopes-res.mjs filled up: one file
// per folder so work on different folders never edits the same file. Same shape as those: a scope
// mutates a few files and runs only the test files that reach them.
export const SCOPES_SESSION = {
  // mut-session helper (2026-12-04, issue 19): the streaming check on chains built in memory and the
  // journal's path and stamps, without the golive processes session-stream's tests spawn per case.
  "session-stream-units": {
    mutate: ["source/session/stream-check.ts", "source/session/journal-path.ts"],
    tests: ["test/unit/stream-check-chain.test.ts", "test/unit/journal-path.test.ts"],
  },
  // The layout's bytes and the cache of repeated strings that event-text.ts reads events with, by
  // event-text's own tests (session-units scores event-text.ts itself).
  "session-event-bytes": {
    mutate: ["source/session/event-layout.ts", "source/session/known-strings.ts"],
    tests: ["test/unit/event-text.test.ts", "test/unit/event-text-edges.test.ts", "test/unit/known-strings.test.ts"],
  },
  // Three small parts by their own unit tests: why an event after sign-off is recorded
  // (amendment.ts), the reduced state kept per file (reduced.ts), a dead writer's temp files.
  "session-small": {
    mutate: ["source/session/amendment.ts", "source/session/reduced.ts", "source/session/dead-temps.ts"],
    tests: ["test/unit/session-small-parts.test.ts"],
  },
  // An approver's write to the shared log, on a log in memory that keeps the port's promise.
  "session-approval-append": {
    mutate: ["source/session/approval-append.ts"],
    tests: ["test/unit/approval-append.test.ts"],
  },
  // A session document loaded: rechecked, handed over from the listing's parse, or trusted by its
  // marker, on files in a temp directory.
  "session-load": {
    mutate: ["source/session/load.ts"],
    tests: ["test/unit/load-document.test.ts"],
  },
  // Where a record the session could not take is written and how it is merged back, on files in a
  // temp directory and a store in memory that records its appends.
  "session-fallback": {
    mutate: ["source/session/fallback.ts", "source/session/fallback-merge.ts"],
    tests: ["test/unit/fallback-files.test.ts"],
  },
  // SSH keys and signatures against ssh-keygen itself (keys it writes, signatures each way): a few
  // ssh-keygen runs per test file, milliseconds each. session-ssh's tests reach ssh-keys.ts only
  // through allowed_signers (64 of 283 mutants covered).
  "session-ssh-files": {
    mutate: ["source/session/ssh-keys.ts", "source/session/ssh-sig.ts"],
    tests: ["test/unit/ssh-keys-files.test.ts", "test/unit/ssh-keys-exact.test.ts"],
  },
  // mut-stext helper (2026-12-04 evening): allowed_signers' lines by their own unit tests
  // (milliseconds), apart from session-units, which also runs the slower tests of other files.
  // document.ts by its own tests, one of them in a fresh module graph (zod's schemas not yet loaded,
  // as at a command's start), which session-read's shared graph never is.
  "session-document": {
    mutate: ["source/session/document.ts"],
    tests: ["test/unit/document-edges.test.ts", "test/unit/document-schemas-load.test.ts"],
  },
  // shape.ts by its own test alone (milliseconds): session-read's run scored :28 (two()'s body
  // emptied) survived though session-shape's Date.parse spy test is red with it applied by hand.
  "session-shape": {
    mutate: ["source/session/shape.ts"],
    tests: ["test/unit/session-shape.test.ts"],
  },
  // event-text.ts on pieces cut at every byte or with one byte forged, inside read-doc's buffers
  // (under a second a run): run over its survivors' lines (`--mutate`).
  "session-event-text-forged": {
    mutate: ["source/session/event-text.ts"],
    tests: ["test/unit/event-text-forged.test.ts"],
  },
  "session-ssh-signers": {
    mutate: ["source/session/ssh-signers.ts"],
    tests: ["test/unit/ssh-signers.test.ts", "test/unit/ssh-signers-lines.test.ts"],
  },
  // Who a lock's holder is (pid, start time, boot) and whether it is proven gone, read from this
  // process and pids no process holds.
  "session-proc": {
    mutate: ["source/session/proc.ts"],
    tests: ["test/unit/proc-identity.test.ts"],
  },
  // The sessions directory listed and a session chosen from it, on sessions created in a temp
  // directory in-process.
  "session-sessions": {
    mutate: ["source/session/sessions.ts"],
    tests: ["test/unit/sessions-dir.test.ts"],
  },
  // A writer's open from the kept state: its own integration test (in-process, 200-event sessions in
  // a temp directory; about 10 s for the file, a few tests per mutant).
  "session-kept-open": {
    mutate: ["source/session/kept-open.ts"],
    tests: ["test/integration/kept-open.test.ts", "test/integration/kept-open-edges.test.ts"],
  },
  // What binds the kept state to its document (stat identity, checksum, the tail's last event), by
  // a unit test of its own in a temp directory: session-kept's tests build whole sessions per case
  // (5-8 s a mutant).
  "session-kept-binding": {
    mutate: ["source/session/kept-binding.ts"],
    tests: ["test/unit/kept-binding-units.test.ts", "test/unit/kept-binding-clock.test.ts"],
  },
  // event-text.ts again, by the tests that stream whole chains through it (stream-check-chain's
  // sessions have events of several data keys, sorted by event-text's own insertion sort): run over
  // session-units' survivors only (`--mutate` with their lines).
  "session-event-text-chain": {
    mutate: ["source/session/event-text.ts"],
    tests: ["test/unit/stream-check-chain.test.ts", "test/unit/load-document.test.ts"],
  },
  // read-doc.ts by a handle in memory that notes each read asked for and may answer short reads
  // (read-doc-units, milliseconds): session-read's run scored it without the header, identity and
  // export readers any of its tests reached, and its kills by read-doc.test.ts (property tests over
  // 6,000-event documents, ~30 s a mutant at load 20) still count beside this scope's.
  "session-read-doc": {
    mutate: ["source/session/read-doc.ts"],
    tests: ["test/unit/read-doc-units.test.ts"],
  },
  // anchor.ts by its two test files alone (pure functions, milliseconds a test): session-read scored
  // it before anchor-edges.test.ts was written, whose kills were checked by hand only.
  "session-anchor": {
    mutate: ["source/session/anchor.ts"],
    tests: ["test/unit/anchor-check.test.ts", "test/unit/anchor-edges.test.ts"],
  },
  // json-keys.ts by its own unit test alone (milliseconds): session-units scored it before that test's
  // later cases (a long inner object's Set) were written.
  "session-json-keys": {
    mutate: ["source/session/json-keys.ts"],
    tests: ["test/unit/json-keys.test.ts"],
  },
  // mut-cache helper (2026-12-04, issue 19): the kept state written and read back on chains built in
  // memory and documents in a temp directory (milliseconds), without the whole sessions
  // state-cache.test.ts and kept-open's tests build per case.
  "session-state-cache": {
    mutate: ["source/session/state-cache.ts"],
    tests: ["test/unit/state-cache-units.test.ts", "test/unit/state-cache-stale.test.ts"],
  },
  // mut-session helper (2026-12-04 evening): team mode's store (s3-store.ts) on a shared log in memory
  // that keeps the port's promise, with real session files in a temp directory (milliseconds a case);
  // its moto tests (s3-store.test.ts, the chaos and contention ones) start servers and CLIs per file.
  "session-s3-store": {
    mutate: ["source/session/s3-store.ts"],
    tests: ["test/unit/s3-store-units.test.ts", "test/unit/s3-store-rebase.test.ts"],
  },
  // store.ts's lines that session-store's integration tests left unrun (SessionStore.start's body,
  // added after that run), by store-edges' unit tests alone: run with `--mutate` on those lines.
  "session-store-edges": {
    mutate: ["source/session/store.ts"],
    tests: ["test/unit/store-edges.test.ts"],
  },
};
