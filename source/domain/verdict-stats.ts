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

/** ln Γ(x) for x > 0 (Lanczos, g = 7, 9 terms: ~15 significant digits). */
export function lgamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgamma(1 - x);
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  const z = x - 1;
  let a = c[0]!;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += c[i]! / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

export function logBeta(a: number, b: number): number {
  return lgamma(a) + lgamma(b) - lgamma(a + b);
}

export interface Interval {
  lower: number;
  upper: number;
}

/** The standard normal quantile for a two-sided level (0.95 → 1.959964). */
export function zFor(confidence: number): number {
  // Acklam's rational approximation of the normal quantile (relative error < 1.2e-9).
  const p = 1 - (1 - confidence) / 2;
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
    2.506628277459239,
  ];
  const b = [
    -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572,
  ];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const pl = 0.02425;
  if (p > 1 - pl) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return (
      -(((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) /
      ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1)
    );
  }
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
    (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1)
  );
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

/** The mixing prior of the confidence sequence: Jeffreys' Beta(1/2, 1/2) by default. */
export interface BetaPrior {
  a: number;
  b: number;
}
export const JEFFREYS: BetaPrior = { a: 0.5, b: 0.5 };

/** ln M_n(p0): the beta-binomial mixture martingale at p0 after x successes in n trials. */
export function logMixture(x: number, n: number, p0: number, prior: BetaPrior = JEFFREYS): number {
  const logMarginal = logBeta(prior.a + x, prior.b + n - x) - logBeta(prior.a, prior.b);
  const logLik = (x > 0 ? x * Math.log(p0) : 0) + (n - x > 0 ? (n - x) * Math.log(1 - p0) : 0);
  return logMarginal - logLik;
}

/**
 * The confidence sequence's interval at this look: {p0 : M_n(p0) < 1/alpha}. The log-likelihood is
 * concave with its top at x/n, so each end is found by bisection on its side.
 */
export function betaBinomialCS(x: number, n: number, alpha: number, prior: BetaPrior = JEFFREYS): Interval {
  if (n <= 0) return { lower: 0, upper: 1 };
  const limit = Math.log(1 / alpha);
  const inside = (p: number) => logMixture(x, n, p, prior) < limit;
  const phat = x / n;
  const edge = (out: number, inn: number) => {
    // `out` is outside (or the boundary 0/1), `inn` inside; 44 halvings: below 1e-13.
    let o = out;
    let i = inn;
    for (let k = 0; k < 44; k++) {
      const m = (o + i) / 2;
      if (inside(m)) i = m;
      else o = m;
    }
    return i;
  };
  const lower = x === 0 ? 0 : inside(Number.MIN_VALUE) ? 0 : edge(0, phat);
  const upper = x === n ? 1 : inside(1 - Number.EPSILON) ? 1 : edge(1, phat);
  return { lower, upper };
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
