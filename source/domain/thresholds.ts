/** The go / rollback thresholds a runbook states, and the manual triggers it names. */
export type MetricName = "errorRate" | "latencyP95";

export interface Threshold {
  metric: MetricName;
  /** go: green must stay within it to promote; rollback: crossing it triggers a rollback. */
  kind: "go" | "rollback";
  op: "<" | ">" | "<=" | ">=";
  value: number;
  unit: "%" | "ms";
  text: string;
  line: number;
  source: "runbook" | "config" | "default";
}

/**
 * A threshold the runbook states on anything but the error rate and p95 (runbook/thresholds.ts):
 * another latency percentile (measured as that percentile), the 4xx rate, a 5xx count, a metric of
 * the team's own. One golive cannot measure is a check by hand, shown as such, never as met.
 */
export interface StatedThreshold {
  /** `latencyP99`, `http4xxRate`, `http5xxCount`, `custom:SearchErrors`, `unknown`. */
  metric: string;
  /** As the lead reads it: `p99 latency`, `4xx rate`, `SearchErrors`. */
  label: string;
  kind: "go" | "rollback";
  op: "<" | ">" | "<=" | ">=";
  value: number;
  unit: string;
  text: string;
  line: number;
  measure:
    | {
        by: "cloudwatch";
        /** `p99`, `http4xxRate`, `http4xxCount`, `http5xxCount`, `custom:NAME`. */
        stat: string;
        /** A custom metric's CloudWatch statistic (Sum …) and where it is read, from the config. */
        countStat?: string;
        source?: string;
      }
    | { by: "manual"; why: string };
}

/** A rollback trigger with no number ("Critical functionality broken"): watched for by a person. */
export interface ManualTrigger {
  text: string;
  line: number;
}

export const NOT_MEASURED = "not measured by golive — check by hand";
