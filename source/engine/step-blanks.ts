/**
 * The runbook's per-step canary blanks ("Route 10% traffic to green / Monitor for 10 minutes —
 * Error rate: ____ %, Latency p95: ____ ms"), filled by golive at the end of each step's dwell from
 * green's metrics over that dwell (counts per period; p95 asked of CloudWatch with Period = the
 * dwell), recorded with source "metrics". A dwell with no datapoints leaves its blanks open: a
 * number is never invented. A blank someone already filled is never overwritten.
 */
import { inForceWith } from "../domain/in-force.js";
import type { Field, Item, Runbook } from "../domain/runbook.js";
import { stepItem } from "./bindings.js";
import type { CheckpointDeps } from "./checkpoints.js";
import { windowOf } from "./checkpoints.js";

/** The dwell item after a step's route item and its error-rate and p95 blanks. */
export function stepBlanks(
  rb: Runbook,
  percent: number,
): { item: Item; errorRate?: Field; latencyP95?: Field } | undefined {
  const route = stepItem(rb, percent);
  if (!route) return undefined;
  const next = rb.items[rb.items.indexOf(route) + 1];
  if (!next || !/\b(monitor|watch|bake|observe|wait)\b/i.test(next.text)) return undefined;
  const own = rb.fields.filter((f) => f.item === next.id);
  return {
    item: next,
    errorRate: own.find((f) => /error/i.test(f.label)),
    latencyP95: own.find((f) => /latency|p95/i.test(f.label)),
  };
}

/**
 * For each confirmed step whose dwell has ended (the next step, or its dwell time, whichever comes
 * first), its blanks from green's metrics over the dwell. Returns how many blanks it filled.
 */
export async function fillStepBlanks(d: CheckpointDeps): Promise<number> {
  const s = d.recorder.state;
  // The dwell the plan in force holds at each step (the runbook's, the config's or the default).
  const plan = inForceWith(d.runbook, d.config).plan;
  const dwellMinutes = (step: number) =>
    plan.find((p) => p.green === step)?.dwellMinutes ?? plan[0]!.dwellMinutes;
  const now = d.clock.now();
  const settle = (d.config.metrics.settleSeconds ?? 60) * 1000;
  let filled = 0;
  for (const [i, st] of s.steps.entries()) {
    const b = stepBlanks(d.runbook, st.step);
    const open = [b?.errorRate, b?.latencyP95].filter((f): f is Field => !!f && !s.fields[f.id]);
    if (!b || !open.length) continue;
    const start = Date.parse(st.confirmedAt);
    const next = s.steps[i + 1] ? Date.parse(s.steps[i + 1]!.confirmedAt) : Number.POSITIVE_INFINITY;
    const end = Math.min(start + dwellMinutes(st.step) * 60_000, next);
    // Judged once CloudWatch has the dwell's last period.
    if (end === Number.POSITIVE_INFINITY || now < end + settle) continue;
    const m = await windowOf(d, start, end, "green");
    const values: [Field | undefined, number | null, number][] = [
      [b.errorRate, m.errorRate, 2],
      [b.latencyP95, m.latencyP95, 0],
    ];
    for (const [f, v, digits] of values) {
      if (!f || s.fields[f.id] || v === null) continue;
      await d.recorder.append(
        "field.recorded",
        { field: f.id, value: v.toFixed(digits), source: "metrics" },
        "golive",
      );
      filled++;
    }
  }
  return filled;
}
