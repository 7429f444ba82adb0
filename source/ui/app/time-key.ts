/**
 * Everything the App draws that the clock alone can change, as one string: the App re-renders on a
 * tick only when this differs from what its last render drew (the clock and the ages are leaves
 * that tick on their own, ui/components/ClockText.tsx). The gate is evaluated again for it, from the
 * engine's remembered parts: an input that ages past its limit closes the gate at the next tick with
 * no new data, and the next-action line says so (missing or stale data is no evidence, never healthy).
 * A poll that only moved a read's time draws no frame (monitor-news.ts): what it changes of the gate,
 * staleness or the listener's note shows here at the next tick. Pure but for the model's reads.
 */
import type { Gate } from "../../domain/gate.js";
import { clockStatuses } from "../../domain/timeline.js";
import type { StepVerdict } from "../../domain/verdict-step.js";
import type { MonitorSnapshot } from "../../engine/monitor.js";
import { trafficNote } from "./freshness.js";
import type { CockpitModel } from "./model.js";
import { nextAction } from "./next.js";
import { paneStale } from "./panes.js";
import type { UiState } from "./reducer.js";
import type { CockpitView } from "./shape.js";

const DAY_MS = 86_400_000;

/** The readings a key is made of: the render's own, or read afresh on a tick. */
export interface TimeReadings {
  gate: Gate | undefined;
  verdict: StepVerdict | null;
  snap: MonitorSnapshot | undefined;
}

export function freshReadings(model: CockpitModel): TimeReadings {
  return { gate: model.gate(), verdict: model.verdict?.() ?? null, snap: model.snapshot() };
}

export function timeKey(
  model: CockpitModel,
  v: Pick<CockpitView, "s" | "views" | "small">,
  ui: Pick<UiState, "dialog">,
  r: TimeReadings,
  now: number,
): string {
  // A dialog (a plan's read age, the live gate under it) and the small screen follow every second.
  if (ui.dialog || v.small) return `tick ${Math.floor(now / 1000)}`;
  const s = v.s;
  const loading = !!model.engineLoading?.();
  const next = nextAction({
    state: s,
    gate: r.gate,
    readOnly: model.readOnly,
    verdict: r.verdict,
    engineLoading: loading,
  });
  const since = s.weightsSince ? Date.parse(s.weightsSince) : undefined;
  return [
    clockStatuses(v.views, now),
    Math.floor(now / DAY_MS),
    next.severity,
    next.text,
    r.gate ? r.gate.nextIndex : "no gate",
    !!r.snap,
    loading,
    !!model.approvalWaiting?.(),
    model.clockStatus?.() ?? "",
    trafficNote(r.snap, s.weights, now, since)?.text ?? "",
    paneStale(model, { snap: r.snap, s }, now) ?? "",
  ].join("\u0000");
}
