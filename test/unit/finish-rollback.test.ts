/**
 * I3 at quit: golive waits for a rollback of its own (tracked, or begun by its monitor since it
 * opened the session) and never for one a killed process left behind — that one is the reopen's to
 * offer again. Ownership is by event number, so a restart within the same second (or a clock that
 * stands still, as the sandbox's does in tests) cannot make a new process wait on a dead one.
 */
import { describe, expect, it } from "vitest";
import type { SessionState } from "../../source/domain/events.js";
import { rollbackToFinish } from "../../source/engine/finish-rollback.js";

const rolling = (seq: number) =>
  ({
    shift: { kind: "rollback", to: { blue: 100, green: 0 }, since: "2026-11-23T12:00:00.000Z", seq },
  }) as SessionState;

function harness(initial: SessionState) {
  let state = initial;
  const fns = new Set<() => void>();
  return {
    state: () => state,
    onChange: (fn: () => void) => {
      fns.add(fn);
      return () => fns.delete(fn);
    },
    set(s: SessionState) {
      state = s;
      for (const fn of fns) fn();
    },
    listeners: () => fns.size,
  };
}

describe("rollbackToFinish", () => {
  it("a rollback requested before this process opened the session (same instant): nothing to wait for", () => {
    const h = harness(rolling(7));
    expect(rollbackToFinish({ tracked: [], ...h, sinceSeq: 7, capMs: 60_000 })).toBeUndefined();
  });

  it("a rollback this process's monitor began: waits until the session shows it ended", async () => {
    const h = harness(rolling(8));
    const wait = rollbackToFinish({ tracked: [], ...h, sinceSeq: 7, capMs: 60_000 });
    expect(wait).toBeDefined();
    let done = false;
    void wait!.then(() => {
      done = true;
    });
    // Every promise job that could settle it has run: one macrotask turn drains them all.
    const settled = () => new Promise((r) => setImmediate(r));
    await settled();
    expect(done).toBe(false);
    // Another change that still shows a rollback (a later rollback request) is not its end.
    h.set(rolling(9));
    await settled();
    expect(done).toBe(false);
    h.set({ shift: undefined } as SessionState);
    await wait;
    expect(done).toBe(true);
    expect(h.listeners()).toBe(0);
  });

  it("a promote begun after the rollback is its end too", async () => {
    const h = harness(rolling(8));
    const wait = rollbackToFinish({ tracked: [], ...h, sinceSeq: 7, capMs: 60_000 });
    let done = false;
    void wait!.then(() => {
      done = true;
    });
    await new Promise((r) => setImmediate(r));
    expect(done).toBe(false);
    h.set({ shift: { ...rolling(10).shift!, kind: "promote" } } as SessionState);
    await wait;
    expect(h.listeners()).toBe(0);
  });

  it("a promote in flight is not waited for; a tracked rollback is", async () => {
    const promote = { shift: { ...rolling(9).shift!, kind: "promote" } } as SessionState;
    expect(
      rollbackToFinish({ tracked: [], ...harness(promote), sinceSeq: 1, capMs: 60_000 }),
    ).toBeUndefined();
    let release = () => {};
    const tracked = new Promise<void>((r) => {
      release = r;
    });
    const wait = rollbackToFinish({ tracked: [tracked], ...harness(promote), sinceSeq: 1, capMs: 60_000 });
    expect(wait).toBeDefined();
    release();
    await wait;
  });
});
