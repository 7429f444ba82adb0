/**
 * When the session clock jumps (a lead moved a rehearsal's sandbox clock), every observation is old
 * at once: the monitor reads the listener, the probes, the fleet and the metrics again then, not
 * when its timers come round (5 real seconds for the listener), and never overlaps a read of the
 * same kind already in flight. Timers are vitest's fake ones: a read after a jump can only be the
 * jump's.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { envConfigSchema } from "../../source/domain/config-schema.js";
import type { EngineClock } from "../../source/domain/ports.js";
import type { CanaryController, Recorder } from "../../source/engine/controller.js";
import { Monitor } from "../../source/engine/monitor.js";
import { parseRunbook } from "../../source/runbook/parse.js";
import { minimalConfig } from "../helpers/env-config.js";
import { ROOT } from "../helpers/paths.js";

const runbookFile = join(ROOT, "checklists", "deployment.md");
const runbook = parseRunbook(runbookFile, readFileSync(runbookFile, "utf8"), "x");
const config = envConfigSchema.parse({
  ...minimalConfig(),
  // Metrics every minute: within a test's few seconds only a jump reads them again.
  metrics: { pollSeconds: 60, periodSeconds: 60 },
  health: { blue: "http://blue/health", green: "http://green/health", timeoutMs: 100 },
});

/** Settles the promise chains the monitor's reads run through (setImmediate is real here). */
const settle = async () => {
  for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
};

function rig(clockRate?: number) {
  let now = Date.parse("2026-12-03T02:00:00Z");
  const jumps = new Set<() => void>();
  const clock: EngineClock = {
    now: () => now,
    sleep: async () => {},
    onJump: (fn) => {
      jumps.add(fn);
      return () => void jumps.delete(fn);
    },
  };
  const reads = { listener: 0, probes: 0, fleet: 0, metrics: 0 };
  const inFlight = { listener: 0, most: 0 };
  // A listener read the test holds open (undefined: answered at once).
  let hold: Promise<void> | undefined;
  const controller = {
    alerts: { pending: [], flush: async () => {}, recovered: () => {}, breached: async () => {} },
    busy: false,
    fireTrigger: async () => {},
    observe: async () => {
      reads.listener++;
      inFlight.most = Math.max(inFlight.most, ++inFlight.listener);
      await hold;
      inFlight.listener--;
      return { weights: { blue: 100, green: 0 }, raw: { blue: 1, green: 0 } };
    },
  } as unknown as CanaryController;
  const recorder = { state: { lastSeq: 0 } } as unknown as Recorder;
  const monitor = new Monitor({
    clock,
    config,
    runbook,
    controller,
    recorder,
    observeOnly: true,
    ...(clockRate ? { clockRate } : {}),
    metrics: {
      series: async () => {
        reads.metrics++;
        return { blue: [], green: [] };
      },
    } as never,
    probe: {
      probe: async (url: string) => {
        if (url.includes("blue")) reads.probes++;
        return { url, ok: true, status: 200, ms: 1 };
      },
    } as never,
    fleet: {
      read: async () => {
        reads.fleet++;
        return { blue: {}, green: {} } as never;
      },
    },
  });
  return {
    monitor,
    reads,
    inFlight,
    /** Moves the clock as a lead would, and lets the reads it started settle. */
    async jump(ms: number) {
      now += ms;
      for (const fn of [...jumps]) fn();
      await settle();
    },
    jumpsHeard: () => jumps.size,
    holdListener() {
      let release!: () => void;
      hold = new Promise<void>((r) => (release = r));
      return () => {
        hold = undefined;
        release();
      };
    },
  };
}

/** The rig with its monitor started and its first reads in. */
async function started() {
  const r = rig();
  r.monitor.start();
  await settle();
  return r;
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval"] });
});
afterEach(() => vi.useRealTimers());

describe("the monitor when the session clock jumps", () => {
  it("reads the listener, probes, fleet and metrics at once, and its timers count from the jump", async () => {
    const r = await started();
    expect(r.reads).toEqual({ listener: 1, probes: 1, fleet: 1, metrics: 1 });
    await vi.advanceTimersByTimeAsync(3000);
    await settle();
    await r.jump(10 * 60_000);
    // The fleet is read too, though its cadence (the metrics' minute at rest) says not yet.
    expect(r.reads).toEqual({ listener: 2, probes: 2, fleet: 2, metrics: 2 });
    expect(r.monitor.snapshot.listenerAt).toBe(r.monitor.snapshot.metricsAt);
    // The listener's 5 s timer was set again by the jump's read: nothing at 2 s after it (7 s after
    // the start), the next read at 5 s after it.
    await vi.advanceTimersByTimeAsync(4999);
    await settle();
    expect(r.reads.listener).toBe(2);
    await vi.advanceTimersByTimeAsync(1);
    await settle();
    expect(r.reads.listener).toBe(3);
    expect(r.reads.probes).toBe(3);
    r.monitor.stop();
    expect(r.jumpsHeard()).toBe(0);
  });

  it("never overlaps a read in flight: jumps meanwhile make one more read when it ends", async () => {
    const r = rig();
    const release = r.holdListener();
    r.monitor.start();
    await settle();
    expect(r.reads.listener).toBe(1);
    await r.jump(60_000);
    await r.jump(60_000);
    expect(r.reads.listener).toBe(1);
    expect(r.reads.metrics).toBe(3);
    release();
    await settle();
    expect(r.reads.listener).toBe(2);
    expect(r.inFlight.most).toBe(1);
    // Then back on its timer, once: no second timer left behind by the jumps.
    await vi.advanceTimersByTimeAsync(5000);
    await settle();
    expect(r.reads.listener).toBe(3);
    r.monitor.stop();
  });

  it("a jump during a caller's own listener read (after a shift) reads again when that read ends", async () => {
    const r = await started();
    const release = r.holdListener();
    const own = r.monitor.pollListener();
    await settle();
    expect(r.reads.listener).toBe(2);
    await r.jump(60_000);
    expect(r.reads.listener).toBe(2);
    release();
    await own;
    await settle();
    expect(r.reads.listener).toBe(3);
    expect(r.inFlight.most).toBe(1);
    r.monitor.stop();
  });

  it("at 15× reads the listener and the probes every real second, as the world moves 15× as fast", async () => {
    const r = rig(15);
    r.monitor.start();
    await settle();
    await vi.advanceTimersByTimeAsync(1000);
    await settle();
    expect(r.reads).toMatchObject({ listener: 2, probes: 2 });
    await vi.advanceTimersByTimeAsync(3000);
    await settle();
    expect(r.reads).toMatchObject({ listener: 5, probes: 5 });
    r.monitor.stop();
    // At the host's own pace, every 5 s as before.
    const plain = rig();
    plain.monitor.start();
    await settle();
    await vi.advanceTimersByTimeAsync(4999);
    await settle();
    expect(plain.reads).toMatchObject({ listener: 1, probes: 1 });
    plain.monitor.stop();
  });

  it("reads nothing on a jump once stopped", async () => {
    const r = await started();
    r.monitor.stop();
    await r.jump(60_000);
    expect(r.reads).toEqual({ listener: 1, probes: 1, fleet: 1, metrics: 1 });
  });
});
