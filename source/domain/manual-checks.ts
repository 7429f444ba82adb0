/**
 * Manual checks: what the runbook asks for that golive cannot measure — a threshold on a metric it
 * does not read, a rollback trigger with no number ("Critical functionality broken"), a decision
 * matrix row with no detector. Each is listed (never dropped, never shown as met) until a named
 * person confirms it clear (`golive confirm ID`), which is recorded with who and when.
 */
import { decisionMatrix } from "./decision-matrix.js";
import type { SessionState } from "./events.js";
import type { GateCheck } from "./gate.js";
import type { Runbook } from "./runbook.js";
import { bindCustom } from "./stated.js";

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
function clockedAfterT0(rb: Pick<Runbook, "sections">, line: number): boolean {
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

/**
 * The Go decision waits for every manual check a person can answer before the first shift: each
 * confirmed clear (cockpit `c`, or `golive confirm ID`), else "no evidence", which closes the gate
 * like an open Go criterion (an override with a reason records it as open). Checks of phases timed
 * after T-0 (a T+30 watch) cannot hold the first shift; they stay listed for the record.
 */
export function manualGateChecks(
  checks: ManualCheck[],
  rb: Pick<Runbook, "sections">,
  s: Pick<SessionState, "confirmed" | "rollback">,
): GateCheck[] {
  return checks
    .filter((c) => !clockedAfterT0(rb, c.line))
    .map((c) => {
      const done = confirmation(c, s);
      return {
        source: "manual check",
        label: `${c.id} ${c.text} (line ${c.line})`,
        ok: done ? true : null,
        detail: done
          ? `confirmed clear by ${done.by} at ${done.at.slice(11, 16)}Z`
          : `not confirmed clear: c in the cockpit, or golive confirm ${c.id}`,
        steps: "first" as const,
      };
    });
}

/** Each check with whether it holds the Go decision and its confirmation if it counts (the cockpit's list). */
export function manualCheckViews(
  checks: ManualCheck[],
  rb: Pick<Runbook, "sections">,
  s: Pick<SessionState, "confirmed" | "rollback">,
) {
  return checks.map((c) => {
    const done = confirmation(c, s);
    return {
      ...c,
      gatesGo: !clockedAfterT0(rb, c.line),
      ...(done ? { confirmed: { by: done.by, at: done.at, ...(done.note ? { note: done.note } : {}) } } : {}),
    };
  });
}

/** One line each: `m314  Critical functionality broken (line 314) — confirmed clear by Ann 12:03Z` or open. */
export function manualCheckLines(
  checks: ManualCheck[],
  state: Pick<SessionState, "confirmed" | "rollback">,
): string[] {
  return checks.map((c) => {
    const done = confirmation(c, state);
    const before = state.confirmed?.[c.id];
    const status = done
      ? `confirmed clear by ${done.by} at ${done.at}${done.note ? ` — ${done.note}` : ""}`
      : `OPEN — check by hand, then: golive confirm ${c.id}${before ? ` (confirmed by ${before.by} at ${before.at}, before the rollback)` : ""}`;
    return `${c.id.padEnd(5)} ${c.text} (line ${c.line}) — ${status}`;
  });
}

/** For `status --json`. */
export function manualChecksJson(checks: ManualCheck[], state: Pick<SessionState, "confirmed" | "rollback">) {
  return checks.map((c) => ({ ...c, confirmed: confirmation(c, state) ?? null }));
}
