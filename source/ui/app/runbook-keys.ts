/**
 * What the keys of the runbook's own parts do (issue 13): `c` opens the manual checks, and `y` in
 * it records the selected one confirmed clear (who and when), which the Go decision waits for;
 * `d` shows the runbook's rollback decision matrix.
 * Kept apart from App.tsx, which wires them in.
 */
import type { Action } from "../keys/keymap.js";
import type { CockpitModel } from "./model.js";
import type { Dialog, UiEvent } from "./reducer.js";

type Tone = "ok" | "bad" | "info";

export interface RunbookKeyDeps {
  model: CockpitModel;
  dispatch(e: UiEvent): void;
  run(what: string, fn: () => Promise<{ text: string; tone: Tone } | undefined>): Promise<void>;
  toast(text: string, tone: Tone): void;
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
    default:
      return false;
  }
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
    default:
      return false;
  }
}
