/**
 * windowMetrics (domain/window-metrics.ts) in exact figures: a checkpoint row and the baseline are
 * read from these numbers, so a count dropped or a period with no traffic let in changes the record.
 */
import { describe, expect, it } from "vitest";
import { NO_DATA } from "../../source/domain/metrics.js";
import { latestElb, windowMetrics } from "../../source/domain/window-metrics.js";

const T = Date.parse("2026-12-04T12:00:00Z");
const MIN = 60_000;

describe("windowMetrics", () => {
  it("sums every period with traffic: errors and connection errors over requests, throughput per second of the window", () => {
    const w = windowMetrics(
      [
        { t: T, requests: 600, errors: 3, connectionErrors: 2, p95Ms: 30 },
        { t: T + MIN, requests: 0, errors: 7, connectionErrors: 5, p95Ms: null },
        { t: T + 2 * MIN, requests: 400, errors: 5, p95Ms: 90 },
      ],
      { start: T, end: T + 5 * MIN, p95Ms: 44 },
    );
    expect(w).toEqual({
      errorRate: 1,
      latencyP95: 44,
      throughput: 1000 / 300,
      periodStart: T,
      periodEnd: T + 5 * MIN,
      requests: 1000,
      errors: 8,
      connectionErrors: 2,
    });
  });

  it("no period with requests: no data, even with errors counted", () => {
    expect(windowMetrics([], { start: T, end: T + MIN })).toBe(NO_DATA);
    expect(windowMetrics([{ t: T, requests: 0, errors: 4, p95Ms: 10 }], { start: T, end: T + MIN })).toBe(
      NO_DATA,
    );
  });

  it("a single period without connection errors: its own figures, no p95 unless the window's was given", () => {
    expect(
      windowMetrics([{ t: T, requests: 50, errors: 1, p95Ms: 400 }], { start: T, end: T + 10_000 }),
    ).toEqual({
      errorRate: 2,
      latencyP95: null,
      throughput: 5,
      periodStart: T,
      periodEnd: T + 10_000,
      requests: 50,
      errors: 1,
      connectionErrors: 0,
    });
  });
});

describe("latestElb's rate", () => {
  it("is the load balancer's 5XX per hundred requests", () => {
    expect(latestElb([{ t: T, requests: 200, elb5xx: 4 }])).toEqual({
      requests: 200,
      elb5xx: 4,
      rate: 2,
      periodStart: T,
      periodEnd: T + MIN,
    });
  });
});
