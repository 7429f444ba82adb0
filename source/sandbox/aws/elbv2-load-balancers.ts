/** ELBv2 DescribeLoadBalancers: the one application load balancer the sandbox runs. */
import type { World } from "../world.js";
import { list, type Params, requireArn } from "./elbv2-input.js";
import { AwsError } from "./protocol.js";

export function describeLoadBalancers(world: World, p: Params): Record<string, unknown> {
  const arns = list(p.LoadBalancerArns);
  const names = list(p.Names);
  const lb = world.alb.loadBalancer;
  for (const a of arns) requireArn("load balancer", a);
  for (const a of arns)
    if (a !== lb.arn) throw new AwsError("LoadBalancerNotFound", `One or more load balancers not found`);
  for (const n of names)
    if (n !== lb.name) throw new AwsError("LoadBalancerNotFound", `Load balancers '[${n}]' not found`);
  return {
    LoadBalancers: [
      {
        LoadBalancerArn: lb.arn,
        DNSName: lb.dns,
        CanonicalHostedZoneId: "Z35SXDOTRQ7X7K",
        CreatedTime: new Date(lb.createdAt).toISOString(),
        LoadBalancerName: lb.name,
        Scheme: "internet-facing",
        VpcId: "vpc-0a1b2c3d4e5f67890",
        State: { Code: "active" },
        Type: "application",
        AvailabilityZones: [
          { ZoneName: `${world.region}a`, SubnetId: "subnet-0aa11bb22cc33dd44" },
          { ZoneName: `${world.region}b`, SubnetId: "subnet-0ee55ff66aa77bb88" },
        ],
        SecurityGroups: ["sg-0123456789abcdef0"],
        IpAddressType: "ipv4",
      },
    ],
  };
}
