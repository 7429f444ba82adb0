/**
 * A session clock read from a sandbox over its admin API (`GET /_sandbox/clock`), so a second
 * process (`golive watch`) sees the same time the lead's demo cockpit runs on: at `--speed 60` an
 * hour a minute, and jumps when someone moves the sandbox clock. Between reads it runs on at the
 * sandbox's speed from the last reading; it never goes backwards. When the sandbox stops answering
 * it keeps extrapolating, and `stale()` says since when, so the screen can say the clock is a guess.
 *
 * Followed (`start()`), it holds one read open that the sandbox answers when its clock moves, or
 * after 10 s: a jump shows at once, and an idle cockpit asks six times a minute instead of sixty
 * (each read was a request, a JSON parse and a timer: bench/RESULTS.md §0zh). A sandbox too old to
 * hold reads (its answer has no `moves`) is asked every `intervalMs`, as before.
 */
import type { EngineClock } from "../domain/ports.js";
import { failureCode, httpGet } from "./http-get.js";

export interface SandboxClockReading {
  now: number;
  speed: number;
  manual: boolean;
  /** How often the sandbox's clock has been moved; absent from a sandbox that cannot hold a read. */
  moves?: number;
}

export interface SandboxClockOptions {
  /** Real milliseconds between reads of a sandbox that does not hold them, and after a failed read. */
  intervalMs?: number;
  timeoutMs?: number;
  /** Real time (monotonic); injectable for tests. */
  realNow?: () => number;
}

/** How long the first read may take (later reads: `timeoutMs`, 1.5 s, then the clock is stale). */
const CONNECT_TIMEOUT_MS = 8000;
/**
 * How long the sandbox holds a read while its clock stands still. A sandbox that hangs (rather than
 * goes away, which closes the socket at once) is seen stale after this plus `timeoutMs`.
 */
const HOLD_MS = 10_000;

export class SandboxClock implements EngineClock {
  private base: SandboxClockReading;
  private readAt: number;
  private last = Number.NEGATIVE_INFINITY;
  private failure: { since: number; message: string } | undefined;
  private following: AbortController | undefined;
  private reading = false;
  private readonly realNow: () => number;
  private readonly jumped = new Set<() => void>();

  private constructor(
    readonly url: string,
    first: SandboxClockReading,
    private readonly o: SandboxClockOptions,
  ) {
    this.realNow = o.realNow ?? (() => performance.now());
    this.base = first;
    this.readAt = this.realNow();
  }

  /** Reads the sandbox once; throws (one line) when it does not answer. */
  static async connect(baseUrl: string, o: SandboxClockOptions = {}): Promise<SandboxClock> {
    const url = `${baseUrl.replace(/\/+$/, "")}/_sandbox/clock`;
    // The first read decides whether a command runs on the session's clock at all: a loaded machine
    // can take seconds to answer, and a sandbox that is gone refuses at once, so it waits longer.
    const first = await read(url, { ...o, timeoutMs: o.timeoutMs ?? CONNECT_TIMEOUT_MS });
    return new SandboxClock(url, first, o);
  }

  now(): number {
    const elapsed = this.base.manual ? 0 : (this.realNow() - this.readAt) * this.base.speed;
    this.last = Math.max(this.last, this.base.now + elapsed);
    return this.last;
  }

  /** Real milliseconds, as the demo's own engine sleeps (read-back waits are about AWS, not the clock). */
  sleep(ms: number): Promise<void> {
    return new Promise((r) => setTimeout(r, ms));
  }

  get speed(): number {
    return this.base.speed;
  }

  /** Calls `fn` when a read shows the sandbox's clock was moved (its `moves` count went on). */
  onJump(fn: () => void): () => void {
    const once = () => fn();
    this.jumped.add(once);
    return () => void this.jumped.delete(once);
  }

  /** Follows the sandbox until `stop()`; neither its read nor its pauses keep the process alive. */
  start(): void {
    if (this.following) return;
    this.following = new AbortController();
    void this.follow(this.following.signal);
  }

  stop(): void {
    this.following?.abort();
    this.following = undefined;
  }

  private async follow(signal: AbortSignal): Promise<void> {
    const interval = this.o.intervalMs ?? 1000;
    // The first read came from connect(): a sandbox that holds reads is asked again at once.
    if (this.base.moves === undefined) await pause(interval, signal);
    while (!signal.aborted) {
      // After a failure the sandbox may be a new one whose clock has moved fewer times: ask plainly.
      const hold = this.base.moves !== undefined && !this.failure;
      if (hold) await this.readHeld(signal);
      else await this.refresh();
      if (signal.aborted) return;
      if (this.failure || this.base.moves === undefined) await pause(interval, signal);
    }
  }

  private async readHeld(signal: AbortSignal): Promise<void> {
    const url = `${this.url}?moves=${this.base.moves}&waitMs=${HOLD_MS}`;
    try {
      const r = await read(url, {
        timeoutMs: HOLD_MS + (this.o.timeoutMs ?? 1500),
        held: { pool: "sandbox-clock", signal, holdMs: HOLD_MS },
      });
      const moved = r.moves !== this.base.moves;
      this.base = r;
      this.readAt = this.realNow();
      this.failure = undefined;
      // Told after the new reading is in: a listener that reads now() sees the moved time.
      if (moved) for (const fn of [...this.jumped]) fn();
    } catch (e) {
      if (!signal.aborted) this.failure ??= { since: this.realNow(), message: (e as Error).message };
    }
  }

  async refresh(): Promise<void> {
    if (this.reading) return;
    this.reading = true;
    try {
      const r = await read(this.url, this.o);
      this.base = r;
      this.readAt = this.realNow();
      this.failure = undefined;
    } catch (e) {
      this.failure ??= { since: this.realNow(), message: (e as Error).message };
    } finally {
      this.reading = false;
    }
  }

  /** Undefined while the sandbox answers; else how long (real ms) it has not, and why. */
  stale(): { forMs: number; message: string } | undefined {
    if (!this.failure) return undefined;
    return { forMs: this.realNow() - this.failure.since, message: this.failure.message };
  }
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    timer.unref?.();
    signal.addEventListener("abort", done);
  });
}

async function read(
  url: string,
  o: { timeoutMs?: number; held?: { pool: string; signal: AbortSignal; holdMs?: number } },
): Promise<SandboxClockReading> {
  const where = url.split("?")[0];
  let body: unknown;
  try {
    const res = await httpGet(url, { timeoutMs: o.timeoutMs ?? 1500, held: o.held });
    if (res.status < 200 || res.status > 299) throw new Error(`HTTP ${res.status}`);
    body = JSON.parse(res.body);
  } catch (e) {
    throw new Error(`the sandbox clock at ${where} does not answer (${failureCode(e)})`);
  }
  const b = body as Partial<SandboxClockReading>;
  if (typeof b.now !== "number" || typeof b.speed !== "number" || !(b.speed > 0))
    throw new Error(`the sandbox clock at ${where} answered without now/speed`);
  const moves = typeof b.moves === "number" ? { moves: b.moves } : {};
  return { now: b.now, speed: b.speed, manual: b.manual === true, ...moves };
}
