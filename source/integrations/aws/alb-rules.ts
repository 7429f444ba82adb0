/** The listener's rules above the default action (DescribeRules, paged), each as one line a person can check. */
import {
  type Action,
  DescribeRulesCommand,
  type ElasticLoadBalancingV2Client,
  type Rule,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import type { AlbConfig } from "../../domain/config.js";
import type { ListenerState } from "../../domain/ports.js";
import { weightOf } from "./alb-listener-state.js";

export async function readRules(
  elbv2: ElasticLoadBalancingV2Client,
  alb: AlbConfig,
): Promise<NonNullable<ListenerState["rules"]>> {
  const all: Rule[] = [];
  let marker: string | undefined;
  do {
    const r = await elbv2.send(new DescribeRulesCommand({ ListenerArn: alb.listenerArn, Marker: marker }));
    all.push(...(r.Rules ?? []));
    marker = r.NextMarker;
  } while (marker);
  return all
    .filter((r) => !r.IsDefault)
    .map((r) => ({
      priority: r.Priority ?? "?",
      conditions: (r.Conditions ?? [])
        .map((c) => {
          const values =
            c.Values ??
            c.HostHeaderConfig?.Values ??
            c.PathPatternConfig?.Values ??
            c.HttpRequestMethodConfig?.Values ??
            c.SourceIpConfig?.Values ??
            [];
          return `${c.Field ?? "?"}=${values.join("|")}`;
        })
        .join(" & "),
      action: (r.Actions ?? []).map((a) => describeAction(alb, a)).join(", "),
    }));
}

function describeAction(alb: AlbConfig, a: Action): string {
  if (a.Type !== "forward") return a.Type ?? "?";
  const tgs =
    a.ForwardConfig?.TargetGroups ?? (a.TargetGroupArn ? [{ TargetGroupArn: a.TargetGroupArn }] : []);
  const name = (arn?: string) =>
    arn === alb.blueTargetGroupArn
      ? "blue"
      : arn === alb.greenTargetGroupArn
        ? "green"
        : (arn?.split(":").pop() ?? "?");
  return `forward ${tgs.map((t) => `${name(t.TargetGroupArn)}=${weightOf(t)}`).join("/")}`;
}
