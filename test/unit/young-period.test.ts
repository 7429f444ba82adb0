/**
 * engine/young-period.ts on counts a test hands in: a period that has not settled is judged for a
 * breach only where its counts already prove one at 99.9 %, for green's error rate (target 5XX and
 * connection errors), its p95 (through a p90 already past it) and the load balancer's own 5XX. A
 * claim on too few requests would roll back on noise; a missed one leaves a clear breach unseen for
 * a whole period.
 */
import { describe, expect, it } from "vitest";
import type { LoadBalancerPoint, PeriodPoint } from "../../source/domain/ports.js";
import type { Threshold } from "../../source/domain/thresholds.js";
import { wilson } from "../../source/domain/verdict-stats.js";
import { EARLY_CONFIDENCE, judgeYoungPeriod } from "../../source/engine/young-period.js";

const T = 1_800_000_000_000;
const th = (op: Threshold["op"], value: number, unit: Threshold["unit"] = "%") =>
  ({
    metric: "errorRate",
    kind: "rollback",
    op,
    value,
    unit,
    text: "",
    line: 1,
    source: "runbook",
  }) as Threshold;
const green = (requests: number, errors: number, more: Partial<PeriodPoint> = {}): PeriodPoint => ({
  t: T,
  requests,
  errors,
  p95Ms: 120,
  ...more,
});
const lb = (requests: number, elb5xx: number, t = T): LoadBalancerPoint => ({ t, requests, elb5xx });
const lower = (x: number, n: number) => (100 * wilson(x, n, EARLY_CONFIDENCE).lower).toFixed(2);
const rollbackAt5 = { errorRate: th(">", 5) };

describe("judgeYoungPeriod: green's error rate", () => {
  it("claims a breach whose lower bound is past the threshold, in the lead's words", () => {
    expect(EARLY_CONFIDENCE).toBe(0.998);
    expect(judgeYoungPeriod(T, { green: [green(1000, 200)] }, rollbackAt5, 60_000)).toEqual({
      t: T,
      judged: ["error-rate:green"],
      findings: [
        {
          key: "error-rate:green",
          message: `green error rate 20.00 % > 5 % (200 5XX of 1000 so far; ≥ ${lower(200, 1000)} % with 99.9 % confidence, before the period settled)`,
        },
      ],
    });
  });

  it("connection errors count with the 5XX and are named", () => {
    const v = judgeYoungPeriod(
      T,
      { green: [green(1000, 0, { connectionErrors: 200 })] },
      rollbackAt5,
      60_000,
    );
    expect(v.findings.map((f) => f.message)).toEqual([
      `green error rate 20.00 % > 5 % (0 5XX, 200 target connection errors of 1000 so far; ≥ ${lower(200, 1000)} % with 99.9 % confidence, before the period settled)`,
    ]);
  });

  it("nothing on a rate past the threshold that too few requests prove, nor on another period", () => {
    // 10 % of 20 requests: its lower bound is under 5 %.
    expect(judgeYoungPeriod(T, { green: [green(20, 2)] }, rollbackAt5, 60_000)).toEqual({
      t: T,
      judged: [],
      findings: [],
    });
    expect(
      judgeYoungPeriod(T, { green: [green(1000, 200, { t: T - 60_000 })] }, rollbackAt5, 60_000).judged,
    ).toEqual([]);
    expect(judgeYoungPeriod(T, { green: [green(0, 0)] }, rollbackAt5, 60_000).judged).toEqual([]);
  });
});

describe("judgeYoungPeriod: green's p95 through its p90", () => {
  const lat = { errorRate: th(">", 50), latencyP95: th(">", 500, "ms") };

  it("a p90 past the threshold on enough requests: more than 5 % were slower, at 99.9 %", () => {
    const v = judgeYoungPeriod(T, { green: [green(1000, 0, { p90Ms: 800, p95Ms: 912.4 })] }, lat, 60_000);
    const slower = (100 * wilson(100, 1000, EARLY_CONFIDENCE).lower).toFixed(1);
    expect(v.findings).toEqual([
      {
        key: "latency-p95:green",
        message: `green p95 912 ms > 500 ms (p90 already 800 ms over 1000 requests so far: ≥ ${slower} % slower than 500 ms with 99.9 % confidence, before the period settled)`,
      },
    ]);
    expect(v.judged).toEqual(["latency-p95:green"]);
    const noP95 = judgeYoungPeriod(T, { green: [green(1000, 0, { p90Ms: 800, p95Ms: null })] }, lat, 60_000);
    expect(noP95.findings[0]!.message).toMatch(/^green p95 \? ms > 500 ms \(p90 already 800 ms/);
  });

  it("nothing on too few requests, a p90 within the threshold, no p90, or no p95 threshold", () => {
    for (const [p, t] of [
      [green(40, 0, { p90Ms: 800 }), lat],
      [green(1000, 0, { p90Ms: 500 }), lat],
      [green(1000, 0), lat],
      [green(1000, 0, { p90Ms: 800 }), { errorRate: th(">", 50) }],
    ] as const)
      expect(judgeYoungPeriod(T, { green: [p] }, t, 60_000).findings).toEqual([]);
  });

  it("a threshold stated as the bound to stay under (p95 < 500 ms): breached by a p90 past it, not by a missing p90", () => {
    const under = { errorRate: th(">", 50), latencyP95: th("<", 500, "ms") };
    expect(judgeYoungPeriod(T, { green: [green(1000, 0, { p90Ms: 800 })] }, under, 60_000).judged).toEqual([
      "latency-p95:green",
    ]);
    expect(judgeYoungPeriod(T, { green: [green(1000, 0)] }, under, 60_000).findings).toEqual([]);
  });

  it("a p90 of 0 ms is a reading, not a missing one", () => {
    const v = judgeYoungPeriod(
      T,
      { green: [green(1000, 0, { p90Ms: 0 })] },
      { ...lat, latencyP95: th(">=", 0, "ms") },
      60_000,
    );
    expect(v.judged).toEqual(["latency-p95:green"]);
  });
});

describe("judgeYoungPeriod: the load balancer's own 5XX", () => {
  it("counted against green's requests while green takes traffic", () => {
    // 30 of green's 200 is 15 %: proven past 5 %. Of all 1,000 requests it would be 3 %.
    const v = judgeYoungPeriod(
      T,
      { green: [green(200, 0)], loadBalancer: [lb(1000, 30)] },
      rollbackAt5,
      60_000,
    );
    expect(v.findings).toEqual([
      {
        key: "elb-5xx:load-balancer",
        message: `load balancer 5XX 30 of 1000 requests (3.00 %, 502/504 the ALB answered itself): 15.00 % of green's 200 so far; ≥ ${lower(30, 200)} % with 99.9 % confidence, before the period settled`,
      },
    ]);
    expect(
      judgeYoungPeriod(T, { green: [], loadBalancer: [lb(1000, 30)] }, rollbackAt5, 60_000).findings,
    ).toEqual([]);
    expect(
      judgeYoungPeriod(T, { green: [green(0, 0)], loadBalancer: [lb(1000, 30)] }, rollbackAt5, 60_000)
        .findings,
    ).toEqual([]);
  });

  it("more ALB 5XX than green's requests: all of them failed", () => {
    const v = judgeYoungPeriod(
      T,
      { green: [green(20, 0)], loadBalancer: [lb(1000, 30)] },
      rollbackAt5,
      60_000,
    );
    expect(v.findings[0]!.message).toContain(`≥ ${lower(30, 30)} %`);
  });

  it("against all requests without green, from the same period only", () => {
    expect(
      judgeYoungPeriod(T, { green: [], loadBalancer: [lb(1000, 300)] }, rollbackAt5, 60_000).judged,
    ).toEqual(["elb-5xx:load-balancer"]);
    for (const p of [lb(1000, 300, T + 60_000), lb(0, 0)])
      expect(judgeYoungPeriod(T, { green: [], loadBalancer: [p] }, rollbackAt5, 60_000).judged).toEqual([]);
  });
});
