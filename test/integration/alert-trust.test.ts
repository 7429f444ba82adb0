/**
 * Trust levels on the alert triggers (issue 16): a failing health probe and a listener changed
 * outside golive fire at their trigger's level in force (domain/trust.ts: health-probe,
 * listener-drift) — by default `pause`, today's critical alert that holds promotion until
 * acknowledged; `advisory` a warning that holds nothing; `rollback` a critical alert and, with
 * auto-rollback on, a rollback confirmed by AWS (never for blue's probe). The level is recorded in
 * `alert.raised` and starts the alert line, as for the period triggers. On the sandbox.
 */
import { describe, expect, it } from "vitest";
import type { EnvConfig } from "../../source/domain/config.js";
import { type EngineRig, engineOnSandbox } from "../helpers/engine.js";
import { forward, onAws } from "../helpers/traffic.js";

const rigWith = (triggers?: EnvConfig["triggers"], autoRollback = false) =>
  engineOnSandbox({
    config: (c) => ({
      ...c,
      ...(triggers ? { triggers } : {}),
      autoRollback: { enabled: autoRollback, consecutiveBreaches: 2 },
    }),
  });

const alertsOf = (rig: EngineRig, key: string) => rig.store.state.alerts.filter((a) => a.key === key);

async function greenProbeFails(rig: EngineRig) {
  await rig.engine.controller.promote({ greenPercent: 10, by: "Ann" });
  rig.sb.applyFault({ type: "error-rate", target: "green", value: 0.9 });
  await rig.engine.monitor.pollProbes();
}

async function drift(rig: EngineRig) {
  await rig.engine.monitor.pollListener();
  rig.sb.world.setListenerActions([forward(rig, 50, 50)]);
  rig.sb.clock.advance(11_000);
  await rig.engine.monitor.pollListener();
  await rig.engine.monitor.pollListener();
}

describe("trust levels on probe and drift alerts", () => {
  it("by default pause: the critical alert of before, its level recorded and shown, promotion held until acknowledged", async () => {
    const rig = await rigWith();
    try {
      await greenProbeFails(rig);
      const [a] = alertsOf(rig, "probe:green");
      expect(a).toMatchObject({ severity: "critical", trust: "pause" });
      expect(a!.message).toMatch(/^PAUSE TRIGGER: green health check failing: http:\/\/.* → 503/);
      expect(rig.engine.gate().allowed).toBe(false);
      await drift(rig);
      const [d] = alertsOf(rig, "listener:outside");
      expect(d).toMatchObject({ severity: "critical", trust: "pause" });
      expect(d!.message).toMatch(
        /^PAUSE TRIGGER: listener changed outside golive: blue 90 \/ green 10 → blue 50/,
      );
      const raised = rig.store.events.filter((e) => e.type === "alert.raised").map((e) => e.data);
      expect(raised).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ key: "probe:green", trust: "pause" }),
          expect.objectContaining({ key: "listener:outside", trust: "pause" }),
        ]),
      );
    } finally {
      await rig.stop();
    }
  });

  it("advisory (config): a warning that says its level and source, and holds no promotion", async () => {
    const rig = await rigWith({ "health-probe": "advisory", "listener-drift": "advisory" });
    try {
      await greenProbeFails(rig);
      const [a] = alertsOf(rig, "probe:green");
      expect(a).toMatchObject({ severity: "warning", trust: "advisory" });
      expect(a!.message).toMatch(/^ADVISORY \(trust advisory \(config\)\): green health check failing/);
      expect(rig.engine.gate().reasons.join("\n")).not.toMatch(/unacknowledged|health check failing/i);
      await drift(rig);
      expect(alertsOf(rig, "listener:outside")[0]).toMatchObject({ severity: "warning", trust: "advisory" });
    } finally {
      await rig.stop();
    }
  });

  it("rollback (config) with auto-rollback on: green's failing probe rolls back, confirmed by AWS; blue's never does", async () => {
    const rig = await rigWith({ "health-probe": "rollback" }, true);
    try {
      // Blue's probe fails while blue serves: a rollback would move traffic onto blue.
      await rig.engine.controller.promote({ greenPercent: 10, by: "Ann" });
      rig.sb.applyFault({ type: "error-rate", target: "blue", value: 0.9 });
      await rig.engine.monitor.pollProbes();
      expect(alertsOf(rig, "probe:blue")[0]).toMatchObject({ severity: "critical", trust: "rollback" });
      expect(rig.engine.controller.autoRollback).toBeUndefined();
      rig.sb.applyFault({ type: "clear" });
      rig.sb.applyFault({ type: "error-rate", target: "green", value: 0.9 });
      await rig.engine.monitor.pollProbes();
      const [a] = alertsOf(rig, "probe:green");
      expect(a!.message).toMatch(
        /^ROLLBACK TRIGGER \(trust rollback \(config\)\): green health check failing/,
      );
      expect((await rig.engine.controller.autoRollback)?.ok).toBe(true);
      const rb = rig.store.events.find(
        (e) => e.type === "traffic.shift.requested" && e.by === "golive (auto-rollback)",
      );
      expect(rb?.data).toMatchObject({ kind: "auto-rollback" });
      expect(JSON.stringify(rb?.data)).toMatch(
        /auto-rollback \(health-probe, trust rollback\): green health check failing/,
      );
      expect(onAws(rig)).toEqual({ blue: 100, green: 0 });
    } finally {
      await rig.stop();
    }
  });
});
