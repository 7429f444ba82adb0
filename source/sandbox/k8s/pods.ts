/**
 * How a pod behaves follows its image: a good image starts and turns Ready after the start delay;
 * a bad one crash-loops; fault injection makes an image fail to pull, get OOM-killed, or never be
 * scheduled. Everything is a function of the pod's age, so a compressed clock shows the same story.
 */

import type { Container } from "./object-types.js";

export type ImageBehaviour = "ok" | "crash" | "pull" | "oom" | "unschedulable";
export const IMAGE_BEHAVIOURS: ImageBehaviour[] = ["ok", "crash", "pull", "oom", "unschedulable"];

/** Images whose tag says they are broken crash-loop without any fault injected (`app:2.1-bad`). */
export function defaultBehaviour(image: string): ImageBehaviour {
  return /[:.-](bad|broken|crash)[\w.-]*$/.test(image) ? "crash" : "ok";
}

export interface PodState {
  name: string;
  namespace: string;
  uid: string;
  replicaSet: string;
  labels: Record<string, string>;
  containers: Container[];
  node: string | null;
  createdAt: number;
  behaviour: ImageBehaviour;
}

/** Back-off between restarts: 10 s doubling to 5 minutes, as the kubelet does. */
const BACKOFF_MS = [10_000, 20_000, 40_000, 80_000, 160_000, 300_000];

export function restartsAt(p: PodState, now: number, startDelayMs: number): number {
  if (p.behaviour !== "crash" && p.behaviour !== "oom") return 0;
  let t = p.createdAt + startDelayMs / 2;
  let n = 0;
  while (t <= now && n < 10_000) {
    t += BACKOFF_MS[Math.min(n, BACKOFF_MS.length - 1)]!;
    if (t <= now) n++;
  }
  return n;
}

export function isReady(
  p: PodState,
  now: number,
  startDelayMs: number,
  nodeReady: (n: string) => boolean,
): boolean {
  return p.behaviour === "ok" && p.node !== null && nodeReady(p.node) && now >= p.createdAt + startDelayMs;
}

/** The warning event a pod in trouble raises (the reasons `kubectl get events` shows), if any. */
export function podWarning(
  p: PodState,
  now: number,
  startDelayMs: number,
): { reason: string; message: string } | null {
  const c = p.containers[0];
  switch (p.behaviour) {
    case "unschedulable":
      return { reason: "FailedScheduling", message: "0/3 nodes are available: 3 Insufficient memory." };
    case "pull":
      return { reason: "Failed", message: `Failed to pull image "${c?.image}": not found` };
    case "crash":
    case "oom":
      return restartsAt(p, now, startDelayMs) > 0
        ? { reason: "BackOff", message: `Back-off restarting failed container ${c?.name} in pod ${p.name}` }
        : null;
    default:
      return null;
  }
}
