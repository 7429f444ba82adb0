/** GET /admin/state: the sandbox's world as one document (clock, endpoints, listener weights, services). */
import type { SandboxView } from "./admin.js";
import { weightsOf } from "./world.js";

export function sandboxState(sb: SandboxView) {
  const w = sb.world;
  w.advance();
  const now = sb.clock.now();
  const weights: Record<string, number> = {};
  for (const [arn, share] of weightsOf(w.alb.listener.actions))
    weights[w.alb.targetGroups.get(arn)?.key ?? arn] = Math.round(share * 1000) / 10;
  return {
    now: new Date(now).toISOString(),
    speed: sb.clock.speed,
    manualClock: sb.clock.manual,
    aws: sb.awsUrl,
    kubernetes: sb.kubeUrl,
    region: w.region,
    loadBalancer: w.alb.loadBalancer.arn,
    listener: w.alb.listener.arn,
    weights,
    targetGroups: [...w.alb.targetGroups.values()].map((t) => ({
      key: t.key,
      name: t.name,
      arn: t.arn,
      version: t.version,
      healthy: w.alb.targetsAt(t.arn, now).filter((x) => x.state === "healthy").length,
      /** Registered targets by state (a scale-down shows its drain here). */
      targets: countBy(w.alb.targetsAt(t.arn, now).map((x) => x.state)),
      health: sb.healthUrl(t.key),
      fault: w.faults.traffic.get(t.arn) ?? null,
    })),
    ecs: {
      cluster: w.ecs.cluster.name,
      services: [...w.ecs.services.values()].map((s) => ({
        name: s.name,
        desired: s.desiredCount,
        // As DescribeServices counts it: a stopping task runs (and counts) until it has stopped.
        running: w.ecs.runningCount(s.name),
        taskDefinition: s.taskDefinitionArn,
      })),
    },
    eks: {
      cluster: w.kube.cluster,
      namespace: w.kube.namespace,
      nodes: sb.kube.nodeNames(),
      notReady: [...w.faults.notReadyNodes],
      ...(w.kube.ingress
        ? {
            ingressController: { fault: sb.kube.ingress.fault, delaySeconds: sb.kube.ingress.delayMs / 1000 },
          }
        : {}),
    },
    apiFaults: w.faults.api.filter((f) => f.remaining > 0),
  };
}

function countBy(xs: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const x of xs) out[x] = (out[x] ?? 0) + 1;
  return out;
}
