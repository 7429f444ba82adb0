/** The two Deployment strategies: a rolling update within maxSurge/maxUnavailable, and Recreate. */
import type { Cluster, DeploymentState, ReplicaSetState } from "./cluster.js";
import { scaledValue } from "./objects.js";

export function recreate(
  c: Cluster,
  dep: DeploymentState,
  current: ReplicaSetState,
  olds: ReplicaSetState[],
  t: number,
): void {
  for (const rs of olds) c.scale(dep, rs, 0, t);
  if (olds.every((rs) => c.podsOf(rs).length === 0)) c.scale(dep, current, dep.spec.replicas, t);
}

/** The deployment controller's rolling update: scale the new ReplicaSet up within maxSurge, old ones down within maxUnavailable. */
export function rollingUpdate(
  c: Cluster,
  dep: DeploymentState,
  current: ReplicaSetState,
  olds: ReplicaSetState[],
  t: number,
): void {
  const want = dep.spec.replicas;
  const ru = dep.spec.strategy.rollingUpdate;
  const surge = scaledValue(ru?.maxSurge, want, true, "25%");
  let unavailable = scaledValue(ru?.maxUnavailable, want, false, "25%");
  if (surge === 0 && unavailable === 0) unavailable = 1;
  const all = () => [current, ...olds].reduce((n, r) => n + r.replicas, 0);
  if (current.replicas > want) c.scale(dep, current, want, t);
  else if (current.replicas < want) {
    const room = want + surge - all();
    if (room > 0) c.scale(dep, current, Math.min(want, current.replicas + room), t);
  }
  const minAvailable = want - unavailable;
  const availableOf = (r: ReplicaSetState) => c.podsOf(r).filter((p) => c.ready(p, t)).length;
  const newUnavailable = current.replicas - availableOf(current);
  let budget = all() - minAvailable - newUnavailable;
  // Old pods that are not available go first: removing them costs no availability.
  for (const rs of olds) {
    if (budget <= 0) break;
    const unhealthy = rs.replicas - availableOf(rs);
    const n = Math.min(unhealthy, budget);
    if (n > 0) {
      c.scale(dep, rs, rs.replicas - n, t);
      budget -= n;
    }
  }
  let total = [current, ...olds].reduce((n, r) => n + availableOf(r), 0) - minAvailable;
  for (const rs of [...olds].sort((a, b) => a.revision - b.revision)) {
    if (total <= 0) break;
    const n = Math.min(rs.replicas, total);
    if (n > 0) {
      c.scale(dep, rs, rs.replicas - n, t);
      total -= n;
    }
  }
}
