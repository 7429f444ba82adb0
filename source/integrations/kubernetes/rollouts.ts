/**
 * Reading and driving a Deployment's rollout through client-node, the way kubectl does it:
 * `set image` is a strategic merge patch of one container; `undo` copies the chosen ReplicaSet's
 * pod template back into the Deployment with a JSON patch (kubectl's own client-side undo);
 * pause/resume patch spec.paused. Nothing here claims a rollout finished: callers read it back.
 */
import { PatchStrategy, type V1Pod, type V1ReplicaSet } from "@kubernetes/client-node";
import { DeploymentChanged, type Guard, type RolloutPort } from "../../domain/rollout-port.js";
import type { PodView, RevisionView, RolloutView } from "../../domain/rollout-views.js";
import { KubeCallError, KubeClient, type KubeConnectOptions } from "./client.js";

const REVISION = "deployment.kubernetes.io/revision";
const CHANGE_CAUSE = "kubernetes.io/change-cause";

export class KubeRollouts implements RolloutPort {
  private k: KubeClient;

  constructor(opts: KubeConnectOptions) {
    this.k = new KubeClient(opts);
  }

  get server(): string {
    return this.k.server;
  }

  async read(namespace: string, name: string): Promise<RolloutView> {
    const k = this.k;
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
    const revisionOf = (rs: V1ReplicaSet) => Number(rs.metadata?.annotations?.[REVISION] ?? Number.NaN);
    const revisions: RevisionView[] = owned
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
    const rsRevision = new Map(owned.map((rs) => [rs.metadata?.uid, revisionOf(rs)]));
    const pods: PodView[] = podList.items.map((p) => podView(p, rsRevision));
    const names = new Set([name, ...owned.map((r) => r.metadata?.name), ...pods.map((p) => p.name)]);
    const warnings = eventList.items
      .filter((e) => e.type === "Warning" && names.has(e.involvedObject?.name))
      .map((e) => ({
        object: `${(e.involvedObject?.kind ?? "").toLowerCase()}/${e.involvedObject?.name}`,
        reason: e.reason ?? "",
        message: e.message ?? "",
        count: e.count ?? 1,
        lastAt: new Date(e.lastTimestamp ?? e.eventTime ?? 0).getTime(),
      }))
      .sort((a, b) => b.lastAt - a.lastAt);
    const current = Number(dep.metadata?.annotations?.[REVISION] ?? Number.NaN);
    const s = dep.status ?? {};
    return {
      namespace,
      deployment: name,
      readAt: k.now(),
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
      revisions,
      pods,
      warnings,
      nodes: {
        total: nodeList.items.length,
        ready: nodeList.items.filter(
          (n) => n.status?.conditions?.find((c) => c.type === "Ready")?.status === "True",
        ).length,
      },
    };
  }

  /** `kubectl set image deployment/NAME CONTAINER=IMAGE`: a strategic merge patch of that container. */
  async setImage(namespace: string, name: string, container: string, image: string, guard?: Guard) {
    if (guard) return this.setImageGuarded(namespace, name, container, image, guard);
    const body = { spec: { template: { spec: { containers: [{ name: container, image }] } } } };
    await this.k.call(
      `patch deployment ${namespace}/${name}`,
      (o) => this.k.apps.patchNamespacedDeployment({ name, namespace, body }, o),
      PatchStrategy.StrategicMergePatch,
    );
  }

  /**
   * `kubectl rollout undo`: the revision's pod template (without the controller's hash label) goes
   * back into the Deployment in one JSON patch, so nothing else of the Deployment is touched.
   */
  async undo(
    namespace: string,
    name: string,
    replicaSet: string,
    o: { resume?: boolean } = {},
  ): Promise<void> {
    const k = this.k;
    const rs = await k.call(`read replicaset ${namespace}/${replicaSet}`, (o) =>
      k.apps.readNamespacedReplicaSet({ name: replicaSet, namespace }, o),
    );
    const template = structuredClone(rs.spec?.template ?? {});
    if (template.metadata?.labels) delete template.metadata.labels["pod-template-hash"];
    const body: { op: string; path: string; value: unknown }[] = [
      { op: "replace", path: "/spec/template", value: template },
    ];
    // A rollback is never blocked by a paused Deployment: "add" sets spec.paused whether or not it is there.
    if (o.resume) body.push({ op: "add", path: "/spec/paused", value: false });
    await k.call(
      `patch deployment ${namespace}/${name}`,
      (o) => k.apps.patchNamespacedDeployment({ name, namespace, body }, o),
      PatchStrategy.JsonPatch,
    );
  }

  async setPaused(namespace: string, name: string, paused: boolean, guard?: Guard): Promise<void> {
    if (guard)
      return this.guarded(namespace, name, guard, [{ op: "add", path: "/spec/paused", value: paused }]);
    await this.k.call(
      `patch deployment ${namespace}/${name}`,
      (o) => this.k.apps.patchNamespacedDeployment({ name, namespace, body: { spec: { paused } } }, o),
      PatchStrategy.StrategicMergePatch,
    );
  }

  /**
   * The guarded `set image`: the container's index comes from a read, and the JSON patch tests the
   * generation and the container's name before it replaces the image, so the API server applies it
   * only to the Deployment the lead saw (a test that fails applies nothing).
   */
  async setImageGuarded(namespace: string, name: string, container: string, image: string, guard: Guard) {
    const k = this.k;
    const dep = await k.call(`read deployment ${namespace}/${name}`, (o) =>
      k.apps.readNamespacedDeployment({ name, namespace }, o),
    );
    if ((dep.metadata?.generation ?? 0) !== guard.ifGeneration)
      throw new DeploymentChanged(dep.metadata?.generation);
    const i = (dep.spec?.template?.spec?.containers ?? []).findIndex((c) => c.name === container);
    if (i < 0) throw new KubeCallError(`${namespace}/${name} has no container "${container}"`);
    const at = `/spec/template/spec/containers/${i}`;
    await this.guarded(namespace, name, guard, [
      { op: "test", path: `${at}/name`, value: container },
      { op: "replace", path: `${at}/image`, value: image },
    ]);
  }

  private async guarded(
    namespace: string,
    name: string,
    guard: Guard,
    ops: { op: string; path: string; value: unknown }[],
  ): Promise<void> {
    const body = [{ op: "test", path: "/metadata/generation", value: guard.ifGeneration }, ...ops];
    try {
      await this.k.call(
        `patch deployment ${namespace}/${name}`,
        (o) => this.k.apps.patchNamespacedDeployment({ name, namespace, body }, o),
        PatchStrategy.JsonPatch,
      );
    } catch (e) {
      // The API server answers a failed JSON-patch test with 422 "testing value … failed".
      if (e instanceof KubeCallError && e.status === 422 && /testing value/i.test(e.message))
        throw new DeploymentChanged();
      throw e;
    }
  }
}

function podView(p: V1Pod, rsRevision: Map<string | undefined, number>): PodView {
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
