/** The cockpit's own state (focus, selection, dialogs) as a pure reducer, tested without rendering. */
import type { Weights } from "../../domain/events.js";
import type { PromotePlan } from "../../engine/engine.js";
import type { KubePlan, KubeVerb } from "../../engine/k8s-actions.js";

/**
 * `i` / `P` (an EKS session): one change to the Deployment, bound to the plan read from the API.
 * `typing`: the new image is being typed (set-image); `changed`: the last plan's Deployment was not
 * what the API showed on `y` (nothing was sent), and this dialog shows the new situation.
 */
export interface KubeDialog {
  kind: "k8s";
  id: number;
  verb: KubeVerb;
  image: string;
  typing: boolean;
  plan?: KubePlan;
  error?: string;
  /** Offered when the API could not be read: the same change by hand. */
  kubectl?: string;
  changed?: string;
  sending?: boolean;
}

/**
 * The promote dialog is bound to one plan (issue 12, I1): until the engine has read the listener
 * and planned, there is nothing `y` could send. `changed`: the previous plan's listener was not
 * what AWS showed on `y` (nothing was sent); this dialog shows the new situation.
 */
export interface PromoteDialog {
  kind: "promote";
  override: string | null;
  /** Which `p` this is: a plan that arrives for an earlier one is dropped. */
  id: number;
  proposal?: PromotePlan;
  /** The listener could not be read or planned from. */
  error?: string;
  changed?: { was: Weights; now: Weights };
  /** `y` was pressed: the engine is reading the listener again and sending exactly this plan. */
  sending?: boolean;
}

/**
 * One template's preview (`m`, then Enter): the text filled from the session, scrolled by `top`;
 * Tab picks a slot, `e` types its value (`editing`), `y` copies and writes exactly what is shown.
 * `clip`: what the terminal or tmux will do with the OSC 52 copy, once known.
 */
export interface MessageDialog {
  kind: "message";
  name: string;
  top: number;
  slot: number;
  slots: number;
  typed: Record<string, string>;
  editing: string | null;
  clip?: { passes: boolean | null; why: string };
}

export type Dialog =
  /** The key help (`?`), scrolled by `top` when it is taller than the screen (help-dialog.ts). */
  | { kind: "help"; top?: number }
  | PromoteDialog
  | { kind: "rollback"; reason: string; editing: boolean }
  | { kind: "fill"; fieldId: string; value: string; error?: string }
  | { kind: "run"; ref: string }
  /** `m`: the runbook's message templates, those that fit the moment first; `index` selected. */
  | { kind: "messages"; index: number; count: number }
  | MessageDialog
  /**
   * `S`: sign-off with `golive sign`'s rules. `status` indexes SIGN_STATUSES, `role` the runbook's
   * roles (0: the block's first unsigned one); `accept`: the reason being typed to accept open points.
   */
  | { kind: "sign"; status: number; role: number; accept: string | null; reason?: string }
  /** The manual checks (cockpit `c`): `index` is the selected one. */
  | { kind: "checks"; index: number; count: number }
  /** The runbook's rollback decision matrix (cockpit `d`): an overlay, any key closes it. */
  | { kind: "matrix" }
  | KubeDialog
  /** `v` in `watch --approve`: the lead's request as read from S3, and whether y may approve it. */
  | { kind: "approve"; lines?: string[]; problem?: string; ref?: unknown; error?: string; sending?: boolean }
  | { kind: "quit" }
  /** Quit was asked for while a rollback is on the wire: shown until it completes, then golive exits. */
  | { kind: "finishing" };

export interface UiState {
  focus: "timeline" | "checklist";
  /** Selected phase; null follows the current phase. */
  phase: number | null;
  row: number;
  dialog: Dialog | null;
  /**
   * The dialog an overlay (help, the quit question) covers: inert until the overlay closes and it
   * is drawn again (issue 12, I2: nothing acts unseen).
   */
  hidden: Dialog | null;
  busy: string | null;
  /** `at`: the session clock when it appeared; an alert raised after it supersedes it. */
  toast: { text: string; tone: "ok" | "bad" | "info"; at?: number } | null;
}

export const initialUi: UiState = {
  focus: "checklist",
  phase: null,
  row: 0,
  dialog: null,
  hidden: null,
  busy: null,
  toast: null,
};

export type UiEvent =
  | { type: "move"; delta: number; phases: number; rows: number; currentPhase: number }
  | { type: "focus" }
  | { type: "open"; dialog: Dialog }
  /** Over the open dialog (which waits, hidden and inert, until this one closes). */
  | { type: "overlay"; dialog: Dialog }
  /**
   * Replaces the promote dialog `id` wherever it is (open or hidden), or removes it (null); when it
   * is gone already, nothing happens.
   */
  | { type: "promotePlan"; id: number; dialog: PromoteDialog | null }
  /** The same for a Kubernetes dialog (`i` / `P`). */
  | { type: "kubePlan"; id: number; dialog: KubeDialog | null }
  /** Selects a checklist row (the rollout moved: the current step's item). */
  | { type: "select"; phase: number; row: number }
  | { type: "close" }
  | { type: "edit"; key: "char" | "backspace"; char?: string }
  | { type: "busy"; what: string | null }
  | { type: "toast"; text: string; tone: "ok" | "bad" | "info"; at?: number }
  | { type: "fieldError"; error: string }
  /** Moves the selection in a list dialog (the manual checks, the message templates). */
  | { type: "pick"; delta: number }
  /** The message preview: scroll its text, or select the next slot. */
  | { type: "scroll"; delta: number; max?: number }
  | { type: "nextSlot" }
  /** What the terminal or tmux will do with the message's OSC 52 copy. */
  | { type: "clip"; clip: { passes: boolean | null; why: string } };

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
      return { ...s, dialog: e.dialog, hidden: null, toast: null };
    case "overlay":
      return s.dialog
        ? { ...s, dialog: e.dialog, hidden: s.hidden ?? s.dialog, toast: null }
        : { ...s, dialog: e.dialog, toast: null };
    case "promotePlan": {
      const mine = (d: Dialog | null) => d?.kind === "promote" && d.id === e.id;
      if (mine(s.dialog))
        return e.dialog ? { ...s, dialog: e.dialog } : { ...s, dialog: s.hidden, hidden: null };
      if (mine(s.hidden)) return { ...s, hidden: e.dialog };
      return s;
    }
    case "kubePlan": {
      const mine = (d: Dialog | null) => d?.kind === "k8s" && d.id === e.id;
      if (mine(s.dialog))
        return e.dialog ? { ...s, dialog: e.dialog } : { ...s, dialog: s.hidden, hidden: null };
      if (mine(s.hidden)) return { ...s, hidden: e.dialog };
      return s;
    }
    case "select":
      return { ...s, focus: "checklist", phase: e.phase, row: e.row };
    case "close":
      return { ...s, dialog: s.hidden, hidden: null };
    case "edit": {
      const d = s.dialog;
      if (!d) return s;
      const apply = (v: string) =>
        e.key === "backspace" ? [...v].slice(0, -1).join("") : v + (e.char ?? "");
      if (d.kind === "fill") return { ...s, dialog: { ...d, value: apply(d.value), error: undefined } };
      if (d.kind === "promote" && d.override !== null)
        return { ...s, dialog: { ...d, override: apply(d.override) } };
      if (d.kind === "rollback" && d.editing) return { ...s, dialog: { ...d, reason: apply(d.reason) } };
      if (d.kind === "message" && d.editing !== null)
        return { ...s, dialog: { ...d, editing: apply(d.editing) } };
      if (d.kind === "k8s" && d.typing)
        return { ...s, dialog: { ...d, image: apply(d.image), error: undefined } };
      if (d.kind === "sign" && d.accept !== null) return { ...s, dialog: { ...d, accept: apply(d.accept) } };
      return s;
    }
    case "pick": {
      const d = s.dialog;
      if (d?.kind !== "checks" && d?.kind !== "messages") return s;
      return { ...s, dialog: { ...d, index: Math.max(0, Math.min(d.count - 1, d.index + e.delta)) } };
    }
    case "scroll":
      // The upper bound depends on the screen: the view clamps it (message-dialog.ts, help-dialog.ts).
      if (s.dialog?.kind === "help")
        return {
          ...s,
          dialog: {
            ...s.dialog,
            top: Math.max(0, Math.min(e.max ?? Infinity, (s.dialog.top ?? 0) + e.delta)),
          },
        };
      return s.dialog?.kind === "message"
        ? { ...s, dialog: { ...s.dialog, top: Math.max(0, s.dialog.top + e.delta) } }
        : s;
    case "nextSlot":
      return s.dialog?.kind === "message" && s.dialog.slots > 0
        ? { ...s, dialog: { ...s.dialog, slot: (s.dialog.slot + 1) % s.dialog.slots } }
        : s;
    case "clip":
      return s.dialog?.kind === "message" ? { ...s, dialog: { ...s.dialog, clip: e.clip } } : s;
    case "fieldError":
      return s.dialog?.kind === "fill" ? { ...s, dialog: { ...s.dialog, error: e.error } } : s;
    case "busy":
      return { ...s, busy: e.what };
    case "toast":
      return { ...s, toast: { text: e.text, tone: e.tone, at: e.at } };
  }
}

/**
 * Dialogs that take typed text: there, printable keys are text, not commands. A dialog whose change
 * is being sent takes no more text: its override was sent with it, and R must roll back, not type.
 */
export function isTyping(d: Dialog | null): boolean {
  if (d && "sending" in d && d.sending) return false;
  return (
    !!d &&
    (d.kind === "fill" ||
      (d.kind === "promote" && d.override !== null) ||
      (d.kind === "rollback" && d.editing) ||
      (d.kind === "message" && d.editing !== null) ||
      (d.kind === "k8s" && d.typing) ||
      (d.kind === "sign" && d.accept !== null))
  );
}
