/**
 * The T+15/30/45/60 table and the pre-flight baseline, from CloudWatch. Checkpoints anchor to the
 * latest confirmed promotion to 100 % green; a rollback ends that attempt and a re-promotion starts
 * a new table (the earlier rows stay in the record as an earlier attempt). A window's p95 is asked
 * of CloudWatch with Period = window, never taken as the worst per-minute p95.
 */
import type { EnvConfig } from "../domain/config.js";
import type { ColorMetrics } from "../domain/metrics.js";
import type { EngineClock, MetricsPort } from "../domain/ports.js";
import type { Runbook } from "../domain/runbook.js";
import { breaches } from "../domain/threshold-defaults.js";
import type { Threshold } from "../domain/thresholds.js";
import { windowMetrics } from "../domain/window-metrics.js";
import { baselineFields } from "./bindings.js";
import type { Recorder } from "./controller.js";

export interface CheckpointDeps {
  metrics: MetricsPort;
  recorder: Recorder;
  clock: EngineClock;
  config: EnvConfig;
  runbook: Runbook;
}

/** How long a checkpoint waits for CloudWatch to publish its window's last minute. */
const CHECKPOINT_GRACE_MS = 10 * 60_000;

/** Counts per period plus the window's own p95 (Period = window) for one arm. */
export async function windowOf(
  d: Pick<CheckpointDeps, "metrics" | "config">,
  start: number,
  end: number,
  arm: "blue" | "green",
): Promise<ColorMetrics> {
  const series = await d.metrics.series(start, end, d.config.metrics.periodSeconds);
  const p95 = d.metrics.windowPercentile ? (await d.metrics.windowPercentile(start, end, 95))[arm] : null;
  return windowMetrics(series[arm], { start, end, p95Ms: p95 });
}

/** The anchor of the current attempt, or none (not at 100 % green, or rolled back since). */
export function checkpointAnchor(d: CheckpointDeps): { at: number; attempt: number } | undefined {
  const s = d.recorder.state;
  if (d.config.checkpoints.anchor === "t0") return { at: s.t0, attempt: 1 };
  if (!s.live || s.live.endedAt) return undefined;
  return { at: Date.parse(s.live.at), attempt: s.live.attempt };
}

/** Each due checkpoint of the current attempt not yet recorded is filled, late ones too. */
export async function fillCheckpoints(
  d: CheckpointDeps,
  go: { errorRate: Threshold; latencyP95: Threshold },
): Promise<number> {
  const s = d.recorder.state;
  const table = d.runbook.tables.find((t) => t.checkpoints);
  const offsets = d.config.checkpoints.offsetsMinutes ??
    table?.checkpoints?.map((c) => c.offsetMinutes) ?? [15, 30, 45, 60];
  const anchor = checkpointAnchor(d);
  if (!anchor) return 0;
  const now = d.clock.now();
  const period = d.config.metrics.periodSeconds * 1000;
  let filled = 0;
  let prev = anchor.at;
  for (const off of [...offsets].sort((a, b) => a - b)) {
    const due = anchor.at + off * 60_000;
    const from = prev;
    prev = due;
    // Wait one period past due so the last minute of the window is published.
    if (s.checkpoints[off] || now < due + period) continue;
    const series = await d.metrics.series(from, due, d.config.metrics.periodSeconds);
    // The window's last minute not yet published by CloudWatch (or this machine's clock runs ahead of
    // AWS's): wait rather than record a partial window for good; after a grace period, an empty
    // window is what it is.
    const published = [...series.green, ...series.blue].some((p) => p.t >= due - period && p.requests > 0);
    if (!published && now < due + CHECKPOINT_GRACE_MS) continue;
    const p95 = d.metrics.windowPercentile ? (await d.metrics.windowPercentile(from, due, 95)).green : null;
    const m = windowMetrics(series.green, { start: from, end: due, p95Ms: p95 });
    const status: "OK" | "Issue" | "no data" =
      m.errorRate === null
        ? "no data"
        : breaches(go.errorRate, m.errorRate) ||
            (m.latencyP95 !== null && breaches(go.latencyP95, m.latencyP95))
          ? "Issue"
          : "OK";
    const late = now > due + 5 * 60_000;
    await d.recorder.append(
      "checkpoint.recorded",
      {
        offsetMinutes: off,
        errorRate: m.errorRate,
        latencyP95: m.latencyP95,
        status,
        late,
        anchor: new Date(anchor.at).toISOString(),
        attempt: anchor.attempt,
      },
      "golive",
    );
    const row = table?.checkpoints?.find((c) => c.offsetMinutes === off);
    if (row) {
      const rec = async (field: string | undefined, value: string | undefined) => {
        if (field && value !== undefined)
          await d.recorder.append("field.recorded", { field, value, source: "metrics" }, "golive");
      };
      await rec(row.fields.errorRate, m.errorRate?.toFixed(2));
      await rec(row.fields.latencyP95, m.latencyP95?.toFixed(0));
      const statusField = d.runbook.fields.find((f) => f.id === row.fields.status);
      const option = statusField?.options?.find((o) =>
        (status === "OK" ? /^(ok|pass)/i : /^(issue|fail)/i).test(o),
      );
      if (status !== "no data") await rec(row.fields.status, option);
      const notes = [
        anchor.attempt > 1 ? `attempt ${anchor.attempt} (after a rollback)` : undefined,
        late
          ? `filled late from CloudWatch history (${new Date(now).toISOString().slice(11, 16)}Z)`
          : undefined,
        status === "no data" ? "no datapoints in window" : undefined,
      ].filter(Boolean);
      await rec(row.fields.notes, notes.length ? notes.join("; ") : undefined);
    }
    filled++;
  }
  return filled;
}

/** The pre-flight baseline: the serving arm's last 15 minutes into the runbook's baseline blanks. */
export async function captureBaseline(d: CheckpointDeps, by: string): Promise<ColorMetrics> {
  const now = d.clock.now();
  const arm = (d.recorder.state.weights?.green ?? 0) === 100 ? "green" : "blue";
  // Whole minutes: CloudWatch rounds the start down to the minute and the window is one period.
  const end = Math.floor(now / 60_000) * 60_000;
  const m = await windowOf(d, end - 15 * 60_000, end, arm);
  const b = baselineFields(d.runbook);
  const rec = async (field: { id: string } | undefined, value: string | undefined) => {
    if (field && value !== undefined)
      await d.recorder.append("field.recorded", { field: field.id, value, source: "metrics" }, by);
  };
  await rec(b.latency, m.latencyP95?.toFixed(0));
  await rec(b.errorRate, m.errorRate?.toFixed(2));
  await rec(b.throughput, m.throughput?.toFixed(1));
  if (b.item && m.errorRate !== null) {
    await d.recorder.append(
      "item.checked",
      {
        item: b.item.id,
        evidence: `CloudWatch last 15 min: p95 ${m.latencyP95?.toFixed(0) ?? "no data"} ms (one 15-minute period), errors ${m.errorRate.toFixed(2)} %, ${m.throughput?.toFixed(1)} req/s`,
      },
      by,
    );
  }
  return m;
}
