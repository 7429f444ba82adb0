/**
 * Everything the cockpit draws, derived once per render from the model, the UI state, the clock
 * and the terminal size: pure, so the App only wires keys to it and renders it.
 */

import { decisionMatrix } from "../../domain/decision-matrix.js";
import type { SessionState } from "../../domain/events.js";
import type { Gate } from "../../domain/gate.js";
import { type PhaseView, timeline } from "../../domain/timeline.js";
import type { StepVerdict } from "../../domain/verdict-step.js";
import type { MonitorSnapshot } from "../../engine/monitor.js";
import type { ChecklistRow } from "../components/Checklist.js";
import { type Binding, bindingsFor, type KeyContext } from "../keys/keymap.js";
import { type Layout, layout, MIN_COLUMNS, MIN_ROWS } from "../layout.js";
import type { CockpitModel } from "./model.js";
import { type NextAction, nextAction } from "./next.js";
import type { UiState } from "./reducer.js";
import { checklistRows, defaultPhase } from "./view.js";

export interface CockpitView {
  s: SessionState;
  views: PhaseView[];
  currentPhase: number;
  phaseIdx: number;
  view: PhaseView | undefined;
  rows: ChecklistRow[];
  rowIdx: number;
  selected: ChecklistRow | undefined;
  snap: MonitorSnapshot | undefined;
  gate: Gate | undefined;
  /** The step's canary verdict as this frame judged it (null: none). */
  verdict: StepVerdict | null;
  unacked: SessionState["alerts"];
  layout: Layout;
  small: boolean;
  bindings: Binding[];
  keyCtx: KeyContext;
  next: NextAction;
}

/**
 * What the last frame derived, per model: a clock tick that changes no phase's status hands the
 * panes the same arrays, so the memoised Timeline and Checklist skip their render.
 */
const lastShape = new WeakMap<
  CockpitModel,
  { s: SessionState; views: PhaseView[]; view: PhaseView | undefined; rows: ChecklistRow[] }
>();

/** `next`, or the previous views when every phase shows the same (status, counts, times, open items). */
export function sameViews(prev: PhaseView[] | undefined, next: PhaseView[]): PhaseView[] {
  if (!prev || prev.length !== next.length) return next;
  for (let i = 0; i < next.length; i++) {
    const a = prev[i]!;
    const b = next[i]!;
    if (
      a.phase !== b.phase ||
      a.status !== b.status ||
      a.done !== b.done ||
      a.total !== b.total ||
      a.dueAt !== b.dueAt ||
      a.endsAt !== b.endsAt ||
      a.open.length !== b.open.length ||
      a.open.some((x, j) => x !== b.open[j])
    )
      return next;
  }
  return prev;
}

export function shapeCockpit(
  model: CockpitModel,
  ui: UiState,
  now: number,
  size: { columns: number; rows: number },
): CockpitView {
  const s = model.state();
  const last = lastShape.get(model);
  const views = sameViews(last?.views, timeline(model.runbook, s, now));
  const currentPhase = defaultPhase(views);
  const phaseIdx = Math.min(ui.phase ?? currentPhase, Math.max(0, views.length - 1));
  const view = views[phaseIdx];
  const rows = last && last.s === s && last.view === view ? last.rows : checklistRows(model.runbook, s, view);
  lastShape.set(model, { s, views, view, rows });
  const rowIdx = Math.min(ui.row, Math.max(0, rows.length - 1));
  const selected = rows[rowIdx];
  const snap = model.snapshot();
  const gate = model.gate();
  const unacked = s.alerts.filter((a) => !a.acknowledged);
  const approver = !!model.actions.pendingApproval;
  const bindings = bindingsFor(model.readOnly, approver);
  const keyCtx: KeyContext = {
    readOnly: model.readOnly,
    state: s,
    gate,
    hasEngine: !!snap,
    engineLoading: !!model.engineLoading?.(),
    selection: {
      kind: ui.focus === "checklist" && selected ? selected.kind : "none",
      runnable: selected?.kind === "item" && selected.runnable,
    },
    unacknowledged: unacked.length,
    busy: ui.busy,
    manualChecks: model.manualChecks().length,
    matrix: !!decisionMatrix(model.runbook),
    templates: model.templates.length,
    missing: model.missingParts ?? [],
    approver,
    approvalWaiting: !!model.approvalWaiting?.(),
    kube: !!model.rollout && !!model.actions.planKube,
  };
  const small = size.columns < MIN_COLUMNS || size.rows < MIN_ROWS;
  const verdict = model.verdict?.() ?? null;
  return {
    s,
    views,
    currentPhase,
    phaseIdx,
    view,
    rows,
    rowIdx,
    selected,
    snap,
    gate,
    verdict,
    unacked,
    layout: layout(size.columns, size.rows, unacked.length, !!model.rollout),
    small,
    bindings,
    keyCtx,
    next: nextAction({
      state: s,
      gate,
      readOnly: model.readOnly,
      small,
      verdict,
      engineLoading: keyCtx.engineLoading,
    }),
  };
}
