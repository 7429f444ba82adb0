/** The hash chain over session events: each event carries the SHA-256 of the one before it. */
import { hash } from "node:crypto";

export const GENESIS = "0".repeat(64);

/**
 * Whether `JSON.stringify(value)` already is the canonical form: every object's own keys are in
 * sorted order (and none is a Date, whose JSON is its ISO string either way). Most recorded data is
 * small flat objects, and V8's native stringify is several times faster than building the string
 * key by key; an object with unsorted keys (or integer-like keys, which V8 lists first) fails the
 * check and takes the general path below, so the output is the same either way.
 */
function stringifiesCanonically(value: unknown, depth: number): boolean {
  if (value === null) return true;
  const t = typeof value;
  // A function, symbol or bigint is not JSON: the general path decides what becomes of it.
  if (t !== "object") return t === "string" || t === "number" || t === "boolean" || t === "undefined";
  if (depth > 32) return false; // deep values take the general path (no recursion limit to reason about)
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (!stringifiesCanonically(value[i], depth + 1)) return false;
    return true;
  }
  // Only plain objects: a class instance may have its own toJSON.
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  let last: string | undefined;
  for (const k in value) {
    if (last !== undefined && !(last < k)) return false;
    last = k;
    if (!stringifiesCanonically((value as Record<string, unknown>)[k], depth + 1)) return false;
  }
  return true;
}

/** JSON with sorted keys, so the hash does not depend on how an object happened to be built. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  // A Date is hashed as JSON stores it (its ISO string), so the hash still holds after a reload.
  if (value instanceof Date) return JSON.stringify(value);
  if (stringifiesCanonically(value, 0)) return JSON.stringify(value);
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
  return canonicalObject(value as Record<string, unknown>);
}

function canonicalObject(o: Record<string, unknown>, omit?: string): string {
  // The default sort compares UTF-16 code units, as `<` does, without a call per comparison.
  const keys = Object.keys(o).sort();
  let out = "{";
  let first = true;
  for (const k of keys) {
    const v = o[k];
    if (v === undefined || k === omit) continue;
    out += `${first ? "" : ","}${JSON.stringify(k)}:${canonicalJson(v)}`;
    first = false;
  }
  return `${out}}`;
}

export function hashEvent(event: object): string {
  // The event without its own `hash` (left out while writing, not copied out: 100,000 per check).
  // One-shot hash: no Hash object per event.
  const e = event as Record<string, unknown>;
  return hash("sha256", eventJson(e) ?? canonicalObject(e, "hash"), "hex");
}

/** An event's possible keys, in sorted order. */
const EVENT_KEYS = ["amendment", "at", "by", "data", "hash", "merged", "prev", "seq", "type"] as const;

/**
 * canonicalObject(e, "hash") for an object holding only event keys, without listing and sorting
 * its keys (the top level of every event of every check); undefined for anything else.
 */
function eventJson(e: Record<string, unknown>): string | undefined {
  let own = 0;
  let out = "{";
  for (const k of EVENT_KEYS) {
    if (!Object.hasOwn(e, k)) continue;
    own++;
    const v = e[k];
    if (k === "hash" || v === undefined) continue;
    out += `${out.length > 1 ? "," : ""}"${k}":${canonicalJson(v)}`;
  }
  return own === Object.keys(e).length ? `${out}}` : undefined;
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
