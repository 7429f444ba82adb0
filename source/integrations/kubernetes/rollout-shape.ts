/** A Deployment's ReplicaSets, pods and events as golive shows them: revisions, pod states with their reason, warnings. */
import type { CoreV1Event, V1Pod, V1ReplicaSet } from "@kubernetes/client-node";
import type { PodView, RevisionView, RolloutView } from "../../domain/rollout-views.js";

export const REVISION = "deployment.kubernetes.io/revision";
const CHANGE_CAUSE = "kubernetes.io/change-cause";

export const revisionOf = (rs: V1ReplicaSet) => Number(rs.metadata?.annotations?.[REVISION] ?? Number.NaN);

/** The Deployment's own ReplicaSets by revision, oldest first; one without a revision is left out. */
export function revisionViews(owned: V1ReplicaSet[]): RevisionView[] {
  return owned
    .map((rs) => ({
      revision: revisionOf(rs),
      replicaSet: rs.metadata?.name ?? "",
      images: (rs.spec?.template?.spec?.containers ?? []).map((c) => c.image ?? ""),
      desired: rs.spec?.replicas ?? 0,
      ready: rs.status?.readyReplicas ?? 0,
      ...(rs.metadata?.annotations?.[CHANGE_CAUSE]
        ? { changeCause: rs.metadata.annotations[CHANGE_CAUSE] }
        : {}),
    }))
    .filter((r) => Number.isFinite(r.revision))
    .sort((a, b) => a.revision - b.revision);
}

/** Warning events about the named objects, newest first. */
export function warningViews(events: CoreV1Event[], names: Set<string | undefined>): RolloutView["warnings"] {
  return events
    .filter((e) => e.type === "Warning" && names.has(e.involvedObject?.name))
    .map((e) => ({
      object: `${(e.involvedObject?.kind ?? "").toLowerCase()}/${e.involvedObject?.name}`,
      reason: e.reason ?? "",
      message: e.message ?? "",
      count: e.count ?? 1,
      lastAt: new Date(e.lastTimestamp ?? e.eventTime ?? 0).getTime(),
    }))
    .sort((a, b) => b.lastAt - a.lastAt);
}

export function podView(p: V1Pod, rsRevision: Map<string | undefined, number>): PodView {
  const owner = p.metadata?.ownerReferences?.find((r) => r.controller);
  const cs = p.status?.containerStatuses ?? [];
  const waiting = cs.map((c) => c.state?.waiting?.reason).find(Boolean);
  const oom = cs.some((c) => c.lastState?.terminated?.reason === "OOMKilled");
  const unschedulable = p.status?.conditions?.find(
    (c) => c.type === "PodScheduled" && c.reason === "Unschedulable",
  );
  const reason = unschedulable
    ? "Unschedulable"
    : oom && waiting === "CrashLoopBackOff"
      ? "OOMKilled"
      : (waiting ?? null);
  return {
    name: p.metadata?.name ?? "",
    revision: rsRevision.get(owner?.uid) ?? null,
    phase: p.status?.phase ?? "Unknown",
    ready: p.status?.conditions?.find((c) => c.type === "Ready")?.status === "True",
    restarts: cs.reduce((n, c) => n + (c.restartCount ?? 0), 0),
    reason,
    node: p.spec?.nodeName ?? null,
  };
}
