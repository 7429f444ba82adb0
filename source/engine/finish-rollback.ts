/**
 * Issue 12, I3: what quitting (q, Ctrl-C, SIGTERM, SIGHUP) waits for — every rollback this process
 * has on the wire, and a rollback the session shows in flight since the process began (the
 * monitor's auto-rollback) — so golive exits only after the write and its read-back, or their
 * timeout, are recorded. Bounded by `capMs` (the controller records its own timeout well before),
 * so a quit never waits forever. Undefined: nothing to finish, quit at once.
 */
import type { SessionState } from "../domain/events.js";

export interface FinishRollbackInput {
  tracked: Iterable<Promise<unknown>>;
  state: () => SessionState;
  onChange: (fn: () => void) => () => void;
  /**
   * The session's last event when this process opened it: a rollback requested after it is this
   * process's (its monitor's auto-rollback); an older pending one is the reopen's to reconcile and
   * offer again, not something to wait for. An event number, not a time: a process restarted
   * within the same second (or on a clock that stands still) must not wait on a dead one's rollback.
   */
  sinceSeq: number;
  capMs: number;
}

export function rollbackToFinish(o: FinishRollbackInput): Promise<void> | undefined {
  const waits: Promise<unknown>[] = [...o.tracked];
  const s = o.state();
  if (s.shift && s.shift.kind !== "promote" && s.shift.seq > o.sinceSeq)
    waits.push(until(o, (x) => !x.shift || x.shift.kind === "promote"));
  return waits.length ? Promise.allSettled(waits).then(() => undefined) : undefined;
}

/** Resolves when the state satisfies `done`, or after `capMs` of real time. */
function until(o: FinishRollbackInput, done: (s: SessionState) => boolean): Promise<void> {
  return new Promise<void>((resolve) => {
    if (done(o.state())) return resolve();
    const timer = setTimeout(finish, o.capMs);
    const off = o.onChange(() => {
      if (done(o.state())) finish();
    });
    function finish() {
      clearTimeout(timer);
      off();
      resolve();
    }
  });
}
