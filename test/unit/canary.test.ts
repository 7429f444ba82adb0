/**
 * domain/canary.ts on its own: the weight maths every traffic claim rests on. Until now only the
 * engine's integration tests reached it, so Stryker's `domain` scope (unit tests) saw 50 of its 72
 * mutants uncovered and 3 survive (test/MUTATION.md).
 */
import { describe, expect, it } from "vitest";
import {
  currentStepIndex,
  formatLeft,
  ROLLBACK_WEIGHTS,
  sameWeights,
  sharesOf,
  weightsForStep,
} from "../../source/domain/canary.js";

describe("sharesOf: raw ALB weights to percent", () => {
  it.each([
    // [rawBlue, rawGreen, blue, green]
    [0, 0, 0, 0], // no weight anywhere: no traffic, not "all blue"
    [1, 0, 100, 0],
    [0, 1, 0, 100],
    [0, 999, 0, 100],
    [90, 10, 90, 10],
    [1, 1, 50, 50],
    [2, 1, 66.7, 33.3],
    [1, 2, 33.3, 66.7],
    [999, 1, 99.9, 0.1], // a nonzero weight never rounds to 0
    [1, 999, 0.1, 99.9], // and a partial share never to 100
    [1, 9999, 0.1, 99.9],
    [9999, 1, 99.9, 0.1],
    [3, 997, 0.3, 99.7],
  ])("%i/%i is blue %d %% green %d %%", (b, g, blue, green) => {
    expect(sharesOf(b, g)).toEqual({ blue, green });
  });

  it("the two shares always add to 100 when anything is weighted", () => {
    for (let b = 0; b <= 40; b++)
      for (let g = 0; g <= 40; g++) {
        if (b + g === 0) continue;
        const w = sharesOf(b, g);
        expect(Math.round((w.blue + w.green) * 10)).toBe(1000);
      }
  });
});

describe("steps and comparisons", () => {
  it("a step is blue 100 − green; rollback is 100/0", () => {
    expect(weightsForStep(10)).toEqual({ blue: 90, green: 10 });
    expect(weightsForStep(100)).toEqual({ blue: 0, green: 100 });
    expect(ROLLBACK_WEIGHTS).toEqual({ blue: 100, green: 0 });
  });

  it("sameWeights needs both sides present and both arms equal", () => {
    expect(sameWeights({ blue: 90, green: 10 }, { blue: 90, green: 10 })).toBe(true);
    expect(sameWeights({ blue: 90, green: 10 }, { blue: 90, green: 11 })).toBe(false);
    expect(sameWeights({ blue: 91, green: 10 }, { blue: 90, green: 10 })).toBe(false);
    expect(sameWeights(null, { blue: 90, green: 10 })).toBe(false);
    expect(sameWeights({ blue: 90, green: 10 }, undefined)).toBe(false);
    expect(sameWeights(null, null)).toBe(false);
  });

  it("currentStepIndex: the highest step at or below green's share; none before the first", () => {
    const steps = [10, 50, 100];
    expect(currentStepIndex(steps, null)).toBe(-1);
    expect(currentStepIndex(steps, { blue: 100, green: 0 })).toBe(-1);
    expect(currentStepIndex(steps, { blue: 91, green: 9 })).toBe(-1);
    expect(currentStepIndex(steps, { blue: 90, green: 10 })).toBe(0);
    expect(currentStepIndex(steps, { blue: 50.1, green: 49.9 })).toBe(0);
    expect(currentStepIndex(steps, { blue: 50, green: 50 })).toBe(1);
    expect(currentStepIndex(steps, { blue: 0, green: 100 })).toBe(2);
    // A step of 0 % is reached with no green at all.
    expect(currentStepIndex([0, 10], { blue: 100, green: 0 })).toBe(0);
  });

  it("formatLeft: whole seconds rounded up, minutes with two-digit seconds", () => {
    expect(formatLeft(0)).toBe("0s");
    expect(formatLeft(1)).toBe("1s");
    expect(formatLeft(59_000)).toBe("59s");
    expect(formatLeft(59_001)).toBe("1m00s");
    expect(formatLeft(60_000)).toBe("1m00s");
    expect(formatLeft(61_000)).toBe("1m01s");
    expect(formatLeft(600_000)).toBe("10m00s");
  });
});
