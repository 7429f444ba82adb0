/**
 * Trust per trigger against the sandbox: the same breach warns (advisory), pauses (pause) or rolls
 * back (rollback, with auto-rollback enabled), and the record says which and why.
 */
import { describe, expect, it } from "vitest";
import type { EnvConfig } from "../../source/domain/config.js";
import type { TriggerPolicies } from "../../source/domain/trust.js";
import { engineOnSandbox, minutes } from "../helpers/engine.js";
import { weightsOnAws } from "../helpers/sandbox.js";

const withTriggers =
  (triggers: TriggerPolicies) =>
  (c: EnvConfig): EnvConfig => ({
    ...c,
    autoRollback: { enabled: true, consecutiveBreaches: 2 },
    triggers: triggers as EnvConfig["triggers"],
  });

/**
 * Green at 10 % with 30 % errors for `periods` judged periods. The fault starts on a period's
 * boundary, and each poll comes 15 s after a period ends: the period is judged then, young (a breach
 * this clear is proven before it settles), and not again when it settles.
 */
async function breachFor(rig: Awaited<ReturnType<typeof engineOnSandbox>>, periods: number) {
  await rig.engine.controller.promote({ greenPercent: 10, by: "Ann" });
  const now = rig.sb.clock.now();
  rig.sb.clock.advance(Math.ceil(now / 60_000) * 60_000 - now);
  rig.sb.applyFault({ type: "error-rate", target: "green", value: 0.3 });
  rig.sb.clock.advance(75_000);
  await rig.engine.monitor.pollMetrics();
  for (let i = 1; i < periods; i++) {
    minutes(rig.sb, 1);
    await rig.engine.monitor.pollMetrics();
  }
}

describe("trust level per trigger", () => {
  it("advisory: a warning, recorded as advisory; no rollback however long it lasts, promotion not held", async () => {
    const rig = await engineOnSandbox({ config: withTriggers({ "error-rate": "advisory" }) });
    try {
      await breachFor(rig, 3);
      const a = rig.store.state.alerts.find((x) => x.key === "error-rate:green")!;
      expect(a).toMatchObject({ severity: "warning", trust: "advisory" });
      expect(a.message).toMatch(
        /^ADVISORY \(\d\d:\d\d period, trust advisory \(config\)\): green error rate/,
      );
      expect(a.count).toBe(3);
      expect(await weightsOnAws(rig.sb)).toEqual({ blue: 90, green: 10 });
      expect(rig.store.state.rollback).toBeUndefined();
      // The verdict's FAIL (its own trigger, pause by default) still holds it; this one does not.
      expect(rig.engine.gate().reasons.join("\n")).not.toMatch(/unacknowledged critical alert.*ADVISORY/);
    } finally {
      await rig.stop();
    }
  });

  it("pause: a critical alert that holds promotion; no rollback", async () => {
    const rig = await engineOnSandbox({ config: withTriggers({ "error-rate": "pause" }) });
    try {
      await breachFor(rig, 3);
      const a = rig.store.state.alerts.find((x) => x.key === "error-rate:green")!;
      expect(a).toMatchObject({ severity: "critical", trust: "pause" });
      expect(a.message).toMatch(/^PAUSE TRIGGER/);
      expect(await weightsOnAws(rig.sb)).toEqual({ blue: 90, green: 10 });
      expect(rig.engine.gate().reasons.join("\n")).toMatch(/unacknowledged critical alert.*PAUSE TRIGGER/);
    } finally {
      await rig.stop();
    }
  });

  it("the default keeps today's meaning: rollback after 2 breaching periods, the reason names the trust", async () => {
    const rig = await engineOnSandbox({ config: withTriggers({}) });
    try {
      await breachFor(rig, 2);
      expect(rig.store.state.alerts.find((x) => x.key === "error-rate:green")).toMatchObject({
        severity: "critical",
        trust: "rollback",
      });
      expect(await weightsOnAws(rig.sb)).toEqual({ blue: 100, green: 0 });
      expect(rig.store.state.rollback?.reason).toMatch(
        /auto-rollback after 2 consecutive breaching periods \(trust rollback\): green error rate/,
      );
    } finally {
      await rig.stop();
    }
  });

  it("rollback if it persists: advisory for its first periods, then a rollback", async () => {
    const rig = await engineOnSandbox({
      config: withTriggers({ "error-rate": { level: "advisory", persist: { periods: 3, to: "rollback" } } }),
    });
    try {
      // The third period escalates to rollback; auto-rollback still wants 2 such periods in a row.
      await breachFor(rig, 3);
      expect(await weightsOnAws(rig.sb)).toEqual({ blue: 90, green: 10 });
      minutes(rig.sb, 1);
      await rig.engine.monitor.pollMetrics();
      expect(await weightsOnAws(rig.sb)).toEqual({ blue: 100, green: 0 });
      // The escalation is its own critical alert: the record says when advisory became rollback.
      const alerts = rig.store.state.alerts.filter((x) => x.key === "error-rate:green");
      expect(alerts.map((a) => [a.trust, a.severity])).toEqual([
        ["advisory", "warning"],
        ["rollback", "critical"],
      ]);
      expect(alerts[1]!.message).toMatch(/^ROLLBACK TRIGGER/);
      expect(rig.store.state.rollback?.reason).toMatch(/\(trust rollback\)/);
    } finally {
      await rig.stop();
    }
  });
});
