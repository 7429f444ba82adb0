/**
 * The rehearsal bench's baseline judge (bench/mann-whitney.ts) against exact values: with complete
 * separation the one-sided p-value is 1 / C(m+n, m) (Mann & Whitney 1947's table: 1/20, 1/70, 1/252).
 */
import { describe, expect, it } from "vitest";
import { mannWhitneyGreater } from "../../bench/mann-whitney.js";

describe("Mann-Whitney U, one-sided (x greater than y)", () => {
  it.each([
    [3, 1 / 20],
    [4, 1 / 70],
    [5, 1 / 252],
  ])("complete separation with %i against %i is 1 / C(2n, n)", (n, p) => {
    const y = Array.from({ length: n }, (_, i) => i);
    const x = y.map((v) => v + 100);
    expect(mannWhitneyGreater(x, y)).toBeCloseTo(p, 12);
    expect(mannWhitneyGreater(y, x)).toBeCloseTo(1, 12);
  });

  it("exact distribution: x = [3, 5], y = [1, 2, 4] has U = 5 of 6, P(U >= 5) = 2 / 10", () => {
    expect(mannWhitneyGreater([3, 5], [1, 2, 4])).toBeCloseTo(0.2, 12);
  });

  it("ties use the normal approximation with the tie and continuity corrections (R's wilcox.test formula)", () => {
    // By hand: mid-ranks give R_x = 50, U = 29, mean 18; ties 2,4,3,2 → Σ(t³−t) = 96;
    // σ = √(36/12 · (13 − 96/132)) = 6.0678; z = (29 − 18 − 0.5)/σ = 1.7305; P(Z > z) = 0.04177.
    expect(mannWhitneyGreater([2, 2, 3, 4, 5, 5], [1, 1, 2, 2, 3, 3])).toBeCloseTo(0.04177, 4);
  });

  it("an empty sample is no evidence: p = 1", () => {
    expect(mannWhitneyGreater([], [1, 2])).toBe(1);
  });
});
