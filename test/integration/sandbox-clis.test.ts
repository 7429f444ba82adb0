import { DescribeListenersCommand, ModifyListenerCommand } from "@aws-sdk/client-elastic-load-balancing-v2";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type AwsClients, createAwsClients } from "../../source/integrations/aws/clients.js";
import type { Sandbox } from "../../source/sandbox/server.js";
import { findAwsClis, runAws, runKubectl, startSandbox } from "../helpers/sandbox.js";
import { hasTool } from "../helpers/tools.js";

const clis = findAwsClis();
let sb: Sandbox;
let aws: AwsClients;
let kubeconfig: string;
let L: string;
let B: string;
let G: string;

// A fresh sandbox for every test: no test depends on what another left behind (listener weights,
// the clock, faults), so one failure cannot cascade and the order does not matter.
beforeEach(async () => {
  const s = await startSandbox();
  sb = s.sb;
  kubeconfig = s.files.kubeconfig;
  aws = createAwsClients(s.config.aws, { maxAttempts: 1 });
  L = s.config.alb.listenerArn;
  B = s.config.alb.blueTargetGroupArn;
  G = s.config.alb.greenTargetGroupArn;
});
afterEach(async () => {
  aws.destroy();
  await sb.stop();
});

async function sdkWeights(): Promise<number[]> {
  const d = await aws.elbv2.send(new DescribeListenersCommand({ ListenerArns: [L] }));
  const a = d.Listeners![0]!.DefaultActions![0]!;
  const tgs = a.ForwardConfig?.TargetGroups ?? [{ TargetGroupArn: a.TargetGroupArn, Weight: 1 }];
  const w = (arn: string) => tgs.find((t) => t.TargetGroupArn === arn)?.Weight ?? 0;
  return [w(B), w(G)];
}

/** Sets the listener through the SDK (not the CLI under test). */
async function setWeights(b: number, g: number): Promise<void> {
  await aws.elbv2.send(
    new ModifyListenerCommand({
      ListenerArn: L,
      DefaultActions: [
        {
          Type: "forward",
          ForwardConfig: {
            TargetGroups: [
              { TargetGroupArn: B, Weight: b },
              { TargetGroupArn: G, Weight: g },
            ],
          },
        },
      ],
    }),
  );
}

async function cliWeights(cli: string): Promise<number[]> {
  const r = await runAws(cli, sb.awsUrl, ["elbv2", "describe-listeners", "--listener-arns", L]);
  expect(r.code).toBe(0);
  const a = JSON.parse(r.stdout).Listeners[0].DefaultActions[0];
  const tgs: { TargetGroupArn: string; Weight: number }[] = a.ForwardConfig?.TargetGroups ?? [
    { TargetGroupArn: a.TargetGroupArn, Weight: 1 },
  ];
  const w = (arn: string) => tgs.find((t) => t.TargetGroupArn === arn)?.Weight ?? 0;
  return [w(B), w(G)];
}

/** The seed's own commands, with $LISTENER_ARN, $TG_BLUE and $TG_GREEN filled in. */
const shift = (b: number, g: number) => [
  "elbv2",
  "modify-listener",
  "--listener-arn",
  L,
  "--default-actions",
  `Type=forward,ForwardConfig={TargetGroups=[{TargetGroupArn=${B},Weight=${b}},{TargetGroupArn=${G},Weight=${g}}]}`,
];

const cases: [string, string | undefined, "json" | "query"][] = [
  ["aws-cli 1.x (PATH)", clis.v1, "json"],
  ["awscli 2.x (/usr/bin/aws)", clis.v2, "query"],
];

for (const [label, cli, cwProtocol] of cases) {
  const present = hasTool(cli, label, `the seed's aws commands through ${label} against the sandbox`);
  describe.skipIf(!present)(`${label} runs the seed's commands against the sandbox`, () => {
    it("ecs describe-services, with the seed's service name MISSING", async () => {
      const r = await runAws(cli!, sb.awsUrl, [
        "ecs",
        "describe-services",
        "--cluster",
        "nba-mcp-prod",
        "--services",
        "nba-mcp",
        "nba-mcp-blue",
      ]);
      expect(r.code).toBe(0);
      const j = JSON.parse(r.stdout);
      expect(j.failures[0]).toMatchObject({ reason: "MISSING" });
      expect(j.services[0]).toMatchObject({ serviceName: "nba-mcp-blue", status: "ACTIVE" });
    });

    it("elbv2 modify-listener 90/10, 50/50, then forward to green; the SDK reads each", async () => {
      expect((await runAws(cli!, sb.awsUrl, shift(90, 10))).code).toBe(0);
      expect(await sdkWeights()).toEqual([90, 10]);
      expect((await runAws(cli!, sb.awsUrl, shift(50, 50))).code).toBe(0);
      expect(await sdkWeights()).toEqual([50, 50]);
      const toGreen = await runAws(cli!, sb.awsUrl, [
        "elbv2",
        "modify-listener",
        "--listener-arn",
        L,
        "--default-actions",
        `Type=forward,TargetGroupArn=${G}`,
      ]);
      expect(toGreen.code).toBe(0);
      expect(await sdkWeights()).toEqual([0, 1]);
    });

    it("the CLI reads what the SDK wrote: weighted, then a plain forward", async () => {
      await setWeights(70, 30);
      expect(await cliWeights(cli!)).toEqual([70, 30]);
      await aws.elbv2.send(
        new ModifyListenerCommand({
          ListenerArn: L,
          DefaultActions: [{ Type: "forward", TargetGroupArn: B }],
        }),
      );
      expect(await cliWeights(cli!)).toEqual([1, 0]);
    });

    it(`cloudwatch get-metric-statistics (CloudWatch over ${cwProtocol})`, async () => {
      sb.clock.advance(10 * 60_000);
      const end = new Date(sb.clock.now()).toISOString().slice(0, 19);
      const start = new Date(sb.clock.now() - 15 * 60_000).toISOString().slice(0, 19);
      const r = await runAws(cli!, sb.awsUrl, [
        "cloudwatch",
        "get-metric-statistics",
        "--namespace",
        "AWS/ApplicationELB",
        "--metric-name",
        "RequestCount",
        "--dimensions",
        `Name=TargetGroup,Value=${B.slice(B.indexOf("targetgroup/"))}`,
        "Name=LoadBalancer,Value=app/nba-mcp-prod-alb/50dc6c495c0c9188",
        "--start-time",
        start,
        "--end-time",
        end,
        "--period",
        "300",
        "--statistics",
        "Sum",
      ]);
      expect(r.code, r.stderr).toBe(0);
      const j = JSON.parse(r.stdout);
      expect(j.Label).toBe("RequestCount");
      expect(j.Datapoints.length).toBeGreaterThanOrEqual(2);
      for (const d of j.Datapoints) expect(d.Sum).toBeGreaterThan(0);
      const last = sb.world.log.filter((e) => e.operation === "GetMetricStatistics").at(-1)!;
      expect(last.protocol).toBe(cwProtocol === "json" ? "json1.0" : "query");
      // The seed's own query (custom namespace that nobody publishes) answers with no datapoints.
      const seed = await runAws(cli!, sb.awsUrl, [
        "cloudwatch",
        "get-metric-statistics",
        "--namespace",
        "NBA-MCP",
        "--metric-name",
        "ErrorRate",
        "--start-time",
        start,
        "--end-time",
        end,
        "--period",
        "300",
        "--statistics",
        "Average",
      ]);
      expect(JSON.parse(seed.stdout).Datapoints).toEqual([]);
    });

    it("gives ELBv2 service errors with the right code and the CLI's exit code", async () => {
      await setWeights(70, 30);
      const r = await runAws(cli!, sb.awsUrl, [
        "elbv2",
        "modify-listener",
        "--listener-arn",
        `${L}0`,
        "--default-actions",
        `Type=forward,TargetGroupArn=${B}`,
      ]);
      // awscli 2 exits 254 on a service error; aws-cli 1 exits 255 for every error.
      expect(r.code).toBe(label.startsWith("awscli 2") ? 254 : 255);
      expect(r.stderr).toMatch(
        /\(ListenerNotFound\) when calling the ModifyListener operation: One or more listeners not found/,
      );
      const w = await runAws(cli!, sb.awsUrl, shift(1000, 0));
      expect(w.stderr).toMatch(/\(ValidationError\).*999/);
      // The refused calls left the listener as it was.
      expect(await cliWeights(cli!)).toEqual([70, 30]);
    });

    it("gives ECS and CloudWatch service errors with their codes", async () => {
      const ecs = await runAws(cli!, sb.awsUrl, [
        "ecs",
        "update-service",
        "--cluster",
        "nba-mcp-prod",
        "--service",
        "ghost",
        "--desired-count",
        "0",
      ]);
      expect(ecs.stderr).toMatch(/\(ServiceNotFoundException\)/);
      const cw = await runAws(cli!, sb.awsUrl, [
        "cloudwatch",
        "get-metric-statistics",
        "--namespace",
        "AWS/ApplicationELB",
        "--metric-name",
        "RequestCount",
        "--start-time",
        "2026-11-23T12:00:00",
        "--end-time",
        "2026-11-23T12:10:00",
        "--period",
        "61",
        "--statistics",
        "Sum",
      ]);
      expect(cw.stderr).toMatch(/\(InvalidParameterValue\)/);
    });
  });
}

describe("the real kubectl against the sandbox's Kubernetes API", () => {
  const k = (...args: string[]) => runKubectl(kubeconfig, args);
  it("cluster-info, get nodes, get pods -l, get deployments, rollout status", async () => {
    const info = await k("cluster-info");
    expect(info.stdout).toContain(`Kubernetes control plane is running at ${sb.kubeUrl}`);
    const nodes = await k("get", "nodes");
    expect(nodes.code, nodes.stderr).toBe(0);
    expect(nodes.stdout.match(/ Ready /g)).toHaveLength(3);
    const pods = await k("get", "pods", "-l", "app=nba-mcp-synthesis");
    expect(
      pods.stdout
        .trim()
        .split("\n")
        .slice(1)
        .map((l) => l.split(/\s+/)[1]),
    ).toEqual(["1/1", "1/1", "1/1"]);
    expect((await k("get", "pods", "-l", "app in (nba-mcp-worker)")).stdout.trim().split("\n")).toHaveLength(
      3,
    );
    const deps = await k("get", "deployments");
    expect(deps.stdout).toMatch(/nba-mcp-synthesis\s+3\/3\s+3\s+3/);
    const rollout = await k("rollout", "status", "deployment/nba-mcp-synthesis", "--timeout=20s");
    expect(rollout.stdout).toContain('deployment "nba-mcp-synthesis" successfully rolled out');
    const json = JSON.parse((await k("get", "deployment", "nba-mcp-worker", "-o", "json")).stdout);
    expect(json.status).toMatchObject({ replicas: 2, availableReplicas: 2 });
    const missing = await k("get", "deployment", "ghost");
    expect(missing.stderr).toContain('deployments.apps "ghost" not found');
  });

  it("shows a node NotReady after the fault, with a warning event", async () => {
    const node = sb.kube.nodeNames()[1]!;
    sb.applyFault({ type: "node", name: node, ready: false });
    const nodes = await k("get", "nodes");
    expect(nodes.stdout).toMatch(new RegExp(`${node.replace(/\./g, "\\.")}\\s+NotReady`));
    const events = await k("get", "events");
    expect(events.stdout).toMatch(/Warning\s+NodeNotReady/);
    sb.applyFault({ type: "clear" });
    expect((await k("get", "nodes")).stdout).not.toContain("NotReady");
  });
});
