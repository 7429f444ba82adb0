/**
 * Canary policy, pure: where the canary stands, what the next step is, and what rollback changes.
 * Whether promoting now is allowed is the gate's (gate.ts). The controller (engine/) acts on these.
 */
import type { Weights } from "./events.js";

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

export function formatLeft(ms: number): string {
  const s = Math.ceil(ms / 1000);
  const m = Math.floor(s / 60);
  return m > 0 ? `${m}m${String(s % 60).padStart(2, "0")}s` : `${s}s`;
}
