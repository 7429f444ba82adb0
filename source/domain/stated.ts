/**
 * Thresholds on other metrics as the lead reads them (status, the record, the cockpit), and how one
 * is judged. Pure: the engine reads the percentiles (engine/stated.ts).
 */
import { type ManualTrigger, NOT_MEASURED, type StatedThreshold } from "./runbook.js";

export interface PercentileReading {
  blue: number | null;
  green: number | null;
  /** The period the value describes, and when it was read (session clock). */
  periodStart: number;
  at: number;
}

export type Readings = Record<string, PercentileReading>;

/** `p99 latency > 900 ms (runbook x.md:18) — measured: CloudWatch p99, green 812 ms`. */
export function statedText(t: StatedThreshold, file: string, r?: Readings): string {
  const head = `${t.text} (runbook ${file}:${t.line}, ${t.kind})`;
  if (t.measure.by === "manual") return `${head} — ${NOT_MEASURED} (${t.measure.why})`;
  const v = r?.[t.measure.stat]?.green;
  return `${head} — measured as CloudWatch ${t.measure.stat}${v === undefined ? "" : v === null ? ", green: no data" : `, green ${Math.round(v)} ms`}`;
}

export function manualTriggerText(t: ManualTrigger, file: string): string {
  return `${t.text} (runbook ${file}:${t.line}) — manual trigger: ${NOT_MEASURED}`;
}

/** Every threshold beyond the error rate and p95, and every manual trigger, one line each. */
export function otherThresholdLines(
  rb: { file: string; stated?: StatedThreshold[]; manualTriggers?: ManualTrigger[] },
  r?: Readings,
): string[] {
  const file = rb.file.split(/[\\/]/).at(-1) ?? rb.file;
  return [
    ...(rb.stated ?? []).map((t) => statedText(t, file, r)),
    ...(rb.manualTriggers ?? []).map((t) => manualTriggerText(t, file)),
  ];
}

/** `golive new`'s warnings (file:line): thresholds golive will not measure, never silently. */
export function unmeasuredWarnings(rb: { stated?: StatedThreshold[] }, file: string): string[] {
  return (rb.stated ?? [])
    .filter((t) => t.measure.by === "manual")
    .map(
      (t) =>
        `${file}:${t.line}: "${t.text}" — ${NOT_MEASURED}${t.measure.by === "manual" ? ` (${t.measure.why})` : ""}`,
    );
}

/** For `status --json` and `metrics --json`. */
export function otherThresholdsJson(
  rb: { file: string; stated?: StatedThreshold[]; manualTriggers?: ManualTrigger[] },
  r?: Readings,
) {
  const file = rb.file.split(/[\\/]/).at(-1) ?? rb.file;
  return {
    stated: (rb.stated ?? []).map((t) => ({
      ...t,
      source: `runbook ${file}:${t.line}`,
      measured: t.measure.by === "cloudwatch",
      green: t.measure.by === "cloudwatch" ? (r?.[t.measure.stat]?.green ?? null) : null,
      shown: statedText(t, file, r),
    })),
    manualTriggers: (rb.manualTriggers ?? []).map((t) => ({
      ...t,
      source: `runbook ${file}:${t.line}`,
      shown: manualTriggerText(t, file),
    })),
  };
}
