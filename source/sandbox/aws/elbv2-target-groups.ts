/** ELBv2 target groups: DescribeTargetGroups and their attributes (deregistration delay, slow start, stickiness). */
import type { World } from "../world.js";
import { list, type Params, parseAttributes, requireArn, requiredArn } from "./elbv2-input.js";
import { AwsError } from "./protocol.js";

export function describeTargetGroups(world: World, p: Params): Record<string, unknown> {
  const arns = list(p.TargetGroupArns);
  const names = list(p.Names);
  let tgs = [...world.alb.targetGroups.values()];
  for (const a of arns) requireArn("target group", a);
  if (typeof p.LoadBalancerArn === "string") requireArn("load balancer", p.LoadBalancerArn);
  if (arns.length) {
    for (const a of arns)
      if (!world.alb.targetGroups.has(a))
        throw new AwsError("TargetGroupNotFound", "One or more target groups not found");
    tgs = tgs.filter((t) => arns.includes(t.arn));
  }
  if (names.length) {
    for (const n of names)
      if (!tgs.some((t) => t.name === n))
        throw new AwsError("TargetGroupNotFound", `Target groups '[${n}]' not found`);
    tgs = tgs.filter((t) => names.includes(t.name));
  }
  if (typeof p.LoadBalancerArn === "string" && p.LoadBalancerArn !== world.alb.loadBalancer.arn) {
    throw new AwsError("LoadBalancerNotFound", "One or more load balancers not found");
  }
  return {
    TargetGroups: tgs.map((t) => ({
      TargetGroupArn: t.arn,
      TargetGroupName: t.name,
      Protocol: "HTTP",
      Port: 8080,
      VpcId: "vpc-0a1b2c3d4e5f67890",
      HealthCheckProtocol: "HTTP",
      HealthCheckPort: "traffic-port",
      HealthCheckEnabled: true,
      HealthCheckIntervalSeconds: 15,
      HealthCheckTimeoutSeconds: 5,
      HealthyThresholdCount: 2,
      UnhealthyThresholdCount: 2,
      HealthCheckPath: "/health",
      Matcher: { HttpCode: "200" },
      LoadBalancerArns: [world.alb.loadBalancer.arn],
      TargetType: "ip",
      ProtocolVersion: "HTTP1",
      IpAddressType: "ipv4",
    })),
  };
}

/** Describe- and ModifyTargetGroupAttributes: `modify` sets the given attributes first. */
export function targetGroupAttributes(world: World, p: Params, modify: boolean): Record<string, unknown> {
  const arn = requiredArn(p.TargetGroupArn, "targetGroupArn", "target group");
  const tg = world.alb.targetGroups.get(arn);
  if (!tg) throw new AwsError("TargetGroupNotFound", "One or more target groups not found");
  // ModifyTargetGroupAttributes answers with every attribute, as DescribeTargetGroupAttributes does.
  if (modify) world.setTargetGroupAttributes(tg, parseAttributes(p.Attributes));
  return { Attributes: Object.entries(tg.attributes).map(([Key, Value]) => ({ Key, Value })) };
}
