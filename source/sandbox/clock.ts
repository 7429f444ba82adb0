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
  let manualNow = base;
  if (opts.manual) {
    return {
      speed,
      manual: true,
      now: () => manualNow,
      advance(ms) {
        if (ms < 0) throw new RangeError("the sandbox clock only moves forward");
        manualNow += ms;
      },
      set(ms) {
        manualNow = ms;
      },
    };
  }
  let anchor = realStart;
  return {
    speed,
    manual: false,
    now: () => base + (realNow() - anchor) * speed,
    advance(ms) {
      base += ms;
    },
    set(ms) {
      base = ms;
      anchor = realNow();
    },
  };
}
