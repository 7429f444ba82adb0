/** The canonical form of a pod template and its hash (the pod-template-hash label), and object uids. */
import type { PodTemplate } from "./object-types.js";

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
