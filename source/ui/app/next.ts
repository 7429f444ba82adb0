/**
 * The one line that says what to do next and why (issue 12, I9), coloured by severity. Pure: the
 * cockpit draws it in every layout (the small screen included) and `status --json` reports it.
 * The most urgent situation wins: a rollback in flight or failed, then a rollback trigger, then
 * warnings, then where the canary stands.
 */
import { formatLeft } from "../../domain/canary.js";
import type { SessionState } from "../../domain/events.js";
import type { Gate } from "../../domain/gate.js";
import { verdictLine } from "../../domain/verdict.js";
import type { StepVerdict } from "../../domain/verdict-step.js";

export type Severity = "bad" | "warn" | "info" | "ok";

export interface NextAction {
  text: string;
  severity: Severity;
}

export interface NextInput {
  state: SessionState;
  gate: Gate | undefined;
  readOnly: boolean;
  /** Below the minimum size only R and q work: the line names no other key. */
  small?: boolean;
  /** The step's canary verdict (domain/verdict-step.ts), shown beside the gate; null = none. */
  verdict?: StepVerdict | null;
  /** The engine is still loading (the first frame comes before it): no gate yet, and not offline. */
  engineLoading?: boolean;
}

export function nextAction(i: NextInput): NextAction {
  const s = i.state;
  const lead = (own: string, viewer: string) => (i.readOnly ? viewer : own);
  const unacked = s.alerts.filter((a) => !a.acknowledged);
  const critical = unacked.filter((a) => a.severity === "critical");
  const acks = i.small ? "" : unacked.length > 1 ? " · a acks the newest · A acks all" : " · a acks";
  if (s.shift && s.shift.kind !== "promote")
    return {
      text: "rolling back: waiting for AWS to read back blue 100 / green 0 (q waits for it)",
      severity: "bad",
    };
  if (s.rollback?.failed && !s.rollback.completedAt)
    return {
      text: `ROLLBACK FAILED: ${s.rollback.failed} — ${lead("R tries again, or apply it by hand", "the lead must retry it")}`,
      severity: "bad",
    };
  // A rollback requested by a golive that died before AWS confirmed it (I3): never left unsaid.
  if (s.rollback && !s.rollback.completedAt && !s.rollback.failed)
    return {
      // The key first: on a narrow screen the rest is what gets cut.
      text: `${lead("R rolls back", "the lead must roll back")} — ROLLBACK NOT CONFIRMED: requested ${s.rollback.startedAt.slice(11, 19)} UTC, AWS never read back 100/0`,
      severity: "bad",
    };
  if (critical.length) {
    // A trigger trusted to roll back says more about what to do now than a pause beside it.
    const m = (critical.filter((a) => a.trust === "rollback").at(-1) ?? critical.at(-1)!).message;
    // The monitor's trigger alerts already say "ROLLBACK TRIGGER (…)"; other critical ones say what they are.
    return {
      // The keys first: on a narrow screen the message is what gets cut (the alert line above has it).
      text: `${lead(`R rolls back${acks}`, "the lead decides: roll back or acknowledge")} — ${/^ROLLBACK TRIGGER/.test(m) ? m : `CRITICAL: ${m}`}`,
      severity: "bad",
    };
  }
  if (unacked.length)
    return {
      text: `${lead(i.small ? "enlarge to acknowledge" : acks.slice(3), "the lead acknowledges")} — warning: ${unacked.at(-1)!.message}`,
      severity: "warn",
    };
  if (s.shift?.kind === "promote")
    return {
      text: `promoting to ${s.shift.to.green} % green: waiting for AWS to read the change back`,
      severity: "info",
    };
  if (s.signoff && s.signoff.status !== "in-progress")
    return { text: `signed ${s.signoff.status}: the record is closed (e exports it)`, severity: "ok" };
  if (s.rollback?.completedAt && (s.weights?.green ?? 0) === 0)
    return {
      text: "rolled back: blue takes 100 %. Work through the rollback checklist, then sign off (golive sign)",
      severity: "warn",
    };
  const g = i.gate;
  if (!g && i.engineLoading)
    return {
      text: "loading the engine: the gate is read once it is there; p and R wait for it",
      severity: "info",
    };
  if (!g)
    return { text: "no environment config: work the checklist; traffic keys are off", severity: "info" };
  if (s.weights === null)
    return { text: "waiting for the first listener read from AWS before any promotion", severity: "info" };
  if (g.nextIndex < 0)
    return {
      text: "green takes 100 %: watch the T+15/30/45/60 checkpoints; R rolls back if a trigger fires",
      severity: "ok",
    };
  const to = g.next?.green;
  // The verdict rides beside the gate in every case, once (its gate reason is not repeated).
  const verdict = i.verdict ? ` · verdict: ${verdictLine(i.verdict.verdict)}` : "";
  if (g.allowed)
    return {
      text: `${lead(`gate open: p promotes to ${to} % green`, `gate open: the lead can promote to ${to} %`)}${verdict}`,
      severity: "ok",
    };
  const dwell = g.dwellLeftMs > 0 ? g.details.find((d) => d.input === "dwell") : undefined;
  const others = g.details
    .filter((d) => d !== dwell && !(verdict && d.input === "check.canary-verdict"))
    .map((d) => d.message);
  if (dwell)
    return {
      text: `wait: dwell at ${s.weights.green} % has ${formatLeft(g.dwellLeftMs)} left before ${to} %${verdict}${others.length ? ` · also: ${others[0]}` : ""}`,
      severity: g.breaches.length ? "warn" : "info",
    };
  const why = others[0] ?? (verdict ? "" : (g.reasons[0] ?? "closed"));
  const tone: Severity = g.breaches.length || i.verdict?.verdict.result === "FAIL" ? "warn" : "info";
  // The verdict goes before the other reason, as in the dwell's line: a manual check's reason runs
  // past 200 columns, and the verdict after it was never on screen.
  if (verdict)
    return { text: `gate closed for ${to} %${verdict}${why ? ` · also: ${why}` : ""}`, severity: tone };
  return { text: `gate closed for ${to} %: ${why}`, severity: tone };
}

export const SEVERITY_COLOR: Record<Severity, string> = {
  bad: "red",
  warn: "yellow",
  info: "cyan",
  ok: "green",
};
