/** ELBv2 listener actions as AWS takes and describes them: forward, fixed-response, redirect, authenticate-oidc/cognito. */
import type { ListenerAction, World } from "../world.js";
import { requireArn } from "./elbv2-input.js";
import { AwsError } from "./protocol.js";

const AUTH_TYPES = ["authenticate-oidc", "authenticate-cognito"];
const OIDC_REQUIRED = ["Issuer", "AuthorizationEndpoint", "TokenEndpoint", "UserInfoEndpoint", "ClientId"];
const COGNITO_REQUIRED = ["UserPoolArn", "UserPoolClientId", "UserPoolDomain"];

/** An authenticate action as AWS keeps it: the OIDC client secret is stored, never described. */
function parseAuth(
  type: string,
  a: Record<string, unknown>,
  i: number,
  existing: ListenerAction[],
): ListenerAction {
  const key = type === "authenticate-oidc" ? "AuthenticateOidcConfig" : "AuthenticateCognitoConfig";
  const cfg = { ...((a[key] as Record<string, unknown> | undefined) ?? {}) };
  for (const f of type === "authenticate-oidc" ? OIDC_REQUIRED : COGNITO_REQUIRED)
    if (typeof cfg[f] !== "string" || !cfg[f])
      throw new AwsError("ValidationError", `${key}.${f} must be specified for action ${i + 1}`);
  if (type === "authenticate-oidc") {
    const reuse = String(cfg.UseExistingClientSecret) === "true";
    const before = existing.find((x) => x.Type === "authenticate-oidc")?.AuthenticateOidcConfig;
    if (!cfg.ClientSecret && !(reuse && before?.ClientSecret))
      throw new AwsError(
        "ValidationError",
        "You must specify a client secret for an authenticate-oidc action, or UseExistingClientSecret for one that has one",
      );
    cfg.ClientSecret = cfg.ClientSecret ?? before?.ClientSecret;
    delete cfg.UseExistingClientSecret;
  }
  return { Type: type, Order: a.Order === undefined ? undefined : Number(a.Order), [key]: cfg };
}

export function parseActions(world: World, raw: unknown, existing: ListenerAction[]): ListenerAction[] {
  if (!Array.isArray(raw) || raw.length === 0)
    throw new AwsError("ValidationError", "At least one default action must be specified");
  const parsed = raw.map((a: Record<string, unknown>, i) => parseAction(world, a, i, existing));
  if (parsed.length > 1) {
    if (parsed.some((a) => a.Order === undefined))
      throw new AwsError(
        "ValidationError",
        "Order must be specified for each action when there is more than one",
      );
    const last = [...parsed].sort((x, y) => x.Order! - y.Order!).at(-1)!;
    if (AUTH_TYPES.includes(last.Type))
      throw new AwsError("ValidationError", "An authenticate action cannot be the last action");
  }
  return parsed;
}

function parseAction(
  world: World,
  a: Record<string, unknown>,
  i: number,
  existing: ListenerAction[],
): ListenerAction {
  {
    const type = a?.Type;
    if (typeof type !== "string")
      throw new AwsError(
        "ValidationError",
        `1 validation error detected: Value null at 'defaultActions.${i + 1}.member.type' failed to satisfy constraint: Member must not be null`,
      );
    if (AUTH_TYPES.includes(type)) return parseAuth(type, a, i, existing);
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
        Order: a.Order === undefined ? undefined : Number(a.Order),
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
      Order: a.Order === undefined ? undefined : Number(a.Order),
      TargetGroupArn: targets.length === 1 ? targets[0]!.TargetGroupArn : undefined,
      ForwardConfig: { TargetGroups: targets, TargetGroupStickinessConfig: stickiness },
    };
  }
}

export function actionShape(_world: World, a: ListenerAction) {
  const { ClientSecret: _secret, ...oidc } = (a.AuthenticateOidcConfig ?? {}) as Record<string, unknown>;
  return {
    Type: a.Type,
    TargetGroupArn: a.TargetGroupArn,
    Order: a.Order ?? 1,
    AuthenticateOidcConfig: a.AuthenticateOidcConfig ? oidc : undefined,
    AuthenticateCognitoConfig: a.AuthenticateCognitoConfig,
    ForwardConfig: a.ForwardConfig
      ? {
          TargetGroups: a.ForwardConfig.TargetGroups.map((t) => ({
            TargetGroupArn: t.TargetGroupArn,
            Weight: t.Weight,
          })),
          TargetGroupStickinessConfig: a.ForwardConfig.TargetGroupStickinessConfig ?? { Enabled: false },
        }
      : undefined,
    FixedResponseConfig: a.FixedResponseConfig,
  };
}
