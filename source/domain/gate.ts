/**
 * The gate: may an action that can hurt production go ahead now? ONE pure predicate, shared by
 * `promote` (cockpit `p` and headless), `ecs scale-blue`, the cockpit's gate line and `status`.
 * It fails closed: an input that is missing or older than its limit closes the gate with a reason
 * that names the input and its age. "No data" is "no evidence", never "below threshold".
 *
 * Shape (extend by adding inputs, never by reshaping):
 *
 *   evaluateGate(GateInputs) → Gate
 *
 *   GateInputs
 *     action        "promote" | "scale-blue" (add "kube-step" … as actions appear)
 *     now           the session clock (ms)
 *     plan          canary steps, dwell per step, stable minutes before blue may go
 *     confirmed     weights AWS confirmed (session record) and since when: dwell counts from there
 *     listener      Observed<Weights>: the latest DescribeListeners read and its time
 *     inFlight      a traffic change or rollback in flight (text), if any
 *     metrics       Observed<ColorMetrics> per arm + Observed<ElbMetrics> for the load balancer
 *     health        Observed<boolean> per arm (health URL probes); undefined = not configured
 *     alerts        unacknowledged critical alerts
 *     rollback      the latest rollback since the last promotion, if any
 *     goDecided     whether the Go decision is already recorded (the first step is the Go decision)
 *     thresholds    go thresholds (green must stay within them to promote)
 *     limits        how old each observed input may be
 *     checks        GateCheck[]: the extension point. Other parts add their inputs here without
 *                   touching this file: the runbook's Go / No-Go criteria and manual checks, a
 *                   canary-statistics verdict per step. Each says ok / not ok / no evidence, when it
 *                   was observed and how old it may be, and which actions and steps it applies to.
 *
 *   Gate
 *     allowed       no reason closes it
 *     reasons       one line each, for screens and errors (the same text everywhere)
 *     details       GateReason[]: input, kind (missing | stale | breach | wait | blocked | check),
 *                   message, age — for status --json and the next-action line
 *     nextIndex / next / dwellLeftMs / breaches / isGoDecision (promote)
 *
 * `gateInputsFromState` derives the record's part (confirmed weights and since when, rollback since
 * the last promotion, unacknowledged critical alerts, in-flight changes) from the session state.
 */
import { currentStepIndex, formatLeft, weightsForStep } from "./canary.js";
import type { SessionState, Weights } from "./events.js";
import type { ColorMetrics, ElbMetrics } from "./metrics.js";
import { breaches as breachesThreshold } from "./threshold-defaults.js";
import type { Threshold } from "./thresholds.js";

export type GateAction = "promote" | "scale-blue";

/** Something golive observed, and when; `at: null` = never observed. */
export interface Observed<T> {
  value: T | null;
  at: number | null;
  /** The latest attempt failed: why and when (the value, if any, is from before). */
  error?: { message: string; at: number };
}

export interface GateCheck {
  /** Who adds it ("go-criteria", "no-go", "manual", "canary-verdict" …); shown with the reason. */
  source: string;
  label: string;
  /** true = met; false = not met; null = nothing to judge by (no evidence: closes the gate). */
  ok: boolean | null;
  detail?: string;
  /** When it was observed; with maxAgeMs, older than that closes the gate as stale. */
  at?: number | null;
  maxAgeMs?: number;
  /** Actions it applies to (default: promote). */
  actions?: GateAction[];
  /** For promote: only the first step (the Go decision), only later steps, or every step (default). */
  steps?: "first" | "later" | "all";
  /** For promote: only the step to this green % (a manual check held before 50 % and 100 %). */
  atStep?: number;
}

export interface GateInputs {
  action: GateAction;
  now: number;
  plan: { steps: number[]; dwellMinutes: number; stableMinutes?: number };
  confirmed: { weights: Weights | null; since: number | null };
  listener: Observed<Weights>;
  inFlight?: string;
  metrics: { blue: Observed<ColorMetrics>; green: Observed<ColorMetrics>; elb?: Observed<ElbMetrics> };
  health: { blue?: Observed<boolean>; green?: Observed<boolean> };
  alerts: { id: string; message: string; at: number }[];
  rollback: { at: number; done: boolean; failed?: string } | null;
  goDecided: boolean;
  thresholds: { errorRate: Threshold; latencyP95: Threshold };
  limits: { listenerMaxAgeMs: number; metricsMaxAgeMs: number; healthMaxAgeMs: number };
  checks?: GateCheck[];
  /** An override reason: the gate still reports its reasons; the caller records the override. */
}

export type GateReasonKind = "missing" | "stale" | "breach" | "wait" | "blocked" | "check";

export interface GateReason {
  input: string;
  kind: GateReasonKind;
  message: string;
  ageMs?: number;
}

export interface Gate {
  action: GateAction;
  allowed: boolean;
  reasons: string[];
  details: GateReason[];
  /** Index into steps of the next step, or -1 when the canary is complete (promote). */
  nextIndex: number;
  next?: Weights;
  dwellLeftMs: number;
  breaches: string[];
  isGoDecision: boolean;
}

export function formatAge(ms: number): string {
  if (ms < 0) return "0s";
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, "0")}m`;
}

export function evaluateGate(i: GateInputs): Gate {
  const details: GateReason[] = [];
  const add = (input: string, kind: GateReasonKind, message: string, ageMs?: number) =>
    details.push({ input, kind, message, ...(ageMs === undefined ? {} : { ageMs }) });
  const steps = i.plan.steps;
  const cur = currentStepIndex(steps, i.confirmed.weights);
  const nextIndex = i.action === "promote" ? (cur + 1 < steps.length ? cur + 1 : -1) : -1;
  const firstStep = i.action === "promote" && cur < 0;
  let dwellLeftMs = 0;
  const found: string[] = [];

  // What golive must be sure of before anything moves.
  if (i.action === "promote" && nextIndex < 0)
    add("plan", "blocked", "the canary is complete: green takes 100 %");
  if (i.inFlight) add("traffic", "blocked", i.inFlight);
  if (i.rollback && !i.rollback.done && !i.rollback.failed)
    add("rollback", "blocked", "a rollback is in progress");
  else if (i.rollback)
    add(
      "rollback",
      "blocked",
      `rolled back at ${isoMinute(i.rollback.at)} since the last promotion: moving on needs an override with a reason`,
    );
  if (i.confirmed.weights === null)
    add("listener", "missing", "no evidence: the listener's weights are not known yet (no read from AWS)");
  observedAge(i, "listener", i.listener, i.limits.listenerMaxAgeMs, "the listener read", add);
  if (
    i.listener.value &&
    i.confirmed.weights &&
    (i.listener.value.blue !== i.confirmed.weights.blue ||
      i.listener.value.green !== i.confirmed.weights.green)
  )
    add(
      "listener",
      "blocked",
      `the listener shows blue ${i.listener.value.blue} / green ${i.listener.value.green}, not the confirmed blue ${i.confirmed.weights.blue} / green ${i.confirmed.weights.green}`,
    );
  for (const a of i.alerts)
    add("alerts", "blocked", `unacknowledged critical alert (${formatAge(i.now - a.at)} ago): ${a.message}`);

  // Dwell at the weight AWS confirmed; drift and rollback restart it (they set `since`).
  const w = i.confirmed.weights;
  if (i.action === "promote" && w && i.confirmed.since !== null && (cur >= 0 || i.rollback)) {
    dwellLeftMs = Math.max(0, i.confirmed.since + i.plan.dwellMinutes * 60_000 - i.now);
    if (dwellLeftMs > 0)
      add("dwell", "wait", `dwell at green ${w.green} % has ${formatLeft(dwellLeftMs)} left`);
  }
  if (i.action === "scale-blue") {
    const stable = (i.plan.stableMinutes ?? 60) * 60_000;
    if (w?.green !== 100) add("listener", "blocked", "green has not been confirmed at 100 %");
    if (i.listener.value && i.listener.value.blue > 0)
      add("listener", "blocked", `blue still serves traffic (listener: blue ${i.listener.value.blue} %)`);
    if (w?.green === 100 && i.confirmed.since !== null && i.now - i.confirmed.since < stable)
      add(
        "dwell",
        "wait",
        `green has been confirmed at 100 % for ${formatAge(i.now - i.confirmed.since)}; the runbook keeps blue for ${formatAge(stable)}`,
      );
  }

  // Evidence: green's own numbers once it has had traffic at a step (or ever, after a rollback).
  const judgeGreen = i.action === "scale-blue" || cur >= 0 || i.rollback !== null;
  if (judgeGreen)
    found.push(...armEvidence(i, "green", i.metrics.green, cur >= 0 || i.action === "scale-blue", add));
  if (firstStep) armEvidence(i, "blue", i.metrics.blue, true, add, "blue's baseline");
  const elb = i.metrics.elb;
  if (elb?.value && elb.value.rate !== null && fresh(i, elb, i.limits.metricsMaxAgeMs)) {
    if (breachesThreshold(i.thresholds.errorRate, elb.value.rate)) {
      const m = `load balancer 5XX ${elb.value.rate.toFixed(2)} % (${elb.value.elb5xx} of ${elb.value.requests}) breaks go ${i.thresholds.errorRate.op} ${i.thresholds.errorRate.value} %`;
      found.push(m);
      add("metrics.elb", "breach", m);
    }
  }
  for (const c of ["blue", "green"] as const) {
    const h = i.health[c];
    if (!h || (c === "blue" && i.action !== "promote")) continue;
    if (c === "blue" && !firstStep) continue;
    const age = h.at === null ? null : i.now - h.at;
    if (h.value === false) {
      const m = `${c} targets are not all healthy`;
      found.push(m);
      add(`health.${c}`, "breach", m, age ?? undefined);
    } else if (h.value === null || age === null)
      add(`health.${c}`, "missing", `no evidence: ${c}'s health check has not answered yet`);
    else if (age > i.limits.healthMaxAgeMs)
      add(
        `health.${c}`,
        "stale",
        `${c}'s health check is stale: last answer ${formatAge(age)} ago${errText(h)}`,
        age,
      );
  }

  for (const c of i.checks ?? []) {
    if (!(c.actions ?? ["promote"]).includes(i.action)) continue;
    if (i.action === "promote" && c.steps === "first" && !firstStep) continue;
    if (i.action === "promote" && c.steps === "later" && firstStep) continue;
    if (c.atStep !== undefined && (i.action !== "promote" || steps[nextIndex] !== c.atStep)) continue;
    const age = c.at == null ? undefined : i.now - c.at;
    const tag = `${c.source}: ${c.label}${c.detail ? ` (${c.detail})` : ""}`;
    if (c.ok === null) add(`check.${c.source}`, "missing", `no evidence: ${tag}`, age);
    else if (c.maxAgeMs !== undefined && (age === undefined || age > c.maxAgeMs))
      add(
        `check.${c.source}`,
        "stale",
        `${tag} is stale${age === undefined ? " (never observed)" : `: observed ${formatAge(age)} ago`}`,
        age,
      );
    else if (!c.ok) add(`check.${c.source}`, "check", tag, age);
  }

  return {
    action: i.action,
    allowed: details.length === 0,
    reasons: details.map((d) => d.message),
    details,
    nextIndex,
    next: nextIndex >= 0 ? weightsForStep(steps[nextIndex]!) : undefined,
    dwellLeftMs,
    breaches: found,
    isGoDecision: i.action === "promote" && !i.goDecided,
  };
}

function isoMinute(t: number): string {
  return `${new Date(t).toISOString().slice(11, 16)}Z`;
}

function errText(o: Observed<unknown>): string {
  return o.error ? ` (failing since ${isoMinute(o.error.at)}: ${o.error.message})` : "";
}

function fresh(i: GateInputs, o: Observed<unknown>, maxAgeMs: number): boolean {
  return o.at !== null && i.now - o.at <= maxAgeMs;
}

/** The observed input is there and recent enough; else a missing/stale reason with its age. */
function observedAge(
  i: GateInputs,
  input: string,
  o: Observed<unknown>,
  maxAgeMs: number,
  what: string,
  add: (input: string, kind: GateReasonKind, message: string, ageMs?: number) => void,
): boolean {
  if (o.at === null) {
    add(input, "missing", `no evidence: ${what} has not succeeded yet${errText(o)}`);
    return false;
  }
  const age = i.now - o.at;
  if (age > maxAgeMs) {
    add(input, "stale", `${what} is stale: last success ${formatAge(age)} ago${errText(o)}`, age);
    return false;
  }
  return true;
}

/** An arm's metrics: polled recently, describing a recent period, within the go thresholds. */
function armEvidence(
  i: GateInputs,
  arm: "blue" | "green",
  o: Observed<ColorMetrics>,
  required: boolean,
  add: (input: string, kind: GateReasonKind, message: string, ageMs?: number) => void,
  name: string = arm,
): string[] {
  const input = `metrics.${arm}`;
  const found: string[] = [];
  if (o.at === null || i.now - o.at > i.limits.metricsMaxAgeMs) {
    if (required) observedAge(i, input, o, i.limits.metricsMaxAgeMs, `${name} metrics poll`, add);
    return found;
  }
  const m = o.value;
  if (!m || m.errorRate === null || m.periodEnd === null) {
    if (required)
      add(
        input,
        "missing",
        `no evidence: no ${name} metric data (no datapoints with traffic in the last periods)`,
      );
    return found;
  }
  const dataAge = i.now - m.periodEnd;
  if (dataAge > i.limits.metricsMaxAgeMs) {
    if (required)
      add(
        input,
        "stale",
        `${name} metrics are stale: newest period ended ${formatAge(dataAge)} ago`,
        dataAge,
      );
    return found;
  }
  if (arm !== "green") return found;
  const t = i.thresholds;
  if (breachesThreshold(t.errorRate, m.errorRate)) {
    const msg = `green error rate ${m.errorRate.toFixed(2)} % breaks go ${t.errorRate.op} ${t.errorRate.value} %`;
    found.push(msg);
    add(input, "breach", msg, dataAge);
  }
  if (m.latencyP95 !== null && breachesThreshold(t.latencyP95, m.latencyP95)) {
    const msg = `green p95 ${m.latencyP95.toFixed(0)} ms breaks go ${t.latencyP95.op} ${t.latencyP95.value} ms`;
    found.push(msg);
    add(input, "breach", msg, dataAge);
  }
  return found;
}

/** The record's part of the inputs, derived from the session state. */
export function gateInputsFromState(
  s: SessionState,
): Pick<GateInputs, "confirmed" | "inFlight" | "alerts" | "rollback" | "goDecided"> {
  const lastStep = s.steps.at(-1);
  const lastPromotion = lastStep ? Date.parse(lastStep.confirmedAt) : Number.NEGATIVE_INFINITY;
  const rbAt = s.rollback ? Date.parse(s.rollback.startedAt) : null;
  return {
    confirmed: {
      weights: s.weights,
      since: s.weightsSince ? Date.parse(s.weightsSince) : null,
    },
    inFlight: s.shift ? `a ${s.shift.kind} is in flight since ${s.shift.since}` : undefined,
    alerts: s.alerts
      .filter((a) => !a.acknowledged && a.severity === "critical")
      .map((a) => ({ id: a.id, message: a.message, at: Date.parse(a.lastSeenAt ?? a.at) })),
    rollback:
      s.rollback && rbAt !== null && rbAt >= lastPromotion
        ? {
            at: rbAt,
            done: !!s.rollback.completedAt,
            failed: s.rollback.failed,
          }
        : null,
    goDecided: !!s.goDecision,
  };
}
