/** The `aws elbv2 modify-listener` command a person runs when golive's own write failed. */
import type { AlbConfig, EnvConfig } from "../../domain/config.js";
import type { Weights } from "../../domain/events.js";
import type { ListenerState } from "../../domain/ports.js";
import { actionsFor } from "./alb-actions.js";

/** `aws`: the profile, region and endpoint golive uses, so the command points where golive did. */
export function manualCommand(
  alb: AlbConfig,
  aws: Pick<EnvConfig["aws"], "region" | "profile" | "endpoint"> | undefined,
  to: Weights,
  base?: ListenerState,
): string {
  let actions: unknown[];
  try {
    actions = base ? actionsFor(alb, to, base) : [];
  } catch {
    actions = [];
  }
  if (!actions.length)
    actions = [
      {
        Type: "forward",
        ForwardConfig: {
          TargetGroups: [
            { TargetGroupArn: alb.blueTargetGroupArn, Weight: to.blue },
            { TargetGroupArn: alb.greenTargetGroupArn, Weight: to.green },
          ],
        },
      },
    ];
  const parts = [
    "aws elbv2 modify-listener",
    `--listener-arn ${quote(alb.listenerArn)}`,
    `--default-actions ${quote(JSON.stringify(actions))}`,
  ];
  if (aws?.profile) parts.push(`--profile ${quote(aws.profile)}`);
  if (aws?.region) parts.push(`--region ${quote(aws.region)}`);
  if (aws?.endpoint) parts.push(`--endpoint-url ${quote(aws.endpoint)}`);
  return parts.join(" ");
}

/** One bash word, always quoted: the command is pasted into a shell at 2 a.m. */
function quote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}
