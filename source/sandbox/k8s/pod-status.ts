import { k8sTime } from "./objects.js";
import { isReady, type PodState, restartsAt } from "./pods.js";

/** The pod's status as the API shows it: phase, conditions, container states with their reasons. */
export function podStatus(p: PodState, now: number, startDelayMs: number, nodeReady: (n: string) => boolean) {
  const ready = isReady(p, now, startDelayMs, nodeReady);
  const started = k8sTime(p.createdAt);
  if (p.behaviour === "unschedulable")
    return {
      phase: "Pending",
      conditions: [
        {
          type: "PodScheduled",
          status: "False",
          reason: "Unschedulable",
          message:
            "0/3 nodes are available: 3 Insufficient memory. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.",
          lastTransitionTime: started,
        },
      ],
      qosClass: "Burstable",
    };
  const restarts = restartsAt(p, now, startDelayMs);
  const containerStatuses = p.containers.map((c) => ({
    name: c.name,
    image: c.image,
    imageID: p.behaviour === "pull" ? "" : `${c.image.split(":")[0]}@sha256:${"0".repeat(64)}`,
    ready,
    started: ready,
    restartCount: restarts,
    ...containerState(p, now, startDelayMs, restarts, c.image),
  }));
  return {
    phase: "Running",
    hostIP: "10.0.1.11",
    podIP: `10.0.${10 + (p.uid.charCodeAt(0) % 5)}.${20 + (p.uid.charCodeAt(1) % 200)}`,
    startTime: started,
    conditions: [
      { type: "PodScheduled", status: "True", lastTransitionTime: started },
      { type: "Initialized", status: "True", lastTransitionTime: started },
      { type: "ContainersReady", status: ready ? "True" : "False", lastTransitionTime: started },
      { type: "Ready", status: ready ? "True" : "False", lastTransitionTime: started },
    ],
    containerStatuses,
    qosClass: "Burstable",
  };
}

function containerState(p: PodState, now: number, startDelayMs: number, restarts: number, image: string) {
  switch (p.behaviour) {
    case "pull":
      return {
        state: {
          waiting: {
            reason: now - p.createdAt < 5000 ? "ErrImagePull" : "ImagePullBackOff",
            message: `Back-off pulling image "${image}"`,
          },
        },
      };
    case "crash":
    case "oom": {
      if (restarts === 0)
        return { state: { running: { startedAt: k8sTime(p.createdAt + 1000) } }, lastState: {} };
      const reason = p.behaviour === "oom" ? "OOMKilled" : "Error";
      return {
        state: {
          waiting: {
            reason: "CrashLoopBackOff",
            message: `back-off ${Math.min(10 * 2 ** (restarts - 1), 300)}s restarting failed container=${p.containers[0]?.name} pod=${p.name}`,
          },
        },
        lastState: {
          terminated: {
            exitCode: p.behaviour === "oom" ? 137 : 1,
            reason,
            startedAt: k8sTime(p.createdAt + 1000),
            finishedAt: k8sTime(Math.max(p.createdAt + 2000, now - 1000)),
          },
        },
      };
    }
    default:
      return {
        state: { running: { startedAt: k8sTime(p.createdAt + Math.min(startDelayMs, 1000)) } },
        lastState: {},
      };
  }
}
