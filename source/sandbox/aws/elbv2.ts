/** ELBv2 (awsQuery/XML): the listener golive shifts and the target groups behind it. */
import type { ListenerAction, World } from "../world.js";
import { actionShape, parseActions } from "./elbv2-actions.js";
import { parseAttributes, requireArn } from "./elbv2-input.js";
import { AwsError, type AwsResponse } from "./protocol.js";
import { xmlResponse } from "./xml-response.js";

const NS = "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/";

type Params = Record<string, unknown>;

/** Listener rules above the default action (CreateRule/DeleteRule), kept beside the world. */
interface ListenerRule {
  arn: string;
  priority: number;
  conditions: Record<string, unknown>[];
  actions: ListenerAction[];
}
const rulesOf = new WeakMap<World, ListenerRule[]>();
function rules(world: World): ListenerRule[] {
  const r = rulesOf.get(world) ?? [];
  rulesOf.set(world, r);
  return r;
}

/** A rule someone else added (a data-plane fault): at the lowest free priority; its ARN. */
export function addRule(
  world: World,
  conditions: Record<string, unknown>[],
  actions: ListenerAction[],
): string {
  const all = rules(world);
  let priority = 1;
  while (all.some((x) => x.priority === priority)) priority++;
  const arn = `${world.alb.listener.arn.replace(":listener/", ":listener-rule/")}/${priority.toString(16).padStart(16, "0")}`;
  all.push({ arn, priority, conditions, actions });
  return arn;
}

/** Removes a rule by ARN (what `clear` does to the rules a data-plane fault added); false if absent. */
export function removeRule(world: World, arn: string): boolean {
  const all = rules(world);
  const i = all.findIndex((x) => x.arn === arn);
  if (i >= 0) all.splice(i, 1);
  return i >= 0;
}

export const ELBV2_OPERATIONS = [
  "DescribeLoadBalancers",
  "DescribeListeners",
  "ModifyListener",
  "DescribeRules",
  "CreateRule",
  "DeleteRule",
  "DescribeTargetGroups",
  "DescribeTargetHealth",
  "DescribeTargetGroupAttributes",
  "ModifyTargetGroupAttributes",
] as const;

export function handleElbv2(world: World, op: string, p: Params, stale: boolean): AwsResponse {
  return xmlResponse(op, NS, elbv2Result(world, op, p, stale));
}

/** The operation's result before it is serialized (also served in-process to the model test). */
export function elbv2Result(world: World, op: string, p: Params, stale: boolean): Record<string, unknown> {
  const r = (result: Record<string, unknown>) => result;
  switch (op) {
    case "DescribeLoadBalancers": {
      const arns = list(p.LoadBalancerArns);
      const names = list(p.Names);
      const lb = world.alb.loadBalancer;
      for (const a of arns) requireArn("load balancer", a);
      for (const a of arns)
        if (a !== lb.arn) throw new AwsError("LoadBalancerNotFound", `One or more load balancers not found`);
      for (const n of names)
        if (n !== lb.name) throw new AwsError("LoadBalancerNotFound", `Load balancers '[${n}]' not found`);
      return r({
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
      });
    }
    case "DescribeListeners": {
      const arns = list(p.ListenerArns);
      const lbArn = p.LoadBalancerArn as string | undefined;
      if (!arns.length && !lbArn)
        throw new AwsError("ValidationError", "You must specify either listener ARNs or a load balancer ARN");
      for (const a of arns) requireArn("listener", a);
      if (lbArn) requireArn("load balancer", lbArn);
      for (const a of arns)
        if (!world.alb.hasListener(a))
          throw new AwsError("ListenerNotFound", "One or more listeners not found");
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
      return r({
        Listeners: [
          listenerShape(
            world,
            stale && world.alb.staleActions ? world.alb.staleActions : world.alb.listener.actions,
          ),
          ...others,
        ],
      });
    }
    case "ModifyListener": {
      const arn = p.ListenerArn;
      if (typeof arn !== "string" || !arn)
        throw new AwsError(
          "ValidationError",
          "1 validation error detected: Value null at 'listenerArn' failed to satisfy constraint: Member must not be null",
        );
      requireArn("listener", arn);
      if (!world.alb.hasListener(arn))
        throw new AwsError("ListenerNotFound", "One or more listeners not found");
      const actions =
        p.DefaultActions === undefined
          ? undefined
          : parseActions(world, p.DefaultActions, world.alb.listener.actions);
      if (actions) world.setListenerActions(actions);
      return r({ Listeners: [listenerShape(world, world.alb.listener.actions)] });
    }
    case "DescribeRules": {
      const listenerArn = p.ListenerArn as string | undefined;
      const ruleArns = list(p.RuleArns);
      if (!listenerArn && !ruleArns.length)
        throw new AwsError("ValidationError", "You must specify either listener ARN or rule ARNs");
      if (listenerArn) requireArn("listener", listenerArn);
      for (const a of ruleArns) requireArn("listener rule", a);
      if (listenerArn && !world.alb.hasListener(listenerArn))
        throw new AwsError("ListenerNotFound", "One or more listeners not found");
      const defaultRule = `${world.alb.listener.arn.replace(":listener/", ":listener-rule/")}/0000000000000000`;
      const all = [
        ...[...rules(world)]
          .sort((a, b) => a.priority - b.priority)
          .map((r) => ({
            RuleArn: r.arn,
            Priority: String(r.priority),
            Conditions: r.conditions,
            Actions: r.actions.map((a) => actionShape(world, a)),
            IsDefault: false,
          })),
        {
          RuleArn: defaultRule,
          Priority: "default",
          Conditions: [],
          Actions: world.alb.listener.actions.map((a) => actionShape(world, a)),
          IsDefault: true,
        },
      ];
      for (const a of ruleArns)
        if (!all.some((r) => r.RuleArn === a))
          throw new AwsError("RuleNotFound", "One or more rules not found");
      return r({ Rules: ruleArns.length ? all.filter((x) => ruleArns.includes(x.RuleArn)) : all });
    }
    case "CreateRule": {
      const listenerArn = p.ListenerArn as string | undefined;
      if (!listenerArn || !world.alb.hasListener(listenerArn))
        throw new AwsError("ListenerNotFound", "One or more listeners not found");
      const priority = Number(p.Priority);
      if (!Number.isInteger(priority) || priority < 1 || priority > 50000)
        throw new AwsError("ValidationError", "Priority must be between 1 and 50000");
      if (rules(world).some((x) => x.priority === priority))
        throw new AwsError("PriorityInUse", `Priority '${priority}' is currently in use`);
      const conditions = (Array.isArray(p.Conditions) ? p.Conditions : []) as Record<string, unknown>[];
      if (!conditions.length)
        throw new AwsError("ValidationError", "A rule must have at least one condition");
      const rule: ListenerRule = {
        arn: `${world.alb.listener.arn.replace(":listener/", ":listener-rule/")}/${priority.toString(16).padStart(16, "0")}`,
        priority,
        conditions,
        actions: parseActions(world, p.Actions, []),
      };
      rules(world).push(rule);
      return r({
        Rules: [
          {
            RuleArn: rule.arn,
            Priority: String(priority),
            Conditions: conditions,
            Actions: rule.actions.map((a) => actionShape(world, a)),
            IsDefault: false,
          },
        ],
      });
    }
    case "DeleteRule": {
      const all = rules(world);
      const i = all.findIndex((x) => x.arn === p.RuleArn);
      if (i < 0) throw new AwsError("RuleNotFound", "One or more rules not found");
      all.splice(i, 1);
      return r({});
    }
    case "DescribeTargetGroups": {
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
      return r({
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
      });
    }
    case "DescribeTargetHealth": {
      const arn = p.TargetGroupArn;
      if (typeof arn !== "string" || !arn)
        throw new AwsError(
          "ValidationError",
          "1 validation error detected: Value null at 'targetGroupArn' failed to satisfy constraint: Member must not be null",
        );
      requireArn("target group", arn);
      if (!world.alb.targetGroups.has(arn))
        throw new AwsError("TargetGroupNotFound", "One or more target groups not found");
      return r({
        TargetHealthDescriptions: world.alb.targetsAt(arn, world.clock.now()).map(({ task, state }) => ({
          Target: { Id: task.ip, Port: 8080, AvailabilityZone: `${world.region}a` },
          HealthCheckPort: "8080",
          TargetHealth:
            state === "healthy"
              ? { State: "healthy" }
              : state === "initial"
                ? {
                    State: "initial",
                    Reason: "Elb.InitialHealthChecking",
                    Description: "Initial health checks in progress",
                  }
                : state === "draining"
                  ? {
                      State: "draining",
                      Reason: "Target.DeregistrationInProgress",
                      Description: "Target deregistration is in progress",
                    }
                  : {
                      State: "unhealthy",
                      Reason: "Target.ResponseCodeMismatch",
                      Description: "Health checks failed with these codes: [503]",
                    },
        })),
      });
    }
    case "DescribeTargetGroupAttributes":
    case "ModifyTargetGroupAttributes": {
      const arn = p.TargetGroupArn;
      if (typeof arn !== "string" || !arn)
        throw new AwsError(
          "ValidationError",
          "1 validation error detected: Value null at 'targetGroupArn' failed to satisfy constraint: Member must not be null",
        );
      requireArn("target group", arn);
      const tg = world.alb.targetGroups.get(arn);
      if (!tg) throw new AwsError("TargetGroupNotFound", "One or more target groups not found");
      // ModifyTargetGroupAttributes answers with every attribute, as DescribeTargetGroupAttributes does.
      if (op === "ModifyTargetGroupAttributes")
        world.setTargetGroupAttributes(tg, parseAttributes(p.Attributes));
      return r({ Attributes: Object.entries(tg.attributes).map(([Key, Value]) => ({ Key, Value })) });
    }
    default:
      throw new AwsError("InvalidAction", `Could not find operation ${op} for version 2015-12-01`);
  }
}

function list(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
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
