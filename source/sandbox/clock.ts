/**
 * The sandbox's clock: real time, N× faster (rehearsals), or stepped by hand (tests). Everything
 * in the sandbox (task start-up, metric periods, fault windows) reads this clock only.
 */
export interface SandboxClock {
  now(): number;
  readonly speed: number;
  readonly manual: boolean;
  /** Manual clocks only: move time forward. */
  advance(ms: number): void;
  set(ms: number): void;
  /** How many times the clock has been moved (advance or set) since it started. */
  readonly moves: number;
  /**
   * Calls `fn` once, at the next move; returns the unsubscribe. A viewer's long-poll read
   * (`GET /_sandbox/clock?moves=N`) is held on it instead of the viewer asking every second.
   */
  onMove(fn: () => void): () => void;
  /** Calls `fn` at every move until unsubscribed (the demo's engine re-reads at each jump); not a held read. */
  onEveryMove(fn: () => void): () => void;
  /** How many `onMove` calls wait now (tests wait for a held read to arrive). */
  readonly waiting: number;
}

export function createClock(
  opts: { speed?: number; manual?: boolean; start?: number; realNow?: () => number } = {},
): SandboxClock {
  const realNow = opts.realNow ?? Date.now;
  const speed = opts.speed ?? 1;
  if (!(speed > 0) || !Number.isFinite(speed))
    throw new RangeError(`speed must be a positive number, got ${speed}`);
  const realStart = realNow();
  let base = opts.start ?? realStart;
  let anchor = realStart;
  let moves = 0;
  const watchers = new Set<() => void>();
  const followers = new Set<() => void>();
  const moved = () => {
    moves++;
    const due = [...watchers, ...followers];
    watchers.clear();
    for (const fn of due) fn();
  };
  const manual = opts.manual === true;
  return {
    speed,
    manual,
    now: () => (manual ? base : base + (realNow() - anchor) * speed),
    advance(ms) {
      if (manual && ms < 0) throw new RangeError("the sandbox clock only moves forward");
      base += ms;
      moved();
    },
    set(ms) {
      base = ms;
      anchor = realNow();
      moved();
    },
    get moves() {
      return moves;
    },
    get waiting() {
      return watchers.size;
    },
    onMove(fn) {
      // Each call its own entry: two reads holding the same function still get one call each.
      const once = () => fn();
      watchers.add(once);
      return () => void watchers.delete(once);
    },
    onEveryMove(fn) {
      const each = () => fn();
      followers.add(each);
      return () => void followers.delete(each);
    },
  };
}
