/**
 * The runbook's per-step canary blanks ("Route 10% traffic to green / Monitor for 10 minutes —
 * Error rate: ____ %, Latency p95: ____ ms"), filled by golive at the end of each step's dwell from
 * green's metrics over that dwell (counts per period; p95 asked of CloudWatch with Period = the
 * dwell), recorded with source "metrics". A dwell with no datapoints leaves its blanks open: a
 * number is never invented. A blank someone already filled is never overwritten.
 *
 * Likewise the verification after the last step (the blue/green seed's "Step 5: Verify Production
 * Traffic — Error rate < 1% → ____%, Latency p95 < 50ms → ____ms", beside "100% traffic to v2.0 →
 * Confirmed"): filled from green's metrics over the 100 % dwell once it has ended.
 */
import type { Field, Item, Runbook } from "../domain/runbook.js";
import { liveConfirmedItem, stepItem } from "./bindings.js";

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

/** The error-rate and p95 blanks of the section that confirms 100 % (the verification after the canary). */
export function verifyBlanks(rb: Runbook): { errorRate?: Field; latencyP95?: Field } | undefined {
  const live = liveConfirmedItem(rb);
  if (!live) return undefined;
  const own = rb.fields.filter((f) => f.section === live.section && f.kind === "blank");
  return {
    errorRate: own.find((f) => /error/i.test(f.label)),
    latencyP95: own.find((f) => /latency|p95/i.test(f.label)),
  };
}
