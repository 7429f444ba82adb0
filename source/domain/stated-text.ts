/** Stated thresholds and manual triggers as the lead reads them, one line each, with what golive reads. */
import { inUnit, type Readings } from "./stated.js";
import { type ManualTrigger, NOT_MEASURED, type StatedThreshold } from "./thresholds.js";

/** `812 ms`, `3.20 %`, `31 per minute`. */
export function valueText(t: Pick<StatedThreshold, "unit">, v: number): string {
  if (t.unit === "%") return `${v.toFixed(2)} %`;
  const n = Number.isInteger(v) ? String(v) : v.toFixed(v >= 100 ? 0 : 1);
  return t.unit ? `${n} ${t.unit}` : n;
}

/** What golive reads for it: `CloudWatch p99`, `the 4xx rate (HTTPCode_Target_4XX_Count / RequestCount)`. */
function sourceOf(t: StatedThreshold): string {
  if (t.measure.by !== "cloudwatch") return "";
  const s = t.measure.stat;
  if (s === "http4xxRate") return "HTTPCode_Target_4XX_Count / RequestCount per target group";
  if (s === "http4xxCount") return "HTTPCode_Target_4XX_Count per target group";
  if (s === "http5xxCount") return "HTTPCode_Target_5XX_Count per target group";
  if (s.startsWith("custom:")) return `${t.measure.source ?? s.slice(7)}`;
  return `CloudWatch ${s}`;
}

/** `p99 latency > 900 ms (runbook x.md:18) — measured as CloudWatch p99, green 812 ms`. */
export function statedText(t: StatedThreshold, file: string, r?: Readings): string {
  const head = `${t.text} (runbook ${file}:${t.line}, ${t.kind})`;
  if (t.measure.by === "manual") return `${head} — ${NOT_MEASURED} (${t.measure.why})`;
  const reading = r?.[t.measure.stat];
  const v = reading === undefined ? undefined : inUnit(t, reading);
  return `${head} — measured as ${sourceOf(t)}${v === undefined ? "" : v === null ? ", green: no data" : `, green ${valueText(t, v)}`}`;
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
