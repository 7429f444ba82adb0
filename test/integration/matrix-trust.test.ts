/**
 * Issue 13: go-live.md's Rollback Decision Matrix bound onto the trust model. "Performance
 * Degradation → Monitor, rollback if persists" sets latency-p95 (advisory, a rollback once it
 * persists); "Minor Functionality → Fix in place" warns on errors between the go and rollback
 * thresholds and leaves the error-rate rollback trigger rolling back; the config's `triggers` wins
 * over a row; "Application Crash → Immediate rollback" sets the health-probe and k8s-crash triggers
 * to rollback; "Monitoring Issues → Continue" sets metrics-silent (a failing metric poll) to a
 * warning. Every row binds; none is dropped.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { EnvConfig } from "../../source/domain/config.js";
import { decisionMatrix } from "../../source/domain/decision-matrix.js";
import { manualChecks } from "../../source/domain/manual-checks.js";
import { bindMatrix, runbookTriggers } from "../../source/domain/matrix-triggers.js";
import type { TriggerPolicies } from "../../source/domain/trust.js";
import { parseRunbook } from "../../source/runbook/parse.js";
import { readRunbookFile } from "../../source/runbook/read.js";
import { engineOnSandbox, minutes } from "../helpers/engine.js";
import { ROOT } from "../helpers/paths.js";
import { weightsOnAws } from "../helpers/sandbox.js";

const GO_LIVE = join(ROOT, "checklists/go-live.md");

const withTriggers =
  (triggers: TriggerPolicies) =>
  (c: EnvConfig): EnvConfig => ({
    ...c,
    autoRollback: { enabled: true, consecutiveBreaches: 1 },
    triggers: triggers as EnvConfig["triggers"],
  });

type Rig = Awaited<ReturnType<typeof engineOnSandbox>>;

/** Green at 10 % under `fault` for `periods` judged periods. */
async function faultFor(rig: Rig, fault: Parameters<Rig["sb"]["applyFault"]>[0], periods: number) {
  await rig.engine.controller.promote({ greenPercent: 10, by: "Ann" });
  rig.sb.applyFault(fault);
  minutes(rig.sb, 2.5);
  await rig.engine.monitor.pollMetrics();
  for (let i = 1; i < periods; i++) {
    minutes(rig.sb, 1);
    await rig.engine.monitor.pollMetrics();
  }
}

describe("the decision matrix bound onto the trust model", () => {
  it("go-live.md: each row sets a trigger or is a manual check; the error-rate rollback trigger is not bound", async () => {
    const { text, sha256 } = await readRunbookFile(GO_LIVE);
    const rb = parseRunbook(GO_LIVE, text, sha256);
    expect(runbookTriggers(rb)).toEqual({
      "health-probe": { level: "rollback" },
      "k8s-crash": { level: "rollback" },
      "latency-p95": { level: "advisory", persist: { periods: 3, to: "rollback" } },
      "error-rate-elevated": { level: "advisory" },
      "metrics-silent": { level: "advisory" },
    });
    expect(bindMatrix(decisionMatrix(rb)).map((b) => [b.rule.line, b.triggers ?? "by hand"])).toEqual([
      [499, ["health-probe", "k8s-crash"]],
      [500, ["latency-p95"]],
      [501, ["error-rate-elevated"]],
      [502, ["metrics-silent"]],
    ]);
    // Every row is measured now, so none is left to confirm by hand.
    expect(manualChecks(rb).map((c) => c.id)).toEqual([]);
  });

  it("latency: the runbook's row warns first and rolls back once it persists 3 periods", async () => {
    const rig = await engineOnSandbox({ runbook: GO_LIVE, config: withTriggers({}) });
    try {
      // One poll judges two periods: 12:00, settled, and 12:01, young (its p90 and count prove it).
      await faultFor(rig, { type: "latency", target: "green", multiplier: 5 }, 1);
      const a = () => rig.store.state.alerts.find((x) => x.key === "latency-p95:green")!;
      expect(a()).toMatchObject({ severity: "warning", trust: "advisory" });
      expect(a().message).toMatch(
        /^ADVISORY \(\d\d:\d\d period, trust advisory, rollback after 3 periods \(runbook\)\)/,
      );
      expect(await weightsOnAws(rig.sb)).toEqual({ blue: 90, green: 10 });
      minutes(rig.sb, 1);
      await rig.engine.monitor.pollMetrics();
      // The third period in a row: a critical alert at the level it escalated to, and it acts.
      const escalated = rig.store.state.alerts.filter((x) => x.key === "latency-p95:green").at(-1)!;
      expect(escalated).toMatchObject({ severity: "critical", trust: "rollback" });
      expect(escalated.message).toMatch(
        /^ROLLBACK TRIGGER \(\d\d:\d\d period, trust rollback, rollback after 3 periods \(runbook\)\)/,
      );
      expect(await weightsOnAws(rig.sb)).toEqual({ blue: 100, green: 0 });
      expect(rig.store.state.rollback?.reason).toMatch(/auto-rollback .*green p95/);
    } finally {
      await rig.stop();
    }
  });

  it("latency: the config's triggers win over the runbook's row (rollback at the first period)", async () => {
    const rig = await engineOnSandbox({
      runbook: GO_LIVE,
      config: withTriggers({ "latency-p95": "rollback" }),
    });
    try {
      await faultFor(rig, { type: "latency", target: "green", multiplier: 5 }, 1);
      expect(rig.store.state.alerts.find((x) => x.key === "latency-p95:green")).toMatchObject({
        severity: "critical",
        trust: "rollback",
      });
      expect(await weightsOnAws(rig.sb)).toEqual({ blue: 100, green: 0 });
    } finally {
      await rig.stop();
    }
  });

  it("minor errors (between go 1 % and rollback 5 %): a warning naming the Fix-in-place row, no rollback", async () => {
    const rig = await engineOnSandbox({ runbook: GO_LIVE, config: withTriggers({}) });
    try {
      await faultFor(rig, { type: "error-rate", target: "green", value: 0.03 }, 3);
      const a = rig.store.state.alerts.find((x) => x.key === "error-rate-elevated:green")!;
      expect(a).toMatchObject({ severity: "warning", trust: "advisory", count: 3 });
      expect(a.message).toMatch(/past the go threshold \(< 1 %\), not the rollback threshold \(> 5 %\)/);
      expect(a.message).toMatch(/runbook matrix: Minor Functionality \/ Medium → Fix in place \(line 501\)$/);
      expect(rig.store.state.alerts.find((x) => x.key === "error-rate:green")).toBeUndefined();
      expect(await weightsOnAws(rig.sb)).toEqual({ blue: 90, green: 10 });
    } finally {
      await rig.stop();
    }
  });

  it("errors past the rollback threshold still roll back; the Fix-in-place row is not named beside it", async () => {
    const rig = await engineOnSandbox({ runbook: GO_LIVE, config: withTriggers({}) });
    try {
      await faultFor(rig, { type: "error-rate", target: "green", value: 0.3 }, 1);
      const a = rig.store.state.alerts.find((x) => x.key === "error-rate:green")!;
      expect(a).toMatchObject({ severity: "critical", trust: "rollback" });
      expect(a.message).not.toContain("Fix in place");
      expect(rig.store.state.alerts.find((x) => x.key === "error-rate-elevated:green")).toBeUndefined();
      expect(await weightsOnAws(rig.sb)).toEqual({ blue: 100, green: 0 });
    } finally {
      await rig.stop();
    }
  });

  it("crash (Immediate rollback): green's failing health check rolls back, confirmed by AWS", async () => {
    const rig = await engineOnSandbox({ runbook: GO_LIVE, config: withTriggers({}) });
    try {
      await rig.engine.controller.promote({ greenPercent: 10, by: "Ann" });
      rig.sb.applyFault({ type: "error-rate", target: "green", value: 0.9 });
      await rig.engine.monitor.pollProbes();
      const a = rig.store.state.alerts.find((x) => x.key === "probe:green")!;
      expect(a).toMatchObject({ severity: "critical", trust: "rollback" });
      expect(a.message).toMatch(
        /^ROLLBACK TRIGGER \(trust rollback \(runbook\)\): green health check failing/,
      );
      expect(a.message).toMatch(
        /runbook matrix: Application Crash \/ Critical → Immediate rollback \(line 499\)$/,
      );
      expect((await rig.engine.controller.autoRollback)?.ok).toBe(true);
      expect(await weightsOnAws(rig.sb)).toEqual({ blue: 100, green: 0 });
      expect(rig.store.state.rollback?.reason).toMatch(/auto-rollback \(health-probe, trust rollback\)/);
    } finally {
      await rig.stop();
    }
  });

  it("monitoring (Continue): a failing metric poll is a warning naming the row; traffic stays; the gate refuses for want of evidence", async () => {
    const rig = await engineOnSandbox({ runbook: GO_LIVE, config: withTriggers({}) });
    try {
      await rig.engine.controller.promote({ greenPercent: 10, by: "Ann" });
      rig.sb.world.faults.addApi("GetMetricData", "access-denied", 10_000);
      expect(await rig.engine.monitor.pollMetrics()).toBe(false);
      const a = rig.store.state.alerts.find((x) => x.key === "poll:metrics")!;
      expect(a).toMatchObject({ severity: "warning", trust: "advisory" });
      expect(a.message).toMatch(/^ADVISORY \(trust advisory \(runbook\)\): metrics failing: /);
      expect(a.message).toMatch(
        /runbook matrix: Monitoring Issues \/ Low → Continue, fix post-deployment \(line 502\)$/,
      );
      expect(await weightsOnAws(rig.sb)).toEqual({ blue: 90, green: 10 });
      expect(rig.engine.controller.autoRollback).toBeUndefined();
      // Silence is no evidence, never "healthy": the gate still refuses on the missing metrics.
      expect(rig.engine.gate().allowed).toBe(false);
    } finally {
      await rig.stop();
    }
  });

  it("a config may make the metric source's silence roll back (metrics-silent: rollback)", async () => {
    const rig = await engineOnSandbox({
      runbook: GO_LIVE,
      config: withTriggers({ "metrics-silent": "rollback" }),
    });
    try {
      await rig.engine.controller.promote({ greenPercent: 10, by: "Ann" });
      rig.sb.world.faults.addApi("GetMetricData", "access-denied", 10_000);
      await rig.engine.monitor.pollMetrics();
      expect(rig.store.state.alerts.find((x) => x.key === "poll:metrics")).toMatchObject({
        severity: "critical",
        trust: "rollback",
      });
      expect((await rig.engine.controller.autoRollback)?.ok).toBe(true);
      expect(await weightsOnAws(rig.sb)).toEqual({ blue: 100, green: 0 });
    } finally {
      await rig.stop();
    }
  });

  it("without a matrix row or a config entry, the band between the thresholds is not judged", async () => {
    const rig = await engineOnSandbox({ config: withTriggers({}) });
    try {
      await faultFor(rig, { type: "error-rate", target: "green", value: 0.03 }, 2);
      expect(rig.store.state.alerts.find((x) => x.key === "error-rate-elevated:green")).toBeUndefined();
    } finally {
      await rig.stop();
    }
  });
});
