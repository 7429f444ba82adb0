/** Pure derivations from session state for the panes: overall state, checklist rows, table rows. */

import { describeEvent } from "../../domain/describe.js";
import type { SessionEvent, SessionState } from "../../domain/events.js";
import type { Runbook } from "../../domain/runbook.js";
import { isItemDone, type PhaseView } from "../../domain/timeline.js";
import type { ChecklistRow } from "../components/Checklist.js";
import type { CheckpointRow } from "../components/MonitoringTable.js";

export function overallState(s: SessionState): { text: string; tone: "ok" | "warn" | "bad" | "info" } {
  if (s.shift && s.shift.kind !== "promote") return { text: "ROLLING BACK", tone: "bad" };
  if (s.rollback?.failed && !s.rollback.completedAt) return { text: "ROLLBACK FAILED", tone: "bad" };
  if (s.rollback && !s.rollback.completedAt) return { text: "ROLLBACK NOT CONFIRMED", tone: "bad" };
  if (s.rollback?.completedAt && (s.weights?.green ?? 0) === 0) return { text: "ROLLED BACK", tone: "warn" };
  if (s.signoff && s.signoff.status !== "in-progress")
    return { text: `SIGNED ${s.signoff.status.toUpperCase()}`, tone: "ok" };
  const g = s.weights?.green ?? 0;
  if (s.shift?.kind === "promote") return { text: `SHIFTING → ${s.shift.to.green} %`, tone: "info" };
  if (g >= 100) return { text: "LIVE", tone: "ok" };
  if (g > 0) return { text: `CANARY ${g} %`, tone: "info" };
  return { text: "PRE-FLIGHT", tone: "info" };
}

export function checklistRows(rb: Runbook, s: SessionState, view: PhaseView | undefined): ChecklistRow[] {
  if (!view) return [];
  const rows: ChecklistRow[] = [];
  const runnable = (id: string) =>
    rb.items.some((i) => i.id === id && i.binding) || rb.commands.some((c) => c.item === id);
  /** The item's own runnable block (`c3`), shown beside it so `golive run c3` matches the screen. */
  const block = (id: string) => rb.commands.find((c) => c.item === id)?.id;
  const fieldRow = (f: (typeof rb.fields)[number], depth: number): ChecklistRow => {
    const v = s.fields[f.id];
    return {
      kind: "field",
      id: f.id,
      label: f.label,
      value: v?.value,
      unit: f.unit,
      target: f.target,
      options: f.options,
      who: v ? `${v.by} ${v.at.slice(11, 16)}` : undefined,
      depth,
    };
  };
  const itemIds = new Set(view.phase.items.map((i) => i.id));
  for (const item of view.phase.items) {
    const mark = s.items[item.id];
    rows.push({
      kind: "item",
      id: item.id,
      text: item.text || "(item)",
      done: isItemDone(item, s),
      depth: item.depth,
      who: mark?.checked ? `${mark.by} ${mark.at.slice(11, 16)}` : undefined,
      runnable: runnable(item.id),
      block: block(item.id),
    });
    for (const f of view.phase.fields.filter((x) => x.item === item.id))
      rows.push(fieldRow(f, item.depth + 1));
  }
  for (const f of view.phase.fields.filter((x) => !x.item || !itemIds.has(x.item))) rows.push(fieldRow(f, 0));
  return rows;
}

export function checkpointRows(rb: Runbook, s: SessionState): CheckpointRow[] {
  const table = rb.tables.find((t) => t.checkpoints);
  if (!table?.checkpoints) return [];
  return table.checkpoints.map((cp) => {
    const rec = s.checkpoints[cp.offsetMinutes];
    // After a rollback and re-promotion the blanks still hold the earlier attempt's values: a row
    // of the current attempt shows only what was recorded since it began.
    const since = s.live && s.live.attempt > 1 ? Date.parse(s.live.at) : Number.NEGATIVE_INFINITY;
    const current = (id?: string) => {
      const f = id ? s.fields[id] : undefined;
      return f && Date.parse(f.at) >= since ? f.value : undefined;
    };
    const err = current(cp.fields.errorRate);
    const lat = current(cp.fields.latencyP95);
    return {
      Time: `T+${cp.offsetMinutes}`,
      "Error Rate": err !== undefined ? `${err} %` : "…",
      "Latency p95": lat !== undefined ? `${lat} ms` : "…",
      Status: current(cp.fields.status) ?? (rec ? rec.status : "…"),
      Notes: (current(cp.fields.notes) ?? (rec?.late ? "late" : "")).slice(0, 28),
    };
  });
}

export function eventLines(
  events: readonly SessionEvent[],
  n: number,
): { seq: number; at: string; by: string; text: string; tone?: string }[] {
  // An alert's repeats fold into its own line (count and last seen): one line per episode.
  const seen = new Map<string, { count: number; at: string }>();
  for (const e of events)
    if (e.type === "alert.repeated") seen.set(e.data.alert, { count: e.data.count, at: e.at });
  const shown = events.filter((e) => e.type !== "alert.repeated");
  return shown.slice(-n).map((e) => ({
    seq: e.seq,
    at: e.at,
    by: e.by,
    text: `${e.by}: ${describeEvent(e)}${
      e.type === "alert.raised" && seen.has(e.data.alert)
        ? ` (seen ${seen.get(e.data.alert)!.count}×, last ${seen.get(e.data.alert)!.at.slice(11, 16)}Z)`
        : ""
    }`,
    tone:
      e.type === "alert.raised" ||
      e.type === "traffic.shift.failed" ||
      (e.type === "drift.detected" && e.data.expected)
        ? "red"
        : e.type === "traffic.shift.confirmed"
          ? "green"
          : undefined,
  }));
}

/** The phase the checklist shows unless the lead picks another: where work is due now. */
export function defaultPhase(views: PhaseView[]): number {
  const open = (v: PhaseView) => v.done < v.total;
  for (const status of ["current", "overdue", "due-soon", "upcoming"] as const) {
    const i = views.findIndex((v) => v.status === status && open(v));
    if (i >= 0) return i;
  }
  return 0;
}
