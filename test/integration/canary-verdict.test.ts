/**
 * Issue 16: per-period metrics are recorded once as chained events, and the step's verdict is
 * computed from them and closes the gate until PASS. The counts are held against CloudWatch as an
 * independent SDK call reads them from the sandbox; the fault goes in through the sandbox's admin API.
 */
import { GetMetricStatisticsCommand } from "@aws-sdk/client-cloudwatch";
import { describe, expect, it } from "vitest";
import { checkChain } from "../../source/domain/chain.js";
import type { EnvConfig } from "../../source/domain/config.js";
import { renderSignoffMarkdown } from "../../source/domain/signoff.js";
import { recordedVerdict } from "../../source/domain/verdict-step.js";
import { VERDICT_ALERT_KEY } from "../../source/engine/periods.js";
import { engineOnSandbox, minutes } from "../helpers/engine.js";

const pause = (c: EnvConfig): EnvConfig => ({ ...c, canary: { ...c.canary, verdict: { trust: "pause" } } });

describe("canary verdict on the sandbox", () => {
  it("records each settled period once, judges the 10 % step NOT ENOUGH EVIDENCE then PASS, and the gate follows", async () => {
    const rig = await engineOnSandbox({ config: pause });
    try {
      const { engine, sb, store } = rig;
      expect(engine.verdict()).toBeNull(); // before the first step: no verdict
      await engine.controller.promote({ greenPercent: 10, by: "Ann" });
      const since = Date.parse(store.state.weightsSince!);
      minutes(sb, 3);
      await engine.monitor.pollMetrics();
      await engine.monitor.pollListener();
      const n1 = store.state.periods.length;
      expect(n1).toBeGreaterThan(0);
      await engine.monitor.pollMetrics(); // nothing new settled: nothing recorded twice
      expect(store.state.periods.length).toBe(n1);
      const early = engine.verdict()!;
      expect(early.step).toBe(10);
      expect(early.verdict.result).toBe("NOT ENOUGH EVIDENCE");
      expect(early.verdict.more!.requests).toBeGreaterThan(0);
      const g1 = engine.gate();
      expect(g1.details.some((d) => d.input === "check.canary-verdict" && d.kind === "missing")).toBe(true);

      minutes(sb, 15);
      await engine.monitor.pollMetrics();
      await engine.monitor.pollListener();
      const v = engine.verdict()!;
      expect(v.verdict.result).toBe("PASS");
      expect(engine.gate().details.some((d) => d.input === "check.canary-verdict")).toBe(false);

      // The recorded counts are CloudWatch's: green's RequestCount over the step's periods.
      const step = store.state.periods.filter((p) => Date.parse(p.t) >= since && p.weights?.green === 10);
      const first = Date.parse(step[0]!.t);
      const last = Date.parse(step.at(-1)!.t) + step.at(-1)!.periodMs;
      const tg = rig.config.alb.greenTargetGroupArn.split(":").at(-1)!;
      const lb = rig.config.alb.listenerArn.split(":listener/")[1]!.split("/").slice(0, 3).join("/");
      const r = await rig.aws.cloudwatch.send(
        new GetMetricStatisticsCommand({
          Namespace: "AWS/ApplicationELB",
          MetricName: "RequestCount",
          Dimensions: [
            { Name: "TargetGroup", Value: tg },
            { Name: "LoadBalancer", Value: lb },
          ],
          StartTime: new Date(first),
          EndTime: new Date(last),
          Period: (last - first) / 1000,
          Statistics: ["Sum"],
        }),
      );
      expect(v.verdict.green.requests).toBe(r.Datapoints?.[0]?.Sum);
      // Chained like every other event: the record still verifies.
      expect(checkChain(store.events)).toBeUndefined();
      // The record shows the step's verdict from the recorded periods, as the engine judged it live.
      const md = renderSignoffMarkdown(rig.runbook, store.state, store.events);
      expect(md).toContain("### Canary verdicts");
      expect(md).toMatch(
        new RegExp(
          `\\| 10 % \\| ${store.state.steps[0]!.confirmedAt} \\| PASS \\| pause \\| ${v.verdict.green.errors}/${v.verdict.green.requests} `,
        ),
      );
      expect(recordedVerdict(store.state)!.verdict.result).toBe("PASS");
    } finally {
      await rig.stop();
    }
  });

  it("advisory (triggers: canary-verdict advisory): FAIL is shown, but no gate check and no alert", async () => {
    const rig = await engineOnSandbox({
      config: (c) => ({ ...c, triggers: { "canary-verdict": "advisory" } }),
    });
    try {
      const { engine, sb, store } = rig;
      await engine.controller.promote({ greenPercent: 10, by: "Ann" });
      sb.applyFault({ type: "error-rate", target: "green", value: 0.03 });
      for (let i = 0; i < 6; i++) {
        minutes(sb, 1);
        await engine.monitor.pollMetrics();
      }
      expect(engine.verdict()!.verdict.result).toBe("FAIL");
      expect(engine.verdict()!.trust).toBe("advisory");
      expect(engine.gate().details.some((d) => d.input === "check.canary-verdict")).toBe(false);
      expect(store.state.alerts.filter((a) => a.key === VERDICT_ALERT_KEY)).toHaveLength(0);
    } finally {
      await rig.stop();
    }
  });

  it("a green error fault (admin API) turns the verdict FAIL with one critical alert (the default trust, pause)", async () => {
    const rig = await engineOnSandbox();
    try {
      const { engine, sb, store } = rig;
      await engine.controller.promote({ greenPercent: 10, by: "Ann" });
      const res = await fetch(`${sb.awsUrl}/_sandbox/fault`, {
        method: "POST",
        body: JSON.stringify({ type: "error-rate", target: "green", value: 0.03 }),
      });
      expect(res.status).toBe(200);
      for (let i = 0; i < 6; i++) {
        minutes(sb, 1);
        await engine.monitor.pollMetrics();
      }
      const v = engine.verdict()!;
      expect(v.verdict.result).toBe("FAIL");
      expect(v.verdict.errors.fail).toBe(true);
      const alerts = store.state.alerts.filter((a) => a.key === VERDICT_ALERT_KEY);
      expect(alerts).toHaveLength(1);
      expect(alerts[0]!.severity).toBe("critical");
      expect(alerts[0]!.message).toMatch(/canary verdict at green 10 %: FAIL/);
      // FAIL holds promotion (pause), even once the alert is acknowledged.
      await engine.acknowledgeAll("Ann");
      expect(engine.gate().details.find((d) => d.input === "check.canary-verdict")?.message).toMatch(
        /FAIL.*trust pause/,
      );
    } finally {
      await rig.stop();
    }
  });
  it("trust rollback (triggers: canary-verdict rollback, auto-rollback on): a FAIL rolls back at once, confirmed by AWS", async () => {
    const rig = await engineOnSandbox({
      config: (c) => ({
        ...c,
        triggers: { "canary-verdict": "rollback" },
        autoRollback: { enabled: true, consecutiveBreaches: 2 },
      }),
    });
    try {
      const { engine, sb, store } = rig;
      await engine.controller.promote({ greenPercent: 10, by: "Ann" });
      // Below the runbook's 5 % rollback threshold: only the verdict can act on it.
      sb.applyFault({ type: "error-rate", target: "green", value: 0.03 });
      for (let i = 0; i < 8 && (store.state.weights?.green ?? 0) > 0; i++) {
        minutes(sb, 1);
        await engine.monitor.pollMetrics();
      }
      const alert = store.state.alerts.find((a) => a.key === VERDICT_ALERT_KEY);
      expect(alert?.severity).toBe("critical");
      expect(alert?.message).toMatch(/canary verdict at green 10 %: FAIL.*trust rollback/);
      const shift = store.events.filter((e) => e.type === "traffic.shift.requested").at(-1)!;
      expect(shift.data).toMatchObject({ kind: "auto-rollback" });
      expect(JSON.stringify(shift.data)).toMatch(/auto-rollback on the canary verdict at green 10 %: FAIL/);
      expect(store.state.alerts.some((a) => /ROLLBACK TRIGGER/.test(a.message))).toBe(false);
      // Claimed only from AWS's read-back: the sandbox's own listener holds 100/0.
      expect(store.state.weights).toEqual({ blue: 100, green: 0 });
      const share = sb.world.alb.weightsAt(sb.clock.now());
      expect(share.get(rig.config.alb.greenTargetGroupArn) ?? 0).toBe(0);
      expect(share.get(rig.config.alb.blueTargetGroupArn)).toBeGreaterThan(0);
    } finally {
      await rig.stop();
    }
  });
});
