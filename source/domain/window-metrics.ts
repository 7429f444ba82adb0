/** Metrics over a window of settled periods, and the load balancer's latest. */
import { type ColorMetrics, type ElbMetrics, NO_DATA, NO_ELB_DATA } from "./metrics.js";
import type { PeriodPoint } from "./ports.js";

/**
 * A window's counts (checkpoints, baseline): request-weighted error rate, throughput over the
 * window's real length. Its p95 is the one CloudWatch computed over the whole window
 * (`windowP95Ms`, asked with Period = window); without it there is no p95, never a max of p95s.
 */
export function windowMetrics(
  points: PeriodPoint[],
  window: { start: number; end: number; p95Ms?: number | null },
): ColorMetrics {
  const withTraffic = points.filter((p) => p.requests > 0);
  if (!withTraffic.length) return NO_DATA;
  const requests = withTraffic.reduce((s, p) => s + p.requests, 0);
  const errors = withTraffic.reduce((s, p) => s + p.errors, 0);
  const connectionErrors = withTraffic.reduce((s, p) => s + (p.connectionErrors ?? 0), 0);
  return {
    errorRate: (100 * (errors + connectionErrors)) / requests,
    latencyP95: window.p95Ms ?? null,
    throughput: requests / ((window.end - window.start) / 1000),
    periodStart: window.start,
    periodEnd: window.end,
    requests,
    errors,
    connectionErrors,
  };
}

/** The load balancer's latest settled period with requests. */
export function latestElb(
  points: { t: number; requests: number; elb5xx: number; periodMs?: number }[],
  o: { asOf?: number; maxAgeMs?: number; periodMs?: number; settleMs?: number } = {},
): ElbMetrics {
  const periodMs = o.periodMs ?? 60000;
  const maxAgeMs = o.maxAgeMs ?? 3 * periodMs;
  const settleMs = o.settleMs ?? 0;
  const p = points
    .filter(
      (x) =>
        x.requests > 0 &&
        (o.asOf === undefined ||
          (x.t + (x.periodMs ?? periodMs) + settleMs <= o.asOf && x.t >= o.asOf - maxAgeMs)),
    )
    .sort((a, b) => b.t - a.t)[0];
  if (!p) return NO_ELB_DATA;
  return {
    requests: p.requests,
    elb5xx: p.elb5xx,
    rate: (100 * p.elb5xx) / p.requests,
    periodStart: p.t,
    periodEnd: p.t + (p.periodMs ?? periodMs),
  };
}
