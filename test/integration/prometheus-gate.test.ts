import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DemoPrometheus, startDemoPrometheus } from "../../source/commands/demo-prometheus.js";
import { validateEnvConfig } from "../../source/domain/config.js";
import { Engine } from "../../source/engine/engine.js";
import { metricsStaleText } from "../../source/engine/monitor.js";
import { PrometheusMetrics } from "../../source/integrations/prometheus-metrics.js";
import { defaultScenario } from "../../source/sandbox/scenario.js";
import { type EngineRig, engineOnSandbox, GO_ITEMS } from "../helpers/engine.js";
import { tempDir } from "../helpers/paths.js";
import { hasTool } from "../helpers/tools.js";
import { which } from "../helpers/which.js";

/**
 * An EKS session's metrics from a real Prometheus (Debian's) scraping the sandbox's per-arm
 * /metrics on a 60× clock: the panes' numbers, the rollback triggers and the gate are Prometheus's,
 * per session period; no data for an arm is no evidence, and a Prometheus that stops answering
 * makes the numbers stale and closes the gate — never "healthy".
 */
const PROMETHEUS = which("prometheus");
const run = hasTool(PROMETHEUS, "prometheus", "the Prometheus-fed gate tests");
const SPEED = 60;
const scenario = defaultScenario();
// 8 %: clearly over the runbook's rollback bound (> 5 %). At exactly 5 % the trigger fired only on a
// period that sampling noise put above 5 (10 % of traffic ≈ 1,200 requests a period, σ ≈ 0.6 points),
// so the bounds below failed on such a period (6.3 %).
scenario.targetGroups.find((t) => t.key === "green")!.errorRate = 0.08;

let rig: EngineRig;
let prom: DemoPrometheus;
let engine: Engine;
let metrics: PrometheusMetrics;

async function until<T>(f: () => Promise<T | undefined> | T | undefined, what: string, ms = 20_000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.runIf(run)(
  "Prometheus feeds the panes, the triggers and the gate (real prometheus, 60× clock)",
  () => {
    beforeAll(async () => {
      rig = await engineOnSandbox({ sandbox: { manualClock: false, speed: SPEED, scenario } });
      prom = await startDemoPrometheus({
        awsUrl: rig.sb.awsUrl,
        dir: tempDir(),
        speed: SPEED,
        periodSeconds: 60,
      });
      if (!prom.ok) throw new Error(prom.why);
      const v = validateEnvConfig({
        ...rig.config,
        prometheus: { url: prom.url },
        metrics: { ...rig.config.metrics, source: "prometheus", pollSeconds: 1, settleSeconds: 5 },
      });
      if (!v.ok) throw new Error(v.problems.join("; "));
      metrics = new PrometheusMetrics(v.config.prometheus!, { now: () => rig.sb.clock.now(), rate: SPEED });
      engine = new Engine({ ...rig.engine.d, metrics, config: v.config, clockRate: SPEED });
    }, 30_000);
    afterAll(async () => {
      engine?.monitor.stop();
      if (prom?.ok) await prom.stop();
      await rig?.stop();
    });

    // One story on one rig, in its order (each step starts where the last left the engine, the
    // listener and Prometheus), so one test: no step can be run, or shuffled, without the ones before.
    it("per-period counts and p95 are the traffic model's and the gate takes blue's baseline from Prometheus; green's 8 % errors reach the triggers and the gate through PromQL; an arm Prometheus has no series for is no evidence, and a Prometheus that stops answering is stale", async () => {
      // No scrapes yet covering a whole period: no evidence, so the first step is refused.
      expect(engine.gate().reasons.join("\n")).toMatch(/blue's baseline/);
      await rig.engine.monitor.pollProbes();
      await engine.monitor.pollProbes();
      await engine.monitor.pollListener();
      for (const item of GO_ITEMS) await rig.store.append("item.checked", { item }, "Ann");
      const s = await until(
        async () => {
          const x = await metrics.series(rig.sb.clock.now() - 10 * 60_000, rig.sb.clock.now(), 60);
          return x.blue.length >= 5 ? x : undefined;
        },
        "five whole periods of blue in Prometheus",
        30_000,
      );
      const p = s.blue.at(-1)!;
      for (const q of s.blue) {
        expect(q.periodMs).toBe(60_000);
        expect(q.t % 60_000).toBe(0);
      }
      // 200 req/s (sandbox time), all on blue: 12,000 a sandbox minute, whatever the wall clock did.
      // Judged on the mean of the last four periods (the first may predate Prometheus's first
      // scrape): one period is a 1 s window of wall time with five scrapes, and under load a scrape
      // the busy worker's sandbox answers late, or one that misses its 200 ms deadline, skews that
      // window's rate (and Prometheus extrapolates less over a gap), so a single period read 8,500 in
      // CI (load ~12). A conversion error would be off by 60× (per wall second, or a
      // window not scaled), not by a fraction; the ±20 % band still tells them apart.
      const last4 = s.blue.slice(-4);
      const mean = last4.reduce((n, q) => n + q.requests, 0) / last4.length;
      expect(mean).toBeGreaterThan(12_000 * 0.8);
      expect(mean).toBeLessThan(12_000 * 1.2);
      const blue = scenario.targetGroups.find((t) => t.key === "blue")!;
      expect(Math.abs(p.p95Ms! - blue.latency.p95Ms)).toBeLessThanOrEqual(5);
      expect(s.green).toEqual([]); // green has no traffic yet: no datapoints, not zeros
      expect(await engine.monitor.pollMetrics()).toBe(true);
      expect(engine.monitor.snapshot.source).toBe("Prometheus");
      expect(engine.monitor.snapshot.blue.current.throughput).not.toBeNull();
      await until(() => (engine.gate().reasons.length === 0 ? true : undefined), "an open gate");
      expect((await engine.promote({ by: "Ann" })).weights).toEqual({ blue: 90, green: 10 });
      // The first whole period green serves: the one the promote fell in holds Prometheus's rate()
      // over samples from before green had traffic, and is no measure of green's 8 %.
      const firstWhole = Math.ceil(rig.sb.clock.now() / 60_000) * 60_000;

      // Green's 8 % errors reach the triggers and the gate through PromQL.
      const alert = await until(async () => {
        await engine.monitor.pollMetrics();
        return rig.store.state.alerts.find((a) => /ROLLBACK TRIGGER .*green error rate/.test(a.message));
      }, "a rollback trigger from Prometheus's numbers");
      const early =
        /green error rate (\d+\.\d\d) % > 5 % \((\d+) 5XX of (\d+) so far; ≥ (\d+\.\d\d) % with 99\.9 % confidence/.exec(
          alert.message,
        );
      if (early) {
        // An early read counts the requests so far (a few hundred: its rate spreads wider than a
        // whole period's; CI read 11.97 %, 37 of 309): the rate is theirs, and the breach is proven
        // by its lower bound.
        expect(Number(early[1])).toBeCloseTo((100 * Number(early[2])) / Number(early[3]), 1);
        expect(Number(early[4])).toBeGreaterThan(5);
      } else {
        // A settled period: its rate is its own counts', within ±3.5σ of the model's 8 % for that
        // many requests (a loaded machine serves fewer per period: CI read 11.52 %, 47 of 408).
        const settled = /green error rate (\d+\.\d\d) % > 5 % \((\d+) 5XX of (\d+)\)/.exec(alert.message);
        expect(settled, alert.message).not.toBeNull();
        const [rate, bad, n] = settled!.slice(1).map(Number) as [number, number, number];
        expect(rate).toBeCloseTo((100 * bad) / n, 1);
        expect(Math.abs(rate - 8)).toBeLessThan(3.5 * 100 * Math.sqrt((0.08 * 0.92) / n));
      }
      // The trigger can fire on a period's early read, before the period settles into the pane.
      const errorRate = await until(async () => {
        await engine.monitor.pollMetrics();
        const g = engine.monitor.snapshot.green.current;
        return g.periodStart !== null && g.periodStart >= firstWhole ? (g.errorRate ?? undefined) : undefined;
      }, "green's settled error rate over a whole period");
      expect(errorRate).toBeGreaterThan(5.5);
      expect(errorRate).toBeLessThan(10.5);
      expect(engine.gate().reasons.join("\n")).toMatch(/green error rate \d+\.\d\d % breaks go < 1 %/);

      // An arm Prometheus has no series for is no evidence; a Prometheus that stops answering is stale.
      const cfg = engine.d.config;
      const nowhere = new PrometheusMetrics(
        { ...cfg.prometheus!, arms: { blue: "no-such-arm", green: "green" } },
        { now: () => rig.sb.clock.now(), rate: SPEED },
      );
      const none = await nowhere.series(rig.sb.clock.now() - 5 * 60_000, rig.sb.clock.now(), 60);
      expect(none.blue).toEqual([]);
      expect(none.green.length).toBeGreaterThan(0);
      if (prom.ok) await prom.stop();
      expect(await engine.monitor.pollMetrics()).toBe(false);
      expect(metricsStaleText(engine.monitor.snapshot, rig.sb.clock.now())).toMatch(
        /^STALE .*\(metrics failing ×1: .*Prometheus http:\/\/127\.0\.0\.1:\d+ cannot be reached \([A-Z_]+\)\)$/,
      );
      // The last success ages past the limit on the sandbox's clock, moved rather than waited out
      // (the limit is 185 sandbox s, 3.1 s of wall at 60×).
      rig.sb.clock.advance(engine.monitor.limits.metricsMaxAgeMs);
      const reasons = await until(() => {
        const r = engine.gate().reasons.join("\n");
        return /green metrics poll is stale: last success .* ago .*cannot be reached/.test(r) ? r : undefined;
      }, "the gate closed on stale Prometheus numbers");
      expect(reasons).not.toMatch(/^$/);
    }, 90_000);
  },
);
