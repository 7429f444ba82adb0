/** The gate's inputs at the Go decision with every one fresh and within thresholds (gate unit tests). */
import type { GateInputs } from "../../source/domain/gate.js";
import type { ColorMetrics } from "../../source/domain/metrics.js";
import { DEFAULT_THRESHOLDS } from "../../source/domain/threshold-defaults.js";

export const T = Date.parse("2026-11-23T12:00:00Z");
export const MIN = 60_000;

/** A settled period with this error rate, ended two minutes before T unless told. */
export const period = (errorRate: number | null, periodEnd: number | null = T - 2 * MIN): ColorMetrics => ({
  errorRate,
  latencyP95: 30,
  throughput: 20,
  periodStart: periodEnd === null ? null : periodEnd - MIN,
  periodEnd,
});

/** Blue 100 % in AWS and the record, nothing moved yet, the Go decision not recorded. */
export function goDecision(over: Partial<GateInputs> = {}): GateInputs {
  return {
    action: "promote",
    now: T,
    plan: { steps: [10, 50, 100], dwellMinutes: 10 },
    confirmed: { weights: { blue: 100, green: 0 }, since: T - 30 * MIN },
    listener: { value: { blue: 100, green: 0 }, at: T - 1000 },
    metrics: {
      blue: { value: period(0.2), at: T - 5000 },
      green: { value: period(0.3), at: T - 5000 },
    },
    health: { blue: { value: true, at: T - 2000 }, green: { value: true, at: T - 2000 } },
    alerts: [],
    rollback: null,
    goDecided: false,
    thresholds: { errorRate: DEFAULT_THRESHOLDS[0]!, latencyP95: DEFAULT_THRESHOLDS[1]! },
    limits: { listenerMaxAgeMs: 30_000, metricsMaxAgeMs: 4 * MIN, healthMaxAgeMs: 30_000 },
    ...over,
  };
}
