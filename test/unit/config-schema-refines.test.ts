/**
 * The two rules envConfigSchema checks by hand (Stryker, domain-config): a metrics period of whole
 * minutes, or a divisor of a minute from 10 s; canary steps that rise and end at 100.
 */
import { describe, expect, it } from "vitest";
import { validateEnvConfig } from "../../source/domain/config.js";
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

describe("validateEnvConfig parses without zod's JIT (source/domain/config.ts)", () => {
  // Valid and invalid configs: unknown keys, wrong types, missing sections, bad ARNs, nested errors.
  const configs: unknown[] = [
    minimalConfig(),
    { ...minimalConfig(), metrics: { periodSeconds: 45 } },
    { ...minimalConfig(), canary: { steps: [50, 10] } },
    { ...minimalConfig(), alb: { listenerArn: "nope", blueTargetGroupArn: 3 } },
    { ...minimalConfig(), region: 7, extra: true },
    { ...minimalConfig(), alb: undefined, ecs: "x", metrics: null },
    {},
    [],
    "config",
  ];

  it("gives zod's JIT path's data and issues, key for key, for each", () => {
    for (const raw of configs) {
      const plain = envConfigSchema.safeParse(structuredClone(raw), { jitless: true });
      const jit = envConfigSchema.safeParse(structuredClone(raw));
      expect(plain.success).toBe(jit.success);
      expect(JSON.stringify(plain.data)).toBe(JSON.stringify(jit.data));
      expect(JSON.stringify(plain.error?.issues)).toBe(JSON.stringify(jit.error?.issues));
    }
    expect(validateEnvConfig(minimalConfig()).ok).toBe(true);
    expect(configs.map((c) => envConfigSchema.safeParse(c).success)).toEqual([
      true,
      false,
      false,
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});
