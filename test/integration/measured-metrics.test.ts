/**
 * Issue 13: thresholds bind to the metric they name. In another team's runbook (checkout-rollout.md)
 * the 4xx rate and the 5xx count are read per target group from the sandbox's
 * HTTPCode_Target_4XX_Count / _5XX_Count, and a metric of the team's own (CheckoutErrors) is read
 * from the namespace the config's metrics.custom names, which the application publishes with
 * PutMetricData (here: the aws CLI, an independent client). Crossing a rollback bound is a trigger
 * naming that metric; without the config it stays a check by hand.
 */
import { describe, expect, it } from "vitest";
import { bindCustom } from "../../source/domain/stated.js";
import { parseRunbook } from "../../source/runbook/parse.js";
import { readRunbookFile } from "../../source/runbook/read.js";
import { CHECKOUT, CUSTOM, withCustom } from "../helpers/checkout.js";
import { engineOnSandbox, minutes } from "../helpers/engine.js";
import { findAwsClis, runAws } from "../helpers/sandbox.js";

describe("4xx, 5xx counts and custom metrics measured", () => {
  it("checkout-rollout.md: each bound names its metric; CheckoutErrors is by hand until the config names it", async () => {
    const { text, sha256 } = await readRunbookFile(CHECKOUT);
    const rb = parseRunbook(CHECKOUT, text, sha256);
    const row = (s: typeof rb.stated) =>
      s!.map((t) => [
        t.line,
        t.kind,
        t.metric,
        t.op,
        t.value,
        t.unit,
        t.measure.by === "cloudwatch" ? t.measure.stat : "manual",
      ]);
    expect(row(rb.stated)).toEqual([
      [17, "rollback", "latencyP99", ">", 1200, "ms", "p99"],
      [19, "rollback", "http4xxRate", ">", 5, "%", "http4xxRate"],
      [20, "rollback", "custom:CheckoutErrors", ">", 25, "per minute", "manual"],
      [21, "rollback", "http5xxCount", ">", 40, "per minute", "http5xxCount"],
    ]);
    expect(rb.thresholds.find((t) => t.metric === "errorRate" && t.kind === "rollback")?.line).toBe(18);
    expect(row(bindCustom(rb.stated, [CUSTOM]))[2]).toEqual([
      20,
      "rollback",
      "custom:CheckoutErrors",
      ">",
      25,
      "per minute",
      "custom:CheckoutErrors",
    ]);
  });

  it("on the sandbox: green's 4xx rate is what the aws CLI reads; a 4xx spike and a CheckoutErrors spike are triggers naming them", async () => {
    const rig = await engineOnSandbox({ runbook: CHECKOUT, config: withCustom });
    try {
      const { engine, sb } = rig;
      await engine.controller.promote({ greenPercent: 50, by: "Ann" });
      minutes(sb, 3);
      await engine.monitor.pollMetrics();
      const calm = engine.monitor.snapshot.percentiles!;
      const r4 = calm.http4xxRate!;
      expect(r4.green).toBeGreaterThan(0);
      expect(r4.green).toBeLessThan(5);
      expect(calm.http5xxCount!.green).not.toBeNull();
      // No CheckoutErrors published yet: no evidence, never 0 and never a breach.
      expect(calm["custom:CheckoutErrors"]).toEqual(expect.objectContaining({ blue: null, green: null }));
      const cli = findAwsClis().v1 ?? findAwsClis().v2;
      const tg = rig.config.alb.greenTargetGroupArn.split(":").at(-1)!;
      const lb = rig.config.alb.listenerArn.split(":listener/")[1]!.split("/").slice(0, 3).join("/");
      if (cli) {
        const sum = async (name: string) => {
          const r = await runAws(cli, sb.awsUrl, [
            "cloudwatch",
            "get-metric-statistics",
            "--namespace",
            "AWS/ApplicationELB",
            "--metric-name",
            name,
            "--dimensions",
            `Name=TargetGroup,Value=${tg}`,
            `Name=LoadBalancer,Value=${lb}`,
            "--start-time",
            new Date(r4.periodStart).toISOString(),
            "--end-time",
            new Date(r4.periodStart + 60_000).toISOString(),
            "--period",
            "60",
            "--statistics",
            "Sum",
          ]);
          expect(r.code, r.stderr).toBe(0);
          return (JSON.parse(r.stdout).Datapoints as { Sum: number }[])[0]?.Sum ?? 0;
        };
        expect(r4.green).toBeCloseTo(
          ((await sum("HTTPCode_Target_4XX_Count")) / (await sum("RequestCount"))) * 100,
          6,
        );
      }
      expect(rig.store.state.alerts.filter((a) => /4xx|CheckoutErrors/.test(a.message))).toEqual([]);

      sb.applyFault({ type: "client-error-rate", target: "green", value: 0.3 });
      // The application publishes its own metric: 40 checkout errors a minute on green, 2 on blue.
      const now = sb.clock.now();
      for (const [service, value] of [
        ["checkout-green", 40],
        ["checkout-blue", 2],
      ] as const) {
        const data = [1, 2, 3, 4].map((m) => ({
          MetricName: "CheckoutErrors",
          Dimensions: [{ Name: "Service", Value: service }],
          Timestamp: new Date(Math.floor(now / 60_000) * 60_000 + m * 60_000 + 5_000).toISOString(),
          Value: value,
        }));
        if (cli) {
          const r = await runAws(cli, sb.awsUrl, [
            "cloudwatch",
            "put-metric-data",
            "--namespace",
            "Payments/Checkout",
            "--metric-data",
            JSON.stringify(data),
          ]);
          expect(r.code, r.stderr).toBe(0);
        } else {
          for (const d of data)
            sb.world.cw.add(
              "Payments/Checkout",
              "CheckoutErrors",
              d.Dimensions,
              Date.parse(d.Timestamp) - 5_000,
              value,
            );
        }
      }
      minutes(sb, 4);
      await engine.monitor.pollMetrics();
      const hot = engine.monitor.snapshot.percentiles!;
      expect(hot.http4xxRate!.green).toBeGreaterThan(20);
      expect(hot["custom:CheckoutErrors"]).toEqual(expect.objectContaining({ blue: 2, green: 40 }));
      const msgs = rig.store.state.alerts.map((a) => [a.severity, a.message]);
      expect(msgs).toContainEqual([
        "critical",
        `ROLLBACK TRIGGER: green 4xx rate ${hot.http4xxRate!.green!.toFixed(2)} % > 5.00 % (runbook checkout-rollout.md:19)`,
      ]);
      expect(msgs).toContainEqual([
        "critical",
        "ROLLBACK TRIGGER: green CheckoutErrors 40 per minute > 25 per minute (runbook checkout-rollout.md:20)",
      ]);
    } finally {
      await rig.stop();
    }
    // Four aws CLI runs (Python) besides the engine: slow on a loaded machine, not a hang.
  }, 180_000);
});
