import { execFile } from "node:child_process";
import { promisify } from "node:util";
import {
  DescribeListenersCommand,
  ElasticLoadBalancingV2Client,
  ModifyListenerCommand,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import { afterEach, describe, expect, it } from "vitest";
import { kubectlFor } from "../../source/commands/kubectl.js";
import { Engine } from "../../source/engine/engine.js";
import { KubeClient } from "../../source/integrations/kubernetes/client.js";
import { IngressTraffic } from "../../source/integrations/kubernetes/ingress-traffic.js";
import { defaultScenario } from "../../source/sandbox/scenario.js";
import { golive } from "../helpers/cli.js";
import { type EngineRig, engineOnSandbox, GO_ITEMS } from "../helpers/engine.js";
import { runKubectl } from "../helpers/sandbox.js";

/**
 * An ALB owned by the AWS Load Balancer Controller (the sandbox's, reconciling an Ingress's
 * forward-action annotation into the listener after 10 sandbox seconds): golive shifts through
 * the annotation and claims a shift only when DescribeListeners shows it; a direct listener write
 * is undone by the controller; a controller that never reconciles, rejects or reconciles the wrong
 * weights ends the shift failed with what the controller said and the exact kubectl command —
 * which, run by hand once the controller works, moves the listener. Held to real kubectl.
 */
const exec = promisify(execFile);
const ANNOTATION = "alb.ingress.kubernetes.io/actions.blue-green";
let rig: EngineRig;
afterEach(async () => {
  await rig?.stop();
});

async function ingressRig() {
  const scenario = defaultScenario();
  scenario.kubernetes.ingress = { name: "nba-mcp-synthesis", action: "blue-green", delaySeconds: 10 };
  rig = await engineOnSandbox({ sandbox: { scenario } });
  const k = rig.config.kubernetes!;
  expect(k.ingress).toEqual({ name: "nba-mcp-synthesis", action: "blue-green" });
  const traffic = new IngressTraffic(
    rig.engine.d.traffic,
    async () => new KubeClient({ kubeconfig: k.kubeconfig, context: k.context }),
    {
      namespace: k.namespace,
      name: k.ingress!.name,
      action: k.ingress!.action,
      blueTargetGroupArn: rig.config.alb.blueTargetGroupArn,
      greenTargetGroupArn: rig.config.alb.greenTargetGroupArn,
      kubectl: kubectlFor(k, "")("").trimEnd(),
    },
  );
  // Waiting for the read-back moves the sandbox's (manual) clock, so the controller's delay passes.
  const clock = {
    now: () => rig.sb.clock.now(),
    sleep: async (ms: number) => {
      rig.sb.clock.advance(ms);
      await new Promise((r) => setImmediate(r));
    },
  };
  const engine = new Engine({ ...rig.engine.d, traffic, clock });
  await engine.monitor.pollProbes();
  for (const item of GO_ITEMS) await rig.store.append("item.checked", { item }, "Ann");
  const kubectl = (...a: string[]) => runKubectl(k.kubeconfig!, a);
  const annotation = async () => {
    const r = await kubectl("get", "ingress", "nba-mcp-synthesis", "-n", "nba-mcp", "-o", "json");
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(JSON.parse(r.stdout).metadata.annotations[ANNOTATION]).forwardConfig.targetGroups.map(
      (t: { weight: number }) => t.weight,
    );
  };
  const greenWeight = () =>
    rig.sb.world.alb.listener.actions
      .find((a) => a.Type === "forward")
      ?.ForwardConfig?.TargetGroups.find((t) => t.TargetGroupArn === rig.config.alb.greenTargetGroupArn)
      ?.Weight;
  return {
    engine,
    kubectl,
    annotation,
    greenWeight,
    fault: (f: Record<string, unknown>) => rig.sb.applyFault(f),
  };
}

describe("weights through the Ingress annotation (AWS Load Balancer Controller)", () => {
  it("promote patches the annotation, is claimed only once the listener shows it, and a direct listener write is undone", async () => {
    const r = await ingressRig();
    const before = rig.sb.clock.now();
    const shift = await r.engine.promote({ by: "Ann" });
    expect(shift.ok, shift.error).toBe(true);
    expect(shift.weights).toEqual({ blue: 90, green: 10 });
    expect(await r.annotation()).toEqual([90, 10]);
    expect(r.greenWeight()).toBe(10);
    const confirmed = rig.store.events.find((e) => e.type === "traffic.shift.confirmed")!;
    // The controller's 10 s passed before the claim: never claimed on the annotation alone.
    expect(Date.parse(confirmed.at) - before).toBeGreaterThanOrEqual(10_000);
    const ops = rig.sb.world.log.map((e) => e.operation ?? "");
    expect(ops.some((o) => o.startsWith("PATCH ingress nba-mcp/nba-mcp-synthesis"))).toBe(true);
    expect(ops.some((o) => o.startsWith("ModifyListener"))).toBe(false);
    // kubectl sees the controller's event.
    const ev = await r.kubectl(
      "get",
      "events",
      "-n",
      "nba-mcp",
      "--field-selector",
      "involvedObject.kind=Ingress",
    );
    expect(ev.stdout).toMatch(/SuccessfullyReconciled/);
    // A direct ModifyListener (what golive must not do here) is put back by the controller.
    const elb = new ElasticLoadBalancingV2Client({
      endpoint: rig.sb.awsUrl,
      region: "us-east-1",
      credentials: { accessKeyId: "sandbox", secretAccessKey: "sandbox" },
    });
    const fwd = (b: number, g: number) => [
      {
        Type: "forward" as const,
        ForwardConfig: {
          TargetGroups: [
            { TargetGroupArn: rig.config.alb.blueTargetGroupArn, Weight: b },
            { TargetGroupArn: rig.config.alb.greenTargetGroupArn, Weight: g },
          ],
        },
      },
    ];
    await elb.send(
      new ModifyListenerCommand({ ListenerArn: rig.config.alb.listenerArn, DefaultActions: fwd(50, 50) }),
    );
    expect(r.greenWeight()).toBe(50);
    rig.sb.clock.advance(11_000);
    const l = await elb.send(new DescribeListenersCommand({ ListenerArns: [rig.config.alb.listenerArn] }));
    expect(l.Listeners?.[0]?.DefaultActions?.[0]?.ForwardConfig?.TargetGroups?.map((t) => t.Weight)).toEqual([
      90, 10,
    ]);
    elb.destroy();
    // Rollback goes through the annotation too, and is confirmed on the listener.
    const back = await r.engine.rollback({ by: "Ann", reason: "test" });
    expect(back.ok, back.error).toBe(true);
    expect(await r.annotation()).toEqual([100, 0]);
    expect(r.greenWeight()).toBe(0);
  });

  it("a controller that never reconciles: failed after the read-back window, saying so, with the kubectl command that works once it does", async () => {
    const r = await ingressRig();
    // As a person would, from another terminal.
    const f = await golive([
      "sandbox",
      "fault",
      "ingress-controller",
      "never",
      "--port",
      new URL(rig.sb.awsUrl).port,
    ]);
    expect(f.code, f.stderr).toBe(0);
    expect(rig.sb.kube.ingress.fault).toBe("never");
    const shift = await r.engine.promote({ by: "Ann" });
    expect(shift.ok).toBe(false);
    expect(shift.error).toBe(
      "AWS still shows blue 100 / green 0 after 60 s: the AWS Load Balancer Controller has not reconciled ingress nba-mcp/nba-mcp-synthesis since the change",
    );
    expect(rig.store.events.some((e) => e.type === "traffic.shift.confirmed")).toBe(false);
    expect(rig.store.state.weights).toEqual({ blue: 100, green: 0 });
    expect(await r.annotation()).toEqual([90, 10]); // asked for, not claimed
    expect(shift.manualCommand).toMatch(
      /^kubectl --kubeconfig '.*' --context 'golive-sandbox' -n 'nba-mcp' annotate ingress 'nba-mcp-synthesis' --overwrite 'alb\.ingress\.kubernetes\.io\/actions\.blue-green=\{"type":"forward",.*"weight":90\},.*"weight":10\}\]\}\}'$/,
    );
    // Once the controller works, the offered command (run as a person would) moves the listener.
    r.fault({ type: "ingress-controller", mode: "ok" });
    await r.kubectl(
      "annotate",
      "ingress",
      "nba-mcp-synthesis",
      "-n",
      "nba-mcp",
      "--overwrite",
      `${ANNOTATION}=x`,
    );
    const sh = await exec("sh", ["-c", shift.manualCommand!]);
    expect(sh.stdout).toMatch(/annotated/);
    rig.sb.clock.advance(11_000);
    rig.sb.world.advance();
    expect(r.greenWeight()).toBe(10);
  });

  it("a controller that rejects or reconciles wrong weights: failed, with what the controller said", async () => {
    const r = await ingressRig();
    r.fault({ type: "ingress-controller", mode: "reject" });
    const rejected = await r.engine.promote({ by: "Ann" });
    expect(rejected.ok).toBe(false);
    expect(rejected.error).toMatch(
      /^AWS still shows blue 100 \/ green 0 after 60 s: the AWS Load Balancer Controller says FailedDeployModel: Failed deploy model due to AccessDenied: .*elasticloadbalancing:ModifyListener$/,
    );
    r.fault({ type: "ingress-controller", mode: "wrong" });
    const wrong = await r.engine.promote({ by: "Ann", override: "test: controller back" });
    expect(wrong.ok).toBe(false);
    expect(wrong.error).toBe(
      "AWS still shows blue 10 / green 90 after 60 s: the AWS Load Balancer Controller reconciled the Ingress, but the listener shows other weights",
    );
    expect(rig.store.state.weights).toEqual({ blue: 100, green: 0 });
  });
});
