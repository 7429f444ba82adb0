/**
 * The dialogs of the runbook's own parts (issue 13): the manual checks golive cannot measure
 * (`c`). Plain content, drawn by DialogView like every other dialog.
 */
import type { Gate } from "../../domain/gate.js";
import type { DialogContent } from "./dialogs.js";
import type { CockpitManualCheck, CockpitModel } from "./model.js";
import type { Dialog } from "./reducer.js";

/** Whether the gate in force now is held by this check (the engine's gate, not a guess). */
export function holdsGate(c: CockpitManualCheck, gate: Gate | undefined): boolean {
  return !!gate?.reasons.some((r) => r.includes(`manual check: ${c.id} `));
}

/** `✓ m314 Critical functionality broken (line 314) — confirmed clear by ann 12:03Z`. */
export function manualCheckLine(c: CockpitManualCheck, gate: Gate | undefined): string {
  const status = c.confirmed
    ? `confirmed clear by ${c.confirmed.by} ${c.confirmed.at.slice(11, 16)}Z`
    : `UNCONFIRMED: no evidence${holdsGate(c, gate) ? " — holds the Go decision" : c.gatesGo ? "" : " — a check after T-0, for the record"}`;
  return `${c.confirmed ? "✓" : "?"} ${c.id} ${c.text} (line ${c.line}) — ${status}`;
}

export function checksContent(d: Extract<Dialog, { kind: "checks" }>, model: CockpitModel): DialogContent {
  const checks = model.manualChecks();
  const gate = model.gate();
  const sel = checks[Math.min(d.index, checks.length - 1)];
  return {
    title: "Manual checks — what golive cannot measure",
    tone: "info",
    lines: [
      ...checks.map((c, i) => `${i === d.index ? "▸" : " "} ${manualCheckLine(c, gate)}`),
      "",
      ...(sel ? [`${sel.id}: ${sel.why}.`, "Check it by hand; y records it clear, as you, now."] : []),
    ],
    footer: "j/k select · y confirms the selected clear (recorded) · n / Esc closes",
  };
}
