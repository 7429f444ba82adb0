/** The trigger model (domain/trust.ts): defaults, where a level comes from, escalation, the matrix. */
import { describe, expect, it } from "vitest";
import { validateEnvConfig } from "../../source/domain/config.js";
import { TRIGGER_NAMES, triggerOf } from "../../source/domain/triggers.js";
import {
  levelAt,
  policyForMatrixAction,
  resolveTrust,
  trustEffects,
  trustInForce,
  trustLabel,
} from "../../source/domain/trust.js";
import { minimalConfig } from "../helpers/env-config.js";

const validConfig = minimalConfig;

describe("trust levels per trigger", () => {
  it("defaults keep each trigger's old meaning: thresholds roll back, a verdict FAIL and a traffic mismatch pause", () => {
    expect(Object.fromEntries(TRIGGER_NAMES.map((n) => [n, resolveTrust(n).level]))).toEqual({
      "error-rate": "rollback",
      "latency-p95": "rollback",
      "elb-5xx": "rollback",
      "canary-verdict": "pause",
      "traffic-share": "pause",
      "error-rate-elevated": "advisory",
      "health-probe": "pause",
      "listener-drift": "pause",
      "k8s-crash": "pause",
      "k8s-deadline": "pause",
      "metrics-silent": "advisory",
    });
    expect(resolveTrust("error-rate").from).toBe("default");
  });

  it("the config wins over the runbook, the runbook over the default", () => {
    const runbook = { "error-rate": "advisory" as const, "latency-p95": { level: "pause" as const } };
    expect(resolveTrust("error-rate", { runbook })).toMatchObject({ level: "advisory", from: "runbook" });
    expect(resolveTrust("error-rate", { runbook, config: { "error-rate": "pause" } })).toMatchObject({
      level: "pause",
      from: "config",
    });
    expect(resolveTrust("latency-p95", { runbook })).toMatchObject({ level: "pause", from: "runbook" });
    expect(resolveTrust("elb-5xx", { runbook })).toMatchObject({ level: "rollback", from: "default" });
  });

  it("the verdict honours the older canary.verdict.trust unless triggers names it", () => {
    expect(trustInForce("canary-verdict", { canary: { verdict: { trust: "advisory" } } }).level).toBe(
      "advisory",
    );
    expect(
      trustInForce("canary-verdict", {
        canary: { verdict: { trust: "advisory" } },
        triggers: { "canary-verdict": "rollback" },
      }).level,
    ).toBe("rollback");
    expect(trustInForce("error-rate", { canary: { verdict: { trust: "advisory" } } }).level).toBe("rollback");
  });

  it("what each level does", () => {
    expect(trustEffects("advisory")).toEqual({
      severity: "warning",
      blocksPromotion: false,
      autoRollback: false,
    });
    expect(trustEffects("pause")).toEqual({
      severity: "critical",
      blocksPromotion: true,
      autoRollback: false,
    });
    expect(trustEffects("rollback")).toEqual({
      severity: "critical",
      blocksPromotion: true,
      autoRollback: true,
    });
  });

  it("a persisting trigger escalates after its periods, not before", () => {
    const p = policyForMatrixAction("rollback-if-persists", 3);
    expect([1, 2, 3, 4].map((n) => levelAt(p, n))).toEqual(["advisory", "advisory", "rollback", "rollback"]);
    expect(policyForMatrixAction("rollback")).toEqual({ level: "rollback" });
    expect(policyForMatrixAction("fix-in-place")).toEqual({ level: "advisory" });
    expect(policyForMatrixAction("continue")).toEqual({ level: "advisory" });
    expect(trustLabel({ ...p, from: "runbook" })).toBe("trust advisory, rollback after 3 periods (runbook)");
  });

  it("alert keys name their trigger; others have none", () => {
    expect(triggerOf("error-rate:green")).toBe("error-rate");
    expect(triggerOf("elb-5xx:load-balancer")).toBe("elb-5xx");
    expect(triggerOf("traffic-share")).toBe("traffic-share");
    expect(triggerOf("probe:green")).toBe("health-probe");
    expect(triggerOf("listener:outside")).toBe("listener-drift");
    expect(triggerOf("k8s:crash")).toBe("k8s-crash");
    expect(triggerOf("k8s:deadline")).toBe("k8s-deadline");
    expect(triggerOf("poll:metrics")).toBe("metrics-silent");
    expect(triggerOf("poll:listener")).toBeUndefined();
  });

  it("alert triggers default to pause (today's critical alert), take a level in the config, and refuse persist", () => {
    for (const t of ["health-probe", "listener-drift", "k8s-crash", "k8s-deadline"] as const)
      expect(resolveTrust(t).level).toBe("pause");
    const ok = validateEnvConfig({
      ...validConfig(),
      triggers: {
        "health-probe": "advisory",
        "listener-drift": { level: "rollback" },
        "k8s-deadline": "rollback",
      },
    });
    expect(ok.ok).toBe(true);
    const bad = validateEnvConfig({
      ...validConfig(),
      triggers: { "k8s-crash": { level: "advisory", persist: { periods: 2, to: "rollback" } } },
    });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.problems.join("\n")).toMatch(/^triggers\.k8s-crash: unknown field persist$/m);
  });

  it("the config takes levels and escalations per trigger, and refuses others in one line", () => {
    const ok = validateEnvConfig({
      ...validConfig(),
      triggers: {
        "error-rate": "advisory",
        "latency-p95": { level: "pause", persist: { periods: 2, to: "rollback" } },
      },
    });
    expect(ok.ok).toBe(true);
    const bad = validateEnvConfig({ ...validConfig(), triggers: { "error-rate": "panic", p50: "pause" } });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.problems.join("\n")).toMatch(/triggers: unknown field p50/);
      expect(bad.problems.join("\n")).toContain(
        'triggers.error-rate: expected "advisory", "pause" or "rollback"',
      );
    }
  });
});
