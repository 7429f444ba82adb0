/** The percentiles a runbook states, read from the metrics port over the step's window. */
import type { CustomMetric } from "../domain/config.js";
import type { MeasureSpec, MetricsPort } from "../domain/ports.js";
import type { Readings } from "../domain/stated.js";
import type { StatedThreshold } from "../domain/thresholds.js";

/** The CloudWatch percentiles the runbook's thresholds need (`p99` → 99). */
export function measuredStats(stated: StatedThreshold[] | undefined): string[] {
  const out = new Set<string>();
  for (const t of stated ?? []) if (t.measure.by === "cloudwatch") out.add(t.measure.stat);
  return [...out];
}

/**
 * Each needed measure over the latest settled period: one Period = period query per percentile,
 * and one GetMetricData call for the 4xx rate, the counts and the config's custom metrics.
 */
export async function readPercentiles(
  metrics: MetricsPort,
  stats: string[],
  o: { now: number; periodMs: number; settleMs: number },
  custom: CustomMetric[] = [],
): Promise<Readings> {
  const out: Readings = {};
  if (!stats.length) return out;
  const start = Math.floor((o.now - o.settleMs) / o.periodMs) * o.periodMs - o.periodMs;
  const put = (stat: string, v: { blue: number | null; green: number | null }) => {
    out[stat] = { blue: v.blue, green: v.green, periodStart: start, at: o.now, periodMs: o.periodMs };
  };
  const specs: MeasureSpec[] = [];
  for (const stat of stats) {
    if (/^p\d/.test(stat)) {
      if (metrics.windowPercentile)
        put(stat, await metrics.windowPercentile(start, start + o.periodMs, Number(stat.slice(1))));
    } else if (stat.startsWith("custom:")) {
      const c = custom.find((x) => `custom:${x.name}` === stat);
      if (c)
        specs.push({
          id: stat,
          kind: "custom",
          namespace: c.namespace,
          metric: c.metric ?? c.name,
          stat: c.stat,
          dimensions: c.dimensions,
        });
    } else if (stat === "http4xxRate" || stat === "http4xxCount" || stat === "http5xxCount") {
      specs.push({ id: stat, kind: stat });
    }
  }
  if (specs.length && metrics.measure) {
    const r = await metrics.measure(start, start + o.periodMs, specs);
    for (const s of specs) if (r[s.id]) put(s.id, r[s.id]!);
  }
  return out;
}

export const stat = (t: StatedThreshold) => (t.measure.by === "cloudwatch" ? t.measure.stat : undefined);
