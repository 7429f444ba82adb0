/** What the monitor has observed, as the cockpit, `watch` and the gate read it (monitor.ts). */
import { formatAge } from "../domain/gate.js";
import type { ColorMetrics, ElbMetrics } from "../domain/metrics.js";
import type { Color, ListenerState, LoadBalancerPoint, PeriodPoint, ProbeResult } from "../domain/ports.js";
import type { Readings } from "../domain/stated.js";
import type { PendingAlert } from "./alerts.js";
import type { Fleet } from "./fleet.js";

export interface PollFailure {
  source: string;
  message: string;
  /** When this run of failures started, the latest one, and how many in a row. */
  since: number;
  at: number;
  count: number;
}

export interface MonitorSnapshot {
  /** The metric source the numbers come from (CloudWatch, Prometheus). */
  source?: string;
  /** Last successful metrics poll (session clock); null = never. */
  metricsAt: number | null;
  blue: { current: ColorMetrics; series: PeriodPoint[] };
  green: { current: ColorMetrics; series: PeriodPoint[] };
  loadBalancer: { current: ElbMetrics; series: LoadBalancerPoint[] };
  probes: Partial<Record<Color, ProbeResult & { at: number }>>;
  listener?: ListenerState;
  listenerAt: number | null;
  /** When the read in `listener` began: one begun before a recorded change is not news of AWS now. */
  listenerReadFrom?: number;
  /** Poll failures, one per source (collapsed: count and since), cleared by the next success. */
  errors: PollFailure[];
  consecutiveBreaches: number;
  /** Alerts raised but not yet recorded (the session could not take them): retried, shown. */
  pendingAlerts: PendingAlert[];
  /** How old the metrics may be before they are stale (session-clock ms). */
  metricsMaxAgeMs?: number;
  /** Each arm's targets by state and ECS task counts (fleet.ts), and when they were read. */
  fleet?: Fleet;
  fleetAt?: number;
  /** The other latency percentiles the runbook's thresholds name (`p99`), latest settled period. */
  percentiles?: Readings;
}

/**
 * "STALE 12m03s (metrics failing: …)" when the metrics on screen are not current: the last poll
 * failed or the last success is older than allowed. Undefined while they are current.
 */
export function metricsStaleText(s: MonitorSnapshot, now: number): string | undefined {
  const failing = s.errors.find((e) => e.source === "metrics");
  const age = s.metricsAt === null ? null : now - s.metricsAt;
  const old = age !== null && s.metricsMaxAgeMs !== undefined && age > s.metricsMaxAgeMs;
  if (!failing && !old) return undefined;
  const ageText = age === null ? "never loaded" : `${formatAge(age)} old`;
  return `STALE ${ageText}${failing ? ` (metrics failing ×${failing.count}: ${failing.message})` : ""}`;
}
