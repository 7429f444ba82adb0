/**
 * The Application Load Balancer: one listener whose default action golive shifts, the target
 * groups behind it (their targets are the ECS tasks of the services registered to them), and the
 * history of listener actions the traffic model replays.
 */
import type { Scenario } from "../scenario.js";
import type { Task } from "./ecs-types.js";
import type { Faults } from "./faults.js";
import type { ListenerAction, Target, TargetGroup } from "./types.js";

export class Alb {
  readonly loadBalancer: { name: string; arn: string; dimension: string; dns: string; createdAt: number };
  readonly listener: { arn: string; port: number; protocol: string; actions: ListenerAction[] };
  readonly targetGroups = new Map<string, TargetGroup>();
  /** Other listeners on the load balancer (a data-plane fault adds one); golive shifts only `listener`. */
  readonly extraListeners: { arn: string; port: number; protocol: string; actions: ListenerAction[] }[] = [];
  /** Listener actions before the last modify, served while a stale-read fault is active. */
  staleActions?: ListenerAction[];
  private readonly history: { at: number; actions: ListenerAction[] }[] = [];

  constructor(
    scenario: Scenario,
    now: number,
    historyFrom: number,
    private readonly faults: Faults,
    /** The tasks registered to a target group (ECS owns them), alive or not. */
    private readonly tasksOf: (tgArn: string) => Task[],
  ) {
    const elbArn = `arn:aws:elasticloadbalancing:${scenario.region}:${scenario.accountId}`;
    const lbDim = `app/${scenario.alb.name}/${scenario.alb.id}`;
    this.loadBalancer = {
      name: scenario.alb.name,
      arn: `${elbArn}:loadbalancer/${lbDim}`,
      dimension: lbDim,
      dns: `${scenario.alb.name}-1234567890.${scenario.region}.elb.amazonaws.com`,
      createdAt: now - 90 * 86_400_000,
    };
    for (const tg of scenario.targetGroups) {
      const dim = `targetgroup/${tg.name}/${tg.id}`;
      this.targetGroups.set(`${elbArn}:${dim}`, {
        key: tg.key,
        name: tg.name,
        arn: `${elbArn}:${dim}`,
        dimension: dim,
        version: tg.version,
        errorRate: tg.errorRate,
        clientErrorRate: tg.clientErrorRate ?? 0.01,
        latency: { ...tg.latency },
        attributes: { ...DEFAULT_TARGET_GROUP_ATTRIBUTES },
      });
    }
    const weighted = scenario.targetGroups.filter((t) => t.initialWeight > 0);
    this.listener = {
      arn: `${elbArn}:listener/${lbDim}/${scenario.alb.listenerId}`,
      port: scenario.alb.port,
      protocol: scenario.alb.port === 443 ? "HTTPS" : "HTTP",
      actions: [
        // AWS describes a single-target forward with a one-entry ForwardConfig too.
        weighted.length === 1
          ? {
              Type: "forward",
              TargetGroupArn: this.tgByKey(weighted[0]!.key).arn,
              ForwardConfig: {
                TargetGroups: [{ TargetGroupArn: this.tgByKey(weighted[0]!.key).arn, Weight: 1 }],
                TargetGroupStickinessConfig: { Enabled: false },
              },
            }
          : {
              Type: "forward",
              ForwardConfig: {
                TargetGroups: scenario.targetGroups.map((t) => ({
                  TargetGroupArn: this.tgByKey(t.key).arn,
                  Weight: t.initialWeight,
                })),
                TargetGroupStickinessConfig: { Enabled: false },
              },
            },
      ],
    };
    this.history.push({ at: historyFrom, actions: this.listener.actions });
  }

  tgByKey(key: string): TargetGroup {
    for (const tg of this.targetGroups.values()) if (tg.key === key) return tg;
    throw new Error(`no target group with key ${key}`);
  }

  /** How long a deregistering target of this group may drain (the group's attribute). */
  deregistrationDelayMs(tgArn: string): number {
    const v = Number(this.targetGroups.get(tgArn)?.attributes["deregistration_delay.timeout_seconds"] ?? 300);
    return (Number.isFinite(v) ? v : 300) * 1000;
  }

  hasListener(arn: string): boolean {
    return !this.faults.listenerDeleted && arn === this.listener.arn;
  }

  setListenerActions(actions: ListenerAction[], at: number): void {
    this.staleActions = this.listener.actions;
    this.listener.actions = actions;
    this.history.push({ at, actions });
  }

  /** The share of traffic per target group the listener forwarded at time `t`. */
  weightsAt(t: number): Map<string, number> {
    let actions = this.history[0]!.actions;
    for (const h of this.history) if (h.at <= t) actions = h.actions;
    return weightsOf(actions);
  }

  /** The targets registered at time `t` and the state the load balancer reports for each. */
  targetsAt(tgArn: string, t: number): Target[] {
    if (this.faults.traffic.get(tgArn)?.unregistered) return [];
    const unhealthy = this.faults.traffic.get(tgArn)?.unhealthyTargets ?? 0;
    return (
      this.tasksOf(tgArn)
        // A stopping task's target stays registered (draining) until it has drained.
        .filter(
          (task) => task.runningAt <= t && (task.drainedAt ?? task.stoppedAt ?? Number.POSITIVE_INFINITY) > t,
        )
        .map((task, i) => ({
          task,
          state:
            task.stoppingAt !== undefined && task.stoppingAt <= t
              ? "draining"
              : task.healthyAt > t
                ? "initial"
                : i < unhealthy
                  ? "unhealthy"
                  : "healthy",
        }))
    );
  }
}

/** What DescribeTargetGroupAttributes answers for a new HTTP target group of an ALB. */
export const DEFAULT_TARGET_GROUP_ATTRIBUTES: Readonly<Record<string, string>> = {
  "deregistration_delay.timeout_seconds": "300",
  "stickiness.enabled": "false",
  "stickiness.type": "lb_cookie",
  "stickiness.lb_cookie.duration_seconds": "86400",
  "slow_start.duration_seconds": "0",
  "load_balancing.algorithm.type": "round_robin",
  "load_balancing.cross_zone.enabled": "use_load_balancer_configuration",
};

/** Share of traffic per target group arn (0..1) for a set of actions. */
export function weightsOf(actions: ListenerAction[]): Map<string, number> {
  const out = new Map<string, number>();
  const fwd = actions.find((a) => a.Type === "forward");
  if (!fwd) return out;
  const tgs =
    fwd.ForwardConfig?.TargetGroups ??
    (fwd.TargetGroupArn ? [{ TargetGroupArn: fwd.TargetGroupArn, Weight: 1 }] : []);
  const total = tgs.reduce((s, t) => s + (t.Weight ?? 1), 0);
  for (const t of tgs) out.set(t.TargetGroupArn, total > 0 ? (t.Weight ?? 1) / total : 0);
  return out;
}
