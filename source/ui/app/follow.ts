/**
 * The cockpit follows the rollout, not only the clock: when a canary step is confirmed, the
 * runbook item for that step ("Route 10% traffic to green") is selected in the checklist pane.
 * Pure: (runbook, state, timeline, step) → where that item is.
 */
import type { SessionState } from "../../domain/events.js";
import type { Runbook } from "../../domain/runbook.js";
import type { PhaseView } from "../../domain/timeline.js";
import { stepItem } from "../../engine/bindings.js";
import { checklistRows } from "./view.js";

export function stepSelection(
  rb: Runbook,
  s: SessionState,
  views: PhaseView[],
  step: number,
): { phase: number; row: number } | undefined {
  const item = stepItem(rb, step);
  if (!item) return undefined;
  const phase = views.findIndex((v) => v.phase.items.some((i) => i.id === item.id));
  if (phase < 0) return undefined;
  const row = checklistRows(rb, s, views[phase]).findIndex((r) => r.kind === "item" && r.id === item.id);
  return row < 0 ? undefined : { phase, row };
}
