// Scopes over source/session/'s disk side (the kept state, the journal, the lock, the process probe),
// in a file of their own so two helpers on session/ never edit the same scope file. Same shape as
// session.mjs.
export const SCOPES_SESSION_DISK = {
  // mut-sdisk helper (2026-12-04, issue 19): journal.ts where journal-disk's cases do not go (a read
  // that never stops moving, a stat that fails other than ENOENT, the open from the kept state), by
  // its own unit file alone: run with `--mutate` on those lines, session-journal keeps the rest.
  "session-journal-edges": {
    mutate: ["source/session/journal.ts"],
    tests: ["test/unit/journal-edges.test.ts"],
  },
  // lock.ts when the file system answers what root cannot stage (mkdir's EEXIST after an lstat's
  // ENOENT, a full disk on mkdir, a lock directory that cannot be listed): node:fs/promises wrapped.
  "session-lock-faults": {
    mutate: ["source/session/lock.ts"],
    tests: ["test/unit/lock-faults.test.ts"],
  },
  // sessions.ts's listing of a session with a kept state (the stat-bound read, no whole document),
  // which sessions-dir's sessions (no build, so no kept state) never reach.
  "session-sessions-kept": {
    mutate: ["source/session/sessions.ts"],
    tests: ["test/unit/sessions-kept.test.ts"],
  },
  // store.ts's open from the kept state, a writer's only: a viewer's events read lazily would fail
  // once a writer compacts (session-store's tests open viewers only of sessions without one); and a
  // writer's refresh, which must not re-read while an append waits for its fsync.
  "session-store-kept": {
    mutate: ["source/session/store.ts"],
    tests: ["test/unit/store-kept-reader.test.ts", "test/unit/store-writer-refresh.test.ts"],
  },
  // kept-binding.ts's checksum under --pending-deprecation (node:zlib's crc32, not the binding's),
  // by a test that loads the module again with NODE_OPTIONS saying so.
  "session-kept-binding-crc": {
    mutate: ["source/session/kept-binding.ts"],
    tests: ["test/unit/kept-binding-crc.test.ts"],
  },
};
