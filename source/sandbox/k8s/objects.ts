/** The small helpers every kind of Kubernetes object the sandbox serves shares. */

import type { PodTemplate } from "./object-types.js";
import { templateHash } from "./template-hash.js";

export const REVISION = "deployment.kubernetes.io/revision";
export const CHANGE_CAUSE = "kubernetes.io/change-cause";
export const TEMPLATE_HASH = "pod-template-hash";

/** Kubernetes timestamps have second precision and no milliseconds. */
export function k8sTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

export function clone<T>(v: T): T {
  return structuredClone(v);
}

export function sameTemplate(a: PodTemplate, b: PodTemplate): boolean {
  return templateHash(a) === templateHash(b);
}

export function humanAge(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 120) return `${s}s`;
  if (s < 7200) return `${Math.floor(s / 60)}m`;
  if (s < 172800) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86400)}d`;
}

export function statusBody(code: number, reason: string, message: string, details?: unknown) {
  return {
    kind: "Status",
    apiVersion: "v1",
    metadata: {},
    status: "Failure",
    message,
    reason,
    ...(details ? { details } : {}),
    code,
  };
}

/** maxSurge / maxUnavailable: an int, or a percentage of replicas (surge rounds up, unavailable down). */
export function scaledValue(
  v: number | string | undefined,
  replicas: number,
  roundUp: boolean,
  dflt: string,
): number {
  const x = v ?? dflt;
  if (typeof x === "number") return x;
  const m = /^(\d+)%$/.exec(x);
  if (!m) return Number(x) || 0;
  const f = (Number(m[1]) * replicas) / 100;
  return roundUp ? Math.ceil(f) : Math.floor(f);
}
