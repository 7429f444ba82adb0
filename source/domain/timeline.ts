/** Where the deployment stands on the clock: pure functions of runbook, state and `now`. */
import type { SessionState } from "./events.js";
import { type Phase, phasesOf } from "./phases.js";
import type { Item, Runbook } from "./runbook.js";

export type PhaseStatus =
  | "done"
  | "current"
  | "overdue"
  | "due-soon"
  | "upcoming"
  | "unscheduled"
  | "on-event";

export interface PhaseView {
  phase: Phase;
  /** When the phase starts (T-0 + offset); undefined for unscheduled and event phases. */
  dueAt?: number;
  /** When it should be finished: its stated duration, else the next phase's start. */
  endsAt?: number;
  status: PhaseStatus;
  done: number;
  total: number;
  open: Item[];
}

/** Status as a symbol, so it reads without colour: shared by `golive status` and the cockpit. */
export const PHASE_SYMBOL: Record<PhaseStatus, string> = {
  done: "✓",
  current: "▶",
  overdue: "!",
  "due-soon": "◔",
  upcoming: "○",
  unscheduled: "·",
  "on-event": "⚡",
};

/** A phase counts as due soon this long before it starts. */
export const DUE_SOON_MS = 30 * 60_000;

export function isItemDone(item: Item, s: SessionState): boolean {
  const mark = s.items[item.id];
  return mark ? mark.checked : item.checkedInSource;
}

export function timeline(rb: Runbook, s: SessionState, now: number): PhaseView[] {
  const phases = phasesOf(rb);
  const starts = phases
    .map((p) => (p.section.time?.kind === "offset" ? s.t0 + p.section.time.minutes * 60_000 : undefined))
    .filter((t): t is number => t !== undefined)
    .sort((a, b) => a - b);
  return phases.map((phase) => {
    const open = phase.items.filter((i) => !isItemDone(i, s));
    const total = phase.items.length;
    const done = total - open.length;
    const view: PhaseView = { phase, status: "unscheduled", done, total, open };
    const time = phase.section.time;
    if (time?.kind === "offset") {
      const dueAt = s.t0 + time.minutes * 60_000;
      const nextStart = starts.find((t) => t > dueAt);
      const endsAt =
        phase.section.durationMinutes !== undefined
          ? dueAt + phase.section.durationMinutes * 60_000
          : (nextStart ?? dueAt + 60 * 60_000);
      view.dueAt = dueAt;
      view.endsAt = endsAt;
    }
    const allDone = total > 0 && open.length === 0;
    if (allDone) view.status = "done";
    else if (time?.kind === "event") view.status = "on-event";
    else if (view.dueAt === undefined) view.status = "unscheduled";
    else view.status = clockStatus(view.dueAt, view.endsAt!, now);
    return view;
  });
}

/** A scheduled phase's status by the clock alone (one not done, not waiting on an event). */
export function clockStatus(dueAt: number, endsAt: number, now: number): PhaseStatus {
  if (now < dueAt) return dueAt - now <= DUE_SOON_MS ? "due-soon" : "upcoming";
  return now <= endsAt ? "current" : "overdue";
}

/**
 * The views' statuses as the clock alone would make them at `now`: differs from the views' own
 * exactly when `timeline` at `now` would give some phase another status (the cockpit's tick asks
 * this instead of walking the runbook again every second).
 */
export function clockStatuses(views: PhaseView[], now: number): string {
  let out = "";
  for (const v of views)
    out +=
      v.dueAt === undefined || v.status === "done" || v.status === "on-event"
        ? `${v.status},`
        : `${clockStatus(v.dueAt, v.endsAt!, now)},`;
  return out;
}

/** The next moment the lead has to act by: the end of a current phase or the start of the next. */
export function nextDeadline(views: PhaseView[], now: number): { at: number; label: string } | undefined {
  const candidates: { at: number; label: string }[] = [];
  for (const v of views) {
    if (v.status === "current" && v.endsAt !== undefined)
      candidates.push({ at: v.endsAt, label: `${v.phase.section.title} ends` });
    if ((v.status === "upcoming" || v.status === "due-soon") && v.dueAt !== undefined && v.dueAt > now)
      candidates.push({ at: v.dueAt, label: `${v.phase.section.title} starts` });
  }
  return candidates.sort((a, b) => a.at - b.at)[0];
}

export function progress(rb: Runbook, s: SessionState): { done: number; total: number } {
  const done = rb.items.filter((i) => isItemDone(i, s)).length;
  return { done, total: rb.items.length };
}
