/**
 * Thresholds on other metrics as the lead reads them (status, the record, the cockpit), and how one
 * is judged. Pure: the engine reads the percentiles (engine/stated.ts).
 */
import type { StatedThreshold } from "./thresholds.js";

export interface PercentileReading {
  blue: number | null;
  green: number | null;
  /** The period the value describes, and when it was read (session clock). */
  periodStart: number;
  at: number;
  /** The period's length, so a count can be judged per minute or per second as the runbook says. */
  periodMs?: number;
}

export type Readings = Record<string, PercentileReading>;

const COUNTS = new Set(["http4xxCount", "http5xxCount"]);

/**
 * An arm's reading in the threshold's own unit: a count per period becomes per minute or per
 * second when the runbook says so ("> 25 per minute" over a 5-minute period is > 125 in it).
 */
export function inUnit(
  t: StatedThreshold,
  reading: PercentileReading | undefined,
  arm: "blue" | "green" = "green",
) {
  const v = reading?.[arm];
  if (v === undefined || v === null || t.measure.by !== "cloudwatch") return v;
  const counted =
    COUNTS.has(t.measure.stat) ||
    (t.measure.stat.startsWith("custom:") && /^(?:Sum|SampleCount)$/.test(t.measure.countStat ?? ""));
  const per = reading?.periodMs ?? 60_000;
  if (counted && /min/.test(t.unit)) return v / (per / 60_000);
  if (counted && /sec|\/\s*s$/.test(t.unit)) return v / (per / 1000);
  return v;
}

/**
 * Binds the runbook's thresholds on the team's own metrics to the config's metrics.custom (by
 * name): they are then measured per arm, with the namespace and statistic the config names.
 */
export function bindCustom(
  stated: StatedThreshold[] | undefined,
  custom: { name: string; namespace: string; metric?: string; stat: string }[] | undefined,
): StatedThreshold[] | undefined {
  if (!stated || !custom?.length) return stated;
  return stated.map((t) => {
    const c = custom.find((x) => t.metric === `custom:${x.name}`);
    if (!c) return t;
    return {
      ...t,
      measure: {
        by: "cloudwatch",
        stat: `custom:${c.name}`,
        countStat: c.stat,
        source: `CloudWatch ${c.namespace} ${c.metric ?? c.name} (${c.stat}, config metrics.custom)`,
      },
    };
  });
}
