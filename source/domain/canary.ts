/**
 * Canary policy, pure: where the canary stands, what the next step is, whether promoting now is
 * allowed, and what rollback changes. The controller (engine/) acts on these answers.
 */
import type { SessionState, Weights } from "./events.js";
import { breaches, type Threshold } from "./runbook.js";

export interface ColorMetrics {
  /** Latest complete period; null = no data (no traffic), never zero. */
  errorRate: number | null;
  latencyP95: number | null;
  throughput: number | null;
  periodStart: number | null;
}

/** No datapoints: shown as no data, never as zero. */
export const NO_DATA: ColorMetrics = {
  errorRate: null,
  latencyP95: null,
  throughput: null,
  periodStart: null,
};

export interface GateInput {
  state: SessionState;
  steps: number[];
  dwellMinutes: number;
  now: number;
  green: ColorMetrics | undefined;
  go: { errorRate: Threshold; latencyP95: Threshold };
  greenHealthy?: boolean;
}

export interface Gate {
  /** Index into steps of the next step, or -1 when the canary is complete. */
  nextIndex: number;
  next?: Weights;
  allowed: boolean;
  reasons: string[];
  dwellLeftMs: number;
  breaches: string[];
  isGoDecision: boolean;
}

export const ROLLBACK_WEIGHTS: Weights = { blue: 100, green: 0 };

export function weightsForStep(greenPercent: number): Weights {
  return { blue: 100 - greenPercent, green: greenPercent };
}

export function sameWeights(a: Weights | null | undefined, b: Weights | null | undefined): boolean {
  return !!a && !!b && a.blue === b.blue && a.green === b.green;
}

/** The step index the canary is at: the highest step whose green weight is at or below green's share. */
export function currentStepIndex(steps: number[], weights: Weights | null): number {
  const g = weights?.green ?? 0;
  let idx = -1;
  steps.forEach((s, i) => {
    if (g >= s) idx = i;
  });
  return idx;
}

export function gate(i: GateInput): Gate {
  const cur = currentStepIndex(i.steps, i.state.weights);
  const nextIndex = cur + 1 < i.steps.length ? cur + 1 : -1;
  const reasons: string[] = [];
  const found: string[] = [];
  let dwellLeftMs = 0;
  if (nextIndex < 0) reasons.push("the canary is complete: green takes 100 %");
  if (i.state.shift) reasons.push(`a ${i.state.shift.kind} is in flight since ${i.state.shift.since}`);
  if (i.state.rollback && !i.state.rollback.completedAt && !i.state.rollback.failed)
    reasons.push("a rollback is in progress");
  if (i.state.weights === null) reasons.push("the listener's weights are not known yet (no read from AWS)");
  const isGoDecision = !i.state.goDecision;
  if (cur >= 0) {
    const last = [...i.state.steps].reverse().find((s) => s.step === i.steps[cur]);
    const since = last ? Date.parse(last.confirmedAt) : undefined;
    if (since !== undefined) {
      dwellLeftMs = Math.max(0, since + i.dwellMinutes * 60_000 - i.now);
      if (dwellLeftMs > 0) reasons.push(`dwell at ${i.steps[cur]} % has ${formatLeft(dwellLeftMs)} left`);
    }
    if (i.green?.errorRate === null || i.green?.errorRate === undefined) {
      reasons.push("no green metrics yet for this step (no datapoints)");
    } else {
      if (breaches(i.go.errorRate, i.green.errorRate))
        found.push(
          `green error rate ${i.green.errorRate.toFixed(2)} % breaks go ${i.go.errorRate.op} ${i.go.errorRate.value} %`,
        );
      if (i.green.latencyP95 !== null && breaches(i.go.latencyP95, i.green.latencyP95)) {
        found.push(
          `green p95 ${i.green.latencyP95.toFixed(0)} ms breaks go ${i.go.latencyP95.op} ${i.go.latencyP95.value} ms`,
        );
      }
    }
  }
  if (i.greenHealthy === false) found.push("green targets are not all healthy");
  reasons.push(...found);
  return {
    nextIndex,
    next: nextIndex >= 0 ? weightsForStep(i.steps[nextIndex]!) : undefined,
    allowed: reasons.length === 0,
    reasons,
    dwellLeftMs,
    breaches: found,
    isGoDecision,
  };
}

export function formatLeft(ms: number): string {
  const s = Math.ceil(ms / 1000);
  const m = Math.floor(s / 60);
  return m > 0 ? `${m}m${String(s % 60).padStart(2, "0")}s` : `${s}s`;
}

/** Per-color metrics from a period series: the latest period with traffic; no traffic → no data. */
export function latestMetrics(
  points: { t: number; requests: number; errors: number; p95Ms: number | null }[],
  asOf?: number,
  maxAgeMs = 3 * 60_000,
): ColorMetrics {
  // A color that stopped getting traffic shows no data, not its old numbers.
  const withTraffic = points
    .filter((p) => p.requests > 0 && (asOf === undefined || p.t >= asOf - maxAgeMs))
    .sort((a, b) => b.t - a.t);
  const p = withTraffic[0];
  if (!p) return NO_DATA;
  return {
    errorRate: (100 * p.errors) / p.requests,
    latencyP95: p.p95Ms,
    throughput: p.requests / 60,
    periodStart: p.t,
  };
}

/** Aggregate over a window (checkpoints, baseline): request-weighted error rate, worst period p95. */
export function windowMetrics(
  points: { t: number; requests: number; errors: number; p95Ms: number | null }[],
): ColorMetrics {
  const withTraffic = points.filter((p) => p.requests > 0);
  if (!withTraffic.length) return NO_DATA;
  const req = withTraffic.reduce((s, p) => s + p.requests, 0);
  const err = withTraffic.reduce((s, p) => s + p.errors, 0);
  const p95s = withTraffic.map((p) => p.p95Ms).filter((x): x is number => x !== null);
  return {
    errorRate: (100 * err) / req,
    latencyP95: p95s.length ? Math.max(...p95s) : null,
    throughput: req / (withTraffic.length * 60),
    periodStart: Math.min(...withTraffic.map((p) => p.t)),
  };
}
