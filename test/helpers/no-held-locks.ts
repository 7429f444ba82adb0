/**
 * Setup file (vitest.config.ts): a test file that leaves a session lock held fails. A store left
 * open keeps its lock and journal file handle for the rest of the worker — with `isolate: false`
 * for every later file too — which once showed up only as MaxListenersExceededWarning.
 */
import { afterAll, beforeAll } from "vitest";
import { heldLocks } from "../../source/session/lock.js";

let before = new Set<string>();
beforeAll(() => {
  before = new Set(heldLocks());
});
afterAll(() => {
  const left = heldLocks().filter((f) => !before.has(f));
  if (left.length > 0)
    throw new Error(
      `${left.length} session lock(s) still held after this file's tests (close every SessionStore it opens): ${left.join(", ")}`,
    );
});
