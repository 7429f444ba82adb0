/**
 * The chart's panel for each other measure the record holds per period (`p99`, the 4xx rate, a
 * custom metric the config names), with the runbook's bounds on it as bands. A count the runbook
 * bounds "per minute" is drawn per minute, as it is judged; where the runbook states no bound, the
 * value is drawn as recorded, with no band (nothing is borrowed from a neighbouring metric).
 */
import type { CustomMetric } from "../config.js";
import { bindCustom, inUnit } from "../stated.js";
import type { StatedThreshold } from "../thresholds.js";
import type { MeasurePanel } from "./chart.js";

const COUNT_LABEL: Record<string, string> = {
  http4xxRate: "4xx rate (HTTPCode_Target_4XX_Count / RequestCount)",
  http4xxCount: "4xx count (HTTPCode_Target_4XX_Count)",
  http5xxCount: "5xx count (HTTPCode_Target_5XX_Count)",
};

function titleOf(key: string, custom: CustomMetric | undefined): { title: string; unit: string } {
  if (/^p\d/.test(key)) return { title: `Latency ${key} per period`, unit: "ms" };
  if (key === "http4xxRate") return { title: `${COUNT_LABEL[key]} per period`, unit: "%" };
  if (COUNT_LABEL[key]) return { title: `${COUNT_LABEL[key]} per period`, unit: "per period" };
  const name = key.replace(/^custom:/, "");
  const where = custom
    ? `${custom.namespace} ${custom.metric ?? custom.name}, ${custom.stat}`
    : "custom metric";
  return { title: `${name} (${where}) per period`, unit: custom ? `${custom.stat} per period` : "as read" };
}

const keyOf = (t: StatedThreshold) =>
  t.measure.by === "cloudwatch" ? t.measure.stat : t.metric.startsWith("custom:") ? t.metric : undefined;

export function measurePanels(
  keys: readonly string[],
  stated: StatedThreshold[] | undefined,
  custom: CustomMetric[] = [],
): Record<string, MeasurePanel> {
  const bound = bindCustom(stated, custom) ?? [];
  const out: Record<string, MeasurePanel> = {};
  for (const key of keys) {
    const c = custom.find((x) => `custom:${x.name}` === key);
    const base = titleOf(key, c);
    // Bands only from thresholds golive measures as this very metric: a bound it checks by hand is
    // listed in the record, not drawn against numbers it does not describe.
    const mine = bound.filter((t) => keyOf(t) === key && t.measure.by === "cloudwatch");
    const go = mine.find((t) => t.kind === "go");
    const rollback = mine.find((t) => t.kind === "rollback");
    const ref = rollback ?? go;
    out[key] = {
      title: base.title,
      unit: ref?.unit || base.unit,
      value: ref
        ? (v, periodMs) => inUnit(ref, { blue: v, green: v, periodStart: 0, at: 0, periodMs }) ?? v
        : (v) => v,
      ...(go ? { go: { op: go.op, value: go.value } } : {}),
      ...(rollback ? { rollback: { op: rollback.op, value: rollback.value } } : {}),
    };
  }
  return out;
}
