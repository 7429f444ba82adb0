import { periodMetrics } from "../domain/metrics.js";
import type { LoadBalancerPoint, PeriodPoint } from "../domain/ports.js";
import { breaches } from "../domain/threshold-defaults.js";
import type { Threshold } from "../domain/thresholds.js";
import { wilson } from "../domain/verdict-stats.js";
import { elbVerdict } from "./elb-verdict.js";
import { type PeriodVerdict, TRIGGER_KEYS, type TriggerFinding } from "./triggers.js";

/** One-sided 99.9 %: a young period's breach is claimed only when its lower bound is past the threshold. */
export const EARLY_CONFIDENCE = 0.998;

/**
 * A period that has not settled, judged for breaches only, and only where the counts already
 * prove one: the error rate's (and the load balancer's 5XX rate's) Wilson lower bound at 99.9 %
 * past the rollback threshold; for p95, a p90 already past it (so more than 10 % of the requests
 * were slower) on enough requests that the share slower than the threshold is above 5 % at 99.9 %.
 * More data could still arrive in either direction, so nothing is ever cleared early. This is what
 * brings a clear breach on screen within one period and one poll.
 */
export function judgeYoungPeriod(
  t: number,
  o: { green: PeriodPoint[]; loadBalancer?: LoadBalancerPoint[] },
  th: { errorRate: Threshold; latencyP95?: Threshold },
  periodMs: number,
): PeriodVerdict {
  const findings: TriggerFinding[] = [];
  const bound = (x: number, n: number) => 100 * wilson(x, n, EARLY_CONFIDENCE).lower;
  const gp = o.green.find((p) => p.t === t && p.requests > 0);
  const g = gp ? periodMetrics(gp, periodMs) : undefined;
  if (gp && g && g.errorRate !== null) {
    const lower = bound(gp.errors + (gp.connectionErrors ?? 0), gp.requests);
    if (breaches(th.errorRate, lower))
      findings.push({
        key: TRIGGER_KEYS.errorRate,
        message: `green error rate ${g.errorRate.toFixed(2)} % ${th.errorRate.op} ${th.errorRate.value} % (${g.errors} 5XX${g.connectionErrors ? `, ${g.connectionErrors} target connection errors` : ""} of ${g.requests} so far; ≥ ${lower.toFixed(2)} % with 99.9 % confidence, before the period settled)`,
      });
  }
  const lat = th.latencyP95;
  if (gp && lat && gp.p90Ms != null && breaches(lat, gp.p90Ms)) {
    // p90 past the threshold: more than a tenth of the requests were slower than it.
    const slower = bound(Math.ceil(gp.requests / 10), gp.requests);
    if (slower > 5)
      findings.push({
        key: TRIGGER_KEYS.latency,
        message: `green p95 ${gp.p95Ms === null ? "?" : gp.p95Ms.toFixed(0)} ms ${lat.op} ${lat.value} ms (p90 already ${gp.p90Ms.toFixed(0)} ms over ${gp.requests} requests so far: ≥ ${slower.toFixed(1)} % slower than ${lat.value} ms with 99.9 % confidence, before the period settled)`,
      });
  }
  const lp = o.loadBalancer?.find((p) => p.t === t && p.requests > 0);
  if (lp) {
    const n = gp && gp.requests > 0 ? Math.max(gp.requests, lp.elb5xx) : lp.requests;
    const lower = bound(lp.elb5xx, n);
    if (breaches(th.errorRate, lower))
      findings.push({
        key: TRIGGER_KEYS.elb,
        message: `${elbVerdict(lp, gp).text} so far; ≥ ${lower.toFixed(2)} % with 99.9 % confidence, before the period settled`,
      });
  }
  return { t, judged: findings.map((f) => f.key), findings };
}
