/**
 * Issue 13, measured blanks: each canary step's "Monitor for 10 minutes — Error rate: ____ %,
 * Latency p95: ____ ms" is filled at the end of its dwell from green's metrics over the dwell
 * (source "metrics"; p95 as CloudWatch computes it over the dwell, checked with the aws CLI), and
 * "100% traffic to v2.0 → Confirmed" is ticked from the listener AWS reads back. Without
 * datapoints the blanks stay open: nothing is invented.
 */
import { GetMetricStatisticsCommand } from "@aws-sdk/client-cloudwatch";
import { describe, expect, it } from "vitest";
import type { MetricsPort } from "../../source/domain/ports.js";
import { fillStepBlanks } from "../../source/engine/fill-step-blanks.js";
import { stepBlanks, verifyBlanks } from "../../source/engine/step-blanks.js";
import { engineOnSandbox, minutes } from "../helpers/engine.js";
import { tempDir } from "../helpers/paths.js";
import { findAwsClis, runAws } from "../helpers/sandbox.js";
import { newSeedSession } from "../helpers/session.js";

describe("per-step canary blanks and the 100 % confirmation", () => {
  it("deployment.md: filled at each dwell's end from green's metrics; 100 % confirmed from the read-back", async () => {
    const rig = await engineOnSandbox();
    try {
      const { engine, sb, store, runbook } = rig;
      const b10 = stepBlanks(runbook, 10)!;
      const b50 = stepBlanks(runbook, 50)!;
      expect([b10.errorRate?.label, b10.latencyP95?.label]).toEqual(["Error rate", "Latency p95"]);
      expect(b50.errorRate!.id).not.toBe(b10.errorRate!.id);
      await engine.controller.promote({ greenPercent: 10, by: "Ann" });
      const start = Date.parse(store.state.steps.at(-1)!.confirmedAt);
      minutes(sb, 5);
      await engine.monitor.pollMetrics();
      expect(store.state.fields[b10.errorRate!.id]).toBeUndefined(); // the dwell is not over
      minutes(sb, 7);
      await engine.monitor.pollMetrics();
      const err = store.state.fields[b10.errorRate!.id]!;
      const p95 = store.state.fields[b10.latencyP95!.id]!;
      expect([err.source, p95.source]).toEqual(["metrics", "metrics"]);
      expect(store.state.fields[b50.errorRate!.id]).toBeUndefined();

      // What CloudWatch holds for green over the dwell, read with other clients than golive's.
      const tg = rig.config.alb.greenTargetGroupArn.split(":").at(-1)!;
      const lb = rig.config.alb.listenerArn.split(":listener/")[1]!.split("/").slice(0, 3).join("/");
      const dims = [
        { Name: "TargetGroup", Value: tg },
        { Name: "LoadBalancer", Value: lb },
      ];
      const sum = async (name: string, from = start) =>
        (
          await rig.aws.cloudwatch.send(
            new GetMetricStatisticsCommand({
              Namespace: "AWS/ApplicationELB",
              MetricName: name,
              Dimensions: dims,
              StartTime: new Date(from),
              EndTime: new Date(from + 10 * 60_000),
              Period: 600,
              Statistics: ["Sum"],
            }),
          )
        ).Datapoints?.[0]?.Sum ?? 0;
      const rateFrom = async (from: number) =>
        (100 *
          ((await sum("HTTPCode_Target_5XX_Count", from)) +
            (await sum("TargetConnectionErrorCount", from)))) /
        (await sum("RequestCount", from));
      const rate = await rateFrom(start);
      expect(Number(err.value)).toBeCloseTo(rate, 2);
      const cli = findAwsClis().v1 ?? findAwsClis().v2;
      if (cli) {
        // Period = the dwell, from the minute it began (as golive asks for it).
        const from = start - (start % 60_000);
        const periodS = Math.ceil((start + 10 * 60_000 - from) / 60_000) * 60;
        const r = await runAws(cli, sb.awsUrl, [
          "cloudwatch",
          "get-metric-statistics",
          "--namespace",
          "AWS/ApplicationELB",
          "--metric-name",
          "TargetResponseTime",
          "--dimensions",
          `Name=TargetGroup,Value=${tg}`,
          `Name=LoadBalancer,Value=${lb}`,
          "--start-time",
          new Date(from).toISOString(),
          "--end-time",
          new Date(from + periodS * 1000).toISOString(),
          "--period",
          String(periodS),
          "--extended-statistics",
          "p95",
        ]);
        expect(r.code, r.stderr).toBe(0);
        const dp = JSON.parse(r.stdout).Datapoints as { ExtendedStatistics: { p95: number } }[];
        expect(Number(p95.value)).toBe(Math.round(dp[0]!.ExtendedStatistics.p95 * 1000));
      }

      const live = runbook.items.find((i) => /100% traffic to v2\.0 → Confirmed/.test(i.text))!;
      await engine.controller.promote({ greenPercent: 50, by: "Ann" });
      expect(store.state.items[live.id]?.checked).toBeFalsy();
      await engine.controller.promote({ greenPercent: 100, by: "Ann" });
      expect(store.state.items[live.id]).toMatchObject({ checked: true });
      const evidence = store.events.find((e) => e.type === "item.checked" && e.data.item === live.id)!;
      expect(evidence.data).toMatchObject({ evidence: "AWS read back blue 0 / green 100 (listener)" });
      // The 50 % step ended early (promoted at once): its blanks cover that short dwell, once settled.
      minutes(sb, 2);
      await engine.monitor.pollMetrics();
      expect(store.state.fields[b10.errorRate!.id]).toEqual(err); // never overwritten

      // Step 5 "Verify Production Traffic": Error rate < 1% → ____%, Latency p95 < 50ms → ____ms,
      // from green's numbers over the 100 % dwell, once it has ended and settled.
      const v = verifyBlanks(runbook)!;
      expect([v.errorRate?.label, v.latencyP95?.label, v.errorRate?.target]).toEqual([
        "Error rate",
        "Latency p95",
        "< 1%",
      ]);
      expect(store.state.fields[v.errorRate!.id]).toBeUndefined(); // the 100 % dwell is not over
      minutes(sb, 10);
      await engine.monitor.pollMetrics();
      const verified = [store.state.fields[v.errorRate!.id], store.state.fields[v.latencyP95!.id]];
      expect(verified.map((f) => f?.source)).toEqual(["metrics", "metrics"]);
      expect(Number(verified[0]!.value)).toBeCloseTo(await rateFrom(Date.parse(store.state.live!.at)), 2);
      // The 50 % step was promoted past at once: no dwell, its blanks stay open, and the metrics
      // poll never fails on the empty window (CloudWatch refuses StartTime = EndTime).
      expect(store.state.fields[b50.errorRate!.id]).toBeUndefined();
      expect(store.state.alerts.filter((a) => a.key === "poll:metrics")).toEqual([]);
    } finally {
      await rig.stop();
    }
  });

  it("no datapoints over the dwell: the blanks stay open", async () => {
    const { store, rb } = await newSeedSession(tempDir("plan-blanks-"));
    try {
      const confirmedAt = Date.parse("2026-11-23T12:00:00Z");
      await store.append(
        "traffic.shift.confirmed",
        { kind: "promote", weights: { blue: 90, green: 10 }, tookMs: 1, attempts: 1 },
        "ann",
      );
      const empty: MetricsPort = {
        series: async () => ({ blue: [], green: [] }),
        windowPercentile: async () => ({ blue: null, green: null }),
      };
      const at = Date.parse(store.state.steps.at(-1)?.confirmedAt ?? new Date(confirmedAt).toISOString());
      const filled = await fillStepBlanks({
        metrics: empty,
        recorder: store,
        clock: { now: () => at + 30 * 60_000, sleep: async () => {} },
        config: {
          metrics: { periodSeconds: 60, pollSeconds: 15, settleSeconds: 60, source: "cloudwatch" },
        } as never,
        runbook: rb,
      });
      expect(filled).toBe(0);
      const b = stepBlanks(rb, 10)!;
      expect(store.state.fields[b.errorRate!.id]).toBeUndefined();
      expect(store.state.fields[b.latencyP95!.id]).toBeUndefined();
    } finally {
      await store.close();
    }
  });
});
