/** A Deployment's rollout as the Kubernetes adapter reads it, for the engine's unit tests. */
import type { PodView, RolloutView } from "../../source/domain/rollout-views.js";

/** shop/web on revision 3, generation 7, two replicas, complete; no pods listed. */
export const rolloutView = (o: Partial<RolloutView> = {}): RolloutView => ({
  namespace: "shop",
  deployment: "web",
  readAt: 1_700_000_000_000,
  generation: 7,
  observedGeneration: 7,
  paused: false,
  desired: 2,
  updated: 2,
  ready: 2,
  available: 2,
  total: 2,
  conditions: [],
  revision: 3,
  revisions: [],
  pods: [],
  warnings: [],
  nodes: { ready: 1, total: 1 },
  ...o,
});

/** A ready pod of revision 3; `crashing` gives one that is not, with its reason and restarts. */
export const podView = (name: string, o: Partial<PodView> = {}): PodView => ({
  name,
  revision: 3,
  phase: "Running",
  ready: true,
  restarts: 0,
  reason: null,
  node: "n1",
  ...o,
});
export const crashing = (name: string, restarts: number, reason = "CrashLoopBackOff", revision = 3) =>
  podView(name, { ready: false, reason, restarts, revision, node: null });

/** The Progressing condition of a rollout past its deadline. */
export const DEADLINE = [
  { type: "Progressing", status: "False", reason: "ProgressDeadlineExceeded", message: "" },
];
