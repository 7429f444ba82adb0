/** ELBv2 (awsQuery/XML): the listener golive shifts and the target groups behind it, one module per resource. */
import type { World } from "../world.js";
import type { Params } from "./elbv2-input.js";
import { describeListeners, modifyListener } from "./elbv2-listeners.js";
import { describeLoadBalancers } from "./elbv2-load-balancers.js";
import { createRule, deleteRule, describeRules } from "./elbv2-rule-api.js";
import { describeTargetGroups, targetGroupAttributes } from "./elbv2-target-groups.js";
import { describeTargetHealth } from "./elbv2-target-health.js";
import { AwsError, type AwsResponse } from "./protocol.js";
import { xmlResponse } from "./xml-response.js";

const NS = "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/";

type Operation = (world: World, p: Params, stale: boolean) => Record<string, unknown>;

const OPERATIONS = {
  DescribeLoadBalancers: describeLoadBalancers,
  DescribeListeners: describeListeners,
  ModifyListener: modifyListener,
  DescribeRules: describeRules,
  CreateRule: createRule,
  DeleteRule: deleteRule,
  DescribeTargetGroups: describeTargetGroups,
  DescribeTargetHealth: describeTargetHealth,
  DescribeTargetGroupAttributes: (world, p) => targetGroupAttributes(world, p, false),
  ModifyTargetGroupAttributes: (world, p) => targetGroupAttributes(world, p, true),
} satisfies Record<string, Operation>;

export const ELBV2_OPERATIONS = Object.keys(OPERATIONS) as (keyof typeof OPERATIONS)[];

export function handleElbv2(world: World, op: string, p: Params, stale: boolean): AwsResponse {
  return xmlResponse(op, NS, elbv2Result(world, op, p, stale));
}

/** The operation's result before it is serialized (also served in-process to the model test). */
export function elbv2Result(world: World, op: string, p: Params, stale: boolean): Record<string, unknown> {
  if (!Object.hasOwn(OPERATIONS, op))
    throw new AwsError("InvalidAction", `Could not find operation ${op} for version 2015-12-01`);
  return (OPERATIONS[op as keyof typeof OPERATIONS] as Operation)(world, p, stale);
}
