/** Kubernetes object shapes the sandbox serves, and the small helpers every kind shares. */

export interface Meta {
  name: string;
  namespace?: string;
  uid: string;
  resourceVersion: string;
  creationTimestamp: string;
  generation?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
}

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller: boolean;
  blockOwnerDeletion: boolean;
}

export type Obj = {
  apiVersion: string;
  kind: string;
  metadata: Meta;
  spec?: unknown;
  status?: unknown;
  [k: string]: unknown;
};

export interface Container {
  name: string;
  image: string;
  [k: string]: unknown;
}

export interface PodTemplate {
  metadata: { labels: Record<string, string>; annotations?: Record<string, string> };
  spec: { containers: Container[]; [k: string]: unknown };
}

export interface DeploymentSpec {
  replicas: number;
  selector: { matchLabels: Record<string, string> };
  template: PodTemplate;
  strategy: {
    type: "RollingUpdate" | "Recreate";
    rollingUpdate?: { maxSurge: number | string; maxUnavailable: number | string };
  };
  progressDeadlineSeconds: number;
  revisionHistoryLimit: number;
  minReadySeconds: number;
  paused?: boolean;
}

export const REVISION = "deployment.kubernetes.io/revision";
export const CHANGE_CAUSE = "kubernetes.io/change-cause";
export const TEMPLATE_HASH = "pod-template-hash";

/** Kubernetes timestamps have second precision and no milliseconds. */
export function k8sTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** A stable UUID-shaped id from a string (FNV-1a), so the same object keeps its uid across reads. */
export function uidOf(s: string): string {
  let h = 2166136261;
  const bytes: number[] = [];
  for (let i = 0; i < 16; i++) {
    for (const c of `${s}#${i}`) h = Math.imul(h ^ c.charCodeAt(0), 16777619);
    bytes.push((h >>> 0) & 0xff);
  }
  const hex = bytes.map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** The pod-template-hash: what a Deployment's controller names its ReplicaSets by (alphanumeric, 10 chars). */
export function templateHash(t: PodTemplate): string {
  const canon = JSON.stringify(canonical({ metadata: { labels: t.metadata.labels }, spec: t.spec }));
  const alphabet = "bcdfghjklmnpqrstvwxz2456789";
  let h = 2166136261;
  let out = "";
  for (let i = 0; i < 10; i++) {
    for (const c of `${canon}#${i}`) h = Math.imul(h ^ c.charCodeAt(0), 16777619);
    out += alphabet[(h >>> 0) % alphabet.length];
  }
  return out;
}

/**
 * A template as the API server would hold it after defaulting: no nulls and no empty objects or
 * lists (kubectl sends a Go-serialised template with `creationTimestamp: null`, `resources: {}`),
 * keys sorted, so the same pod template always hashes the same, as the controller's
 * EqualIgnoreHash sees it.
 */
export function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical).filter((x) => !isEmpty(x));
  if (v && typeof v === "object")
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, canonical((v as Record<string, unknown>)[k])] as const)
        .filter(([, x]) => !isEmpty(x)),
    );
  return v;
}

function isEmpty(v: unknown): boolean {
  return (
    v === null ||
    v === undefined ||
    (Array.isArray(v) && v.length === 0) ||
    (typeof v === "object" && !Array.isArray(v) && Object.keys(v as object).length === 0)
  );
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
