/** Anytime-valid beta-binomial confidence sequences (a mixture martingale), safe to look at every period. */
import { logBeta } from "./special-functions.js";
import type { Interval } from "./verdict-stats.js";

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
