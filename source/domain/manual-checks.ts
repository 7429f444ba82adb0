/**
 * Manual checks: what the runbook asks for that golive cannot measure — a threshold on a metric it
 * does not read, a rollback trigger with no number ("Critical functionality broken"), a decision
 * matrix row with no detector. Each is listed (never dropped, never shown as met) until a named
 * person confirms it clear (`golive confirm ID`), which is recorded with who and when.
 */
import { decisionMatrix } from "./decision-matrix.js";
import type { SessionState } from "./events.js";
import { countingConfirmation, type Seen } from "./manual-gate.js";
import { bindMatrix } from "./matrix-triggers.js";
import type { Runbook } from "./runbook.js";
import { bindCustom } from "./stated.js";

export interface ManualCheck {
  /** `m20`: stable across parses of the same runbook (the line it is on). */
  id: string;
  text: string;
  line: number;
  /** Why golive cannot measure it. */
  why: string;
  /**
   * Which promotions it holds: the Go decision (the first step), and/or every later step (50 %,
   * 100 %: a rollback condition is checked again before each, after the step before it). Neither:
   * listed for the record only (a matrix row whose action is "continue" or "fix in place").
   */
  holds: { go: boolean; laterSteps: boolean };
}

export function manualChecks(rb: Pick<Runbook, "stated" | "manualTriggers" | "tables">): ManualCheck[] {
  const out = new Map<string, ManualCheck>();
  const add = (line: number, text: string, why: string, holds: ManualCheck["holds"]) => {
    const id = `m${line}`;
    if (!out.has(id)) out.set(id, { id, text, line, why, holds });
  };
  for (const t of rb.stated ?? [])
    if (t.measure.by === "manual") add(t.line, t.text, t.measure.why, { go: true, laterSteps: false });
  for (const t of rb.manualTriggers ?? [])
    add(t.line, t.text, "a rollback trigger with no number", { go: true, laterSteps: true });
  // A row golive does not act on (matrix-triggers.ts). Its issue shows only once green takes
  // traffic, so a row that rolls back holds the later steps; one that continues holds nothing.
  for (const b of bindMatrix(decisionMatrix(rb)))
    if (b.byHand) {
      const r = b.rule;
      const continues = r.kind === "continue" || r.kind === "fix-in-place";
      add(r.line, `${r.issue} (${r.severity}) → ${r.action}`, `a matrix row checked by hand: ${b.byHand}`, {
        go: false,
        laterSteps: !continues,
      });
    }
  return [...out.values()].sort((a, b) => a.line - b.line);
}

/**
 * The session's manual checks: thresholds on the team's own metrics that the config names
 * (metrics.custom) are measured, so they are not checks by hand. The same list everywhere
 * (status, confirm, the cockpit's `c`, the gate, the record).
 */
export function sessionManualChecks(
  rb: Pick<Runbook, "stated" | "manualTriggers" | "tables">,
  config: unknown,
): ManualCheck[] {
  const custom = (config as { metrics?: { custom?: { name: string; namespace: string; stat: string }[] } })
    ?.metrics?.custom;
  return manualChecks({ ...rb, stated: bindCustom(rb.stated, custom) });
}

/** The section a line is in, and the clock time it (or the nearest parent) states. */
export function clockedAfterT0(rb: Pick<Runbook, "sections">, line: number): boolean {
  let sec = [...rb.sections].reverse().find((x) => x.position.line <= line);
  while (sec) {
    const t = sec.time;
    if (t) return t.kind === "offset" && t.minutes > 0;
    sec = rb.sections.find((x) => x.id === sec!.parent);
  }
  return false;
}

/** A confirmation that still counts: made after the latest rollback (a rollback reopens the Go decision). */
export function confirmation(c: ManualCheck, s: Pick<SessionState, "confirmed" | "rollback">) {
  const done = s.confirmed?.[c.id];
  if (!done) return undefined;
  if (s.rollback && Date.parse(done.at) < Date.parse(s.rollback.startedAt)) return undefined;
  return done;
}

/** When the promote the next step follows was confirmed (the latest step), if green took a step. */
function lastStepAt(s: Pick<SessionState, "steps">): string | undefined {
  return s.steps?.at(-1)?.confirmedAt;
}

/**
 * A confirmation that counts for a later step: made after the promote to the step before it, so
 * "Critical functionality broken" is looked at again with green at 10 % before 50 % is sent.
 */
export function stepConfirmation(
  c: ManualCheck,
  s: Pick<SessionState, "confirmed" | "rollback" | "steps">,
): ReturnType<typeof confirmation> {
  const done = confirmation(c, s);
  const after = lastStepAt(s);
  return done && (!after || Date.parse(done.at) > Date.parse(after)) ? done : undefined;
}

/** Each check with whether it holds the Go decision and its confirmation if it counts (the cockpit's list). */
export function manualCheckViews(checks: ManualCheck[], rb: Pick<Runbook, "sections">, s: Seen) {
  return checks.map((c) => {
    const done = countingConfirmation(c, s);
    return {
      ...c,
      gatesGo: c.holds.go && !clockedAfterT0(rb, c.line),
      ...(done ? { confirmed: { by: done.by, at: done.at, ...(done.note ? { note: done.note } : {}) } } : {}),
    };
  });
}

function holdsText(c: ManualCheck): string {
  if (c.holds.go && c.holds.laterSteps) return "holds the Go decision and each later step";
  if (c.holds.laterSteps) return "holds each step after the first";
  return c.holds.go ? "holds the Go decision" : "for the record: holds no step";
}

/** One line each: `m314  Critical functionality broken (line 314) — confirmed clear by Ann 12:03Z` or open. */
export function manualCheckLines(checks: ManualCheck[], state: Seen): string[] {
  return checks.map((c) => {
    const done = countingConfirmation(c, state);
    const before = state.confirmed?.[c.id];
    const since = confirmation(c, state) ? "before the last step" : "before the rollback";
    const status = done
      ? `confirmed clear by ${done.by} at ${done.at}${done.note ? ` — ${done.note}` : ""}`
      : `OPEN — check by hand, then: golive confirm ${c.id}${before ? ` (confirmed by ${before.by} at ${before.at}, ${since})` : ""}`;
    return `${c.id.padEnd(5)} ${c.text} (line ${c.line}) — ${status} [${holdsText(c)}]`;
  });
}

/** For `status --json`. */
export function manualChecksJson(checks: ManualCheck[], state: Seen) {
  return checks.map((c) => ({ ...c, confirmed: countingConfirmation(c, state) ?? null }));
}
