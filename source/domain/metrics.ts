/**
 * Metrics the way CloudWatch means them, pure. A period is judged from its counts: error rate =
 * (target 5XX + target connection errors) / requests; throughput = requests per second of the
 * period's real length; latency percentiles over a window come from CloudWatch asked with
 * Period = window, never from per-period percentiles (the max or mean of per-minute p95s is not a
 * p95). No traffic → no data, never zero.
 */
import type { PeriodPoint } from "./ports.js";

export interface ColorMetrics {
  /** (5XX + connection errors) / requests in %; null = no data (no traffic), never zero. */
  errorRate: number | null;
  latencyP95: number | null;
  /** Requests per second over the period's (or window's) real length. */
  throughput: number | null;
  periodStart: number | null;
  /** End of the period (or window) the numbers describe: their age counts from here. */
  periodEnd: number | null;
  /** Raw counts behind the rate, for the record and for statistics that work on counts. */
  requests?: number;
  errors?: number;
  connectionErrors?: number;
}

/** No datapoints: shown as no data, never as zero. */
export const NO_DATA: ColorMetrics = {
  errorRate: null,
  latencyP95: null,
  throughput: null,
  periodStart: null,
  periodEnd: null,
};

/** The load balancer's own 5XX (502/503/504 the ALB answers itself): one signal, no arm. */
export interface ElbMetrics {
  requests: number;
  elb5xx: number;
  /** elb5xx / requests in %; null without requests. */
  rate: number | null;
  periodStart: number | null;
  periodEnd: number | null;
}

export const NO_ELB_DATA: ElbMetrics = {
  requests: 0,
  elb5xx: 0,
  rate: null,
  periodStart: null,
  periodEnd: null,
};

function periodOf(p: PeriodPoint, fallbackMs: number): number {
  return p.periodMs ?? fallbackMs;
}

/** One period's numbers (requests > 0). */
export function periodMetrics(p: PeriodPoint, periodMs = 60_000): ColorMetrics {
  const len = periodOf(p, periodMs);
  const bad = p.errors + (p.connectionErrors ?? 0);
  return {
    errorRate: (100 * bad) / p.requests,
    latencyP95: p.p95Ms,
    throughput: p.requests / (len / 1000),
    periodStart: p.t,
    periodEnd: p.t + len,
    requests: p.requests,
    errors: p.errors,
    connectionErrors: p.connectionErrors ?? 0,
  };
}

/**
 * The latest period that has settled (ended at least `settleMs` ago, so CloudWatch has all of it)
 * and had traffic. A color that stopped getting traffic shows no data, not its old numbers.
 */
export function latestMetrics(
  points: PeriodPoint[],
  o: { asOf?: number; maxAgeMs?: number; periodMs?: number; settleMs?: number } = {},
): ColorMetrics {
  const periodMs = o.periodMs ?? 60_000;
  const maxAgeMs = o.maxAgeMs ?? 3 * periodMs;
  const settleMs = o.settleMs ?? 0;
  const asOf = o.asOf;
  const p = points
    .filter(
      (x) =>
        x.requests > 0 &&
        (asOf === undefined || (x.t + periodOf(x, periodMs) + settleMs <= asOf && x.t >= asOf - maxAgeMs)),
    )
    .sort((a, b) => b.t - a.t)[0];
  return p ? periodMetrics(p, periodMs) : NO_DATA;
}
