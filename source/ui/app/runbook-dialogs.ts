/**
 * The dialogs of the runbook's own parts (issue 13): the manual checks golive cannot measure
 * (`c`). Plain content, drawn by DialogView like every other dialog.
 */
import { decisionMatrix } from "../../domain/decision-matrix.js";
import type { Gate } from "../../domain/gate.js";
import { detectorOfAlert, ruleText } from "../../domain/matrix-alerts.js";
import { bindMatrix } from "../../domain/matrix-triggers.js";
import { trustLabel } from "../../domain/trust.js";
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
    : `UNCONFIRMED: no evidence${holdsGate(c, gate) ? (gate?.isGoDecision ? " — holds the Go decision" : " — holds this step") : c.gatesGo ? "" : c.holds.laterSteps ? " — holds each step after the first" : c.holds.go ? " — a check after T-0, for the record" : " — for the record: holds no step"}`;
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

const WATCHED = {
  health: "health checks, crash-looping tasks or pods",
  latency: "latency triggers",
  "error-rate": "green's errors between the go and rollback thresholds",
  "metrics-silent": "metric polls failing",
} as const;

/**
 * The runbook's Rollback Decision Matrix as the team wrote it: each row with what golive watches for
 * it (or that it is a check by hand), and the rows an unacknowledged alert falls under right now.
 */
export function matrixContent(model: CockpitModel): DialogContent {
  const m = decisionMatrix(model.runbook);
  const open = model.state().alerts.filter((a) => !a.acknowledged);
  const lines: string[] = [];
  for (const { rule: r, triggers, policy, byHand } of bindMatrix(m)) {
    const now = r.detector ? open.filter((a) => a.key && detectorOfAlert(a.key) === r.detector) : [];
    const acts =
      triggers && policy
        ? `golive acts: ${triggers.join(" and ")}, ${trustLabel({ ...policy, from: "default" })}`
        : "";
    const watches = r.detector ? `golive watches: ${WATCHED[r.detector]}` : "";
    lines.push(
      `${now.length ? "▶" : " "} ${ruleText(r)}`,
      `    ${[acts || watches, byHand ? `checked by hand (${byHand}): c confirms m${r.line}` : ""].filter(Boolean).join(" · ")}`,
      ...now.slice(-2).map((a) => `    NOW: ${a.message.split(" — runbook matrix:")[0]}`),
    );
  }
  return {
    title: m ? `Rollback decision matrix (runbook line ${m.line})` : "Rollback decision matrix",
    tone: lines.some((l) => l.startsWith("▶")) ? "danger" : "info",
    lines: lines.length ? lines : ["the runbook has no rollback decision matrix"],
    footer: "▶ = an open alert falls under this row · R rolls back from anywhere · any key closes",
  };
}
