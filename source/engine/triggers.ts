/**
 * Rollback triggers, judged per settled period, each period once. A period is judged only after it
 * ended plus the settle delay (CloudWatch publishes late and may still add to a young period).
 * Signals: green's error rate ((target 5XX + target connection errors) / requests), green's p95,
 * and the load balancer's own 5XX (502 when targets crash, 504 when they hang: they never reach a
 * target's metrics) as a separate signal, attributed to green while green takes traffic.
 */
import { type ColorMetrics, periodMetrics } from "../domain/metrics.js";
import type { LoadBalancerPoint, PeriodPoint } from "../domain/ports.js";
import { breaches } from "../domain/threshold-defaults.js";
import type { Threshold } from "../domain/thresholds.js";
import { elbVerdict } from "./elb-verdict.js";

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
