/** The decision matrix beside alerts: the row that applies to an alert, and how it is shown. */
import type { DecisionMatrix, MatrixRule } from "./decision-matrix.js";

/**
 * The detector an alert key belongs to (engine/triggers.ts, monitor.ts, stated.ts keys). The
 * error-rate rollback trigger and the load balancer's 5XX belong to no row: they come from the
 * runbook's rollback thresholds, and a "minor functionality" row binds only the band below them
 * (matrix-triggers.ts), so its "fix in place" is never shown beside a rollback trigger.
 */
export function detectorOfAlert(key: string): MatrixRule["detector"] {
  // A Kubernetes pod crash-looping, OOM-killed or not starting (engine/k8s-watch.ts) is an application crash.
  if (key.startsWith("probe:") || key.startsWith("k8s:")) return "health";
  if (key.startsWith("latency-") || key.startsWith("stated:latency")) return "latency";
  if (key.startsWith("error-rate-elevated:")) return "error-rate";
  if (key === "poll:metrics") return "metrics-silent";
  return undefined;
}

/** The row that applies to an alert, if the matrix has one for what raised it. */
export function ruleForAlert(m: DecisionMatrix | undefined, key: string): MatrixRule | undefined {
  const d = detectorOfAlert(key);
  return d ? m?.rules.find((r) => r.detector === d) : undefined;
}

/** `Performance Degradation / High → Monitor, rollback if persists (line 500)`. */
export function ruleText(r: MatrixRule): string {
  return `${r.issue}${r.severity ? ` / ${r.severity}` : ""} → ${r.action} (line ${r.line})`;
}

/** An alert's message with the matrix row that applies, as the cockpit and the record show it. */
export function withMatrixRow(m: DecisionMatrix | undefined, key: string, message: string): string {
  const r = ruleForAlert(m, key);
  return r ? `${message} — runbook matrix: ${ruleText(r)}` : message;
}
