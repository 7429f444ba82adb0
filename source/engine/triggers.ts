/**
 * Rollback triggers, judged per settled period, each period once. A period is judged only after it
 * ended plus the settle delay (CloudWatch publishes late and may still add to a young period).
 * Signals: green's error rate ((target 5XX + target connection errors) / requests), green's p95,
 * and the load balancer's own 5XX (502 when targets crash, 504 when they hang: they never reach a
 * target's metrics) as a separate signal, attributed to green while green takes traffic.
 */
import { type ColorMetrics, type ElbMetrics, periodMetrics } from "../domain/metrics.js";
import type { LoadBalancerPoint, PeriodPoint } from "../domain/ports.js";
import { breaches } from "../domain/threshold-defaults.js";
import type { Threshold } from "../domain/thresholds.js";
import { wilson } from "../domain/verdict-stats.js";

export interface TriggerFinding {
  /** The episode key: trigger and arm. */
  key: string;
  message: string;
}

export interface PeriodVerdict {
  t: number;
  /** Keys judged in this period (breached or not); a key not judged keeps its episode as it is. */
  judged: string[];
  findings: TriggerFinding[];
}

export const TRIGGER_KEYS = {
  errorRate: "error-rate:green",
  latency: "latency-p95:green",
  elb: "elb-5xx:load-balancer",
  elevated: "error-rate-elevated:green",
} as const;

/** Periods that have settled, not yet judged, recent enough to matter, oldest first. */
export function settledPeriods(
  o: { green: PeriodPoint[]; loadBalancer?: LoadBalancerPoint[] },
  now: number,
  lastJudged: number,
  c: { periodMs: number; settleMs: number; maxAgeMs: number },
): number[] {
  const ts = new Set<number>();
  for (const p of [...o.green, ...(o.loadBalancer ?? [])])
    if (p.t > lastJudged && p.t + (p.periodMs ?? c.periodMs) + c.settleMs <= now && p.t >= now - c.maxAgeMs)
      ts.add(p.t);
  return [...ts].sort((a, b) => a - b);
}

/**
 * Periods CloudWatch already shows that have not settled yet (it may still add to them), not yet
 * judged, oldest first: read early, for breaches proven on what is there (judgeYoungPeriod).
 */
export function youngPeriods(
  o: { green: PeriodPoint[]; loadBalancer?: LoadBalancerPoint[] },
  now: number,
  lastJudged: number,
  c: { periodMs: number; settleMs: number },
): number[] {
  const ts = new Set<number>();
  for (const p of [...o.green, ...(o.loadBalancer ?? [])]) {
    const end = p.t + (p.periodMs ?? c.periodMs);
    if (p.t > lastJudged && p.requests > 0 && end <= now && end + c.settleMs > now) ts.add(p.t);
  }
  return [...ts].sort((a, b) => a - b);
}

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

export function judgePeriod(
  t: number,
  o: { green: PeriodPoint[]; loadBalancer?: LoadBalancerPoint[] },
  th: { errorRate: Threshold; latencyP95: Threshold },
  periodMs: number,
  /** The go threshold, when the `error-rate-elevated` trigger is judged (trust.ts OPT_IN_TRIGGERS). */
  goErrorRate?: Threshold,
): PeriodVerdict {
  const judged: string[] = [];
  const findings: TriggerFinding[] = [];
  const gp = o.green.find((p) => p.t === t && p.requests > 0);
  const g: ColorMetrics | undefined = gp ? periodMetrics(gp, periodMs) : undefined;
  if (g && g.errorRate !== null) {
    judged.push(TRIGGER_KEYS.errorRate);
    if (breaches(th.errorRate, g.errorRate)) {
      const conn = g.connectionErrors ? `, ${g.connectionErrors} target connection errors` : "";
      findings.push({
        key: TRIGGER_KEYS.errorRate,
        message: `green error rate ${g.errorRate.toFixed(2)} % ${th.errorRate.op} ${th.errorRate.value} % (${g.errors} 5XX${conn} of ${g.requests})`,
      });
    }
    if (goErrorRate) {
      // Only the band between the thresholds: past the rollback threshold the rollback trigger speaks.
      judged.push(TRIGGER_KEYS.elevated);
      if (breaches(goErrorRate, g.errorRate) && !breaches(th.errorRate, g.errorRate))
        findings.push({
          key: TRIGGER_KEYS.elevated,
          message: `green error rate ${g.errorRate.toFixed(2)} % is past the go threshold (${goErrorRate.op} ${goErrorRate.value} %), not the rollback threshold (${th.errorRate.op} ${th.errorRate.value} %) (${g.errors} 5XX of ${g.requests})`,
        });
    }
    if (g.latencyP95 !== null) {
      judged.push(TRIGGER_KEYS.latency);
      if (breaches(th.latencyP95, g.latencyP95))
        findings.push({
          key: TRIGGER_KEYS.latency,
          message: `green p95 ${g.latencyP95.toFixed(0)} ms ${th.latencyP95.op} ${th.latencyP95.value} ms`,
        });
    }
  }
  const lp = o.loadBalancer?.find((p) => p.t === t && p.requests > 0);
  if (lp) {
    const elb = elbVerdict(lp, gp);
    judged.push(TRIGGER_KEYS.elb);
    if (elb.rate !== null && breaches(th.errorRate, elb.rate))
      findings.push({ key: TRIGGER_KEYS.elb, message: elb.text });
  }
  return { t, judged, findings };
}

/**
 * The load balancer's 5XX judged against green: while green takes traffic, every 5XX the ALB made
 * itself is counted against green (the rollout is what changed; failing safe); otherwise against
 * all requests.
 */
export function elbVerdict(
  lb: LoadBalancerPoint,
  green?: PeriodPoint,
): { rate: number | null; text: string } {
  const all = (100 * lb.elb5xx) / lb.requests;
  const base = `load balancer 5XX ${lb.elb5xx} of ${lb.requests} requests (${all.toFixed(2)} %, 502/504 the ALB answered itself)`;
  if (green && green.requests > 0) {
    const rate = Math.min(100, (100 * lb.elb5xx) / green.requests);
    return { rate, text: `${base}: ${rate.toFixed(2)} % of green's ${green.requests}` };
  }
  return { rate: all, text: base };
}

export function elbMetricsOf(lb: LoadBalancerPoint, periodMs: number): ElbMetrics {
  return {
    requests: lb.requests,
    elb5xx: lb.elb5xx,
    rate: (100 * lb.elb5xx) / lb.requests,
    periodStart: lb.t,
    periodEnd: lb.t + (lb.periodMs ?? periodMs),
  };
}
