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
  /** When this process began: an older pending rollback is the reopen's to reconcile, not ours. */
  since: number;
  capMs: number;
}

export function rollbackToFinish(o: FinishRollbackInput): Promise<void> | undefined {
  const waits: Promise<unknown>[] = [...o.tracked];
  const s = o.state();
  if (s.shift && s.shift.kind !== "promote" && Date.parse(s.shift.since) >= o.since - 1000)
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
