/** The listener's default actions as golive reads them: blue's and green's weights, anything else forwarded to, stickiness. */
import type { Action } from "@aws-sdk/client-elastic-load-balancing-v2";
import { sharesOf } from "../../domain/canary.js";
import type { AlbConfig } from "../../domain/config.js";
import type { ListenerState } from "../../domain/ports.js";

/** A weight AWS omits is 1 (a single-target forward describes its one group without one). */
export const weightOf = (t: { Weight?: number }) => t.Weight ?? 1;

/** The target groups a forward action sends to: its ForwardConfig, or the single TargetGroupArn form. */
export function forwardTargets(a: Action): { TargetGroupArn?: string; Weight?: number }[] {
  return a.ForwardConfig?.TargetGroups?.length
    ? a.ForwardConfig.TargetGroups
    : a.TargetGroupArn
      ? [{ TargetGroupArn: a.TargetGroupArn }]
      : [];
}

/** True for a target group that is neither blue nor green. */
export function isOther(alb: AlbConfig, arn: string | undefined): boolean {
  return arn !== alb.blueTargetGroupArn && arn !== alb.greenTargetGroupArn;
}

export function listenerState(
  alb: AlbConfig,
  actions: Action[],
  rules: ListenerState["rules"],
): ListenerState {
  const fwd = actions.find((a) => a.Type === "forward");
  if (!fwd) {
    // A fixed-response or redirect default action sends no traffic to either color.
    return { weights: { blue: 0, green: 0 }, raw: { blue: 0, green: 0 }, actions, others: [], rules };
  }
  const tgs = forwardTargets(fwd);
  const rawOf = (arn: string) => {
    const t = tgs.find((x) => x.TargetGroupArn === arn);
    return t ? weightOf(t) : 0;
  };
  const raw = { blue: rawOf(alb.blueTargetGroupArn), green: rawOf(alb.greenTargetGroupArn) };
  const others = tgs
    .filter((t) => isOther(alb, t.TargetGroupArn))
    .map((t) => ({ arn: t.TargetGroupArn ?? "?", weight: weightOf(t) }));
  const st = fwd.ForwardConfig?.TargetGroupStickinessConfig;
  return {
    weights: sharesOf(raw.blue, raw.green),
    raw,
    stickiness: st ? { enabled: st.Enabled ?? false, durationSeconds: st.DurationSeconds } : undefined,
    actions,
    others,
    rules,
  };
}
