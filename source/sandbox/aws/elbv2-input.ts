import { AwsError } from "./protocol.js";

/** An ELBv2 request's parameters as the query codec parsed them. */
export type Params = Record<string, unknown>;

/** A member list parameter (`Names.member.N`) as strings; absent is empty. */
export function list(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
}

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

/** A required ARN parameter: AWS's null-member error when absent, else its shape checked (`member` as AWS names it). */
export function requiredArn(value: unknown, member: string, kind: keyof typeof ARNS): string {
  if (typeof value !== "string" || !value)
    throw new AwsError(
      "ValidationError",
      `1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`,
    );
  requireArn(kind, value);
  return value;
}

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
