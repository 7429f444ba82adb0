/** The hash chain over session events: each event carries the SHA-256 of the one before it. */
import { hash } from "node:crypto";

export const GENESIS = "0".repeat(64);

/** JSON with sorted keys, so the hash does not depend on how an object happened to be built. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  // A Date is hashed as JSON stores it (its ISO string), so the hash still holds after a reload.
  if (value instanceof Date) return JSON.stringify(value);
  // Plain loops and string concatenation: this runs for every event of every load (100,000 events
  // must verify well under a second), and the array-building version cost several times more.
  if (Array.isArray(value)) {
    let out = "[";
    for (let i = 0; i < value.length; i++) {
      if (i) out += ",";
      const v = value[i];
      out += canonicalJson(v === undefined ? null : v);
    }
    return `${out}]`;
  }
  const o = value as Record<string, unknown>;
  // The default sort compares UTF-16 code units, as `<` does, without a call per comparison.
  const keys = Object.keys(o).sort();
  let out = "{";
  let first = true;
  for (const k of keys) {
    const v = o[k];
    if (v === undefined) continue;
    out += `${first ? "" : ","}${JSON.stringify(k)}:${canonicalJson(v)}`;
    first = false;
  }
  return `${out}}`;
}

export function hashEvent(event: object): string {
  const { hash: _ignored, ...rest } = event as { hash?: string };
  // One-shot hash: no Hash object per event (100,000 of them per full check).
  return hash("sha256", canonicalJson(rest), "hex");
}

export type ChainProblem = { seq: number; index: number; problem: string };

/** The first event that breaks the chain (edited, removed, reordered, inserted), or undefined. */
export function checkChain(
  events: readonly { seq: number; prev: string; hash: string }[],
): ChainProblem | undefined {
  let prev = GENESIS;
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    if (e.seq !== i + 1) {
      return {
        seq: e.seq,
        index: i,
        problem: `expected event #${i + 1} here, found #${e.seq} (removed or reordered)`,
      };
    }
    if (e.prev !== prev) {
      return {
        seq: e.seq,
        index: i,
        problem: `event #${e.seq} does not follow the event before it (prev hash differs)`,
      };
    }
    const h = hashEvent(e);
    if (h !== e.hash)
      return { seq: e.seq, index: i, problem: `event #${e.seq} was changed after it was recorded` };
    prev = e.hash;
  }
  return undefined;
}
