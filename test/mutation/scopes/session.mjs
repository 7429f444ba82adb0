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
};
