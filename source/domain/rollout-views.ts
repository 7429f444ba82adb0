/** A Deployment's rollout as golive reads it: revisions, pods, conditions, and the verdict on it. */
/**
 * A Kubernetes rollout as golive reads it, and what it means: the same verdict as
 * `kubectl rollout status` (complete, progressing, or past its deadline), plus the reasons a
 * person needs at 2 a.m. — which revision's pods are crash-looping, cannot pull their image, were
 * OOM-killed, or cannot be scheduled. Pure: the Kubernetes adapter fills a RolloutView.
 */
export interface PodView {
  name: string;
  revision: number | null;
  phase: string;
  ready: boolean;
  restarts: number;
  /** The reason that matters: CrashLoopBackOff, ImagePullBackOff, ErrImagePull, OOMKilled, Unschedulable… */
  reason: string | null;
  node: string | null;
}

export interface RevisionView {
  revision: number;
  replicaSet: string;
  images: string[];
  desired: number;
  ready: number;
  changeCause?: string;
}

export interface ConditionView {
  type: string;
  status: string;
  reason: string;
  message: string;
}

export interface RolloutView {
  namespace: string;
  deployment: string;
  /** When golive read it (the adapter's clock): a view has an age like every other input. */
  readAt: number;
  generation: number;
  observedGeneration: number;
  paused: boolean;
  desired: number;
  updated: number;
  ready: number;
  available: number;
  /** Replicas of every revision together (old ones still terminating count). */
  total: number;
  conditions: ConditionView[];
  revision: number | null;
  revisions: RevisionView[];
  pods: PodView[];
  warnings: { object: string; reason: string; message: string; count: number; lastAt: number }[];
  nodes: { ready: number; total: number };
}

export type RolloutState = "complete" | "progressing" | "paused" | "stalled" | "failed";

export interface RolloutVerdict {
  state: RolloutState;
  /** One line, as kubectl would say it, with the cause golive found. */
  summary: string;
  /** Pods of the current revision in trouble, each with its reason. */
  causes: string[];
}
