/**
 * One read of a Deployment's rollout, the way `kubectl rollout status` and `describe` see it: the
 * Deployment, the ReplicaSets it controls, their pods, the warnings about them, and node readiness.
 */
import type { RolloutView } from "../../domain/rollout-views.js";
import type { KubeClient } from "./client.js";
import { podView, REVISION, revisionOf, revisionViews, warningViews } from "./rollout-shape.js";

export async function readRollout(k: KubeClient, namespace: string, name: string): Promise<RolloutView> {
  // The view is as old as its oldest part: the clock before the first request, not after the last
  // (a rehearsal clock moved mid-read would otherwise date old data as new).
  const readAt = k.now();
  const dep = await k.call(`read deployment ${namespace}/${name}`, (o) =>
    k.apps.readNamespacedDeployment({ name, namespace }, o),
  );
  const selector = Object.entries(dep.spec?.selector?.matchLabels ?? {})
    .map(([a, b]) => `${a}=${b}`)
    .join(",");
  const [rsList, podList, eventList, nodeList] = await Promise.all([
    k.call("list replicasets", (o) =>
      k.apps.listNamespacedReplicaSet({ namespace, labelSelector: selector }, o),
    ),
    k.call("list pods", (o) => k.core.listNamespacedPod({ namespace, labelSelector: selector }, o)),
    k.call("list events", (o) => k.core.listNamespacedEvent({ namespace }, o)),
    k.call("list nodes", (o) => k.core.listNode(undefined, o)),
  ]);
  // Only ReplicaSets this Deployment controls (a selector can match others), as kubectl checks.
  const owned = rsList.items.filter((rs) =>
    rs.metadata?.ownerReferences?.some((r) => r.controller && r.uid === dep.metadata?.uid),
  );
  const rsRevision = new Map(owned.map((rs) => [rs.metadata?.uid, revisionOf(rs)]));
  const pods = podList.items.map((p) => podView(p, rsRevision));
  const names = new Set([name, ...owned.map((r) => r.metadata?.name), ...pods.map((p) => p.name)]);
  const current = Number(dep.metadata?.annotations?.[REVISION] ?? Number.NaN);
  const s = dep.status ?? {};
  return {
    namespace,
    deployment: name,
    readAt,
    generation: dep.metadata?.generation ?? 0,
    observedGeneration: s.observedGeneration ?? 0,
    paused: dep.spec?.paused === true,
    desired: dep.spec?.replicas ?? 1,
    updated: s.updatedReplicas ?? 0,
    ready: s.readyReplicas ?? 0,
    available: s.availableReplicas ?? 0,
    total: s.replicas ?? 0,
    conditions: (s.conditions ?? []).map((c) => ({
      type: c.type,
      status: c.status,
      reason: c.reason ?? "",
      message: c.message ?? "",
    })),
    revision: Number.isFinite(current) ? current : null,
    revisions: revisionViews(owned),
    pods,
    warnings: warningViews(eventList.items, names),
    nodes: {
      total: nodeList.items.length,
      ready: nodeList.items.filter(
        (n) => n.status?.conditions?.find((c) => c.type === "Ready")?.status === "True",
      ).length,
    },
  };
}
