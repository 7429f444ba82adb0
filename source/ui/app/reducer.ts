/** The cockpit's own state (focus, selection, dialogs) as a pure reducer, tested without rendering. */
export type Dialog =
  | { kind: "help" }
  | { kind: "promote"; override: string | null }
  | { kind: "rollback"; reason: string; editing: boolean }
  | { kind: "fill"; fieldId: string; value: string; error?: string }
  | { kind: "run"; ref: string }
  | { kind: "message"; text: string }
  | { kind: "quit" }
  /** Quit was asked for while a rollback is on the wire: shown until it completes, then golive exits. */
  | { kind: "finishing" };

export interface UiState {
  focus: "timeline" | "checklist";
  /** Selected phase; null follows the current phase. */
  phase: number | null;
  row: number;
  dialog: Dialog | null;
  busy: string | null;
  /** `at`: the session clock when it appeared; an alert raised after it supersedes it. */
  toast: { text: string; tone: "ok" | "bad" | "info"; at?: number } | null;
}

export const initialUi: UiState = {
  focus: "checklist",
  phase: null,
  row: 0,
  dialog: null,
  busy: null,
  toast: null,
};

export type UiEvent =
  | { type: "move"; delta: number; phases: number; rows: number; currentPhase: number }
  | { type: "focus" }
  | { type: "open"; dialog: Dialog }
  | { type: "close" }
  | { type: "edit"; key: "char" | "backspace"; char?: string }
  | { type: "busy"; what: string | null }
  | { type: "toast"; text: string; tone: "ok" | "bad" | "info"; at?: number }
  | { type: "fieldError"; error: string };

export function uiReducer(s: UiState, e: UiEvent): UiState {
  switch (e.type) {
    case "move": {
      if (s.focus === "timeline") {
        const from = s.phase ?? e.currentPhase;
        const phase = Math.max(0, Math.min(e.phases - 1, from + e.delta));
        return { ...s, phase, row: 0 };
      }
      return { ...s, row: Math.max(0, Math.min(e.rows - 1, s.row + e.delta)) };
    }
    case "focus":
      return { ...s, focus: s.focus === "timeline" ? "checklist" : "timeline" };
    case "open":
      return { ...s, dialog: e.dialog, toast: null };
    case "close":
      return { ...s, dialog: null };
    case "edit": {
      const d = s.dialog;
      if (!d) return s;
      const apply = (v: string) =>
        e.key === "backspace" ? [...v].slice(0, -1).join("") : v + (e.char ?? "");
      if (d.kind === "fill") return { ...s, dialog: { ...d, value: apply(d.value), error: undefined } };
      if (d.kind === "promote" && d.override !== null)
        return { ...s, dialog: { ...d, override: apply(d.override) } };
      if (d.kind === "rollback" && d.editing) return { ...s, dialog: { ...d, reason: apply(d.reason) } };
      return s;
    }
    case "fieldError":
      return s.dialog?.kind === "fill" ? { ...s, dialog: { ...s.dialog, error: e.error } } : s;
    case "busy":
      return { ...s, busy: e.what };
    case "toast":
      return { ...s, toast: { text: e.text, tone: e.tone, at: e.at } };
  }
}

/** Dialogs that take typed text: there, printable keys are text, not commands. */
export function isTyping(d: Dialog | null): boolean {
  return (
    !!d &&
    (d.kind === "fill" ||
      (d.kind === "promote" && d.override !== null) ||
      (d.kind === "rollback" && d.editing))
  );
}
