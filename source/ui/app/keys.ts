/**
 * Key routing, pure: (key, what the lead can see) → what the key means. The App carries the
 * meaning out; tests hold the rules here without rendering.
 *
 * The rule that matters (issue 12, I2): a key acts only on what is on the screen. Below the minimum
 * size the only dialogs drawn are the rollback confirmation and the quit question, so every other
 * key is refused with the reason; rollback stays reachable from everywhere.
 */
import type { Key } from "ink";
import { type Action, type Binding, resolveKey } from "../keys/keymap.js";
import { type Dialog, isTyping, type PromoteDialog, type UiEvent } from "./reducer.js";

export type KeyIntent =
  | { kind: "action"; action: Action }
  | { kind: "ui"; event: UiEvent }
  | { kind: "submit"; dialog: Dialog }
  | { kind: "refused"; why: string }
  | { kind: "none" };

export interface KeyScreen {
  dialog: Dialog | null;
  readOnly: boolean;
  /** Below the minimum size: the small screen is drawn instead of the cockpit. */
  small: boolean;
  bindings: Binding[];
}

// C0 and C1 controls and DEL; the printable rest of an escape sequence stays as visible text.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

export const SMALL_SCREEN_REFUSAL = "too small to show that key's effect: enlarge";

/** Dialogs the small screen draws (everything else stays hidden, so its keys must not act). */
export function shownOnSmallScreen(d: Dialog | null): boolean {
  return d?.kind === "rollback" || d?.kind === "quit" || d?.kind === "finishing";
}

export function routeKey(input: string, key: Partial<Key>, c: KeyScreen): KeyIntent {
  const d = c.dialog;
  // Ctrl-C is the lead's quit: it goes through the same path as q (a rollback in flight finishes first).
  if (key.ctrl && input === "c") return { kind: "action", action: "quit" };
  if (d?.kind === "finishing") return { kind: "none" };
  // Rollback is reachable from anywhere, dialogs included (Ctrl-R while typing text).
  if (!c.readOnly && ((input === "R" && !isTyping(d)) || (key.ctrl && input === "r")))
    return { kind: "action", action: "rollback" };
  if (c.small && !shownOnSmallScreen(d)) {
    if (input === "q" && !key.ctrl && !key.meta) return { kind: "action", action: "quit" };
    return input || key.return || key.escape
      ? { kind: "refused", why: SMALL_SCREEN_REFUSAL }
      : { kind: "none" };
  }
  if (!d) {
    const b = resolveKey(input, key, c.bindings);
    return b ? { kind: "action", action: b.action } : { kind: "none" };
  }
  if (isTyping(d)) {
    if (key.escape) {
      if (d.kind === "rollback")
        return { kind: "ui", event: { type: "open", dialog: { ...d, editing: false } } };
      if (d.kind === "promote")
        return { kind: "ui", event: { type: "open", dialog: { ...d, override: null } } };
      if (d.kind === "message")
        return { kind: "ui", event: { type: "open", dialog: { ...d, editing: null } } };
      if (d.kind === "sign") return { kind: "ui", event: { type: "open", dialog: { ...d, accept: null } } };
      return { kind: "ui", event: { type: "close" } };
    }
    if (key.return) return { kind: "submit", dialog: d };
    if (key.backspace || key.delete) return { kind: "ui", event: { type: "edit", key: "backspace" } };
    // A paste arrives as one input: its control characters (a CR or LF, an escape sequence) are
    // dropped, so a value is one line of text and never carries a sequence back to the terminal.
    const text = input.replace(CONTROL, "");
    if (text && !key.ctrl && !key.meta)
      return { kind: "ui", event: { type: "edit", key: "char", char: text } };
    return { kind: "none" };
  }
  if (key.escape || input === "n") return { kind: "ui", event: { type: "close" } };
  // j/k and the arrows scroll the help when it is taller than the screen (a no-op when it fits).
  if (d.kind === "help" && (key.upArrow || input === "k"))
    return { kind: "ui", event: { type: "scroll", delta: -1 } };
  if (d.kind === "help" && (key.downArrow || input === "j"))
    return { kind: "ui", event: { type: "scroll", delta: 1 } };
  // Any other key closes an overlay, and only closes it: the dialog it covered is drawn again first.
  if (d.kind === "help" || d.kind === "matrix") return { kind: "ui", event: { type: "close" } };
  if (input === "?") return { kind: "ui", event: { type: "overlay", dialog: { kind: "help" } } };
  if (d.kind === "message") {
    if (key.upArrow || input === "k") return { kind: "ui", event: { type: "scroll", delta: -1 } };
    if (key.downArrow || input === "j") return { kind: "ui", event: { type: "scroll", delta: 1 } };
    if (key.tab) return { kind: "ui", event: { type: "nextSlot" } };
    // The lead types the slot's whole value; Enter with nothing typed gives it back to golive.
    if (input === "e" && d.slots > 0)
      return { kind: "ui", event: { type: "open", dialog: { ...d, editing: "" } } };
  }
  if (d.kind === "sign") {
    if (input === "s") return { kind: "ui", event: { type: "open", dialog: { ...d, status: d.status + 1 } } };
    if (key.tab) return { kind: "ui", event: { type: "open", dialog: { ...d, role: d.role + 1 } } };
    if (input === "o")
      return { kind: "ui", event: { type: "open", dialog: { ...d, accept: d.reason ?? "" } } };
  }
  if (d.kind === "checks" || d.kind === "messages") {
    if (key.upArrow || input === "k") return { kind: "ui", event: { type: "pick", delta: -1 } };
    if (key.downArrow || input === "j") return { kind: "ui", event: { type: "pick", delta: 1 } };
    if (key.return) return { kind: "submit", dialog: d };
  }
  if (d.kind === "promote" && (!d.proposal?.plan || d.sending))
    return input === "y" || input === "o" ? { kind: "refused", why: promoteNotReady(d) } : { kind: "none" };
  if (d.kind === "promote" && input === "o")
    return { kind: "ui", event: { type: "open", dialog: { ...d, override: "" } } };
  if (d.kind === "rollback" && input === "e")
    return { kind: "ui", event: { type: "open", dialog: { ...d, editing: true } } };
  if (input === "y") return { kind: "submit", dialog: d };
  return { kind: "none" };
}

function promoteNotReady(d: PromoteDialog): string {
  if (d.sending) return "the promote is on its way: wait for AWS";
  if (d.error) return "nothing to send: the listener could not be read (n closes, p tries again)";
  if (d.proposal) return "nothing to promote: green already takes 100 %";
  return "reading the listener from AWS: y works once the plan is shown";
}

/** One character of a burst as Ink would have reported it on its own. */
export function keyOf(ch: string, plain: Key): [string, Key] {
  const none: Key = { ...plain, shift: false, ctrl: false, meta: false };
  if (ch === "\r" || ch === "\n") return ["", { ...none, return: true }];
  if (ch === "\t") return ["", { ...none, tab: true }];
  if (ch === "\x7f" || ch === "\b") return ["", { ...none, backspace: true }];
  const code = ch.codePointAt(0)!;
  if (code >= 1 && code <= 26) return [String.fromCharCode(code + 96), { ...none, ctrl: true }];
  return [ch, { ...none, shift: /^[A-Z]$/.test(ch) }];
}
