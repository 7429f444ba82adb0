/**
 * engine/monitor.ts, what a metrics poll does as a writer (every port in memory): each settled
 * period judged once against the rollback thresholds, in order, counting periods in breach in a row;
 * what CloudWatch already shows of a period still settling raising a proven breach early; the
 * periods recorded. And its timers: each input on its interval (faster in a rehearsal at speed,
 * never under a real second), backed off on failure, every poll at once when the clock jumps.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { MIN, monitorRig, pt, T } from "../helpers/monitor-rig.js";

/** A wait that never ends fails in seconds, not at the suite's minute (mutation runs meet many). */
const FAIL_FAST_MS = 5000;

afterEach(() => vi.useRealTimers());

describe("rollback triggers per settled period", { timeout: FAIL_FAST_MS }, () => {
  it("judged once each, oldest first; the count of breaching periods in a row; recovered when clean", async () => {
    const r = monitorRig({ weights: { blue: 90, green: 10 } });
    r.clock.t = T + 10 * MIN;
    const bad = [pt(T + 7 * MIN, 100), pt(T + 8 * MIN, 100)];
    r.answers.series.push({ blue: [pt(T + 7 * MIN), pt(T + 8 * MIN)], green: bad });
    await r.monitor.pollMetrics();
    expect(r.monitor.snapshot.consecutiveBreaches).toBe(2);
    const breaches = r.told().filter((e) => e[0] === "breached");
    expect(breaches.map((e) => e.slice(1, 3))).toEqual([
      ["error-rate:green", "critical"],
      ["error-rate:green", "critical"],
    ]);
    // The same periods again: not judged again.
    r.answers.series.push({ blue: [], green: bad });
    await r.monitor.pollMetrics();
    expect(r.monitor.snapshot.consecutiveBreaches).toBe(2);
    expect(r.told().filter((e) => e[0] === "breached")).toHaveLength(2);
    r.clock.t = T + 11 * MIN;
    r.answers.series.push({ blue: [], green: [...bad, pt(T + 9 * MIN)] });
    r.log.length = 0;
    await r.monitor.pollMetrics();
    expect(r.monitor.snapshot.consecutiveBreaches).toBe(0);
    expect(r.told()).toContainEqual(["recovered", "error-rate:green"]);
  });

  it("a period still settling that already proves a breach counts at once, and not again when it settles", async () => {
    const r = monitorRig({ weights: { blue: 90, green: 10 } });
    r.clock.t = T + 10 * MIN + 30_000;
    const young = { t: T + 9 * MIN, requests: 5000, errors: 2500, p95Ms: 40 };
    r.answers.series.push({ blue: [], green: [young] });
    await r.monitor.pollMetrics();
    expect(r.monitor.snapshot.consecutiveBreaches).toBe(1);
    r.clock.t = T + 11 * MIN;
    r.answers.series.push({ blue: [], green: [young] });
    await r.monitor.pollMetrics();
    expect(r.monitor.snapshot.consecutiveBreaches).toBe(1);
  });

  it("settled periods are recorded for the verdict; a viewer judges and records nothing", async () => {
    const r = monitorRig({ weights: { blue: 90, green: 10 } });
    r.clock.t = T + 10 * MIN;
    r.answers.series.push({ blue: [pt(T + 8 * MIN)], green: [pt(T + 8 * MIN)] });
    await r.monitor.pollMetrics();
    expect(r.log.filter((e) => e[0] === "append").map((e) => e[1])).toEqual(["metrics.period"]);
    const v = monitorRig({ observeOnly: true, weights: { blue: 90, green: 10 } });
    v.clock.t = T + 10 * MIN;
    v.answers.series.push({ blue: [], green: [pt(T + 8 * MIN, 500)] });
    await v.monitor.pollMetrics();
    expect([v.monitor.snapshot.consecutiveBreaches, v.told()]).toEqual([0, []]);
  });
});

describe("timers", { timeout: FAIL_FAST_MS }, () => {
  const polls = (r: ReturnType<typeof monitorRig>) => ({
    listener: r.log.filter((e) => e[0] === "observe").length,
    probes: r.asked.filter((e) => e[0] === "probe" && e[1] === "http://blue/health").length,
    metrics: r.asked.filter((e) => e[0] === "series").length,
    fleet: r.asked.filter((e) => e[0] === "fleet").length,
  });

  it("each input at once, then on its interval: listener and probes 5 s, metrics the config's 60 s", async () => {
    vi.useFakeTimers();
    const r = monitorRig();
    r.monitor.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(polls(r)).toEqual({ listener: 1, probes: 1, metrics: 1, fleet: 0 });
    await vi.advanceTimersByTimeAsync(4999);
    expect(polls(r).listener).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(polls(r)).toEqual({ listener: 2, probes: 2, metrics: 1, fleet: 0 });
    await vi.advanceTimersByTimeAsync(55_000);
    expect(polls(r)).toEqual({ listener: 13, probes: 13, metrics: 2, fleet: 0 });
    r.monitor.stop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(polls(r).listener).toBe(13);
  });

  it("at speed the listener and probes as often as the rehearsal moves, never under a real second", async () => {
    vi.useFakeTimers();
    const fast = monitorRig({ clockRate: 60, fleet: true });
    fast.monitor.start();
    await vi.advanceTimersByTimeAsync(3000);
    expect(polls(fast)).toMatchObject({ listener: 4, probes: 4 });
    expect(polls(fast).fleet).toBeGreaterThan(0);
    fast.monitor.stop();
    const rate2 = monitorRig({ clockRate: 2 });
    rate2.monitor.start();
    await vi.advanceTimersByTimeAsync(5000);
    expect(polls(rate2).listener).toBe(3);
    rate2.monitor.stop();
  });

  it("a failing poll's next tick backs off; a jump of the clock polls everything at once; stop ends it", async () => {
    vi.useFakeTimers();
    const r = monitorRig({ jumps: true });
    r.answers.listener.push(new Error("a"), new Error("b"));
    r.monitor.start();
    await vi.advanceTimersByTimeAsync(9999);
    expect(polls(r).listener).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(polls(r).listener).toBe(2);
    r.clock.jump?.();
    await vi.advanceTimersByTimeAsync(0);
    expect(polls(r)).toEqual({ listener: 3, probes: 4, metrics: 2, fleet: 0 });
    r.monitor.stop();
    expect(r.clock.jump).toBeUndefined();
    await vi.advanceTimersByTimeAsync(600_000);
    expect(polls(r).listener).toBe(3);
  });
});
