/**
 * The statistics behind a canary verdict, pure (no IO, no clock).
 *
 * - `wilson`: the textbook fixed-n 95 % score interval for one arm's error rate (Wilson 1927;
 *   Newcombe 1998, method 3). Shown per arm and per period; it is NOT what the verdict decides on,
 *   because a fixed-n interval looked at after every period inflates false alarms.
 * - `betaBinomialCS`: an anytime-valid confidence sequence for a Bernoulli rate, from the
 *   beta-binomial mixture martingale (Robbins 1970; Howard, Ramdas, McAuliffe & Sekhon 2021,
 *   "Time-uniform, nonparametric, nonasymptotic confidence sequences", the conjugate mixture).
 *   For every p0 the mixture of likelihood ratios M_n(p0) is a nonnegative martingale with mean 1
 *   when p0 is true, so by Ville's inequality P(ever M_n(p0) >= 1/alpha) <= alpha: the set
 *   {p0 : M_n(p0) < 1/alpha} covers the true rate at every look at once, however often one looks.
 *   Only totals (errors, requests) enter, so looking once per period is as valid as per request.
 * - `intersect`: the running intersection of a confidence sequence's intervals stays valid and, by
 *   construction, never widens.
 */
import { zFor } from "./special-functions.js";

export interface Interval {
  lower: number;
  upper: number;
}

/** Wilson score interval for x successes in n trials; n = 0 → [0, 1] (no evidence). */
export function wilson(x: number, n: number, confidence = 0.95): Interval {
  if (n <= 0) return { lower: 0, upper: 1 };
  const z = zFor(confidence);
  const p = x / n;
  const z2 = z * z;
  const centre = p + z2 / (2 * n);
  const half = z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  const den = 1 + z2 / n;
  return { lower: Math.max(0, (centre - half) / den), upper: Math.min(1, (centre + half) / den) };
}

/** The running intersection: still valid for a confidence sequence, and never wider. */
export function intersect(prev: Interval | null, next: Interval): Interval {
  if (!prev) return next;
  const lower = Math.max(prev.lower, next.lower);
  const upper = Math.min(prev.upper, next.upper);
  // An empty intersection (probability <= alpha) means the rate moved mid-step: keep the earlier
  // interval's end nearest the new one, a zero-width interval that shows the conflict and is
  // never wider than before.
  if (lower > upper) {
    const at = next.lower > prev.upper ? prev.upper : prev.lower;
    return { lower: at, upper: at };
  }
  return { lower, upper };
}
