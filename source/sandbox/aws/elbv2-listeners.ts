/** ELBv2 listeners: DescribeListeners (stale reads included) and ModifyListener, the call golive shifts weights with. */
import type { ListenerAction, World } from "../world.js";
import { actionShape, parseActions } from "./elbv2-actions.js";
import { list, type Params, requireArn, requiredArn } from "./elbv2-input.js";
import { AwsError } from "./protocol.js";

/** `stale`: the read lands on a node that has not seen the last change yet (eventual consistency). */
export function describeListeners(world: World, p: Params, stale: boolean): Record<string, unknown> {
  const arns = list(p.ListenerArns);
  const lbArn = p.LoadBalancerArn as string | undefined;
  if (!arns.length && !lbArn)
    throw new AwsError("ValidationError", "You must specify either listener ARNs or a load balancer ARN");
  for (const a of arns) requireArn("listener", a);
  if (lbArn) requireArn("load balancer", lbArn);
  for (const a of arns)
    if (!world.alb.hasListener(a)) throw new AwsError("ListenerNotFound", "One or more listeners not found");
  if (lbArn && lbArn !== world.alb.loadBalancer.arn)
    throw new AwsError("LoadBalancerNotFound", "One or more load balancers not found");
  const others = lbArn
    ? world.alb.extraListeners.map((l) => ({
        ListenerArn: l.arn,
        LoadBalancerArn: world.alb.loadBalancer.arn,
        Port: l.port,
        Protocol: l.protocol,
        DefaultActions: l.actions.map((a) => actionShape(world, a)),
      }))
    : [];
  return {
    Listeners: [
      listenerShape(
        world,
        stale && world.alb.staleActions ? world.alb.staleActions : world.alb.listener.actions,
      ),
      ...others,
    ],
  };
}

/** Replaces the default action list whole, as AWS does. */
export function modifyListener(world: World, p: Params): Record<string, unknown> {
  const arn = requiredArn(p.ListenerArn, "listenerArn", "listener");
  if (!world.alb.hasListener(arn)) throw new AwsError("ListenerNotFound", "One or more listeners not found");
  const actions =
    p.DefaultActions === undefined
      ? undefined
      : parseActions(world, p.DefaultActions, world.alb.listener.actions);
  if (actions) world.setListenerActions(actions);
  return { Listeners: [listenerShape(world, world.alb.listener.actions)] };
}

function listenerShape(world: World, actions: ListenerAction[]) {
  return {
    ListenerArn: world.alb.listener.arn,
    LoadBalancerArn: world.alb.loadBalancer.arn,
    Port: world.alb.listener.port,
    Protocol: world.alb.listener.protocol,
    Certificates:
      world.alb.listener.protocol === "HTTPS"
        ? [
            {
              CertificateArn: `arn:aws:acm:${world.region}:${world.account}:certificate/3b1f6c2e-8d4a-4e0f-9c7b-2a5d6e8f9a0b`,
            },
          ]
        : undefined,
    SslPolicy: world.alb.listener.protocol === "HTTPS" ? "ELBSecurityPolicy-TLS13-1-2-2021-06" : undefined,
    DefaultActions: actions.map((a) => actionShape(world, a)),
  };
}
