import type { PodView, RolloutVerdict, RolloutView } from "./rollout-views.js";

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
