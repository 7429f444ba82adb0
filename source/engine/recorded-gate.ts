/**
 * The gate as the session records it, for `golive status` (issue 14): the same one predicate
 * (domain/gate.ts) over the record alone, with no AWS call. Each input carries the time it was
 * observed, so its age is shown and an input older than the live gate's limit closes the gate as
 * stale: the record of a quiet session says "no evidence", never "healthy". `status --live` reads
 * AWS for a fresh gate instead.
 */
import { currentStepIndex } from "../domain/canary.js";
import type { EnvConfig } from "../domain/config.js";
import type { SessionEvent, SessionState, Weights } from "../domain/events.js";
import { evaluateGate, formatAge, type Gate, gateInputsFromState, type Observed } from "../domain/gate.js";
import { goNoGoChecks } from "../domain/go-nogo.js";
import { inForceWith, sessionConfig } from "../domain/in-force.js";
import { sessionManualChecks } from "../domain/manual-checks.js";
import { manualGateChecks } from "../domain/manual-gate.js";
import { type ColorMetrics, NO_DATA } from "../domain/metrics.js";
import type { Runbook } from "../domain/runbook.js";
import { shareGateChecksFor, shareLine, trafficShare } from "../domain/traffic-share.js";
import { recordedVerdict, verdictGateChecks } from "../domain/verdict-step.js";
import { observationLimits } from "./limits.js";
import { statedGateChecks } from "./stated.js";

/** One input of the recorded gate: what the record holds and when it was observed. */
export interface RecordedInput {
  input: string;
  /** What was recorded, in words ("blue 90 / green 10", "never recorded"). */
  value: string;
  at: number | null;
  ageMs: number | null;
  /** The live gate's limit for this input; undefined where age does not matter. */
  maxAgeMs?: number;
}

export interface RecordedGate {
  gate: Gate;
  inputs: RecordedInput[];
}

/** The newest AWS read of the listener in the record: a confirmed shift, drift, or an observation. */
export function recordedListener(events: readonly SessionEvent[]): Observed<Weights> {
  for (let i = events.length - 1; i > 0; i--) {
    const e = events[i]!;
    const w =
      e.type === "traffic.shift.confirmed"
        ? e.data.weights
        : e.type === "drift.detected"
          ? e.data.actual
          : e.type === "traffic.observed"
            ? e.data.weights
            : undefined;
    if (w) return { value: w, at: Date.parse(e.at) };
  }
  return { value: null, at: null };
}

/** Green's newest recorded numbers: the latest monitoring checkpoint (error rate and p95). */
export function recordedGreenMetrics(events: readonly SessionEvent[]): {
  metrics: Observed<ColorMetrics>;
  offsetMinutes?: number;
} {
  for (let i = events.length - 1; i > 0; i--) {
    const e = events[i]!;
    if (e.type !== "checkpoint.recorded") continue;
    const at = Date.parse(e.at);
    const value: ColorMetrics = {
      ...NO_DATA,
      errorRate: e.data.errorRate,
      latencyP95: e.data.latencyP95,
      periodEnd: e.data.errorRate === null ? null : at,
    };
    return { metrics: { value, at }, offsetMinutes: e.data.offsetMinutes };
  }
  return { metrics: { value: null, at: null } };
}

export function recordedGate(
  rb: Runbook,
  s: SessionState,
  events: readonly SessionEvent[],
  now: number,
  clockRate = 1,
): RecordedGate | undefined {
  const c = sessionConfig(s);
  if (!c) return undefined;
  const config: EnvConfig = c.config;
  const force = inForceWith(rb, config, c.file);
  const limits = observationLimits(config, clockRate);
  const fromState = gateInputsFromState(s);
  const listener = recordedListener(events);
  const green = recordedGreenMetrics(events);
  const blue: Observed<ColorMetrics> = { value: null, at: null };
  const health: { blue?: Observed<boolean>; green?: Observed<boolean> } = {};
  if (config.health.blue) health.blue = { value: null, at: null };
  if (config.health.green) health.green = { value: null, at: null };
  const steps = force.plan.map((p) => p.green);
  const cur = currentStepIndex(steps, s.weights);
  const dwell = force.plan[Math.max(0, cur)]?.dwellMinutes ?? force.plan[0]!.dwellMinutes;
  const gate = evaluateGate({
    action: "promote",
    now,
    plan: { steps, dwellMinutes: dwell },
    ...fromState,
    listener,
    metrics: { blue, green: green.metrics },
    health,
    thresholds: force.thresholds.go,
    limits,
    checks: [
      ...goNoGoChecks(rb, s),
      ...manualGateChecks(sessionManualChecks(rb, config), rb, s, steps.slice(1)),
      // No percentile beyond p95 is in the record: a runbook threshold on one is no evidence here.
      ...statedGateChecks(rb.stated, {}, limits.metricsMaxAgeMs),
      // The step's verdict and the data plane's share, from the recorded periods as the live gate has them.
      ...verdictGateChecks(recordedVerdict(s)),
      ...shareGateChecksFor(s, config),
    ],
  });
  const age = (at: number | null) => (at === null ? null : now - at);
  const inputs: RecordedInput[] = [
    {
      input: "listener",
      value: listener.value
        ? `blue ${listener.value.blue} / green ${listener.value.green} read back from AWS`
        : "never read back from AWS",
      at: listener.at,
      ageMs: age(listener.at),
      maxAgeMs: limits.listenerMaxAgeMs,
    },
    {
      input: "metrics.green",
      value: green.metrics.value
        ? `checkpoint T+${green.offsetMinutes}: error rate ${pct(green.metrics.value.errorRate)}, p95 ${ms(green.metrics.value.latencyP95)}`
        : "no checkpoint recorded",
      at: green.metrics.at,
      ageMs: age(green.metrics.at),
      maxAgeMs: limits.metricsMaxAgeMs,
    },
    { input: "metrics.blue", value: "not in the record", at: null, ageMs: null },
  ];
  for (const arm of ["blue", "green"] as const)
    if (health[arm])
      inputs.push({
        input: `health.${arm}`,
        value: "not in the record",
        at: null,
        ageMs: null,
        maxAgeMs: limits.healthMaxAgeMs,
      });
  const since = fromState.confirmed.since;
  inputs.push({
    input: "confirmed",
    value: s.weights ? `blue ${s.weights.blue} / green ${s.weights.green} confirmed` : "nothing confirmed",
    at: since,
    ageMs: age(since),
  });
  const share = trafficShare(s);
  if (share)
    inputs.push({
      input: "traffic-share",
      value: shareLine(share),
      at: share.at,
      ageMs: age(share.at),
    });
  const unacked = fromState.alerts;
  const newest = unacked.length ? Math.max(...unacked.map((a) => a.at)) : null;
  inputs.push({
    input: "alerts",
    value: unacked.length ? `${unacked.length} unacknowledged critical` : "none unacknowledged",
    at: newest,
    ageMs: age(newest),
  });
  return { gate, inputs };
}

/** One line per input: `listener  blue 90 / green 10 read back from AWS, 4m12s ago (stale after 30s)`. */
export function recordedInputLines(inputs: RecordedInput[]): string[] {
  const w = Math.max(...inputs.map((i) => i.input.length));
  return inputs.map((i) => {
    const when = i.ageMs === null ? "" : `, ${formatAge(i.ageMs)} ago`;
    const limit =
      i.maxAgeMs === undefined
        ? ""
        : i.ageMs !== null && i.ageMs > i.maxAgeMs
          ? ` (STALE: older than ${formatAge(i.maxAgeMs)})`
          : ` (stale after ${formatAge(i.maxAgeMs)})`;
    return `${i.input.padEnd(w)}  ${i.value}${when}${limit}`;
  });
}

function pct(v: number | null): string {
  return v === null ? "no data" : `${v.toFixed(2)} %`;
}

function ms(v: number | null): string {
  return v === null ? "no data" : `${v.toFixed(0)} ms`;
}
