/**
 * The runbook's thresholds on other latency percentiles (p50, p90, p99 …), measured as what they
 * say: CloudWatch's TargetResponseTime at that percentile over the latest settled period, asked
 * with Period = the period (never derived from p95, never from per-minute percentiles). A rollback
 * bound crossed by green is a rollback-trigger alert; a go bound is a gate check from the second
 * step on (green at 0 % has no traffic). Thresholds golive cannot measure stay "check by hand".
 */
import type { EnvConfig } from "../domain/config.js";
import type { GateCheck } from "../domain/gate.js";
import type { MetricsPort } from "../domain/ports.js";
import type { Runbook } from "../domain/runbook.js";
import { inUnit, type Readings } from "../domain/stated.js";
import { valueText } from "../domain/stated-text.js";
import { breaches } from "../domain/threshold-defaults.js";
import type { StatedThreshold } from "../domain/thresholds.js";
import type { AlertBook } from "./alerts.js";
import type { Recorder } from "./controller.js";
import { measuredStats, readPercentiles, stat } from "./stated-percentiles.js";

/** Green's rollback bounds crossed in the latest period: one finding per threshold. */
export function statedFindings(
  stated: StatedThreshold[] | undefined,
  r: Readings,
  file: string,
): { key: string; message: string; breached: boolean }[] {
  const out: { key: string; message: string; breached: boolean }[] = [];
  for (const t of stated ?? []) {
    const s = stat(t);
    const v = s ? inUnit(t, r[s]) : undefined;
    if (t.kind !== "rollback" || v === undefined || v === null) continue;
    out.push({
      key: `stated:${t.metric}:${t.line}`,
      breached: breaches(t, v),
      message: `green ${t.label} ${valueText(t, v)} ${t.op} ${valueText(t, t.value)} (runbook ${file}:${t.line})`,
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
      const v = inUnit(t, reading) ?? null;
      return {
        source: "runbook threshold",
        label: `green ${t.label} ${t.op} ${valueText(t, t.value)} (line ${t.line})`,
        ok: v === null ? null : !breaches(t, v),
        detail: v === null ? `no ${t.label} datapoints for green` : `green ${t.label} ${valueText(t, v)}`,
        at: reading?.at ?? null,
        maxAgeMs,
        actions: ["promote", "scale-blue"],
        steps: "later",
      };
    });
}

/**
 * One metrics poll's part: the percentiles the runbook names (and p99, which the panes show), read;
 * green's rollback bounds judged while green takes traffic (a writer only).
 */
export async function measureStated(
  d: {
    metrics: MetricsPort;
    runbook: Runbook;
    recorder: Recorder;
    alerts: AlertBook;
    observeOnly?: boolean;
    config?: EnvConfig;
  },
  o: { now: number; periodMs: number; settleMs: number },
): Promise<Readings | undefined> {
  // p99 always: the metric panes show it beside p95 (issue 13), whether or not the runbook bounds it.
  // The config's custom metrics always too: the record keeps them per period (the report charts them).
  const custom = (d.config?.metrics.custom ?? []).map((c) => `custom:${c.name}`);
  const stats = [...new Set([...measuredStats(d.runbook.stated), "p99", ...custom])];
  const r = await readPercentiles(d.metrics, stats, o, d.config?.metrics.custom);
  if (d.observeOnly) return r;
  const serving = (d.recorder.state.weights?.green ?? 0) > 0;
  for (const f of statedFindings(d.runbook.stated, r, d.runbook.file.split(/[\\/]/).at(-1) ?? d.runbook.file))
    if (f.breached && serving) await d.alerts.breached(f.key, "critical", `ROLLBACK TRIGGER: ${f.message}`);
    else if (!f.breached) d.alerts.recovered(f.key);
  return r;
}
