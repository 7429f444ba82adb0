/**
 * What the keys of the runbook's own parts do (issue 13): `c` opens the manual checks, and `y` in
 * it records the selected one confirmed clear (who and when), which the Go decision waits for;
 * `d` shows the runbook's rollback decision matrix.
 * Kept apart from App.tsx, which wires them in.
 */

import { slotKey } from "../../domain/message-templates.js";
import type { Action } from "../keys/keymap.js";
import { messageView, templatesNow } from "./message-dialog.js";
import type { CockpitModel } from "./model.js";
import type { Dialog, MessageDialog, UiEvent } from "./reducer.js";
import { submitSign } from "./sign-dialog.js";

type Tone = "ok" | "bad" | "info";

export interface RunbookKeyDeps {
  model: CockpitModel;
  dispatch(e: UiEvent): void;
  run(what: string, fn: () => Promise<{ text: string; tone: Tone } | undefined>): Promise<void>;
  toast(text: string, tone: Tone): void;
  /** The cockpit's own OSC 52 write (run.tsx): the only clipboard write. */
  copy(text: string): void;
  /** The dialog's inner width and the body's height, as DialogView lays them out. */
  dialogBox: { width: number; height: number };
}

/** Handles the action if it is one of these parts'; false if it is not. */
export function performRunbookAction(action: Action, d: RunbookKeyDeps): boolean {
  switch (action) {
    case "confirm": {
      const count = d.model.manualChecks().length;
      d.dispatch({ type: "open", dialog: { kind: "checks", index: 0, count } });
      return true;
    }
    case "matrix":
      d.dispatch({ type: "open", dialog: { kind: "matrix" } });
      return true;
    case "message":
      d.dispatch({ type: "open", dialog: { kind: "messages", index: 0, count: d.model.templates.length } });
      return true;
    case "sign":
      d.dispatch({ type: "open", dialog: { kind: "sign", status: 0, role: 0, accept: null } });
      return true;
    default:
      return false;
  }
}

function submitMessage(dialog: MessageDialog, d: RunbookKeyDeps): void {
  const t = d.model.templates.find((x) => x.name === dialog.name);
  if (!t) return;
  if (dialog.editing !== null) {
    const key = slotKey(t, dialog.slot);
    const typed = { ...dialog.typed };
    if (dialog.editing.trim()) typed[key] = dialog.editing;
    else delete typed[key];
    d.dispatch({ type: "open", dialog: { ...dialog, typed, editing: null } });
    return;
  }
  const v = messageView(dialog, d.model, d.dialogBox.width, d.dialogBox.height);
  if (!v.m) return;
  if (!v.atEnd) {
    d.toast(
      `y copies only a message seen whole: ${v.total - v.top - v.lines.length} more line(s) below (j)`,
      "info",
    );
    return;
  }
  const m = v.m;
  d.dispatch({ type: "close" });
  void d.run("message", async () => {
    // Asked again: the lead may have just followed the dialog's hint (tmux set -g set-clipboard on).
    const route = (await d.model.clipboardRoute?.().catch(() => undefined)) ??
      dialog.clip ?? { passes: null, why: "the terminal must support OSC 52" };
    const copied = route.passes !== false;
    if (copied) d.copy(m.text);
    const file = await d.model.actions.writeMessage(m, { copied, why: route.why });
    return copied
      ? {
          text: `✓ "${m.name}" copied with OSC 52 and written to ${file} (recorded; golive sends nothing)`,
          tone: "ok",
        }
      : { text: `✖ "${m.name}" NOT copied (${route.why}); written to ${file} (recorded)`, tone: "bad" };
  });
}

/** Handles `y`/Enter in one of these parts' dialogs; false if the dialog is not one of them. */
export function submitRunbookDialog(dialog: Dialog, d: RunbookKeyDeps): boolean {
  switch (dialog.kind) {
    case "checks": {
      const c = d.model.manualChecks()[dialog.index];
      if (!c) return true;
      if (c.confirmed) {
        d.toast(
          `${c.id} already confirmed clear by ${c.confirmed.by} at ${c.confirmed.at.slice(11, 16)}Z`,
          "info",
        );
        return true;
      }
      // The dialog stays open: the lead often confirms several, and sees each turn ✓.
      void d.run("confirm", async () => {
        await d.model.actions.confirmCheck(c.id);
        return { text: `✓ ${c.id} confirmed clear by ${d.model.user} (recorded)`, tone: "ok" };
      });
      return true;
    }
    case "messages": {
      const t = templatesNow(d.model).list[dialog.index];
      if (!t) return true;
      d.dispatch({
        type: "open",
        dialog: {
          kind: "message",
          name: t.name,
          top: 0,
          slot: 0,
          slots: t.slots.length,
          typed: {},
          editing: null,
        },
      });
      // Said before y, not after: whether this terminal (or tmux) will pass the copy on.
      void d.model
        .clipboardRoute?.()
        .then((clip) => d.dispatch({ type: "clip", clip }))
        .catch(() => {});
      return true;
    }
    case "message":
      submitMessage(dialog, d);
      return true;
    case "sign":
      submitSign(dialog, d.model, d);
      return true;
    default:
      return false;
  }
}
