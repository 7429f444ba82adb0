/**
 * engine/monitor.ts, what counts as evidence (every port in memory): a settled period is judged only
 * while its data is no older than the metrics may get; a period with no traffic, or data too old,
 * is no evidence (nothing recovers, the count of breaching periods stays); a breached key never
 * reads as recovered. And what each poll leaves in the snapshot beside it: the initial empty
 * series, the pending alerts, the percentiles, the errors of the other polls, each poll's own name.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { NO_DATA } from "../../source/domain/metrics.js";
import { MIN, monitorRig, pt, T } from "../helpers/monitor-rig.js";

/** A wait that never ends fails in seconds, not at the suite's minute (mutation runs meet many). */
const FAIL_FAST_MS = 5000;

afterEach(() => vi.useRealTimers());

const breaches = (r: ReturnType<typeof monitorRig>) => r.told().filter((e) => e[0] === "breached");

describe("stale or missing data is no evidence", { timeout: FAIL_FAST_MS }, () => {
  it("a settled period is judged while it ended no longer ago than the metrics' max age, not a millisecond more", async () => {
    const r = monitorRig({ weights: { blue: 90, green: 10 } });
    const max = r.monitor.limits.metricsMaxAgeMs;
    expect(max).toBe(5 * MIN);
    r.clock.t = T + 20 * MIN;
    // Ends exactly max ago: judged (a breach and a clean period).
    const edge = T + 20 * MIN - max - MIN;
    r.answers.series.push({ blue: [], green: [pt(edge - 1, 500), pt(edge, 500)] });
    await r.monitor.pollMetrics();
    expect(breaches(r).map((e) => e.slice(1, 3))).toEqual([["error-rate:green", "critical"]]);
    expect(r.monitor.snapshot.consecutiveBreaches).toBe(1);
    // A clean period one millisecond too old recovers nothing.
    const s = monitorRig({ weights: { blue: 90, green: 10 } });
    s.clock.t = T + 20 * MIN;
    s.answers.series.push({ blue: [], green: [pt(edge - 1)] });
    await s.monitor.pollMetrics();
    expect(s.told().filter((e) => e[0] === "recovered" && e[1] === "error-rate:green")).toEqual([]);
    s.answers.series.push({ blue: [], green: [pt(edge)] });
    await s.monitor.pollMetrics();
    expect(s.told().filter((e) => e[1] === "error-rate:green")).toEqual([["recovered", "error-rate:green"]]);
  });

  it("a breached period's key is not recovered in the same period; the latency key it judged clean is", async () => {
    const r = monitorRig({ weights: { blue: 90, green: 10 } });
    r.clock.t = T + 10 * MIN;
    r.answers.series.push({ blue: [], green: [pt(T + 8 * MIN, 100)] });
    await r.monitor.pollMetrics();
    expect(r.told().filter((e) => String(e[1]).includes(":green"))).toEqual([
      ["recovered", "latency-p95:green"],
      ["breached", "error-rate:green", "critical", expect.stringMatching(/^ROLLBACK TRIGGER/), "rollback"],
    ]);
  });

  it("a settled period without traffic neither breaks nor extends a run of breaching periods", async () => {
    const r = monitorRig({ weights: { blue: 90, green: 10 } });
    r.clock.t = T + 10 * MIN;
    r.answers.series.push({ blue: [], green: [pt(T + 8 * MIN, 100)] });
    await r.monitor.pollMetrics();
    expect(r.monitor.snapshot.consecutiveBreaches).toBe(1);
    r.clock.t = T + 11 * MIN;
    const idle = { t: T + 9 * MIN, requests: 0, errors: 0, p95Ms: null };
    r.answers.series.push({ blue: [], green: [pt(T + 8 * MIN, 100), idle] });
    r.log.length = 0;
    await r.monitor.pollMetrics();
    expect(r.monitor.snapshot.consecutiveBreaches).toBe(1);
    expect(r.told().filter((e) => String(e[1]).includes(":green"))).toEqual([]);
  });

  it("a period at the clock's epoch is judged too (none is taken as judged before the first)", async () => {
    const r = monitorRig({ weights: { blue: 90, green: 10 } });
    r.clock.t = 2 * MIN;
    r.answers.series.push({ blue: [], green: [pt(0, 100)] });
    await r.monitor.pollMetrics();
    expect(r.monitor.snapshot.consecutiveBreaches).toBe(1);
  });

  it("the band between go and rollback error rates is judged when the config opts in", async () => {
    const r = monitorRig({ weights: { blue: 90, green: 10 } });
    r.clock.t = T + 10 * MIN;
    const between = pt(T + 8 * MIN, 20);
    r.answers.series.push({ blue: [], green: [between] });
    await r.monitor.pollMetrics();
    expect(breaches(r)).toEqual([]);
    const o = monitorRig({ weights: { blue: 90, green: 10 } });
    (o.config as { triggers?: unknown }).triggers = { "error-rate-elevated": "advisory" };
    o.clock.t = T + 10 * MIN;
    o.answers.series.push({ blue: [], green: [between] });
    await o.monitor.pollMetrics();
    expect(breaches(o).map((e) => e.slice(1, 3))).toEqual([["error-rate-elevated:green", "warning"]]);
    // Or when the runbook's decision matrix binds it (its Minor Functionality row: fix in place).
    const matrix =
      "| Issue Type | Severity | Action |\n|---|---|---|\n| Minor Functionality | Medium | Fix in place |\n";
    const m = monitorRig({ weights: { blue: 90, green: 10 }, runbook: `# R\n\n- [ ] Ship it\n\n${matrix}` });
    m.clock.t = T + 10 * MIN;
    m.answers.series.push({ blue: [], green: [between] });
    await m.monitor.pollMetrics();
    expect(breaches(m).map((e) => e.slice(1, 3))).toEqual([["error-rate-elevated:green", "warning"]]);
  });

  it("what is shown as current is settled and no older than allowed: a period still settling or too old is not", async () => {
    const r = monitorRig({ observeOnly: true });
    r.clock.t = T + 20 * MIN;
    const young = pt(T + 19 * MIN, 500);
    r.answers.series.push({ blue: [pt(T + 14 * MIN - 1, 10)], green: [pt(T + 17 * MIN, 10), young] });
    await r.monitor.pollMetrics();
    expect(r.monitor.snapshot.blue.current).toEqual(NO_DATA);
    expect(r.monitor.snapshot.green.current).toMatchObject({ errorRate: 1, requests: 1000 });
  });
});

describe("what a poll leaves in the snapshot", { timeout: FAIL_FAST_MS }, () => {
  it("before any poll: empty series and no pending alert; then the book's pending alerts at each emit", async () => {
    const r = monitorRig();
    const s = r.monitor.snapshot;
    expect([s.blue.series, s.green.series, s.loadBalancer.series, s.pendingAlerts, s.errors]).toEqual([
      [],
      [],
      [],
      [],
      [],
    ]);
    const pending = [{ key: "k", message: "m" }];
    (r.controller.alerts as { pending: unknown[] }).pending = pending;
    await r.monitor.pollListener();
    expect(r.monitor.snapshot.pendingAlerts).toEqual(pending);
  });

  it("a clean metrics poll: the latest settled period, the percentiles read (none here), the traffic share judged", async () => {
    const r = monitorRig({ weights: { blue: 90, green: 10 } });
    r.clock.t = T + 10 * MIN;
    r.answers.series.push({ blue: [], green: [pt(T + 8 * MIN, 10)] });
    await r.monitor.pollMetrics();
    expect(r.monitor.snapshot.green.current).toMatchObject({ errorRate: 1, latencyP95: 40, requests: 1000 });
    expect(r.monitor.snapshot.blue.current).toEqual(NO_DATA);
    expect(r.monitor.snapshot.percentiles).toEqual({});
    expect(r.told().filter((e) => e[0] === "recovered")).toEqual([
      ["recovered", "error-rate:green"],
      ["recovered", "latency-p95:green"],
      ["recovered", "canary-verdict"],
      ["recovered", "traffic-share"],
      ["recovered", "poll:metrics"],
    ]);
    expect(await r.monitor.fillCheckpoints()).toBe(0);
  });

  it("the metrics' failure shows beside each arm and the load balancer; another poll's failure does not make them stale", async () => {
    const r = monitorRig();
    await r.monitor.pollMetrics();
    r.answers.listener.push(new Error("listener down"));
    await r.monitor.pollListener();
    expect(r.monitor.metricsStaleFor()).toBeNull();
    // A probe poll that succeeds clears its own error only.
    await r.monitor.pollProbes();
    expect(r.monitor.snapshot.errors.map((e) => e.source)).toEqual(["listener"]);
    r.clock.t = T + 1000;
    r.answers.series.push(new Error("throttled"));
    await r.monitor.pollMetrics();
    const error = { message: "Error: throttled", at: T + 1000 };
    const m = r.monitor.observed().metrics;
    expect([m.blue.error, m.green.error, m.elb.error]).toEqual([error, error, error]);
  });

  it("the settle time and the rehearsal's speed come from the deps", () => {
    const r = monitorRig();
    (r.config.metrics as { settleSeconds?: number }).settleSeconds = 30;
    expect(r.monitor.settleMs).toBe(30_000);
    expect(monitorRig({ clockRate: 60 }).monitor.limits.listenerMaxAgeMs).toBe(900_000);
  });

  it("the fleet's failure is the fleet's; a tick at rest reads nothing and is no failure", async () => {
    const r = monitorRig({ fleet: true });
    await r.monitor.pollFleet();
    await r.monitor.pollFleet();
    expect(await r.monitor.fleetTick()).toBe(true);
    expect(r.asked).toHaveLength(2);
    r.answers.fleet.push(new Error("ecs down"));
    await r.monitor.pollFleet();
    expect(r.monitor.snapshot.errors.map((e) => e.source)).toEqual(["fleet"]);
    expect(r.told().at(-1)).toEqual(["breached", "poll:fleet", "warning", "fleet failing: Error: ecs down"]);
  });

  it("the baseline: the serving arm's last 15 minutes", async () => {
    const r = monitorRig();
    r.answers.series.push({ blue: [pt(T - 5 * MIN, 10)], green: [] });
    const m = await r.monitor.captureBaseline("ana");
    expect(m).toMatchObject({ errorRate: 1, requests: 1000 });
    expect(r.asked).toEqual([["series", T - 15 * MIN, T, 60]]);
  });
});

describe("each poll's timer is its own", { timeout: FAIL_FAST_MS }, () => {
  it("a failing probe or metrics poll backs off on its own timer; no fleet timer without a fleet", async () => {
    vi.useFakeTimers();
    const r = monitorRig();
    r.answers.probe["http://blue/health"] = new Error("down");
    r.answers.series.push(new Error("throttled"));
    r.monitor.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(vi.getTimerCount()).toBe(3);
    delete r.answers.probe["http://blue/health"];
    const probes = () => r.asked.filter((e) => e[0] === "probe" && e[1] === "http://blue/health").length;
    await vi.advanceTimersByTimeAsync(5000);
    expect(probes()).toBe(1);
    await vi.advanceTimersByTimeAsync(5000);
    expect(probes()).toBe(2);
    await vi.advanceTimersByTimeAsync(110_000);
    expect(r.asked.filter((e) => e[0] === "series")).toHaveLength(2);
    r.monitor.stop();
  });

  it("a failing fleet read backs off on the fleet's timer", async () => {
    vi.useFakeTimers();
    const r = monitorRig({ fleet: true });
    r.answers.fleet.push(new Error("ecs down"));
    r.monitor.start();
    await vi.advanceTimersByTimeAsync(0);
    const reads = () => r.asked.filter((e) => e[0] === "fleet").length;
    expect(reads()).toBe(1);
    await vi.advanceTimersByTimeAsync(5000);
    expect(reads()).toBe(1);
    await vi.advanceTimersByTimeAsync(5000);
    expect(reads()).toBe(2);
    r.monitor.stop();
  });
});
