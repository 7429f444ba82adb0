import {
  DescribeAlarmsCommand,
  GetMetricDataCommand,
  GetMetricStatisticsCommand,
  ListMetricsCommand,
} from "@aws-sdk/client-cloudwatch";
import {
  CreateServiceCommand,
  DescribeClustersCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
} from "@aws-sdk/client-ecs";
import {
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeRulesCommand,
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  ModifyListenerCommand,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type AwsClients, createAwsClients } from "../../source/integrations/aws/clients.js";
import type { Sandbox } from "../../source/sandbox/server.js";
import { startSandbox } from "../helpers/sandbox.js";

let sb: Sandbox;
let aws: AwsClients;
let listenerArn: string;
let blue: string;
let green: string;
const LB = "app/nba-mcp-prod-alb/50dc6c495c0c9188";

// A fresh sandbox for every test: no test depends on what another left behind (listener weights,
// the clock, faults), so one failure cannot cascade and the order does not matter.
beforeEach(async () => {
  const s = await startSandbox();
  sb = s.sb;
  aws = createAwsClients(s.config.aws, { maxAttempts: 1 });
  listenerArn = s.config.alb.listenerArn;
  blue = s.config.alb.blueTargetGroupArn;
  green = s.config.alb.greenTargetGroupArn;
});
afterEach(async () => {
  aws.destroy();
  await sb.stop();
});

const forward = (b: number, g: number) => [
  {
    Type: "forward" as const,
    ForwardConfig: {
      TargetGroups: [
        { TargetGroupArn: blue, Weight: b },
        { TargetGroupArn: green, Weight: g },
      ],
      TargetGroupStickinessConfig: { Enabled: true, DurationSeconds: 300 },
    },
  },
];

async function errorOf(p: Promise<unknown>) {
  try {
    await p;
  } catch (e) {
    return e as Error & { $metadata: { httpStatusCode: number; attempts: number } };
  }
  throw new Error("expected the call to fail");
}

describe("ELBv2 over awsQuery/XML with the SDK v3 client", () => {
  it("describes the load balancer, listener, rules, target groups and target health", async () => {
    const lbs = await aws.elbv2.send(new DescribeLoadBalancersCommand({ Names: ["nba-mcp-prod-alb"] }));
    expect(lbs.LoadBalancers?.[0]).toMatchObject({ Type: "application", State: { Code: "active" } });
    const l = await aws.elbv2.send(new DescribeListenersCommand({ ListenerArns: [listenerArn] }));
    expect(l.Listeners?.[0]?.DefaultActions?.[0]).toMatchObject({ Type: "forward", TargetGroupArn: blue });
    const rules = await aws.elbv2.send(new DescribeRulesCommand({ ListenerArn: listenerArn }));
    expect(rules.Rules?.[0]).toMatchObject({ IsDefault: true, Priority: "default" });
    const tgs = await aws.elbv2.send(new DescribeTargetGroupsCommand({ TargetGroupArns: [blue, green] }));
    expect(tgs.TargetGroups?.map((t) => t.TargetGroupName)).toEqual(["nba-mcp-blue", "nba-mcp-green"]);
    const health = await aws.elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn: green }));
    expect(health.TargetHealthDescriptions?.map((d) => d.TargetHealth?.State)).toEqual([
      "healthy",
      "healthy",
      "healthy",
    ]);
  });

  it("moves traffic with a weighted forward (stickiness kept) and reads it back", async () => {
    const m = await aws.elbv2.send(
      new ModifyListenerCommand({ ListenerArn: listenerArn, DefaultActions: forward(90, 10) }),
    );
    expect(m.Listeners?.[0]?.DefaultActions?.[0]?.ForwardConfig?.TargetGroups?.map((t) => t.Weight)).toEqual([
      90, 10,
    ]);
    const d = await aws.elbv2.send(new DescribeListenersCommand({ ListenerArns: [listenerArn] }));
    expect(d.Listeners?.[0]?.DefaultActions?.[0]?.ForwardConfig).toEqual({
      TargetGroups: [
        { TargetGroupArn: blue, Weight: 90 },
        { TargetGroupArn: green, Weight: 10 },
      ],
      TargetGroupStickinessConfig: { Enabled: true, DurationSeconds: 300 },
    });
    const log = sb.world.log.filter((e) => e.operation === "ModifyListener").at(-1)!;
    expect(log.detail).toEqual({ weights: { blue: 90, green: 10 } });
  });

  it("answers errors as AWS does: unknown listener and target group, bad weights, unsigned requests", async () => {
    await aws.elbv2.send(
      new ModifyListenerCommand({ ListenerArn: listenerArn, DefaultActions: forward(90, 10) }),
    );
    const nf = await errorOf(
      aws.elbv2.send(new DescribeListenersCommand({ ListenerArns: [`${listenerArn}0`] })),
    );
    expect([nf.name, nf.$metadata.httpStatusCode]).toEqual(["ListenerNotFoundException", 400]);
    const tg = await errorOf(
      aws.elbv2.send(
        new ModifyListenerCommand({
          ListenerArn: listenerArn,
          DefaultActions: [{ Type: "forward", TargetGroupArn: `${green}0` }],
        }),
      ),
    );
    expect(tg.name).toBe("TargetGroupNotFoundException");
    const w = await errorOf(
      aws.elbv2.send(
        new ModifyListenerCommand({ ListenerArn: listenerArn, DefaultActions: forward(1000, 0) }),
      ),
    );
    expect(w.name).toBe("ValidationError");
    expect(w.message).toMatch(/less than or equal to 999/);
    const unsigned = await fetch(sb.awsUrl, {
      method: "POST",
      body: "Action=DescribeListeners&Version=2015-12-01",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(unsigned.status).toBe(403);
    expect(await unsigned.text()).toMatch(/<Code>MissingAuthenticationToken<\/Code>/);
    // The listener was not touched by the refused calls.
    const d = await aws.elbv2.send(new DescribeListenersCommand({ ListenerArns: [listenerArn] }));
    expect(d.Listeners?.[0]?.DefaultActions?.[0]?.ForwardConfig?.TargetGroups?.map((t) => t.Weight)).toEqual([
      90, 10,
    ]);
  });

  it("injects throttling on a named operation for N calls; the SDK's retries get through", async () => {
    const retrying = createAwsClients({
      region: "us-east-1",
      endpoint: sb.awsUrl,
      sandbox: true,
      timeoutMs: 3000,
      maxAttempts: 4,
    });
    sb.applyFault({ type: "api", operation: "ModifyListener", kind: "throttle", count: 2 });
    const r = await retrying.elbv2.send(
      new ModifyListenerCommand({ ListenerArn: listenerArn, DefaultActions: forward(50, 50) }),
    );
    expect(r.$metadata.attempts).toBe(3);
    sb.applyFault({ type: "api", operation: "ModifyListener", kind: "access-denied", count: 1 });
    const denied = await errorOf(
      aws.elbv2.send(
        new ModifyListenerCommand({ ListenerArn: listenerArn, DefaultActions: forward(0, 100) }),
      ),
    );
    expect([denied.name, denied.$metadata.httpStatusCode]).toEqual(["AccessDenied", 403]);
    expect(denied.message).toMatch(/not authorized to perform: elasticloadbalancing:ModifyListener/);
    retrying.destroy();
  });
});

describe("ECS over awsJson1_1", () => {
  it("describes the cluster and services, with MISSING failures for unknown names", async () => {
    const c = await aws.ecs.send(new DescribeClustersCommand({ clusters: ["nba-mcp-prod"] }));
    expect(c.clusters?.[0]).toMatchObject({
      clusterName: "nba-mcp-prod",
      status: "ACTIVE",
      activeServicesCount: 2,
    });
    const s = await aws.ecs.send(
      new DescribeServicesCommand({ cluster: "nba-mcp-prod", services: ["nba-mcp-blue", "nba-mcp"] }),
    );
    expect(s.services?.[0]).toMatchObject({ serviceName: "nba-mcp-blue", runningCount: 3, desiredCount: 3 });
    expect(s.services?.[0]?.deployments?.[0]).toMatchObject({ status: "PRIMARY", rolloutState: "COMPLETED" });
    expect(s.services?.[0]?.events?.[0]?.message).toMatch(/has reached a steady state/);
    expect(s.services?.[0]?.createdAt).toBeInstanceOf(Date);
    expect(s.failures).toEqual([
      { arn: "arn:aws:ecs:us-east-1:123456789012:service/nba-mcp-prod/nba-mcp", reason: "MISSING" },
    ]);
  });

  it("registers a task definition, creates and scales a service whose tasks come up after a delay", async () => {
    const reg = await aws.ecs.send(
      new RegisterTaskDefinitionCommand({
        family: "nba-mcp-prod",
        containerDefinitions: [{ name: "app", image: "nba-mcp:2.1", essential: true }],
        requiresCompatibilities: ["FARGATE"],
        cpu: "512",
        memory: "1024",
        networkMode: "awsvpc",
      }),
    );
    expect(reg.taskDefinition).toMatchObject({ family: "nba-mcp-prod", revision: 21, status: "ACTIVE" });
    const td = await aws.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: "nba-mcp-prod:21" }));
    expect(td.taskDefinition?.containerDefinitions?.[0]?.image).toBe("nba-mcp:2.1");
    const created = await aws.ecs.send(
      new CreateServiceCommand({
        cluster: "nba-mcp-prod",
        serviceName: "nba-mcp-canary",
        taskDefinition: "nba-mcp-prod:21",
        desiredCount: 2,
        loadBalancers: [{ targetGroupArn: green, containerName: "app", containerPort: 8080 }],
      }),
    );
    expect(created.service).toMatchObject({ desiredCount: 2, runningCount: 0, pendingCount: 2 });
    expect(created.service?.deployments?.[0]?.rolloutState).toBe("IN_PROGRESS");
    sb.clock.advance(20_000);
    const running = await aws.ecs.send(
      new DescribeServicesCommand({ cluster: "nba-mcp-prod", services: ["nba-mcp-canary"] }),
    );
    expect(running.services?.[0]).toMatchObject({ runningCount: 2, pendingCount: 0 });
    expect(running.services?.[0]?.deployments?.[0]?.rolloutState).toBe("IN_PROGRESS");
    const th = await aws.elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn: green }));
    expect(th.TargetHealthDescriptions?.filter((d) => d.TargetHealth?.State === "initial")).toHaveLength(2);
    sb.clock.advance(15_000);
    const steady = await aws.ecs.send(
      new DescribeServicesCommand({ cluster: "nba-mcp-prod", services: ["nba-mcp-canary"] }),
    );
    expect(steady.services?.[0]?.deployments?.[0]?.rolloutState).toBe("COMPLETED");
    const tasks = await aws.ecs.send(
      new ListTasksCommand({ cluster: "nba-mcp-prod", serviceName: "nba-mcp-canary" }),
    );
    expect(tasks.taskArns).toHaveLength(2);
    const dt = await aws.ecs.send(
      new DescribeTasksCommand({ cluster: "nba-mcp-prod", tasks: tasks.taskArns! }),
    );
    expect(dt.tasks?.map((t) => t.lastStatus)).toEqual(["RUNNING", "RUNNING"]);
    await aws.ecs.send(
      new UpdateServiceCommand({ cluster: "nba-mcp-prod", service: "nba-mcp-canary", desiredCount: 0 }),
    );
    sb.clock.advance(10_000);
    const gone = await aws.ecs.send(
      new ListTasksCommand({ cluster: "nba-mcp-prod", serviceName: "nba-mcp-canary" }),
    );
    expect(gone.taskArns).toEqual([]);
    const dup = await errorOf(
      aws.ecs.send(
        new CreateServiceCommand({
          cluster: "nba-mcp-prod",
          serviceName: "nba-mcp-blue",
          taskDefinition: "nba-mcp-prod:21",
        }),
      ),
    );
    expect(dup.name).toBe("InvalidParameterException");
    const missing = await errorOf(
      aws.ecs.send(new UpdateServiceCommand({ cluster: "nba-mcp-prod", service: "ghost", desiredCount: 1 })),
    );
    expect(missing.name).toBe("ServiceNotFoundException");
    const cluster = await errorOf(
      aws.ecs.send(new DescribeServicesCommand({ cluster: "nope", services: ["x"] })),
    );
    expect(cluster.name).toBe("ClusterNotFoundException");
  });
});

describe("CloudWatch over awsJson1_0 (awsQueryCompatible) with the SDK v3 client", () => {
  const dims = (tg: string) => [
    { Name: "TargetGroup", Value: tg.slice(tg.indexOf("targetgroup/")) },
    { Name: "LoadBalancer", Value: LB },
  ];

  it("serves GetMetricStatistics with p95, ListMetrics and DescribeAlarms", async () => {
    const end = new Date(sb.clock.now());
    const start = new Date(sb.clock.now() - 15 * 60_000);
    const s = await aws.cloudwatch.send(
      new GetMetricStatisticsCommand({
        Namespace: "AWS/ApplicationELB",
        MetricName: "TargetResponseTime",
        Dimensions: dims(blue),
        StartTime: start,
        EndTime: end,
        Period: 60,
        Statistics: ["Average", "SampleCount"],
        ExtendedStatistics: ["p95"],
      }),
    );
    expect(s.Datapoints!.length).toBeGreaterThanOrEqual(14);
    for (const d of s.Datapoints!) {
      expect(d.Timestamp).toBeInstanceOf(Date);
      expect(d.ExtendedStatistics!.p95).toBeGreaterThan(0.02);
      expect(d.ExtendedStatistics!.p95).toBeLessThan(0.06);
    }
    const list = await aws.cloudwatch.send(
      new ListMetricsCommand({ Namespace: "AWS/ApplicationELB", MetricName: "RequestCount" }),
    );
    expect(list.Metrics!.some((m) => m.Dimensions?.length === 2)).toBe(true);
    const alarms = await aws.cloudwatch.send(new DescribeAlarmsCommand({}));
    expect(alarms.MetricAlarms?.map((a) => a.AlarmName)).toEqual([
      "nba-mcp-green-5xx-high",
      "nba-mcp-green-p95-high",
    ]);
  });

  it("serves GetMetricData with MetricStat queries and metric math (FILL, arithmetic) in one call", async () => {
    // Half a minute into the sixth minute: the window holds four whole minutes and a running one.
    sb.clock.advance(5 * 60_000 + 30_000);
    const end = new Date(sb.clock.now());
    const start = new Date(sb.clock.now() - 5 * 60_000);
    const q = (id: string, name: string, stat: string, tg: string) => ({
      Id: id,
      MetricStat: {
        Metric: { Namespace: "AWS/ApplicationELB", MetricName: name, Dimensions: dims(tg) },
        Period: 60,
        Stat: stat,
      },
      ReturnData: false,
    });
    const r = await aws.cloudwatch.send(
      new GetMetricDataCommand({
        StartTime: start,
        EndTime: end,
        MetricDataQueries: [
          q("req", "RequestCount", "Sum", blue),
          q("err", "HTTPCode_Target_5XX_Count", "Sum", blue),
          { ...q("p95", "TargetResponseTime", "p95", blue), ReturnData: true },
          { Id: "rate", Expression: "100 * FILL(err, 0) / req", Label: "blue error %" },
        ],
      }),
    );
    const rate = r.MetricDataResults!.find((x) => x.Id === "rate")!;
    // CloudWatch rounds the start down to the minute (that minute is included); only whole minutes
    // are published: the one still running is not there yet.
    expect(rate.Values!.length).toBe(5);
    expect(rate.Timestamps![0]!.getTime()).toBeGreaterThan(rate.Timestamps![1]!.getTime());
    for (const v of rate.Values!) expect(v).toBeLessThan(3);
    expect(r.MetricDataResults!.map((x) => x.Id)).toEqual(["p95", "rate"]);
    const bad = await errorOf(
      aws.cloudwatch.send(
        new GetMetricDataCommand({
          StartTime: start,
          EndTime: end,
          MetricDataQueries: [{ Id: "x", Expression: "nope * 2" }],
        }),
      ),
    );
    expect(bad.message).toMatch(/Unrecognized metric or expression id "nope"/);
  });

  it("publishes no datapoints for a target group without traffic, as AWS does", async () => {
    await aws.elbv2.send(
      new ModifyListenerCommand({
        ListenerArn: listenerArn,
        DefaultActions: [{ Type: "forward", TargetGroupArn: blue }],
      }),
    );
    sb.clock.advance(3 * 60_000);
    const requests = (tg: string) =>
      aws.cloudwatch.send(
        new GetMetricStatisticsCommand({
          Namespace: "AWS/ApplicationELB",
          MetricName: "RequestCount",
          Dimensions: dims(tg),
          StartTime: new Date(sb.clock.now() - 2 * 60_000),
          EndTime: new Date(sb.clock.now()),
          Period: 60,
          Statistics: ["Sum"],
        }),
      );
    expect((await requests(green)).Datapoints).toEqual([]);
    // The same window for blue, which took all the traffic, has its two settled minutes: the empty
    // answer above is about green having no traffic, not about a window with nothing in it.
    const b = await requests(blue);
    const minute = Math.floor(sb.clock.now() / 60_000) * 60_000;
    expect(b.Datapoints!.map((d) => d.Timestamp!.getTime()).sort()).toEqual([
      minute - 120_000,
      minute - 60_000,
    ]);
    for (const d of b.Datapoints!) expect(d.Sum).toBeGreaterThan(0);
  });
});
