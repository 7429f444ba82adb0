/**
 * `v` in `golive watch --approve`: the second person's approval from their own cockpit. The dialog
 * shows the lead's waiting request as read from S3 — the listener, the listener as AWS showed it, the
 * target weights, AWS now, and who the viewer is to AWS — and `y` records the approval, in S3 only.
 */
import type { Action } from "../keys/keymap.js";
import type { DialogContent } from "./dialogs.js";
import type { CockpitModel } from "./model.js";
import type { Dialog, UiEvent } from "./reducer.js";

type Tone = "ok" | "bad" | "info";
type ApproveDialog = Extract<Dialog, { kind: "approve" }>;

export interface ApproveKeyDeps {
  model: CockpitModel;
  dispatch(e: UiEvent): void;
  run(what: string, fn: () => Promise<{ text: string; tone: Tone } | undefined>): Promise<void>;
  shown(): (Dialog | null)[];
}

export function performApproveAction(action: Action, d: ApproveKeyDeps): boolean {
  if (action === "withdraw") {
    const withdraw = d.model.actions.withdrawApproval;
    if (withdraw) void d.run("withdraw", async () => ({ text: `✓ ${await withdraw()}`, tone: "ok" }));
    return true;
  }
  if (action !== "approve" || !d.model.actions.pendingApproval) return action === "approve";
  d.dispatch({ type: "open", dialog: { kind: "approve" } });
  void d.model.actions.pendingApproval().then(
    (p) => d.dispatch({ type: "open", dialog: { kind: "approve", ...p } }),
    (e) => d.dispatch({ type: "open", dialog: { kind: "approve", error: (e as Error).message } }),
  );
  return true;
}

/** `y`: only on a request shown and approvable; the approval is decided again on S3's newest state. */
export function submitApproveDialog(dialog: Dialog, d: ApproveKeyDeps): boolean {
  if (dialog.kind !== "approve") return false;
  const approve = d.model.actions.approve;
  if (!approve || !dialog.lines || dialog.problem || dialog.error || dialog.sending) return true;
  d.dispatch({ type: "open", dialog: { ...dialog, sending: true } });
  void d.run("approve", async () => {
    try {
      const text = await approve(dialog.ref);
      return { text: `✓ ${text}`, tone: "ok" };
    } catch (e) {
      return { text: `✖ ${(e as Error).message}`, tone: "bad" };
    } finally {
      if (d.shown().some((x) => x?.kind === "approve")) d.dispatch({ type: "close" });
    }
  });
  return true;
}

export function approveContent(d: ApproveDialog): DialogContent {
  const title = "APPROVE the lead's promote (two-person approval)";
  if (d.error) return { title, tone: "info", lines: [d.error], footer: "n / Esc closes" };
  if (!d.lines)
    return { title, tone: "info", lines: ["reading the request from S3…"], footer: "n / Esc closes" };
  return {
    title,
    tone: d.problem ? "info" : "danger",
    lines: [
      ...d.lines,
      "",
      d.problem ? `✖ not approvable: ${d.problem}` : "y approves exactly this change, as you, recorded in S3",
    ],
    footer: d.sending
      ? "recording the approval in S3…"
      : d.problem
        ? "n / Esc closes"
        : "y approves · n / Esc cancels",
  };
}
