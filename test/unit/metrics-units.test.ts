/**
 * domain/metrics.ts alone: one period's numbers, and which period the panes and the gate read as the
 * latest. Stale or unsettled periods, and periods without traffic, are no evidence: they never stand
 * in for the newest numbers.
 */
import { describe, expect, it } from "vitest";
import { latestMetrics, NO_DATA, periodMetrics } from "../../source/domain/metrics.js";
import type { PeriodPoint } from "../../source/domain/ports.js";

const M = 60_000;
const point = (t: number, o: Partial<PeriodPoint> = {}): PeriodPoint => ({
  t,
  requests: 1000,
  errors: 5,
  p95Ms: 40,
  ...o,
});

describe("periodMetrics", () => {
  it("counts connection errors as errors, and throughput per second of the period's own length", () => {
    expect(periodMetrics(point(0, { connectionErrors: 3, periodMs: 30_000 }))).toEqual({
      errorRate: 0.8,
      latencyP95: 40,
      throughput: 1000 / 30,
      periodStart: 0,
      periodEnd: 30_000,
      requests: 1000,
      errors: 5,
      connectionErrors: 3,
    });
    const plain = periodMetrics(point(M), 120_000);
    expect([plain.errorRate, plain.throughput, plain.periodEnd, plain.connectionErrors]).toEqual([
      0.5,
      1000 / 120,
      M + 120_000,
      0,
    ]);
  });
});

describe("latestMetrics", () => {
  // Out of order, as several reads may hand them over; the newest has no traffic.
  const points = [
    point(2 * M, { errors: 2 }),
    point(0, { errors: 9 }),
    point(3 * M, { requests: 0 }),
    point(M),
  ];
  const at = (o: Parameters<typeof latestMetrics>[1]) => latestMetrics(points, o).periodStart;

  it("the newest period with traffic, whatever the order it came in", () => {
    expect(at({})).toBe(2 * M);
    expect(latestMetrics(points).errorRate).toBe(0.2);
  });

  it("as of a time: only periods that ended (and settled) by then, and not older than three periods", () => {
    // 2M ends at 3M: read at 3M; not a moment before.
    expect(at({ asOf: 3 * M })).toBe(2 * M);
    expect(at({ asOf: 3 * M - 1 })).toBe(M);
    // Settling: a period is read only settleMs after its end.
    expect(at({ asOf: 3 * M, settleMs: 1 })).toBe(M);
    // Three periods old is the oldest that counts (by default); older reads as no data.
    expect(at({ asOf: 5 * M })).toBe(2 * M);
    expect(latestMetrics([point(2 * M)], { asOf: 5 * M }).periodStart).toBe(2 * M);
    expect(latestMetrics([point(2 * M - 1)], { asOf: 5 * M })).toEqual(NO_DATA);
    expect(latestMetrics([point(0)], { asOf: 10 * M })).toEqual(NO_DATA);
    expect(latestMetrics([point(0)], { asOf: 10 * M, maxAgeMs: 10 * M }).periodStart).toBe(0);
    // The period length sets both what "ended" means and the default age.
    expect(latestMetrics([point(0)], { asOf: 2 * M, periodMs: 2 * M }).periodStart).toBe(0);
    expect(latestMetrics([point(0)], { asOf: 2 * M - 1, periodMs: 2 * M })).toEqual(NO_DATA);
  });

  it("no period with traffic is no data", () => {
    expect(latestMetrics([point(0, { requests: 0 })])).toEqual(NO_DATA);
    expect(latestMetrics([])).toEqual(NO_DATA);
  });
});
