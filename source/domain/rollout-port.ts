/** The port to a Deployment's rollouts, and the guard that refuses a Deployment changed since read. */
import type { RolloutView } from "./rollout-views.js";

/**
 * What the engine needs of a Kubernetes Deployment (integrations/kubernetes/rollouts.ts implements
 * it over client-node): read its rollout, and undo to a ReplicaSet's template (`resume` also clears
 * spec.paused in the same patch, so a paused Deployment still rolls back).
 */
export interface RolloutPort {
  read(namespace: string, name: string): Promise<RolloutView>;
  undo(namespace: string, name: string, replicaSet: string, o?: { resume?: boolean }): Promise<void>;
  /**
   * `kubectl set image` / `rollout pause|resume`, applied only if the Deployment is still at
   * `ifGeneration` (its spec unchanged since the lead saw it); otherwise DeploymentChanged, and
   * nothing is applied. A rollback (undo) never carries such a condition: it always writes.
   */
  setImage?(namespace: string, name: string, container: string, image: string, o: Guard): Promise<void>;
  setPaused?(namespace: string, name: string, paused: boolean, o: Guard): Promise<void>;
}

export interface Guard {
  ifGeneration: number;
}

/** A guarded write found the Deployment's spec changed since it was planned: nothing was applied. */
export class DeploymentChanged extends Error {
  constructor(readonly generation?: number) {
    super(
      `the Deployment changed since it was read${generation !== undefined ? ` (now generation ${generation})` : ""}: nothing was applied`,
    );
  }
}
