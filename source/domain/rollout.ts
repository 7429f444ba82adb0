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

/** Reasons that mean a pod will not become ready by waiting. */
export const FATAL_REASONS = [
  "CrashLoopBackOff",
  "ImagePullBackOff",
  "ErrImagePull",
  "OOMKilled",
  "Unschedulable",
  "CreateContainerConfigError",
  "InvalidImageName",
];

export function judgeRollout(v: RolloutView): RolloutVerdict {
  const current = v.pods.filter((p) => p.revision === v.revision);
  const troubled = current.filter((p) => p.reason && FATAL_REASONS.includes(p.reason));
  const causes = troubled.map(
    (p) =>
      `${p.name}: ${p.reason}${p.restarts > 0 ? ` (${p.restarts} restart${p.restarts === 1 ? "" : "s"})` : ""}`,
  );
  const name = `deployment "${v.deployment}"`;
  const progressing = v.conditions.find((c) => c.type === "Progressing");
  if (progressing?.reason === "ProgressDeadlineExceeded")
    return {
      state: "failed",
      summary: `${name} exceeded its progress deadline${causes.length ? `: ${troubled[0]!.reason}` : ""}`,
      causes,
    };
  if (v.paused) return { state: "paused", summary: `${name} is paused (kubectl rollout resume)`, causes };
  if (v.observedGeneration < v.generation)
    return { state: "progressing", summary: `waiting for ${name} spec update to be observed`, causes };
  if (v.updated < v.desired)
    return stalledOr(`${name}: ${v.updated} of ${v.desired} new replicas updated`, troubled, causes);
  if (v.total > v.updated)
    return stalledOr(`${name}: ${v.total - v.updated} old replicas pending termination`, troubled, causes);
  if (v.available < v.updated)
    return stalledOr(`${name}: ${v.available} of ${v.updated} updated replicas available`, troubled, causes);
  return {
    state: "complete",
    summary: `${name} successfully rolled out (revision ${v.revision ?? "?"})`,
    causes,
  };
}

function stalledOr(summary: string, troubled: PodView[], causes: string[]): RolloutVerdict {
  if (troubled.length === 0) return { state: "progressing", summary: `${summary}…`, causes };
  return { state: "stalled", summary: `${summary}; new pods ${troubled[0]!.reason}`, causes };
}

/** The revision `kubectl rollout undo` goes back to: the given one, or the newest before the current. */
export function undoTarget(v: RolloutView, toRevision?: number): RevisionView | { error: string } {
  const others = v.revisions.filter((r) => r.revision !== v.revision).sort((a, b) => b.revision - a.revision);
  if (toRevision !== undefined) {
    const r = v.revisions.find((x) => x.revision === toRevision);
    if (!r)
      return {
        error: `revision ${toRevision} of ${v.deployment} not found (have ${v.revisions.map((x) => x.revision).join(", ")})`,
      };
    if (r.revision === v.revision)
      return { error: `revision ${toRevision} is the current one: nothing to undo` };
    return r;
  }
  return others[0] ?? { error: `${v.deployment} has no previous revision to go back to` };
}

/**
 * The revision a rollback goes to when the session already recorded one (its images): never
 * "the previous revision" again, which after one undo is the bad one (`kubectl rollout undo` run
 * twice toggles back). Already on those images: nothing to undo, said so.
 */
export function recordedUndoTarget(
  v: RolloutView,
  recorded: { revision?: number; images: string[] },
): RevisionView | { error: string } {
  const current = v.revisions.find((r) => r.revision === v.revision);
  if (sameImages(current?.images, recorded.images))
    return {
      error: `${v.deployment} already runs ${recorded.images.join(", ")}, the rollback target this session recorded: nothing to undo (a second undo would go forward again; --to-revision N picks one)`,
    };
  const to = newestWithImages(v, recorded.images);
  return (
    to ?? {
      error: `no revision of ${v.deployment} runs ${recorded.images.join(", ")} (the rollback target this session recorded) any more (revisions ${v.revisions.map((r) => r.revision).join(", ")}); --to-revision N picks one`,
    }
  );
}

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

/** The images a revision runs, compared as one value (order kept: containers are ordered). */
export function sameImages(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  return !!a && !!b && a.length === b.length && a.every((x, i) => x === b[i]);
}

/** The newest revision whose template runs exactly `images` (a rollback's recorded target). */
export function newestWithImages(v: RolloutView, images: readonly string[]): RevisionView | undefined {
  return [...v.revisions].sort((a, b) => b.revision - a.revision).find((r) => sameImages(r.images, images));
}
