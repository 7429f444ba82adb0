/** The hash chain over session events: each event carries the SHA-256 of the one before it. */
/**
 * node:crypto, loaded on the first hash: `golive status` from the kept state hashes nothing, and loading
 * it cost ~14 M instructions of status's start (bench/RESULTS.md §1c).
 */
let crypto: typeof import("node:crypto") | undefined;
function hash(algorithm: string, data: string | Uint8Array, encoding: "hex"): string {
  crypto ??= process.getBuiltinModule("node:crypto");
  return crypto.hash(algorithm, data, encoding);
}

export const GENESIS = "0".repeat(64);

/** canonicalCopy's answer when only the key-by-key path below can say. */
const NONE: unique symbol = Symbol("none");

/**
 * A value whose native `JSON.stringify` is the canonical form of `value`: the value itself when every
 * object in it already has its own keys in sorted order, else a copy with them in sorted order; NONE
 * for what only the key-by-key path can say (a Date, a class instance with its own toJSON, a
 * function, a `__proto__` key, integer-like keys, which V8 lists first whatever the order, deep
 * nesting). V8's native stringify is several times faster than building the string key by key, and
 * most recorded data is small flat objects, some built in another key order; one walk decides.
 */
function canonicalCopy(value: unknown, depth: number): unknown {
  if (value === null) return value;
  const t = typeof value;
  if (t !== "object")
    return t === "string" || t === "number" || t === "boolean" || t === "undefined" ? value : NONE;
  if (depth > 32) return NONE; // deep values take the general path (no recursion limit to reason about)
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const c = canonicalCopy(value[i], depth + 1);
      if (c === NONE) return NONE;
      if (c === value[i]) continue;
      copy ??= value.slice();
      copy[i] = c;
    }
    return copy ?? value;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return NONE;
  const o = value as Record<string, unknown>;
  let inOrder = true;
  // The members whose canonical form is a copy, kept for the sorted copy below: walking them again
  // there doubled the work at every level (2^33 walks for 33 levels of unsorted keys).
  let copies: Map<string, unknown> | undefined;
  let last: string | undefined;
  for (const k in o) {
    if (last !== undefined && !(last < k)) inOrder = false;
    last = k;
    const v = o[k];
    const c = canonicalCopy(v, depth + 1);
    if (c === NONE) return NONE;
    if (c === v) continue;
    copies ??= new Map();
    copies.set(k, c);
  }
  if (inOrder && !copies) return value;
  // The default sort compares UTF-16 code units, as `<` does, without a call per comparison.
  const keys = Object.keys(o).sort();
  const sorted: Record<string, unknown> = {};
  for (const k of keys) {
    if (k === "__proto__") return NONE; // would set the copy's prototype, not a key
    sorted[k] = copies?.has(k) ? copies.get(k) : o[k];
  }
  last = undefined;
  for (const k in sorted) {
    if (last !== undefined && !(last < k)) return NONE; // integer-like keys come first
    last = k;
  }
  return sorted;
}

/** JSON with sorted keys, so the hash does not depend on how an object happened to be built. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  // A Date is hashed as JSON stores it (its ISO string), so the hash still holds after a reload.
  if (value instanceof Date) return JSON.stringify(value);
  const copy = canonicalCopy(value, 0);
  if (copy !== NONE) return JSON.stringify(copy);
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
 * its keys (the top level of every event of every check): the fields go into one object in sorted
 * key order for one native stringify. Undefined for anything else, or a field only the key-by-key
 * path can write.
 */
function eventJson(e: Record<string, unknown>): string | undefined {
  let own = 0;
  const sorted: Record<string, unknown> = {};
  for (const k of EVENT_KEYS) {
    if (!Object.hasOwn(e, k)) continue;
    own++;
    if (k === "hash") continue;
    const c = canonicalCopy(e[k], 1);
    if (c === NONE) return undefined;
    sorted[k] = c;
  }
  return own === Object.keys(e).length ? JSON.stringify(sorted) : undefined;
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
