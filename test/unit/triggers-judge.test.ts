/**
 * engine/triggers.ts on its own: which periods are judged (settled, not judged before, recent
 * enough; or young but ended and with traffic), and what a judged period says, trigger by trigger:
 * green's error rate (with its connection errors), the go-threshold band, green's p95, and the load
 * balancer's own 5XX counted against green. A period with no traffic judges nothing: no evidence,
 * never "within bounds".
 */
import { describe, expect, it } from "vitest";
import type { LoadBalancerPoint, PeriodPoint } from "../../source/domain/ports.js";
import type { Threshold } from "../../source/domain/thresholds.js";
import { judgePeriod, settledPeriods, TRIGGER_KEYS, youngPeriods } from "../../source/engine/triggers.js";

const MIN = 60_000;
const T0 = Date.parse("2026-12-04T12:00:00.000Z");
const at = (m: number) => T0 + m * MIN;
const green = (m: number, o: Partial<PeriodPoint> = {}): PeriodPoint => ({
  t: at(m),
  requests: 1000,
  errors: 0,
  p95Ms: 100,
  ...o,
});
const lb = (m: number, o: Partial<LoadBalancerPoint> = {}): LoadBalancerPoint => ({
  t: at(m),
  requests: 1000,
  elb5xx: 0,
  ...o,
});
const threshold = (op: Threshold["op"], value: number, unit: Threshold["unit"]) =>
  ({ op, value, unit, kind: "rollback", text: `${op} ${value}`, line: 1, source: "runbook" }) as Threshold;
/** Rollback past 5 % errors or 500 ms p95. */
const TH = { errorRate: threshold(">", 5, "%"), latencyP95: threshold(">", 500, "ms") };
const GO = threshold(">", 1, "%");
const C = { periodMs: MIN, settleMs: MIN, maxAgeMs: 10 * MIN };

describe("settled periods", () => {
  it("a period counts once its end plus the settle delay has come, not a millisecond before", () => {
    // The 12:00 period ends 12:01 and settles at 12:02.
    expect(settledPeriods({ green: [green(0)] }, at(2) - 1, -1, C)).toEqual([]);
    expect(settledPeriods({ green: [green(0)] }, at(2), -1, C)).toEqual([at(0)]);
  });

  it("a point's own period length, when it has one, decides when it settles", () => {
    const five = green(0, { periodMs: 5 * MIN });
    expect(settledPeriods({ green: [five] }, at(6) - 1, -1, C)).toEqual([]);
    expect(settledPeriods({ green: [five] }, at(6), -1, C)).toEqual([at(0)]);
  });

  it("only periods after the last judged one, and none older than the age limit", () => {
    const pts = { green: [green(0), green(1), green(2)] };
    expect(settledPeriods(pts, at(5), at(1), C)).toEqual([at(2)]);
    expect(settledPeriods(pts, at(5), at(1) - 1, C)).toEqual([at(1), at(2)]);
    // Age limit 10 minutes: at 12:10 the 12:00 period is the oldest still judged.
    expect(settledPeriods(pts, at(10), -1, C)).toEqual([at(0), at(1), at(2)]);
    expect(settledPeriods(pts, at(10) + 1, -1, C)).toEqual([at(1), at(2)]);
  });

  it("the load balancer's periods count too, each time once, oldest first", () => {
    const got = settledPeriods({ green: [green(2), green(0)], loadBalancer: [lb(1), lb(0)] }, at(5), -1, C);
    expect(got).toEqual([at(0), at(1), at(2)]);
  });
});

describe("young periods", () => {
  it("ended but not settled, with traffic, after the last judged: read early", () => {
    // The 12:00 period ends 12:01 and settles 12:02.
    expect(youngPeriods({ green: [green(0)] }, at(1) - 1, -1, C)).toEqual([]);
    expect(youngPeriods({ green: [green(0)] }, at(1), -1, C)).toEqual([at(0)]);
    expect(youngPeriods({ green: [green(0)] }, at(2) - 1, -1, C)).toEqual([at(0)]);
    expect(youngPeriods({ green: [green(0)] }, at(2), -1, C)).toEqual([]);
    expect(youngPeriods({ green: [green(0)] }, at(1), at(0), C)).toEqual([]);
    expect(youngPeriods({ green: [green(0)] }, at(1), at(0) - 1, C)).toEqual([at(0)]);
  });

  it("a young period without a request is not read early; its own length decides when it ended", () => {
    expect(youngPeriods({ green: [green(0, { requests: 0 })] }, at(1), -1, C)).toEqual([]);
    const two = green(0, { periodMs: 2 * MIN });
    expect(youngPeriods({ green: [two] }, at(2) - 1, -1, C)).toEqual([]);
    expect(youngPeriods({ green: [two] }, at(2), -1, C)).toEqual([at(0)]);
  });

  it("the load balancer's young periods too, once each, oldest first", () => {
    const got = youngPeriods(
      { green: [green(4)], loadBalancer: [lb(4), lb(3, { requests: 0 })] },
      at(5),
      -1,
      C,
    );
    expect(got).toEqual([at(4)]);
    expect(youngPeriods({ green: [], loadBalancer: [lb(4), lb(3)] }, at(4) + MIN, -1, C)).toEqual([at(4)]);
    const both = youngPeriods({ green: [green(4)], loadBalancer: [lb(3)] }, at(5) - 1, -1, {
      ...C,
      settleMs: 3 * MIN,
    });
    expect(both).toEqual([at(3)]);
    const sorted = youngPeriods({ green: [green(4), green(3)] }, at(5), -1, { ...C, settleMs: 3 * MIN });
    expect(sorted).toEqual([at(3), at(4)]);
  });
});

describe("judging a period", () => {
  it("green within bounds: every trigger judged, nothing found", () => {
    const v = judgePeriod(at(0), { green: [green(0)], loadBalancer: [lb(0)] }, TH, MIN);
    expect(v).toEqual({
      t: at(0),
      judged: [TRIGGER_KEYS.errorRate, TRIGGER_KEYS.latency, TRIGGER_KEYS.elb],
      findings: [],
    });
  });

  it("green's error rate counts its connection errors and says so", () => {
    const v = judgePeriod(at(0), { green: [green(0, { errors: 40, connectionErrors: 20 })] }, TH, MIN);
    expect(v.findings).toEqual([
      {
        key: TRIGGER_KEYS.errorRate,
        message: "green error rate 6.00 % > 5 % (40 5XX, 20 target connection errors of 1000)",
      },
    ]);
    const plain = judgePeriod(at(0), { green: [green(0, { errors: 60, connectionErrors: 0 })] }, TH, MIN);
    expect(plain.findings).toEqual([
      { key: TRIGGER_KEYS.errorRate, message: "green error rate 6.00 % > 5 % (60 5XX of 1000)" },
    ]);
  });

  it("at the threshold exactly is not past it (the runbook's operator decides)", () => {
    const v = judgePeriod(at(0), { green: [green(0, { errors: 50, p95Ms: 500 })] }, TH, MIN);
    expect(v.findings).toEqual([]);
  });

  it("green's p95 past its threshold; a period without a p95 leaves latency unjudged", () => {
    const v = judgePeriod(at(0), { green: [green(0, { p95Ms: 612.4 })] }, TH, MIN);
    expect(v.findings).toEqual([{ key: TRIGGER_KEYS.latency, message: "green p95 612 ms > 500 ms" }]);
    const none = judgePeriod(at(0), { green: [green(0, { p95Ms: null })] }, TH, MIN);
    expect(none.judged).toEqual([TRIGGER_KEYS.errorRate]);
  });

  it("the go threshold's band: judged only when asked, found only between the two thresholds", () => {
    const band = judgePeriod(at(0), { green: [green(0, { errors: 30 })] }, TH, MIN, GO);
    expect(band.judged).toEqual([TRIGGER_KEYS.errorRate, TRIGGER_KEYS.elevated, TRIGGER_KEYS.latency]);
    expect(band.findings).toEqual([
      {
        key: TRIGGER_KEYS.elevated,
        message:
          "green error rate 3.00 % is past the go threshold (> 1 %), not the rollback threshold (> 5 %) (30 5XX of 1000)",
      },
    ]);
    // Past the rollback threshold only the rollback trigger speaks; below the go threshold, neither.
    const past = judgePeriod(at(0), { green: [green(0, { errors: 80 })] }, TH, MIN, GO);
    expect(past.findings.map((f) => f.key)).toEqual([TRIGGER_KEYS.errorRate]);
    const below = judgePeriod(at(0), { green: [green(0, { errors: 10 })] }, TH, MIN, GO);
    expect(below.findings).toEqual([]);
    expect(judgePeriod(at(0), { green: [green(0, { errors: 30 })] }, TH, MIN).judged).not.toContain(
      TRIGGER_KEYS.elevated,
    );
  });

  it("only the period asked for, and only with traffic: otherwise nothing is judged", () => {
    const other = { green: [green(1, { errors: 900 })], loadBalancer: [lb(1, { elb5xx: 900 })] };
    expect(judgePeriod(at(0), other, TH, MIN)).toEqual({ t: at(0), judged: [], findings: [] });
    const idle = { green: [green(0, { requests: 0, errors: 0 })], loadBalancer: [lb(0, { requests: 0 })] };
    expect(judgePeriod(at(0), idle, TH, MIN)).toEqual({ t: at(0), judged: [], findings: [] });
    // The one with traffic among points of the same period is the one judged.
    const two = { green: [green(0, { requests: 0, errors: 0 }), green(0, { errors: 100 })] };
    expect(judgePeriod(at(0), two, TH, MIN).findings.map((f) => f.key)).toEqual([TRIGGER_KEYS.errorRate]);
  });

  it("the load balancer's 5XX against green's requests while green takes traffic", () => {
    const v = judgePeriod(
      at(0),
      { green: [green(0, { requests: 200 })], loadBalancer: [lb(0, { elb5xx: 20 })] },
      TH,
      MIN,
    );
    expect(v.judged).toEqual([TRIGGER_KEYS.errorRate, TRIGGER_KEYS.latency, TRIGGER_KEYS.elb]);
    expect(v.findings).toEqual([
      {
        key: TRIGGER_KEYS.elb,
        message:
          "load balancer 5XX 20 of 1000 requests (2.00 %, 502/504 the ALB answered itself): 10.00 % of green's 200",
      },
    ]);
    // Without green in the period, against all requests: 2 % is within 5 %.
    const alone = judgePeriod(at(0), { green: [], loadBalancer: [lb(0, { elb5xx: 20 })] }, TH, MIN);
    expect(alone).toEqual({ t: at(0), judged: [TRIGGER_KEYS.elb], findings: [] });
    const mixed = { green: [], loadBalancer: [lb(1, { elb5xx: 900 }), lb(0, { elb5xx: 60 })] };
    expect(judgePeriod(at(0), mixed, TH, MIN).findings).toEqual([
      {
        key: TRIGGER_KEYS.elb,
        message: "load balancer 5XX 60 of 1000 requests (6.00 %, 502/504 the ALB answered itself)",
      },
    ]);
  });
});
