/**
 * Manual checks: what the runbook asks for that golive cannot measure — a threshold on a metric it
 * does not read, a rollback trigger with no number ("Critical functionality broken"), a decision
 * matrix row with no detector. Each is listed (never dropped, never shown as met) until a named
 * person confirms it clear (`golive confirm ID`), which is recorded with who and when.
 */
import { decisionMatrix } from "./decision-matrix.js";
import type { SessionState } from "./events.js";
import type { Runbook } from "./runbook.js";

export interface ManualCheck {
  /** `m20`: stable across parses of the same runbook (the line it is on). */
  id: string;
  text: string;
  line: number;
  /** Why golive cannot measure it. */
  why: string;
}

export function manualChecks(rb: Pick<Runbook, "stated" | "manualTriggers" | "tables">): ManualCheck[] {
  const out = new Map<string, ManualCheck>();
  const add = (line: number, text: string, why: string) => {
    const id = `m${line}`;
    if (!out.has(id)) out.set(id, { id, text, line, why });
  };
  for (const t of rb.stated ?? []) if (t.measure.by === "manual") add(t.line, t.text, t.measure.why);
  for (const t of rb.manualTriggers ?? []) add(t.line, t.text, "a rollback trigger with no number");
  for (const r of decisionMatrix(rb)?.rules ?? [])
    if (!r.detector)
      add(r.line, `${r.issue} (${r.severity}) → ${r.action}`, "a matrix row golive has no detector for");
  return [...out.values()].sort((a, b) => a.line - b.line);
}

/** One line each: `m314  Critical functionality broken (line 314) — confirmed clear by Ann 12:03Z` or open. */
export function manualCheckLines(checks: ManualCheck[], state: Pick<SessionState, "confirmed">): string[] {
  return checks.map((c) => {
    const done = state.confirmed?.[c.id];
    const status = done
      ? `confirmed clear by ${done.by} at ${done.at}${done.note ? ` — ${done.note}` : ""}`
      : `OPEN — check by hand, then: golive confirm ${c.id}`;
    return `${c.id.padEnd(5)} ${c.text} (line ${c.line}) — ${status}`;
  });
}

/** For `status --json`. */
export function manualChecksJson(checks: ManualCheck[], state: Pick<SessionState, "confirmed">) {
  return checks.map((c) => ({ ...c, confirmed: state.confirmed?.[c.id] ?? null }));
}
