/**
 * Canary policy, pure: where the canary stands, what the next step is, and what rollback changes.
 * Whether promoting now is allowed is the gate's (gate.ts). The controller (engine/) acts on these.
 */
import type { Weights } from "./events.js";

export const ROLLBACK_WEIGHTS: Weights = { blue: 100, green: 0 };

export function weightsForStep(greenPercent: number): Weights {
  return { blue: 100 - greenPercent, green: greenPercent };
}

/**
 * Blue's and green's shares of the traffic the two get, from raw ALB weights (0–999), in percent to
 * 0.1. A nonzero weight never rounds to 0 and a partial share never to 100: 999/1 is 99.9/0.1, so
 * "green takes nothing" and "green takes everything" are only ever said when AWS says exactly that.
 */
export function sharesOf(rawBlue: number, rawGreen: number): Weights {
  const total = rawBlue + rawGreen;
  if (total <= 0) return { blue: 0, green: 0 };
  const share = (raw: number) => {
    if (raw <= 0) return 0;
    if (raw >= total) return 100;
    const p = Math.round((1000 * raw) / total) / 10;
    return Math.min(99.9, Math.max(0.1, p));
  };
  const green = share(rawGreen);
  return { blue: rawGreen <= 0 ? 100 : rawBlue <= 0 ? 0 : Math.round((100 - green) * 10) / 10, green };
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
