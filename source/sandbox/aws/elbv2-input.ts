/**
 * What ELBv2 accepts as input: well-formed ARNs (a malformed one is a ValidationError, as AWS
 * answers, before any lookup), listener actions, and target group attributes.
 */
import type { ListenerAction } from "../world/types.js";
import type { World } from "../world.js";
import { AwsError } from "./protocol.js";

const PREFIX = String.raw`^arn:aws[\w-]*:elasticloadbalancing:[a-z0-9-]+:\d{12}:`;
const NAME = "[A-Za-z0-9-]{1,32}";
const ARNS = {
  listener: new RegExp(`${PREFIX}listener/(?:app|net|gwy)/${NAME}/[0-9a-f]+/[0-9a-f]+$`),
  "listener rule": new RegExp(
    `${PREFIX}listener-rule/(?:app|net|gwy)/${NAME}/[0-9a-f]+/[0-9a-f]+/[0-9a-f]+$`,
  ),
  "load balancer": new RegExp(`${PREFIX}loadbalancer/(?:app|net|gwy)/${NAME}/[0-9a-f]+$`),
  "target group": new RegExp(`${PREFIX}targetgroup/${NAME}/[0-9a-f]+$`),
} as const;

/** ELBv2 checks an ARN's shape before it looks anything up. */
export function requireArn(kind: keyof typeof ARNS, value: string): void {
  if (!ARNS[kind].test(value)) throw new AwsError("ValidationError", `'${value}' is not a valid ${kind} ARN`);
}

/** The attributes ModifyTargetGroupAttributes accepts for an HTTP target group, with their range. */
const ATTRIBUTES: Record<string, (v: string) => boolean> = {
  "deregistration_delay.timeout_seconds": (v) => /^\d+$/.test(v) && Number(v) <= 3600,
  "stickiness.enabled": (v) => v === "true" || v === "false",
  "stickiness.type": (v) => v === "lb_cookie" || v === "app_cookie",
  "stickiness.lb_cookie.duration_seconds": (v) => /^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 604800,
  "slow_start.duration_seconds": (v) =>
    /^\d+$/.test(v) && (Number(v) === 0 || (Number(v) >= 30 && Number(v) <= 900)),
  "load_balancing.algorithm.type": (v) =>
    ["round_robin", "least_outstanding_requests", "weighted_random"].includes(v),
  "load_balancing.cross_zone.enabled": (v) =>
    ["true", "false", "use_load_balancer_configuration"].includes(v),
};

/** `Attributes.member.N.Key/Value` (query) as parsed → checked key/value pairs. */
export function parseAttributes(raw: unknown): { Key: string; Value: string }[] {
  if (!Array.isArray(raw) || raw.length === 0)
    throw new AwsError(
      "ValidationError",
      "1 validation error detected: Value null at 'attributes' failed to satisfy constraint: Member must not be null",
    );
  return raw.map((a: Record<string, unknown>) => {
    const key = String(a?.Key ?? "");
    const value = String(a?.Value ?? "");
    const ok = ATTRIBUTES[key];
    if (!ok) throw new AwsError("ValidationError", `Target group attribute key '${key}' is not recognized`);
    if (!ok(value))
      throw new AwsError(
        "ValidationError",
        `'${value}' is not a valid value for target group attribute '${key}'`,
      );
    return { Key: key, Value: value };
  });
}

export function parseActions(world: World, raw: unknown): ListenerAction[] {
  if (!Array.isArray(raw) || raw.length === 0)
    throw new AwsError("ValidationError", "At least one default action must be specified");
  return raw.map((a: Record<string, unknown>, i) => {
    const type = a?.Type;
    if (typeof type !== "string")
      throw new AwsError(
        "ValidationError",
        `1 validation error detected: Value null at 'defaultActions.${i + 1}.member.type' failed to satisfy constraint: Member must not be null`,
      );
    if (type !== "forward" && type !== "fixed-response" && type !== "redirect") {
      throw new AwsError(
        "ValidationError",
        `1 validation error detected: Value '${type}' at 'defaultActions.${i + 1}.member.type' failed to satisfy constraint: Member must satisfy enum value set: [redirect, fixed-response, forward, authenticate-oidc, authenticate-cognito]`,
      );
    }
    if (type !== "forward") {
      const fixed = a.FixedResponseConfig as Record<string, string> | undefined;
      if (type === "fixed-response" && !fixed?.StatusCode)
        throw new AwsError("ValidationError", "A fixed response status code must be specified");
      return {
        Type: type,
        FixedResponseConfig: fixed
          ? { StatusCode: fixed.StatusCode!, ContentType: fixed.ContentType, MessageBody: fixed.MessageBody }
          : undefined,
      };
    }
    const fc = a.ForwardConfig as Record<string, unknown> | undefined;
    const single = typeof a.TargetGroupArn === "string" ? (a.TargetGroupArn as string) : undefined;
    const tgsRaw = (fc?.TargetGroups as Record<string, unknown>[] | undefined) ?? [];
    if (!single && !tgsRaw.length)
      throw new AwsError("ValidationError", "A target group ARN must be specified");
    const tgs = tgsRaw.map((t, k) => {
      const arn = t?.TargetGroupArn;
      if (typeof arn !== "string")
        throw new AwsError(
          "ValidationError",
          `A target group ARN must be specified for target group ${k + 1}`,
        );
      let weight: number | undefined;
      if (t.Weight !== undefined) {
        weight = Number(t.Weight);
        if (!Number.isInteger(weight) || String(t.Weight).trim() === "") {
          throw new AwsError(
            "ValidationError",
            `Invalid value '${t.Weight}' for weight; it must be an integer`,
          );
        }
        if (weight < 0 || weight > 999)
          throw new AwsError(
            "ValidationError",
            `1 validation error detected: Value '${weight}' at 'defaultActions.${i + 1}.member.forwardConfig.targetGroups.${k + 1}.member.weight' failed to satisfy constraint: Member must have value less than or equal to 999`,
          );
      }
      return { TargetGroupArn: arn, Weight: weight };
    });
    for (const arn of [single, ...tgs.map((t) => t.TargetGroupArn)]) {
      if (arn) requireArn("target group", arn);
      if (arn && !world.alb.targetGroups.has(arn))
        throw new AwsError("TargetGroupNotFound", `Target group '${arn}' not found`);
    }
    if (single && tgs.length && !(tgs.length === 1 && tgs[0]!.TargetGroupArn === single)) {
      throw new AwsError(
        "ValidationError",
        "You cannot specify both a target group ARN and a forward config with different target groups",
      );
    }
    if (new Set(tgs.map((t) => t.TargetGroupArn)).size !== tgs.length)
      throw new AwsError("ValidationError", "Target group ARNs in a forward config must be unique");
    const stick = fc?.TargetGroupStickinessConfig as Record<string, unknown> | undefined;
    const stickiness = stick
      ? {
          Enabled: String(stick.Enabled) === "true",
          DurationSeconds: stick.DurationSeconds !== undefined ? Number(stick.DurationSeconds) : undefined,
        }
      : { Enabled: false };
    if (stickiness.Enabled && !(stickiness.DurationSeconds! >= 1 && stickiness.DurationSeconds! <= 604800)) {
      throw new AwsError(
        "ValidationError",
        "Target group stickiness duration must be between 1 and 604800 seconds",
      );
    }
    const targets = tgs.length
      ? tgs.map((t) => ({ TargetGroupArn: t.TargetGroupArn, Weight: t.Weight ?? 1 }))
      : [{ TargetGroupArn: single!, Weight: 1 }];
    return {
      Type: "forward",
      TargetGroupArn: targets.length === 1 ? targets[0]!.TargetGroupArn : undefined,
      ForwardConfig: { TargetGroups: targets, TargetGroupStickinessConfig: stickiness },
    };
  });
}
