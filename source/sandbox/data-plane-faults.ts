/** Faults on the data plane, set through the admin API: requests failed past the listener, targets deregistered. */
import type { SandboxView } from "./admin.js";
import { addRule } from "./aws/elbv2-rules.js";
import { DATA_PLANE_KINDS, type DataPlaneKind } from "./world/data-plane.js";
import type { ListenerAction, World } from "./world.js";

/** The listener rules data-plane faults added, per world: `clear` removes exactly these. */
export const faultRules = new WeakMap<World, string[]>();

/**
 * Requests past the listener's weights (world/data-plane.ts), each visible to real clients as AWS
 * would show it; or green's targets deregistered (`unregistered`).
 */
export function dataPlaneFault(sb: SandboxView, f: Record<string, unknown>): Record<string, unknown> {
  const { world } = sb;
  const kind = String(f.kind);
  if (kind === "unregistered") {
    const target = String(f.target ?? "green");
    world.alb.tgByKey(target);
    world.setTrafficFault(target, { unregistered: true });
    return { type: "data-plane", kind, target };
  }
  if (!DATA_PLANE_KINDS.includes(kind as DataPlaneKind))
    throw new Error(`data-plane kind must be one of ${[...DATA_PLANE_KINDS, "unregistered"].join(", ")}`);
  const share = f.share === undefined ? 0.9 : Number(f.share);
  if (!(share > 0 && share <= 1)) throw new Error("data-plane share must be a fraction above 0, at most 1");
  const to = world.alb.tgByKey(String(f.to ?? "blue"));
  const forwardTo: ListenerAction = {
    Type: "forward",
    TargetGroupArn: to.arn,
    ForwardConfig: { TargetGroups: [{ TargetGroupArn: to.arn, Weight: 1 }] },
  };
  if (kind === "sticky")
    world.setListenerActions(
      world.alb.listener.actions.map((a) =>
        a.Type === "forward" && a.ForwardConfig
          ? {
              ...a,
              ForwardConfig: {
                ...a.ForwardConfig,
                TargetGroupStickinessConfig: { Enabled: true, DurationSeconds: 3600 },
              },
            }
          : a,
      ),
    );
  else if (kind === "second-listener")
    world.alb.extraListeners.push({
      arn: world.alb.listener.arn.replace(
        /\/[0-9a-f]{16}$/,
        `/${(world.alb.extraListeners.length + 1).toString(16).padStart(16, "0")}`,
      ),
      port: 8443,
      protocol: "HTTPS",
      actions: [forwardTo],
    });
  else
    faultRules.set(world, [
      ...(faultRules.get(world) ?? []),
      addRule(world, [{ Field: "path-pattern", Values: ["/v1/*"] }], [forwardTo]),
    ]);
  world.faults.addDataPlane(
    { kind: kind as DataPlaneKind, share, targetGroupArn: to.arn, since: sb.clock.now() },
    { to: to.key },
  );
  return { type: "data-plane", kind, share, to: to.key };
}
