/** golive's default go / rollback thresholds, the thresholds a session acts on, and the breaches of them. */
import type { MetricName, Threshold } from "./thresholds.js";

export const DEFAULT_THRESHOLDS: Threshold[] = [
  {
    metric: "errorRate",
    kind: "go",
    op: "<",
    value: 1,
    unit: "%",
    text: "error rate < 1%",
    line: 0,
    source: "default",
  },
  {
    metric: "latencyP95",
    kind: "go",
    op: "<",
    value: 50,
    unit: "ms",
    text: "p95 < 50ms",
    line: 0,
    source: "default",
  },
  {
    metric: "errorRate",
    kind: "rollback",
    op: ">",
    value: 5,
    unit: "%",
    text: "error rate > 5%",
    line: 0,
    source: "default",
  },
  {
    metric: "latencyP95",
    kind: "rollback",
    op: ">",
    value: 100,
    unit: "ms",
    text: "p95 > 100ms",
    line: 0,
    source: "default",
  },
];

/** The one threshold of each metric and kind that the session uses: the first the runbook states. */
export function effectiveThresholds(
  all: Threshold[],
): Record<"go" | "rollback", Record<MetricName, Threshold>> {
  const pick = (kind: "go" | "rollback", metric: MetricName): Threshold =>
    all.find((t) => t.kind === kind && t.metric === metric) ??
    DEFAULT_THRESHOLDS.find((t) => t.kind === kind && t.metric === metric)!;
  return {
    go: { errorRate: pick("go", "errorRate"), latencyP95: pick("go", "latencyP95") },
    rollback: { errorRate: pick("rollback", "errorRate"), latencyP95: pick("rollback", "latencyP95") },
  };
}

/** Whether `value` is on the wrong side of a bound (any threshold: the two golive gates on, or a stated one). */
export function breaches(t: Pick<Threshold, "op" | "value">, value: number): boolean {
  switch (t.op) {
    case "<":
      return !(value < t.value);
    case "<=":
      return !(value <= t.value);
    case ">":
      return value > t.value;
    case ">=":
      return value >= t.value;
  }
}
