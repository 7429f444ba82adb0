/**
 * Where engine results land in the team's own runbook: the rollback checklist's blanks, the
 * canary items, the monitoring table. Matched by the runbook's wording, so any runbook that says
 * "Rollback initiated at: ____" gets it filled.
 */
import type { Field, Item, Runbook } from "../domain/runbook.js";

export function fieldByLabel(rb: Runbook, re: RegExp, within?: (f: Field) => boolean): Field | undefined {
  return rb.fields.find((f) => re.test(f.label) && (!within || within(f)));
}

export const ROLLBACK_FIELDS = {
  decidedBy: /rollback decision made by/i,
  initiatedAt: /rollback initiated at/i,
  completedAt: /rollback completed at/i,
  stable: /stable after rollback/i,
};

/** `Route 10% traffic to green` → the item for the 10 % step. */
export function stepItem(rb: Runbook, percent: number): Item | undefined {
  return rb.items.find((i) => new RegExp(`\\broute\\s+${percent}\\s*%`, "i").test(i.text));
}

/** "100% traffic to v2.0 → Confirmed": checked when AWS reads green at 100 % back. */
export function liveConfirmedItem(rb: Runbook): Item | undefined {
  return rb.items.find(
    (i) => /\b100\s*%\s*(?:of\s+)?traffic\b(?!\s+back)/i.test(i.text) && /confirm/i.test(i.text),
  );
}

/** The rollback's "Traffic back to v1.9 → Confirmed" item. */
export function rollbackConfirmedItem(rb: Runbook): Item | undefined {
  return rb.items.find((i) => /traffic back to/i.test(i.text));
}

/** The "Capture baseline metrics" item and its blanks (latency p95, error rate, throughput). */
export function baselineFields(rb: Runbook): {
  item?: Item;
  latency?: Field;
  errorRate?: Field;
  throughput?: Field;
} {
  const bound = rb.items.find((i) => i.binding?.kind === "baseline");
  const item =
    bound ?? rb.items.find((i) => /baseline/i.test(i.text) && rb.fields.some((f) => f.item === i.id));
  if (!item) return {};
  const own = (f: Field) => f.item === item.id;
  return {
    item,
    latency: fieldByLabel(rb, /latency|p95/i, own),
    errorRate: fieldByLabel(rb, /error/i, own),
    throughput: fieldByLabel(rb, /throughput|req/i, own),
  };
}
