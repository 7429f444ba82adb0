import { GetMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { ModifyListenerCommand } from "@aws-sdk/client-elastic-load-balancing-v2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AwsClients, createAwsClients } from "../../source/integrations/aws/clients.js";
import type { Sandbox } from "../../source/sandbox/server.js";
import { startSandbox } from "../helpers/sandbox.js";

let sb: Sandbox;
let aws: AwsClients;
let cfg: Awaited<ReturnType<typeof startSandbox>>["config"];

beforeAll(async () => {
  const s = await startSandbox();
  sb = s.sb;
  cfg = s.config;
  aws = createAwsClients(s.config.aws, { maxAttempts: 1 });
});
afterAll(async () => {
  aws.destroy();
  await sb.stop();
});

const LB = "app/nba-mcp-prod-alb/50dc6c495c0c9188";
const dims = (arn: string) => [
  { Name: "TargetGroup", Value: arn.slice(arn.indexOf("targetgroup/")) },
  { Name: "LoadBalancer", Value: LB },
];
const stat = (id: string, name: string, s: string, arn: string, period: number) => ({
  Id: id,
  MetricStat: {
    Metric: { Namespace: "AWS/ApplicationELB", MetricName: name, Dimensions: dims(arn) },
    Period: period,
    Stat: s,
  },
});

describe("traffic model", () => {
  it("at 10 % green with an injected 8 % green error rate, CloudWatch shows what was injected, within sampling error", async () => {
    const { listenerArn, blueTargetGroupArn: blue, greenTargetGroupArn: green } = cfg.alb;
    // Start on a period boundary so the window holds only the new weights.
    sb.clock.set(Math.ceil(sb.clock.now() / 60_000) * 60_000);
    await aws.elbv2.send(
      new ModifyListenerCommand({
        ListenerArn: listenerArn,
        DefaultActions: [
          {
            Type: "forward",
            ForwardConfig: {
              TargetGroups: [
                { TargetGroupArn: blue, Weight: 90 },
                { TargetGroupArn: green, Weight: 10 },
              ],
            },
          },
        ],
      }),
    );
    sb.applyFault({ type: "error-rate", target: "green", value: 0.08 });
    const from = sb.clock.now();
    const minutes = 10;
    sb.clock.advance(minutes * 60_000);
    const period = minutes * 60;
    const r = await aws.cloudwatch.send(
      new GetMetricDataCommand({
        StartTime: new Date(from),
        EndTime: new Date(sb.clock.now()),
        MetricDataQueries: [
          stat("gr", "RequestCount", "Sum", green, period),
          stat("ge", "HTTPCode_Target_5XX_Count", "Sum", green, period),
          stat("br", "RequestCount", "Sum", blue, period),
          stat("be", "HTTPCode_Target_5XX_Count", "Sum", blue, period),
          stat("gp", "TargetResponseTime", "p95", green, period),
          stat("bp", "TargetResponseTime", "p95", blue, period),
        ],
      }),
    );
    const v = Object.fromEntries(r.MetricDataResults!.map((x) => [x.Id, x.Values?.[0] ?? 0]));
    const total = v.gr + v.br;
    // 200 rps for 600 s: about 120,000 requests, 10 % of them to green.
    expect(total).toBeGreaterThan(115_000);
    expect(total).toBeLessThan(125_000);
    const share = v.gr / total;
    expect(Math.abs(share - 0.1)).toBeLessThan(3 * Math.sqrt((0.1 * 0.9) / total));
    const greenRate = v.ge / v.gr;
    expect(Math.abs(greenRate - 0.08)).toBeLessThan(4 * Math.sqrt((0.08 * 0.92) / v.gr));
    const blueRate = v.be / v.br;
    expect(Math.abs(blueRate - 0.002)).toBeLessThan(4 * Math.sqrt((0.002 * 0.998) / v.br));
    // Latency as configured: green p95 31 ms, blue 34 ms (histogram resolution 2 %).
    expect(v.gp * 1000).toBeGreaterThan(28);
    expect(v.gp * 1000).toBeLessThan(34);
    expect(v.bp * 1000).toBeGreaterThan(31);
    expect(v.bp * 1000).toBeLessThan(37);
  });

  it("replays the same numbers for the same seed", async () => {
    const a = await startSandbox();
    const b = await startSandbox();
    const q = async (s: typeof a) => {
      const c = createAwsClients(s.config.aws, { maxAttempts: 1 });
      const r = await c.cloudwatch.send(
        new GetMetricDataCommand({
          StartTime: new Date(s.sb.clock.now() - 30 * 60_000),
          EndTime: new Date(s.sb.clock.now()),
          MetricDataQueries: [stat("r", "RequestCount", "Sum", s.config.alb.blueTargetGroupArn, 60)],
        }),
      );
      c.destroy();
      return r.MetricDataResults![0]!.Values;
    };
    expect(await q(a)).toEqual(await q(b));
    await a.sb.stop();
    await b.sb.stop();
  });
});
