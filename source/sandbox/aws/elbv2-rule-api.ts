/** ELBv2 DescribeRules, CreateRule and DeleteRule over the listener's rules. */
import type { World } from "../world.js";
import { actionShape, parseActions } from "./elbv2-actions.js";
import { list, type Params, requireArn } from "./elbv2-input.js";
import { type ListenerRule, rules } from "./elbv2-rules.js";
import { AwsError } from "./protocol.js";

/** The rules by priority, then the default rule (the listener's default actions). */
export function describeRules(world: World, p: Params): Record<string, unknown> {
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
    if (!all.some((r) => r.RuleArn === a)) throw new AwsError("RuleNotFound", "One or more rules not found");
  return { Rules: ruleArns.length ? all.filter((x) => ruleArns.includes(x.RuleArn)) : all };
}

export function createRule(world: World, p: Params): Record<string, unknown> {
  const listenerArn = p.ListenerArn as string | undefined;
  if (!listenerArn || !world.alb.hasListener(listenerArn))
    throw new AwsError("ListenerNotFound", "One or more listeners not found");
  const priority = Number(p.Priority);
  if (!Number.isInteger(priority) || priority < 1 || priority > 50000)
    throw new AwsError("ValidationError", "Priority must be between 1 and 50000");
  if (rules(world).some((x) => x.priority === priority))
    throw new AwsError("PriorityInUse", `Priority '${priority}' is currently in use`);
  const conditions = (Array.isArray(p.Conditions) ? p.Conditions : []) as Record<string, unknown>[];
  if (!conditions.length) throw new AwsError("ValidationError", "A rule must have at least one condition");
  const rule: ListenerRule = {
    arn: `${world.alb.listener.arn.replace(":listener/", ":listener-rule/")}/${priority.toString(16).padStart(16, "0")}`,
    priority,
    conditions,
    actions: parseActions(world, p.Actions, []),
  };
  rules(world).push(rule);
  return {
    Rules: [
      {
        RuleArn: rule.arn,
        Priority: String(priority),
        Conditions: conditions,
        Actions: rule.actions.map((a) => actionShape(world, a)),
        IsDefault: false,
      },
    ],
  };
}

export function deleteRule(world: World, p: Params): Record<string, unknown> {
  const all = rules(world);
  const i = all.findIndex((x) => x.arn === p.RuleArn);
  if (i < 0) throw new AwsError("RuleNotFound", "One or more rules not found");
  all.splice(i, 1);
  return {};
}
