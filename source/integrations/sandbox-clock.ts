/**
 * A session clock read from a sandbox over its admin API (`GET /_sandbox/clock`), so a second
 * process (`golive watch`) sees the same time the lead's demo cockpit runs on: at `--speed 60` an
 * hour a minute, and jumps when someone moves the sandbox clock. Between reads it runs on at the
 * sandbox's speed from the last reading; it never goes backwards. When the sandbox stops answering
 * it keeps extrapolating, and `stale()` says since when, so the screen can say the clock is a guess.
 */
import type { EngineClock } from "../domain/ports.js";
import { failureCode, httpGet } from "./http-get.js";

export interface SandboxClockReading {
  now: number;
  speed: number;
  manual: boolean;
}

export interface SandboxClockOptions {
  /** Real milliseconds between reads. */
  intervalMs?: number;
  timeoutMs?: number;
  /** Real time (monotonic); injectable for tests. */
  realNow?: () => number;
}

/** How long the first read may take (later reads: `timeoutMs`, 1.5 s, then the clock is stale). */
const CONNECT_TIMEOUT_MS = 8000;

export class SandboxClock implements EngineClock {
  private base: SandboxClockReading;
  private readAt: number;
  private last = Number.NEGATIVE_INFINITY;
  private failure: { since: number; message: string } | undefined;
  private timer: NodeJS.Timeout | undefined;
  private reading = false;
  private readonly realNow: () => number;

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

  /** Follows the sandbox until `stop()`. */
  start(): void {
    const interval = this.o.intervalMs ?? 1000;
    const tick = async () => {
      await this.refresh();
      if (this.timer === undefined) return;
      this.timer = setTimeout(tick, interval);
      this.timer.unref?.();
    };
    this.timer = setTimeout(tick, interval);
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
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

async function read(url: string, o: SandboxClockOptions): Promise<SandboxClockReading> {
  let body: unknown;
  try {
    const res = await httpGet(url, { timeoutMs: o.timeoutMs ?? 1500 });
    if (res.status < 200 || res.status > 299) throw new Error(`HTTP ${res.status}`);
    body = JSON.parse(res.body);
  } catch (e) {
    throw new Error(`the sandbox clock at ${url} does not answer (${failureCode(e)})`);
  }
  const b = body as Partial<SandboxClockReading>;
  if (typeof b.now !== "number" || typeof b.speed !== "number" || !(b.speed > 0))
    throw new Error(`the sandbox clock at ${url} answered without now/speed`);
  return { now: b.now, speed: b.speed, manual: b.manual === true };
}
