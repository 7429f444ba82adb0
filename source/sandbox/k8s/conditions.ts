/** The Deployment's Available and Progressing conditions, as the deployment controller sets them. */
import type { Condition, DeploymentState } from "./cluster.js";
import { k8sTime, scaledValue } from "./objects.js";

export function conditionsFor(
  dep: DeploymentState,
  s: { replicas: number; updatedReplicas: number; availableReplicas: number },
  rsName: string,
  t: number,
): Condition[] {
  const want = dep.spec.replicas;
  const minAvailable =
    want - scaledValue(dep.spec.strategy.rollingUpdate?.maxUnavailable, want, false, "25%");
  const complete = s.updatedReplicas === want && s.replicas === want && s.availableReplicas === want;
  const progressing: Omit<Condition, "lastUpdateTime" | "lastTransitionTime"> = dep.spec.paused
    ? {
        type: "Progressing",
        status: "Unknown",
        reason: "DeploymentPaused",
        message: "Deployment is paused",
      }
    : complete
      ? {
          type: "Progressing",
          status: "True",
          reason: "NewReplicaSetAvailable",
          message: `ReplicaSet "${rsName}" has successfully progressed.`,
        }
      : t - dep.lastProgressAt > dep.spec.progressDeadlineSeconds * 1000
        ? {
            type: "Progressing",
            status: "False",
            reason: "ProgressDeadlineExceeded",
            message: `ReplicaSet "${rsName}" has timed out progressing.`,
          }
        : {
            type: "Progressing",
            status: "True",
            reason: "ReplicaSetUpdated",
            message: `ReplicaSet "${rsName}" is progressing.`,
          };
  const available: Omit<Condition, "lastUpdateTime" | "lastTransitionTime"> =
    s.availableReplicas >= minAvailable
      ? {
          type: "Available",
          status: "True",
          reason: "MinimumReplicasAvailable",
          message: "Deployment has minimum availability.",
        }
      : {
          type: "Available",
          status: "False",
          reason: "MinimumReplicasUnavailable",
          message: "Deployment does not have minimum availability.",
        };
  return [available, progressing].map((c) => {
    const old = dep.conditions.find((o) => o.type === c.type);
    const same = old && old.status === c.status && old.reason === c.reason;
    return {
      ...c,
      lastUpdateTime: same && old ? old.lastUpdateTime : k8sTime(t),
      lastTransitionTime: old && old.status === c.status ? old.lastTransitionTime : k8sTime(t),
    };
  });
}
