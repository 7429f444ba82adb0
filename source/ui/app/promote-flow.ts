/** What the promote and rollback keys say back, and what blocks a promote plan: pure, for App. */
import type { SessionState, Weights } from "../../domain/events.js";
import type { Gate } from "../../domain/gate.js";
import type { PromotePlan } from "../../engine/engine.js";
import type { PromoteOutcome, ShiftOutcome } from "./model.js";

/**
 * Why `y` alone may not send this plan: the live gate (dwell, metrics, probes move on while the
 * dialog is open) plus what the plan's own listener read showed (those hold as long as the plan).
 */
export function promoteBlocked(live: Gate | undefined, p: PromotePlan, confirmed?: Weights | null): string[] {
  // "AWS shows X, not the confirmed Y" is over once the session has taken X from AWS (a first
  // read while the dialog was open): only what still holds blocks the plan.
  const from = p.plan?.from.weights;
  const settled = !!from && !!confirmed && from.blue === confirmed.blue && from.green === confirmed.green;
  const listener = p.listener.filter((r) => !(settled && r.startsWith("AWS shows ")));
  return [...(live && !live.allowed ? live.reasons : []), ...listener];
}

export function shiftText(r: ShiftOutcome): { text: string; tone: "ok" | "bad" } {
  if (r.ok) return { text: `✓ ${r.text}`, tone: "ok" };
  if (!r.manualCommand) return { text: `✖ ${r.text}`, tone: "bad" };
  // What failed and where the whole command is come first, then the command (the toast shortens its
  // ARNs to fit, see fitArns), then why: the error is also in the event log and the what-now line.
  const colon = r.text.indexOf(": ");
  const [what, why] = colon > 0 ? [r.text.slice(0, colon), r.text.slice(colon + 2)] : [r.text, ""];
  return {
    text: `✖ ${what} → by hand (whole command: golive status): ${r.manualCommand}${why ? ` — ${why}` : ""}`,
    tone: "bad",
  };
}

export function promoteOutcomeText(r: PromoteOutcome): { text: string; tone: "ok" | "bad" } {
  if (r.changed)
    return {
      text: `✖ nothing sent: the listener changed since the dialog (now ${r.changed.blue}/${r.changed.green}; recorded)`,
      tone: "bad",
    };
  return shiftText(r);
}

/** The reason the reopened cockpit's rollback dialog starts with (the lead can edit it). */
export function unconfirmedRollbackReason(s: SessionState): string {
  const r = s.rollback;
  if (!r) return "finishing a rollback that was never confirmed";
  return `finishing the rollback requested ${r.startedAt.slice(11, 19)} UTC by ${r.by}, never confirmed${r.reason ? ` (${r.reason})` : ""}`;
}
