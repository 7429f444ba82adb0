/**
 * What the monitor records after each poll (engine/pending-periods.ts), the load balancer's own 5XX
 * line (engine/elb-verdict.ts) and how old a gate input may get (engine/limits.ts), each from values
 * a test hands in. A period recorded twice, early, without its weights' proof, or a measure pinned to
 * the wrong period would each change a step's verdict; the limits decide when the gate says stale.
 */
import { describe, expect, it } from "vitest";
import type { SessionState, Weights } from "../../source/domain/events.js";
import type { PeriodPoint } from "../../source/domain/ports.js";
import { elbVerdict } from "../../source/engine/elb-verdict.js";
import { LISTENER_POLL_MS, observationLimits, PROBE_POLL_MS } from "../../source/engine/limits.js";
import { pendingCount, pendingPeriods } from "../../source/engine/pending-periods.js";

const MIN = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();
const state = (o: { last?: number; weights?: Weights | null; since?: number }) =>
  ({
    periods: o.last === undefined ? [] : [{ t: iso(o.last) }],
    weights: o.weights ?? null,
    ...(o.since === undefined ? {} : { weightsSince: iso(o.since) }),
  }) as unknown as SessionState;
const point = (t: number, requests: number, more: Partial<PeriodPoint> = {}): PeriodPoint => ({
  t,
  requests,
  errors: 1,
  p95Ms: 40,
  ...more,
});
const W = { blue: 90, green: 10 };
// 1-minute periods, settled a minute after they end.
const C = { now: 6 * MIN, periodMs: MIN, settleMs: MIN };

describe("pendingPeriods", () => {
  const series = {
    // Out of order, one already recorded (2), one with no traffic (1), one not yet settled (5).
    blue: [
      point(4 * MIN, 100),
      point(2 * MIN, 100),
      point(1 * MIN, 0),
      point(3 * MIN, 80),
      point(5 * MIN, 90),
    ],
    green: [point(3 * MIN, 20, { connectionErrors: 3, p95Ms: null }), point(4 * MIN, 0)],
  };

  it("the settled periods after the last recorded one, with traffic, oldest first, both arms", () => {
    expect(pendingPeriods(state({ last: 2 * MIN, weights: W }), series, C)).toStrictEqual([
      {
        t: iso(3 * MIN),
        periodMs: MIN,
        weights: W,
        blue: { requests: 80, errors: 1, connectionErrors: 0, p95Ms: 40 },
        green: { requests: 20, errors: 1, connectionErrors: 3, p95Ms: null },
      },
      {
        // Settled exactly now; green took no requests in it: no counts, not zeros.
        t: iso(4 * MIN),
        periodMs: MIN,
        weights: W,
        blue: { requests: 100, errors: 1, connectionErrors: 0, p95Ms: 40 },
        green: null,
      },
    ]);
    expect(pendingCount(state({ last: 2 * MIN }), series, C)).toBe(3);
  });

  it("nothing recorded yet: every settled period with traffic; a minute earlier, one fewer", () => {
    const all = pendingPeriods(state({ weights: W }), series, C);
    expect(all.map((p) => p.t)).toEqual([iso(2 * MIN), iso(3 * MIN), iso(4 * MIN)]);
    expect(pendingCount(state({}), series, C)).toBe(4);
    expect(pendingPeriods(state({}), series, { ...C, now: 6 * MIN - 1 }).map((p) => p.t)).toEqual([
      iso(2 * MIN),
      iso(3 * MIN),
    ]);
    expect(pendingCount(state({}), series, { ...C, now: 6 * MIN - 1 })).toBe(3);
    expect(pendingCount(state({}), { blue: [], green: series.green }, C)).toBe(1);
  });

  it("a period's own length, the green arm's first, decides when it settles and is recorded", () => {
    const long = {
      blue: [point(0, 50, { periodMs: 2 * MIN })],
      green: [point(0, 5, { periodMs: 3 * MIN })],
    };
    // Green's 3-minute period settles at 4 min, blue's 2-minute one at 3.
    expect(pendingPeriods(state({}), long, { ...C, now: 3 * MIN })).toMatchObject([{ periodMs: 3 * MIN }]);
    expect(pendingCount(state({}), long, { ...C, now: 3 * MIN })).toBe(1);
    expect(pendingCount(state({}), long, { ...C, now: 4 * MIN })).toBe(2);
    const blueOnly = { blue: [point(0, 50, { periodMs: 2 * MIN })], green: [] };
    expect(pendingPeriods(state({}), blueOnly, C)).toMatchObject([{ periodMs: 2 * MIN, green: null }]);
  });

  it("weights only for periods that began once AWS had confirmed them", () => {
    const s = state({ last: 2 * MIN, weights: W, since: 4 * MIN });
    expect(pendingPeriods(s, series, C).map((p) => p.weights)).toEqual([null, W]);
    expect(pendingPeriods(state({ last: 2 * MIN }), series, C).map((p) => p.weights)).toEqual([null, null]);
  });

  it("measures read for exactly that period (start and length), not those of another or with no value", () => {
    const at = 5 * MIN;
    const readings = {
      p99: { blue: 120, green: 180, periodStart: 3 * MIN, at },
      http4xxRate: { blue: null, green: 2.5, periodStart: 3 * MIN, at, periodMs: MIN },
      http5xxCount: { blue: 4, green: null, periodStart: 3 * MIN, at },
      // Another period's, another length's, and one with no value on either arm.
      p90: { blue: 1, green: 2, periodStart: 4 * MIN, at },
      "custom:q": { blue: 1, green: 2, periodStart: 3 * MIN, at, periodMs: 5 * MIN },
      "custom:none": { blue: null, green: null, periodStart: 3 * MIN, at },
    };
    const [third, fourth] = pendingPeriods(state({ last: 2 * MIN }), series, C, readings);
    expect(third!.measures).toStrictEqual({
      p99: { blue: 120, green: 180 },
      http4xxRate: { blue: null, green: 2.5 },
      http5xxCount: { blue: 4, green: null },
    });
    expect(fourth!.measures).toStrictEqual({ p90: { blue: 1, green: 2 } });
    const none = pendingPeriods(state({ last: 3 * MIN }), series, C, {
      "custom:none": readings["custom:none"],
    });
    expect(none).toHaveLength(1);
    expect("measures" in none[0]!).toBe(false);
  });
});

describe("elbVerdict", () => {
  it("counts the ALB's own 5XX against green while green takes traffic", () => {
    expect(elbVerdict({ t: 0, requests: 200, elb5xx: 3 }, point(0, 50))).toEqual({
      rate: 6,
      text: "load balancer 5XX 3 of 200 requests (1.50 %, 502/504 the ALB answered itself): 6.00 % of green's 50",
    });
    // More 5XX than green's requests: at most all of them.
    expect(elbVerdict({ t: 0, requests: 200, elb5xx: 80 }, point(0, 40)).rate).toBe(100);
  });

  it("against all requests when green takes none", () => {
    const all = {
      rate: 1.5,
      text: "load balancer 5XX 3 of 200 requests (1.50 %, 502/504 the ALB answered itself)",
    };
    expect(elbVerdict({ t: 0, requests: 200, elb5xx: 3 }, point(0, 0))).toEqual(all);
    expect(elbVerdict({ t: 0, requests: 200, elb5xx: 3 })).toEqual(all);
  });
});

describe("observationLimits", () => {
  const config = (pollSeconds: number, timeoutMs: number, settleSeconds?: number) => ({
    metrics: { pollSeconds, periodSeconds: 60, ...(settleSeconds === undefined ? {} : { settleSeconds }) },
    health: { timeoutMs },
  });
  type Config = Parameters<typeof observationLimits>[0];

  it("at real time: floors of 30 s, the probe's timeout on top, two periods and the settle", () => {
    expect([LISTENER_POLL_MS, PROBE_POLL_MS]).toEqual([5000, 5000]);
    expect(observationLimits(config(10, 2000) as Config)).toEqual({
      listenerMaxAgeMs: 30_000,
      healthMaxAgeMs: 30_000,
      metricsMaxAgeMs: 2 * MIN + MIN + MIN,
    });
    expect(observationLimits(config(50, 20_000, 0) as Config)).toEqual({
      listenerMaxAgeMs: 30_000,
      healthMaxAgeMs: 15_000 + 20_000,
      metricsMaxAgeMs: 150_000 + MIN,
    });
  });

  it("on a faster session clock every poll's age scales, the period's does not", () => {
    expect(observationLimits(config(10, 2000, 30) as Config, 10)).toEqual({
      listenerMaxAgeMs: 150_000,
      healthMaxAgeMs: 150_000 + 20_000,
      metricsMaxAgeMs: 300_000 + MIN + 30_000,
    });
  });
});
