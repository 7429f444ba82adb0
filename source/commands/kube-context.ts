/** The Kubernetes side of a session: its release, its undo target, and the client, loaded on first use. */
import type { EnvConfig } from "../domain/config.js";
import type { KubePort } from "../domain/ports.js";
import type { RolloutPort } from "../domain/rollout-port.js";
import type { KubeRelease } from "../engine/k8s-rollback.js";
import type { KubeRollouts } from "../integrations/kubernetes/rollouts.js";
import type { SessionStore } from "../session/store.js";
import type { EngineHandle } from "./engine-context.js";
import { kubectlFor } from "./kubectl.js";

/**
 * An EKS session's Deployment (kubernetes.release): what a rollback undoes after the listener.
 * client-node loads on the first call, not at every start.
 */
export function kubeReleaseFor(
  config: EnvConfig,
  store: SessionStore,
  now: () => number,
): KubeRelease | undefined {
  const k = config.kubernetes;
  if (!k?.release || !k.deployment) return undefined;
  return {
    rollouts: lazyRollouts(k, now),
    namespace: k.namespace,
    deployment: k.deployment,
    ...(k.container ? { container: k.container } : {}),
    kubectl: kubectlFor(k, k.deployment),
    timeoutMs: k.rollbackTimeoutSeconds * 1000,
    pollMs: 1000,
    recorded: lastUndoTarget(store),
  };
}

/** The newest undo target the session recorded, so a second R (even after a restart) never toggles. */
export function lastUndoTarget(store: SessionStore): { revision?: number; images?: string[] } | undefined {
  for (let i = store.events.length - 1; i >= 0; i--) {
    const e = store.events[i]!;
    if (e.type === "k8s.action" && e.data.action === "undo" && e.data.images?.length)
      return { revision: e.data.revision, images: e.data.images };
  }
  return undefined;
}

export function lazyRollouts(k: NonNullable<EnvConfig["kubernetes"]>, now: () => number): RolloutPort {
  let real: Promise<KubeRollouts> | undefined;
  const get = () =>
    (real ??= import("../integrations/kubernetes/rollouts.js").then(
      (m) =>
        new m.KubeRollouts({ kubeconfig: k.kubeconfig, context: k.context, timeoutMs: k.timeoutMs, now }),
    ));
  return {
    read: async (ns, name) => (await get()).read(ns, name),
    undo: async (ns, name, rs, o) => (await get()).undo(ns, name, rs, o),
    setImage: async (ns, name, c, image, g) => (await get()).setImage(ns, name, c, image, g),
    setPaused: async (ns, name, paused, g) => (await get()).setPaused(ns, name, paused, g),
  };
}

export function kubeFor(h: EngineHandle): KubePort | undefined {
  const k = h.config.kubernetes;
  if (!k) return undefined;
  // client-node takes 450 ms to import: loaded on the first Kubernetes check, not at every start.
  let real: Promise<KubePort> | undefined;
  const kube = () =>
    (real ??= import("../integrations/kubernetes/kube.js").then(
      (m) =>
        new m.KubeChecks({
          kubeconfig: k.kubeconfig,
          context: k.context,
          timeoutMs: k.timeoutMs,
          now: () => h.engine.d.clock.now(),
        }),
    ));
  return {
    apiReachable: async () => (await kube()).apiReachable(),
    nodesReady: async () => (await kube()).nodesReady(),
    deploymentsAvailable: async (ns, selector) => (await kube()).deploymentsAvailable(ns, selector),
    podsReady: async (ns, selector) => (await kube()).podsReady(ns, selector),
    warningEvents: async (ns, since) => (await kube()).warningEvents(ns, since),
  };
}
