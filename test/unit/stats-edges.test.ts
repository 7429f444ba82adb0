/**
 * The verdict's statistics against closed forms and published tables, where the other tests check
 * them against each other: the mixture martingale's value, ln Γ below 1/2, the normal quantile in
 * the central region, and the running intersection when two intervals do not meet.
 */
import { describe, expect, it } from "vitest";
import { logMixture } from "../../source/domain/confidence-sequence.js";
import { lgamma, zFor } from "../../source/domain/special-functions.js";
import { intersect } from "../../source/domain/verdict-stats.js";

describe("the beta-binomial mixture under Jeffreys' prior", () => {
  it("one failure in one trial at 1/2: the marginal 1/2 over the likelihood 1/2", () => {
    expect(logMixture(0, 1, 0.5)).toBeCloseTo(0, 12);
  });

  it("one success in two trials at 1/2: B(3/2, 3/2)/B(1/2, 1/2) = 1/8 over 1/4", () => {
    expect(logMixture(1, 2, 0.5)).toBeCloseTo(-Math.log(2), 12);
  });

  it("no successes at rate 0, or all at rate 1: the likelihood is 1, the marginal C(2n, n)/4^n", () => {
    const marginal = Math.log(184_756 / 4 ** 10);
    expect(logMixture(0, 10, 0)).toBeCloseTo(marginal, 12);
    expect(logMixture(10, 10, 1)).toBeCloseTo(marginal, 12);
  });
});

describe("published values", () => {
  it("ln Γ below 1/2 (reflection): Γ(1/4) = 3.625609908221908, Γ(1/10) = 9.513507698668732", () => {
    expect(lgamma(0.25)).toBeCloseTo(Math.log(3.625609908221908), 12);
    expect(lgamma(0.1)).toBeCloseTo(Math.log(9.513507698668732), 12);
  });

  it("normal quantiles in the central region: 0.674490 (50 %), 0.253347 (20 %), 0 (0 %)", () => {
    expect(zFor(0.5)).toBeCloseTo(0.67449, 6);
    expect(zFor(0.2)).toBeCloseTo(0.253347, 6);
    expect(zFor(0)).toBeCloseTo(0, 12);
  });
});

describe("the running intersection", () => {
  const i = (lower: number, upper: number) => ({ lower, upper });

  it("overlapping intervals give their common part; touching ones the point they share", () => {
    expect(intersect(i(0.1, 0.5), i(0.2, 0.6))).toEqual(i(0.2, 0.5));
    expect(intersect(i(0.1, 0.5), i(0.5, 0.9))).toEqual(i(0.5, 0.5));
  });

  it("a new interval wholly above or below keeps the earlier end nearest it, at zero width", () => {
    expect(intersect(i(0.1, 0.2), i(0.3, 0.4))).toEqual(i(0.2, 0.2));
    expect(intersect(i(0.3, 0.4), i(0.1, 0.2))).toEqual(i(0.3, 0.3));
  });
});
