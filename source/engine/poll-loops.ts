/**
 * The monitor's poll loops: each poll on its own timer (its interval, backed off on failure), and
 * every one of them at once when the session clock jumps. A lead who moves a rehearsal's sandbox
 * clock makes every observation old at once; waiting out the timers (5 real seconds for the
 * listener) leaves the gate saying "no evidence" meanwhile. A poll never overlaps itself: asked for
 * while it runs (in its loop or by a caller's own read), it runs once more when that read ends.
 */
export interface PollLoop {
  name: string;
  /** Real ms until the next tick: the interval, backed off after failures. */
  delay: () => number;
  tick: () => Promise<unknown>;
  /** What an immediate tick runs, when it differs (the fleet reads whatever its cadence says). */
  now?: () => Promise<unknown>;
}

export class PollLoops {
  private readonly loops = new Map<string, PollLoop>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly ticking = new Set<string>();
  private readonly again = new Set<string>();
  private stopped = false;

  /** `busy(name)`: that poll is running outside its loop; `ended(name)` is called when it ends. */
  constructor(private readonly busy: (name: string) => boolean = () => false) {}

  /** Starts a loop: its first tick now, then on its timer. */
  add(loop: PollLoop): void {
    this.loops.set(loop.name, loop);
    void this.run(loop, false);
  }

  /** Every loop's tick now, its pending timer cancelled. */
  all(): void {
    for (const name of this.loops.keys()) this.now(name);
  }

  now(name: string): void {
    const loop = this.loops.get(name);
    if (!loop || this.stopped) return;
    if (this.ticking.has(name) || this.busy(name)) this.again.add(name);
    else void this.run(loop, true);
  }

  /** A poll run outside its loop ended: an immediate tick asked for meanwhile runs now. */
  ended(name: string): void {
    if (this.ticking.has(name) || !this.again.delete(name)) return;
    this.now(name);
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    this.again.clear();
  }

  private async run(loop: PollLoop, now: boolean): Promise<void> {
    const { name } = loop;
    clearTimeout(this.timers.get(name));
    this.timers.delete(name);
    this.ticking.add(name);
    try {
      await (now ? (loop.now ?? loop.tick) : loop.tick)();
    } catch {
      // The monitor's polls record their own failures; a loop never ends on one.
    } finally {
      this.ticking.delete(name);
    }
    if (this.stopped) return;
    if (this.again.has(name) && !this.busy(name)) {
      this.again.delete(name);
      return this.run(loop, true);
    }
    // Replaced, never added to: one timer per loop whatever ran meanwhile.
    clearTimeout(this.timers.get(name));
    const t = setTimeout(() => void this.run(loop, false), loop.delay());
    t.unref?.();
    this.timers.set(name, t);
  }
}
