/**
 * engine/monitor.ts's polls with every port in memory: each observation kept with its time; a
 * failed poll keeps the old values, says the failure with when it began and how often, backs off
 * (doubling, at most 5 minutes) and raises one warning per run of failures (the metric source's
 * silence its own trigger); probes fire the health trigger only for an arm that serves; read-only
 * viewers watch and never record or alert.
 */
import { describe, expect, it } from "vitest";
import { NO_DATA, NO_ELB_DATA } from "../../source/domain/metrics.js";
import { MIN, monitorRig, pt, T } from "../helpers/monitor-rig.js";

/** A wait that never ends fails in seconds, not at the suite's minute (mutation runs meet many). */
const FAIL_FAST_MS = 5000;

const denied = () => Object.assign(new Error("token expired"), { name: "ExpiredToken" });

describe("observed and stale", { timeout: FAIL_FAST_MS }, () => {
  it("nothing observed yet: no values, no times; an arm without a health URL has no health input", () => {
    const r = monitorRig({ health: { blue: "http://blue/health" } });
    expect(r.monitor.observed()).toEqual({
      listener: { value: null, at: null },
      metrics: {
        blue: { value: NO_DATA, at: null },
        green: { value: NO_DATA, at: null },
        elb: { value: NO_ELB_DATA, at: null },
      },
      health: { blue: { value: null, at: null }, green: undefined },
    });
    expect(r.monitor.snapshot).toMatchObject({
      source: "CloudWatch",
      metricsMaxAgeMs: r.monitor.limits.metricsMaxAgeMs,
    });
    expect(monitorRig({ source: "Prometheus" }).monitor.snapshot.source).toBe("Prometheus");
    expect([r.monitor.periodMs, r.monitor.settleMs]).toEqual([60_000, 60_000]);
  });

  it("each input with its time; a failing poll's error beside its old value, since the failures began", async () => {
    const r = monitorRig();
    await r.monitor.pollListener();
    await r.monitor.pollProbes();
    r.clock.t = T + 10_000;
    r.answers.listener.push(denied(), denied());
    r.answers.probe["http://blue/health"] = new Error("socket hang up");
    await r.monitor.pollListener();
    await r.monitor.pollProbes();
    r.clock.t = T + 20_000;
    await r.monitor.pollListener();
    const o = r.monitor.observed();
    const error = { message: "ExpiredToken: token expired", at: T + 10_000 };
    expect(o.listener).toEqual({ value: { blue: 90, green: 10 }, at: T, error });
    expect(o.health.green).toEqual({
      value: true,
      at: T,
      error: { message: "Error: socket hang up", at: T + 10_000 },
    });
    expect(r.monitor.snapshot.errors).toEqual([
      { source: "probes", message: "Error: socket hang up", since: T + 10_000, at: T + 10_000, count: 1 },
      {
        source: "listener",
        message: "ExpiredToken: token expired",
        since: T + 10_000,
        at: T + 20_000,
        count: 2,
      },
    ]);
    expect(o.metrics.blue).toEqual({ value: NO_DATA, at: null });
  });

  it("metricsStaleFor: none before data unless failing; the age when failing or older than allowed", async () => {
    const r = monitorRig();
    expect(r.monitor.metricsStaleFor()).toBeNull();
    r.answers.series.push(new Error("throttled"));
    await r.monitor.pollMetrics();
    expect(r.monitor.metricsStaleFor()).toBe(Number.POSITIVE_INFINITY);
    await r.monitor.pollMetrics();
    expect(r.monitor.metricsStaleFor()).toBeNull();
    const max = r.monitor.limits.metricsMaxAgeMs;
    expect(r.monitor.metricsStaleFor(T + max)).toBeNull();
    expect(r.monitor.metricsStaleFor(T + max + 1)).toBe(max + 1);
    r.answers.series.push(new Error("throttled"));
    r.clock.t = T + 5000;
    await r.monitor.pollMetrics();
    expect(r.monitor.metricsStaleFor()).toBe(5000);
    expect(r.monitor.metricsStaleFor(T + 9000)).toBe(9000);
  });
});

describe("failures", { timeout: FAIL_FAST_MS }, () => {
  it("back off doubling per failure up to 5 minutes; one warning per run; back to the interval when it answers", async () => {
    const r = monitorRig();
    expect(r.monitor.delayFor("listener", 5000)).toBe(5000);
    r.answers.listener.push(denied(), denied());
    expect(await r.monitor.pollListener()).toBe(false);
    expect(r.monitor.delayFor("listener", 5000)).toBe(10_000);
    expect(await r.monitor.pollListener()).toBe(false);
    expect(r.monitor.delayFor("listener", 5000)).toBe(20_000);
    expect(r.monitor.delayFor("listener", 100_000)).toBe(300_000);
    expect(r.told()).toEqual([
      ["breached", "poll:listener", "warning", "listener failing: ExpiredToken: token expired"],
      ["breached", "poll:listener", "warning", "listener failing: ExpiredToken: token expired"],
    ]);
    expect(await r.monitor.pollListener()).toBe(true);
    expect(r.monitor.delayFor("listener", 5000)).toBe(5000);
    expect(r.told().at(-1)).toEqual(["recovered", "poll:listener"]);
    expect(r.monitor.snapshot.errors).toEqual([]);
    // Each poll flushes the alerts the session could not take before, first.
    expect(r.log.filter((e) => e[0] === "flush")).toHaveLength(3);
  });

  it("the metric source's silence is the metrics-silent trigger; a warning that cannot be recorded is no poll failure", async () => {
    const r = monitorRig();
    r.answers.series.push(denied());
    expect(await r.monitor.pollMetrics()).toBe(false);
    expect(r.told()).toEqual([
      ["fire", "metrics-silent", "poll:metrics", "metrics failing: ExpiredToken: token expired"],
    ]);
    r.controller.alerts.breached = async () => Promise.reject(new Error("disk full"));
    r.answers.probe["http://green/health"] = new Error("boom");
    r.state.weights = { blue: 0, green: 100 } as never;
    r.controller.fireTrigger = async () => Promise.reject(new Error("disk"));
    expect(await r.monitor.pollProbes()).toBe(false);
    expect(r.monitor.snapshot.errors.map((e) => e.source)).toEqual(["metrics", "probes"]);
  });

  it("a poll asked for while the same one runs is not run twice", async () => {
    const r = monitorRig();
    let release!: () => void;
    r.answers.listener.push(() => new Promise((res) => (release = () => res(r.LISTENER))));
    const first = r.monitor.pollListener();
    expect(await r.monitor.pollListener()).toBe(false);
    release();
    expect(await first).toBe(true);
    expect(r.log.filter((e) => e[0] === "observe")).toHaveLength(1);
  });

  it("a read-only viewer: no flush, no alert, no trigger; the listener read without acting", async () => {
    const r = monitorRig({ observeOnly: true });
    r.answers.listener.push(denied());
    r.answers.series.push(denied());
    r.answers.probe["http://blue/health"] = { ok: false, status: 503 };
    await r.monitor.pollListener();
    await r.monitor.pollListener();
    await r.monitor.pollMetrics();
    await r.monitor.pollProbes();
    expect(r.log).toEqual([
      ["observe", "golive", false],
      ["observe", "golive", false],
    ]);
    expect(r.monitor.snapshot.probes.blue).toMatchObject({ ok: false, status: 503, at: T });
  });
});

describe("each poll", { timeout: FAIL_FAST_MS }, () => {
  it("the listener: read as the writer, with when the read began and ended", async () => {
    const r = monitorRig();
    let subscribed = 0;
    const off = r.monitor.subscribe(() => subscribed++);
    r.answers.listener.push(async () => {
      r.clock.t = T + 700;
      return r.LISTENER;
    });
    await r.monitor.pollListener();
    expect(r.log[1]).toEqual(["observe", "golive", true]);
    expect(r.monitor.snapshot).toMatchObject({
      listener: r.LISTENER,
      listenerAt: T + 700,
      listenerReadFrom: T,
    });
    expect(subscribed).toBe(1);
    off();
    await r.monitor.pollListener();
    expect(subscribed).toBe(1);
  });

  it("probes: each URL with the config's timeout; the health trigger only for an arm that serves", async () => {
    const r = monitorRig();
    r.answers.probe["http://blue/health"] = { ok: false, status: 503 };
    r.answers.probe["http://green/health"] = { ok: false, status: null, error: "ECONNREFUSED" };
    await r.monitor.pollProbes();
    expect(r.asked).toEqual([
      ["probe", "http://blue/health", 700],
      ["probe", "http://green/health", 700],
    ]);
    // No weights recorded: blue serves, green does not.
    expect(r.told()).toEqual([
      ["fire", "health-probe", "probe:blue", "blue health check failing: http://blue/health → 503", false],
      ["recovered", "poll:probes"],
    ]);
    r.state.weights = { blue: 0, green: 100 } as never;
    r.log.length = 0;
    r.answers.probe["http://blue/health"] = { ok: true, status: 200 };
    await r.monitor.pollProbes();
    expect(r.told()).toEqual([
      ["recovered", "probe:blue"],
      [
        "fire",
        "health-probe",
        "probe:green",
        "green health check failing: http://green/health → ECONNREFUSED",
        true,
      ],
      ["recovered", "poll:probes"],
    ]);
    const one = monitorRig({ health: { green: "http://green/health" } });
    await one.monitor.pollProbes();
    expect(one.asked).toEqual([["probe", "http://green/health", 700]]);
    expect(one.monitor.snapshot.probes).toEqual({
      green: { url: "http://green/health", ms: 3, ok: true, status: 200, at: T },
    });
  });

  it("metrics: the last 30 minutes per period; the latest settled period of each arm and the load balancer", async () => {
    const r = monitorRig({ observeOnly: true });
    r.clock.t = T + 10 * MIN;
    const lb = [{ t: T + 7 * MIN, requests: 2000, elb5xx: 20 }];
    r.answers.series.push({
      blue: [pt(T + 7 * MIN, 10), pt(T + 8 * MIN, 20)],
      green: [pt(T + 8 * MIN, 30)],
      loadBalancer: lb,
    });
    expect(await r.monitor.pollMetrics()).toBe(true);
    expect(r.asked).toEqual([["series", T - 20 * MIN, T + 10 * MIN, 60]]);
    const s = r.monitor.snapshot;
    expect(s.metricsAt).toBe(T + 10 * MIN);
    expect([s.blue.current.errorRate, s.green.current.errorRate]).toEqual([2, 3]);
    expect(s.blue.series).toHaveLength(2);
    expect(s.loadBalancer).toMatchObject({ series: lb, current: { requests: 2000 } });
    r.answers.series.push({ blue: [], green: [] });
    await r.monitor.pollMetrics();
    expect(r.monitor.snapshot.loadBalancer).toEqual({ current: NO_ELB_DATA, series: [] });
  });

  it("the fleet: none without a port; read and kept with its time; at the metrics' cadence at rest", async () => {
    expect(await monitorRig().monitor.pollFleet()).toBe(true);
    const r = monitorRig({ fleet: true });
    expect(await r.monitor.fleetTick()).toBe(true);
    expect(r.monitor.snapshot).toMatchObject({
      fleet: { blue: { targets: { byState: { healthy: 2 } } } },
      fleetAt: T,
    });
    // Read again until two reads agree (at rest); then not every tick.
    await r.monitor.fleetTick();
    await r.monitor.fleetTick();
    expect(r.asked).toEqual([["fleet"], ["fleet"]]);
    r.controller.busy = true;
    await r.monitor.fleetTick();
    expect(r.asked).toHaveLength(3);
    r.answers.fleet.push(new Error("ecs down"));
    expect(await r.monitor.pollFleet()).toBe(false);
  });
});
