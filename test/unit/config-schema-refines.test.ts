/**
 * The two rules envConfigSchema checks by hand (Stryker, domain-config): a metrics period of whole
 * minutes, or a divisor of a minute from 10 s; canary steps that rise and end at 100.
 */
import { describe, expect, it } from "vitest";
import { envConfigSchema } from "../../source/domain/config-schema.js";
import { minimalConfig } from "../helpers/env-config.js";

const accepts = (extra: object) => envConfigSchema.safeParse({ ...minimalConfig(), ...extra }).success;

describe("envConfigSchema's own rules", () => {
  it("metrics.periodSeconds: 60, 120 and 10, 12, 15, 20, 30; not 5, 6, 45 nor 90", () => {
    const ok = (periodSeconds: number) => accepts({ metrics: { periodSeconds } });
    expect([60, 120, 10, 12, 15, 20, 30].filter(ok)).toEqual([60, 120, 10, 12, 15, 20, 30]);
    expect([5, 6, 45, 90].filter(ok)).toEqual([]);
  });

  it("canary.steps must rise and end at 100", () => {
    const ok = (steps: number[]) => accepts({ canary: { steps } });
    expect([ok([10, 50, 100]), ok([100])]).toEqual([true, true]);
    expect([ok([10, 10, 100]), ok([50, 10, 100]), ok([10, 50])]).toEqual([false, false, false]);
  });
});
