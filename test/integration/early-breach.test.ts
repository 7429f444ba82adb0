/**
 * Issue 16's detection budget: a clear breach is on screen within one metric period and one poll.
 * A period CloudWatch already shows but that has not settled (settleSeconds: CloudWatch may still
 * add to it) is read for breaches only, and only where its counts prove one: green's error rate's
 * Wilson lower bound at 99.9 % past the rollback threshold. It is never cleared early, the settled
 * judgement does not act on the same period twice, and a marginal rate on a few requests waits for
 * settlement. On the sandbox: real CloudWatch API, the sandbox clock, AWS as the ground truth.
 */
import { describe, expect, it } from "vitest";
import type { EnvConfig } from "../../source/domain/config.js";
import { DEFAULT_THRESHOLDS } from "../../source/domain/threshold-defaults.js";
import { wilson } from "../../source/domain/verdict-stats.js";
import { youngPeriods } from "../../source/engine/triggers.js";
import { EARLY_CONFIDENCE, judgeYoungPeriod } from "../../source/engine/young-period.js";
import { type EngineRig, engineOnSandbox } from "../helpers/engine.js";
import { weightsOnAws } from "../helpers/sandbox.js";

const PERIOD = 60_000;

const rigWith = (consecutiveBreaches: number, enabled = true) =>
  engineOnSandbox({
    config: (c: EnvConfig): EnvConfig => ({
      ...c,
      autoRollback: { enabled, consecutiveBreaches },
    }),
  });

/** Moves the sandbox clock to `ms` past the start of the next period (the fault starts with it). */
function toNextPeriod(rig: EngineRig, ms = 0) {
  const now = rig.sb.clock.now();
  rig.sb.clock.advance(Math.ceil(now / PERIOD) * PERIOD - now + ms);
}

const errorAlerts = (rig: EngineRig) => rig.store.state.alerts.filter((a) => a.key === "error-rate:green");

describe("a breach proven before its period settles", () => {
  it("30 % errors on green: on screen one poll after the period ends, not a settle delay later; rolled back, confirmed by AWS", async () => {
    const rig = await rigWith(1);
    try {
      await rig.engine.controller.promote({ greenPercent: 10, by: "Ann" });
      toNextPeriod(rig);
      const faultAt = rig.sb.clock.now();
      rig.sb.applyFault({ type: "error-rate", target: "green", value: 0.3 });
      // One faulty period, then one metrics poll (15 s): it ended 15 s ago, 45 s before it settles.
      rig.sb.clock.advance(PERIOD);
      rig.sb.applyFault({ type: "clear" });
      rig.sb.clock.advance(15_000);
      await rig.engine.monitor.pollMetrics();
      const [a] = errorAlerts(rig);
      expect(a).toMatchObject({ severity: "critical", trust: "rollback" });
      expect(a!.message).toMatch(/before the period settled/);
      expect(a!.message).toMatch(/≥ \d+\.\d\d % with 99\.9 % confidence/);
      expect(rig.sb.clock.now() - faultAt).toBeLessThanOrEqual(PERIOD + 15_000);
      expect(await weightsOnAws(rig.sb)).toEqual({ blue: 100, green: 0 });
      // The period settles: acted on once — no second sighting of the same period.
      rig.sb.clock.advance(PERIOD);
      await rig.engine.monitor.pollMetrics();
      expect(errorAlerts(rig)).toHaveLength(1);
      expect(errorAlerts(rig)[0]!.count).toBe(1);
      expect(rig.store.events.filter((e) => e.type === "traffic.shift.requested").length).toBe(2);
    } finally {
      await rig.stop();
    }
  });

  it("green's p95 five times its own: proven by the p90 and the count one poll after the period ends", async () => {
    const rig = await rigWith(1);
    try {
      await rig.engine.controller.promote({ greenPercent: 10, by: "Ann" });
      toNextPeriod(rig);
      rig.sb.applyFault({ type: "latency", target: "green", multiplier: 5 });
      rig.sb.clock.advance(PERIOD);
      rig.sb.applyFault({ type: "clear" });
      rig.sb.clock.advance(15_000);
      await rig.engine.monitor.pollMetrics();
      const a = rig.store.state.alerts.find((x) => x.key === "latency-p95:green")!;
      expect(a).toMatchObject({ severity: "critical", trust: "rollback" });
      expect(a.message).toMatch(
        /green p95 \d+ ms > 100 ms \(p90 already \d+ ms over \d+ requests so far: ≥ \d+\.\d % slower than 100 ms with 99\.9 % confidence, before the period settled\)/,
      );
      expect(await weightsOnAws(rig.sb)).toEqual({ blue: 100, green: 0 });
    } finally {
      await rig.stop();
    }
  });

  it("with two periods in a row required, the early and the settled judgements of one period count once", async () => {
    const rig = await rigWith(2);
    try {
      await rig.engine.controller.promote({ greenPercent: 10, by: "Ann" });
      toNextPeriod(rig);
      rig.sb.applyFault({ type: "error-rate", target: "green", value: 0.3 });
      rig.sb.clock.advance(PERIOD + 15_000);
      await rig.engine.monitor.pollMetrics(); // period 1, young: breach 1
      rig.sb.clock.advance(50_000);
      await rig.engine.monitor.pollMetrics(); // period 1 settled (not again); period 2 young: breach 2
      expect(await weightsOnAws(rig.sb)).toEqual({ blue: 100, green: 0 });
      const rb = rig.store.events.find((e) => e.by === "golive (auto-rollback)")!;
      expect(JSON.stringify(rb.data)).toMatch(/after 2 consecutive breaching periods/);
      expect(errorAlerts(rig)[0]!.count).toBe(2);
    } finally {
      await rig.stop();
    }
  });

  it("a healthy green is never judged early, and nothing recovers before its period settles", async () => {
    const rig = await rigWith(1, false);
    try {
      await rig.engine.controller.promote({ greenPercent: 10, by: "Ann" });
      toNextPeriod(rig);
      rig.sb.applyFault({ type: "error-rate", target: "green", value: 0.3 });
      rig.sb.clock.advance(PERIOD + 15_000);
      await rig.engine.monitor.pollMetrics();
      expect(errorAlerts(rig)).toHaveLength(1);
      rig.sb.applyFault({ type: "clear" });
      // The next period is clean; while young it recovers nothing (no evidence either way yet).
      toNextPeriod(rig, 15_000);
      await rig.engine.monitor.pollMetrics();
      expect(rig.engine.controller.alerts.isOpen("error-rate:green")).toBe(true);
      expect(await weightsOnAws(rig.sb)).toEqual({ blue: 90, green: 10 });
    } finally {
      await rig.stop();
    }
  });
});

describe("judgeYoungPeriod", () => {
  const th = {
    errorRate: DEFAULT_THRESHOLDS.find((t) => t.kind === "rollback" && t.metric === "errorRate")!,
  };
  const point = (errors: number, requests: number) => ({
    green: [{ t: 0, requests, errors, p95Ms: 30, periodMs: PERIOD }],
  });

  it("p95: a p90 past the threshold proves it only on enough requests", () => {
    const lat = {
      latencyP95: DEFAULT_THRESHOLDS.find((t) => t.kind === "rollback" && t.metric === "latencyP95")!,
    };
    const slow = (requests: number, p90Ms: number) => ({
      green: [{ t: 0, requests, errors: 0, p95Ms: p90Ms * 1.2, p90Ms, periodMs: PERIOD }],
    });
    expect(judgeYoungPeriod(0, slow(40, 300), { ...th, ...lat }, PERIOD).findings).toEqual([]);
    expect(judgeYoungPeriod(0, slow(400, 300), { ...th, ...lat }, PERIOD).findings.map((f) => f.key)).toEqual(
      ["latency-p95:green"],
    );
    // p95 past the threshold but p90 not: more than 5 % slower is not proven early.
    expect(judgeYoungPeriod(0, slow(10_000, 90), { ...th, ...lat }, PERIOD).findings).toEqual([]);
  });

  it("claims a breach only when the lower bound is past the threshold", () => {
    // 6 errors of 60 is 10 %, but 60 requests cannot prove > 5 % at 99.9 %.
    expect(wilson(6, 60, EARLY_CONFIDENCE).lower * 100).toBeLessThan(th.errorRate.value);
    expect(judgeYoungPeriod(0, point(6, 60), th, PERIOD).findings).toEqual([]);
    // 60 of 600 can.
    expect(wilson(60, 600, EARLY_CONFIDENCE).lower * 100).toBeGreaterThan(th.errorRate.value);
    expect(judgeYoungPeriod(0, point(60, 600), th, PERIOD).findings.map((f) => f.key)).toEqual([
      "error-rate:green",
    ]);
    expect(judgeYoungPeriod(0, point(0, 100_000), th, PERIOD).findings).toEqual([]);
  });

  it("young = shown, ended, not settled, not judged", () => {
    const data = { green: [0, PERIOD, 2 * PERIOD].map((t) => ({ t, requests: 10, errors: 0, p95Ms: 1 })) };
    const c = { periodMs: PERIOD, settleMs: PERIOD };
    // At 2 periods + 30 s: period 0 settled, period 1 ended but not settled, period 2 not ended.
    expect(youngPeriods(data, 2 * PERIOD + 30_000, -1, c)).toEqual([PERIOD]);
    expect(youngPeriods(data, 2 * PERIOD + 30_000, PERIOD, c)).toEqual([]);
    expect(youngPeriods(data, 3 * PERIOD, -1, c)).toEqual([2 * PERIOD]);
  });
});
