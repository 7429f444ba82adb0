/**
 * AWS is the source of truth; the session records observations. Every listener read carries the
 * write generation it may reflect (the actor's count of writes started before it). A read older
 * than the last write, or taken before that write returned plus the settle window (DescribeListeners
 * is eventually consistent), is no evidence of anything. Drift — and reconciling a pending intent
 * whose process died or whose confirmation was never recorded — needs two agreeing fresh reads;
 * their weights become the confirmed weights (and the dwell restarts).
 */
import { sameWeights } from "../domain/canary.js";
import type { SessionState, TrafficObservation, Weights } from "../domain/events.js";
import type { EngineClock, ListenerState, TrafficPort } from "../domain/ports.js";
import type { TrafficActor } from "./traffic-actor.js";

/** How long after a write (or a recorded shift) a read may still show the listener before it. */
export const SETTLE_MS = 10_000;

export interface TaggedRead {
  listener: ListenerState;
  /** The actor's write generation when the read started. */
  gen: number;
  startedAt: number;
  seq: number;
}

export type Verdict =
  | { kind: "none" }
  | { kind: "first-sight"; weights: Weights }
  | { kind: "drift"; expected: Weights; actual: Weights }
  | { kind: "reconcile"; observation: TrafficObservation; weights: Weights; expected: Weights | null };

export class ListenerTruth {
  last?: TaggedRead;
  private candidate?: TaggedRead;
  private seq = 0;

  constructor(
    private d: { traffic: TrafficPort; actor: TrafficActor; clock: EngineClock; settleMs?: number },
  ) {}

  async read(opts?: { rules?: boolean }): Promise<TaggedRead> {
    const gen = this.d.actor.writes.gen;
    const startedAt = this.d.clock.now();
    const listener = await this.d.traffic.read(opts);
    const r = { listener, gen, startedAt, seq: ++this.seq };
    // An older read finishing late never replaces a newer one.
    if (!this.last || r.gen > this.last.gen || (r.gen === this.last.gen && r.seq > this.last.seq))
      this.last = r;
    return r;
  }

  /** No write started since the read started, and it started after the settle window of the last one. */
  isFresh(r: TaggedRead, s: SessionState): boolean {
    const settle = this.d.settleMs ?? SETTLE_MS;
    const w = this.d.actor.writes;
    if (r.gen !== w.gen || r.startedAt < w.endedAt + settle) return false;
    // A shift recorded by another process (or before a restart) settles the same way.
    const recorded = Math.max(
      s.shift ? Date.parse(s.shift.since) : Number.NEGATIVE_INFINITY,
      s.weightsSince ? Date.parse(s.weightsSince) : Number.NEGATIVE_INFINITY,
    );
    return !(r.startedAt < recorded + settle);
  }

  /** True when `r` is the second of two fresh reads that agree; otherwise remembers it as the first. */
  private agrees(r: TaggedRead, s: SessionState): boolean {
    const c = this.candidate;
    if (c && c.seq < r.seq && this.isFresh(c, s) && sameRaw(c.listener, r.listener)) {
      this.candidate = undefined;
      return true;
    }
    this.candidate = r;
    return false;
  }

  /**
   * What a poll's read means for the session. Nothing while an intent runs (it owns the listener);
   * nothing from a stale read; drift or a reconciliation only on the second agreeing fresh read.
   */
  judge(r: TaggedRead, s: SessionState, opts: { twoReads?: boolean } = {}): Verdict {
    if (this.d.actor.busy) return { kind: "none" };
    const actual = r.listener.weights;
    if (s.weights === null && !s.shift) return { kind: "first-sight", weights: actual };
    if (!this.isFresh(r, s)) return { kind: "none" };
    const at100 = actual.green === 0 && actual.blue > 0;
    // A rollback that failed (and said so) is the lead's to retry; AWS at 100/0 closes it.
    const failedRollback = !s.shift && !!s.rollback?.failed && !s.rollback.completedAt && at100;
    if (!s.shift && !failedRollback && sameWeights(s.weights, actual)) {
      this.candidate = undefined;
      return { kind: "none" };
    }
    if ((opts.twoReads ?? true) && !this.agrees(r, s)) return { kind: "none" };
    if (s.shift) {
      const to = s.shift.kind === "promote" ? s.shift.to : { blue: 100, green: 0 };
      const done = s.shift.kind === "promote" ? sameWeights(actual, to) : at100;
      const observation = done
        ? "reconciled-completed"
        : sameWeights(actual, s.weights)
          ? "reconciled-not-applied"
          : "reconciled-other";
      return { kind: "reconcile", observation, weights: actual, expected: to };
    }
    if (failedRollback)
      return {
        kind: "reconcile",
        observation: "reconciled-completed",
        weights: actual,
        expected: { blue: 100, green: 0 },
      };
    return { kind: "drift", expected: s.weights!, actual };
  }
}

/** The same listener as far as traffic goes: raw weights of both colors (exact, not rounded). */
export function sameRaw(a: ListenerState, b: ListenerState): boolean {
  return a.raw.blue === b.raw.blue && a.raw.green === b.raw.green;
}

/** The same listener as a plan saw it: the whole default action list, not only the weights. */
export function sameListener(a: ListenerState, b: ListenerState): boolean {
  return sameRaw(a, b) && JSON.stringify(a.actions ?? null) === JSON.stringify(b.actions ?? null);
}
