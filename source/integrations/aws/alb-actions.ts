/** The default actions golive sends: the ones read, with only blue's and green's forward weights changed. */
import type { Action } from "@aws-sdk/client-elastic-load-balancing-v2";
import type { AlbConfig } from "../../domain/config.js";
import type { Weights } from "../../domain/events.js";
import type { ListenerState } from "../../domain/ports.js";
import { forwardTargets, isOther, weightOf } from "./alb-listener-state.js";

/** `base`'s default actions with only blue's and green's forward weights changed. */
export function actionsFor(alb: AlbConfig, to: Weights, base: ListenerState): Action[] {
  if (!base.actions?.length)
    throw new Error(
      "the listener's default actions are not known (DescribeListeners did not answer): nothing was sent",
    );
  // Percent steps are written as is (90/10); shares with a tenth (99.9/0.1) as per-mille weights.
  const whole = Number.isInteger(to.blue) && Number.isInteger(to.green);
  const rawBlue = whole ? to.blue : Math.round(to.blue * 10);
  const rawGreen = whole ? to.green : Math.round(to.green * 10);
  const actions = structuredClone(base.actions) as Action[];
  if (!actions.some((a) => a.Type === "forward"))
    throw new Error("the listener's default action does not forward to target groups: nothing was sent");
  return actions.map((a) => {
    if (
      a.Type === "authenticate-oidc" &&
      a.AuthenticateOidcConfig &&
      !a.AuthenticateOidcConfig.ClientSecret
    ) {
      // DescribeListeners never returns the client secret; ModifyListener keeps it only when told to.
      return {
        ...a,
        AuthenticateOidcConfig: { ...a.AuthenticateOidcConfig, UseExistingClientSecret: true },
      };
    }
    if (a.Type !== "forward") return a;
    const others = forwardTargets(a)
      .filter((t) => isOther(alb, t.TargetGroupArn))
      .map((t) => ({ TargetGroupArn: t.TargetGroupArn, Weight: weightOf(t) }));
    const { TargetGroupArn: _single, ...rest } = a;
    return {
      ...rest,
      ForwardConfig: {
        ...a.ForwardConfig,
        TargetGroups: [
          { TargetGroupArn: alb.blueTargetGroupArn, Weight: rawBlue },
          { TargetGroupArn: alb.greenTargetGroupArn, Weight: rawGreen },
          ...others,
        ],
        // Stickiness exactly as read: absent stays absent, never a default `Enabled: false`.
      },
    };
  });
}
