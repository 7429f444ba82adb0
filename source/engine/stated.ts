/**
 * The runbook's thresholds on other latency percentiles (p50, p90, p99 …), measured as what they
 * say: CloudWatch's TargetResponseTime at that percentile over the latest settled period, asked
 * with Period = the period (never derived from p95, never from per-minute percentiles). A rollback
 * bound crossed by green is a rollback-trigger alert; a go bound is a gate check from the second
 * step on (green at 0 % has no traffic). Thresholds golive cannot measure stay "check by hand".
 */
import type { GateCheck } from "../domain/gate.js";
import type { MetricsPort } from "../domain/ports.js";
import { breaches, type Runbook, type StatedThreshold } from "../domain/runbook.js";
import type { Readings } from "../domain/stated.js";
import type { AlertBook } from "./alerts.js";
import type { Recorder } from "./controller.js";

/** The CloudWatch percentiles the runbook's thresholds need (`p99` → 99). */
export function measuredStats(stated: StatedThreshold[] | undefined): string[] {
  const out = new Set<string>();
  for (const t of stated ?? []) if (t.measure.by === "cloudwatch") out.add(t.measure.stat);
  return [...out];
}

/** Each needed percentile over the latest settled period, one Period = period query per percentile. */
export async function readPercentiles(
  metrics: MetricsPort,
  stats: string[],
  o: { now: number; periodMs: number; settleMs: number },
): Promise<Readings> {
  const out: Readings = {};
  if (!metrics.windowPercentile || !stats.length) return out;
  const start = Math.floor((o.now - o.settleMs) / o.periodMs) * o.periodMs - o.periodMs;
  for (const stat of stats) {
    const v = await metrics.windowPercentile(start, start + o.periodMs, Number(stat.slice(1)));
    out[stat] = { blue: v.blue, green: v.green, periodStart: start, at: o.now };
  }
  return out;
}

const stat = (t: StatedThreshold) => (t.measure.by === "cloudwatch" ? t.measure.stat : undefined);

/** Green's rollback bounds crossed in the latest period: one finding per threshold. */
export function statedFindings(
  stated: StatedThreshold[] | undefined,
  r: Readings,
  file: string,
): { key: string; message: string; breached: boolean }[] {
  const out: { key: string; message: string; breached: boolean }[] = [];
  for (const t of stated ?? []) {
    const s = stat(t);
    const v = s ? r[s]?.green : undefined;
    if (t.kind !== "rollback" || v === undefined || v === null) continue;
    out.push({
      key: `stated:${t.metric}:${t.line}`,
      breached: breaches(t, v),
      message: `green ${t.label} ${Math.round(v)} ms ${t.op} ${t.value} ms (runbook ${file}:${t.line})`,
    });
  }
  return out;
}

/** Go bounds on other percentiles as gate checks: from the second step on, no data is no evidence. */
export function statedGateChecks(
  stated: StatedThreshold[] | undefined,
  r: Readings,
  maxAgeMs: number,
): GateCheck[] {
  return (stated ?? [])
    .filter((t) => t.kind === "go" && stat(t))
    .map((t) => {
      const reading = r[stat(t)!];
      const v = reading?.green ?? null;
      return {
        source: "runbook threshold",
        label: `green ${t.label} ${t.op} ${t.value} ms (line ${t.line})`,
        ok: v === null ? null : !breaches(t, v),
        detail: v === null ? `no ${stat(t)} datapoints for green` : `green ${t.label} ${Math.round(v)} ms`,
        at: reading?.at ?? null,
        maxAgeMs,
        actions: ["promote", "scale-blue"],
        steps: "later",
      };
    });
}

/**
 * One metrics poll's part: the percentiles the runbook names, read; green's rollback bounds judged
 * while green takes traffic (a writer only). Undefined when the runbook names none.
 */
export async function measureStated(
  d: { metrics: MetricsPort; runbook: Runbook; recorder: Recorder; alerts: AlertBook; observeOnly?: boolean },
  o: { now: number; periodMs: number; settleMs: number },
): Promise<Readings | undefined> {
  const stats = measuredStats(d.runbook.stated);
  if (!stats.length) return undefined;
  const r = await readPercentiles(d.metrics, stats, o);
  if (d.observeOnly) return r;
  const serving = (d.recorder.state.weights?.green ?? 0) > 0;
  for (const f of statedFindings(d.runbook.stated, r, d.runbook.file.split(/[\\/]/).at(-1) ?? d.runbook.file))
    if (f.breached && serving) await d.alerts.breached(f.key, "critical", `ROLLBACK TRIGGER: ${f.message}`);
    else if (!f.breached) d.alerts.recovered(f.key);
  return r;
}
