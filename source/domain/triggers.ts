/**
 * Every trigger golive can fire: what it watches, its default trust level, and the alert keys the
 * alert triggers raise. How far golive acts on each is trust.ts.
 */

export const TRUST_LEVELS = ["advisory", "pause", "rollback"] as const;
export type TrustLevel = (typeof TRUST_LEVELS)[number];

/** Every trigger golive can fire, with what it watches and its default level. */
export const TRIGGERS = {
  "error-rate": { watches: "green's error rate against the rollback threshold", level: "rollback" },
  "latency-p95": { watches: "green's p95 against the rollback threshold", level: "rollback" },
  "elb-5xx": { watches: "the load balancer's own 5XX against the error-rate threshold", level: "rollback" },
  "canary-verdict": {
    watches: "the step's verdict: FAIL (green worse than blue, with confidence)",
    level: "pause",
  },
  "traffic-share": {
    watches: "the share of requests green received against the weight the listener reports",
    level: "pause",
  },
  "error-rate-elevated": {
    watches: "green's error rate past the go threshold, not past the rollback threshold",
    level: "advisory",
  },
  // Alert triggers: they fire on an observation, not on a settled period, so they have no `persist`.
  "health-probe": { watches: "an arm's health check failing while it serves", level: "pause" },
  "listener-drift": { watches: "the listener changed outside golive", level: "pause" },
  "k8s-crash": {
    watches: "the Deployment's new pods crash-looping, not pulling, OOM-killed or unschedulable",
    level: "pause",
  },
  "k8s-deadline": {
    watches: "the Deployment's rollout past its progress deadline (ProgressDeadlineExceeded)",
    level: "pause",
  },
  // A failing metric poll was always a warning: no evidence is not a breach (stale data is shown
  // as stale, never as healthy); a runbook or config may raise it.
  "metrics-silent": { watches: "the metric source failing to answer golive's polls", level: "advisory" },
} as const satisfies Record<string, { watches: string; level: TrustLevel }>;

export type TriggerName = keyof typeof TRIGGERS;
export const TRIGGER_NAMES = Object.keys(TRIGGERS) as TriggerName[];

/** The triggers that fire on an observation (a probe, a listener read, a Kubernetes read). */
export const ALERT_TRIGGERS = [
  "health-probe",
  "listener-drift",
  "k8s-crash",
  "k8s-deadline",
  "metrics-silent",
] as const;
export type AlertTriggerName = (typeof ALERT_TRIGGERS)[number];

/** The alert keys the alert triggers raise (kept from before they had levels: the records hold them). */
const KEY_TRIGGERS: Record<string, AlertTriggerName> = {
  "probe:blue": "health-probe",
  "probe:green": "health-probe",
  "listener:outside": "listener-drift",
  "k8s:crash": "k8s-crash",
  "k8s:deadline": "k8s-deadline",
  "poll:metrics": "metrics-silent",
};

/** The trigger an alert key belongs to (`error-rate:green` → error-rate); undefined for others. */
export function triggerOf(key: string): TriggerName | undefined {
  // Own keys only: `in` also finds Object.prototype's members (`constructor`, `toString`).
  if (Object.hasOwn(KEY_TRIGGERS, key)) return KEY_TRIGGERS[key];
  const name = key.split(":")[0] as TriggerName;
  return Object.hasOwn(TRIGGERS, name) ? name : undefined;
}
