/**
 * Reading and driving a Deployment's rollout through client-node, the way kubectl does it:
 * `set image` is a strategic merge patch of one container; `undo` copies the chosen ReplicaSet's
 * pod template back into the Deployment with a JSON patch (kubectl's own client-side undo);
 * pause/resume patch spec.paused. Nothing here claims a rollout finished: callers read it back.
 */
import { PatchStrategy } from "@kubernetes/client-node";
import type { Guard, RolloutPort } from "../../domain/rollout-port.js";
import type { RolloutView } from "../../domain/rollout-views.js";
import { KubeClient, type KubeConnectOptions } from "./client.js";
import { guardedPatch, setImageGuarded } from "./rollout-guarded.js";
import { readRollout } from "./rollout-read.js";

export class KubeRollouts implements RolloutPort {
  private k: KubeClient;

  constructor(opts: KubeConnectOptions) {
    this.k = new KubeClient(opts);
  }

  get server(): string {
    return this.k.server;
  }

  read(namespace: string, name: string): Promise<RolloutView> {
    return readRollout(this.k, namespace, name);
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
      return guardedPatch(this.k, namespace, name, guard, [
        { op: "add", path: "/spec/paused", value: paused },
      ]);
    await this.k.call(
      `patch deployment ${namespace}/${name}`,
      (o) => this.k.apps.patchNamespacedDeployment({ name, namespace, body: { spec: { paused } } }, o),
      PatchStrategy.StrategicMergePatch,
    );
  }

  /** The guarded `set image` (rollout-guarded.ts): applied only to the Deployment the lead saw. */
  setImageGuarded(namespace: string, name: string, container: string, image: string, guard: Guard) {
    return setImageGuarded(this.k, { namespace, name, container, image }, guard);
  }
}
