/**
 * Data-plane faults: the listener's default action says one split, but requests go elsewhere. Each
 * takes a share of all requests past the weights to the target group that was serving (blue):
 *
 *   sticky           stickiness on the forward action: returning clients keep their cookie's
 *                    target group (blue, from before the shift); SHARE = returning clients
 *   second-listener  another listener on the load balancer forwards only to blue; SHARE = the
 *                    clients that reach it
 *   rule             a higher-priority listener rule forwards matching requests to blue; SHARE =
 *                    the requests it matches
 *
 * (An unregistered target is a traffic fault of its own: green has no targets, so the ALB answers
 * 503 itself and green's target group counts no requests.) Real clients see each one: the
 * stickiness in DescribeListeners, the second listener in DescribeListeners by load balancer, the
 * rule in DescribeRules.
 */
export type DataPlaneKind = "sticky" | "second-listener" | "rule";
export const DATA_PLANE_KINDS: DataPlaneKind[] = ["sticky", "second-listener", "rule"];

export interface DataPlaneFault {
  kind: DataPlaneKind;
  /** Share of all requests (0..1) that bypass the weights. */
  share: number;
  /** The target group they reach. */
  targetGroupArn: string;
  since: number;
}

/** The shares per target group after the faults active at `t` took theirs. */
export function divert(
  weights: Map<string, number>,
  faults: DataPlaneFault[],
  t: number,
): Map<string, number> {
  let out = weights;
  for (const f of faults) {
    if (f.since > t) continue;
    const next = new Map<string, number>();
    for (const [arn, w] of out) next.set(arn, w * (1 - f.share));
    next.set(f.targetGroupArn, (next.get(f.targetGroupArn) ?? 0) + f.share);
    out = next;
  }
  return out;
}
