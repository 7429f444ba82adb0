/**
 * The session document's shape, checked by hand: the same rules as the zod schemas in document.ts,
 * written as plain loops because zod's check of 100,000 events (a copy of every event and its data)
 * was a third of `golive verify` on a large session. This check only ever says "certainly valid":
 * anything it does not accept goes through zod, which then decides and words the error, so the two
 * can differ only in speed. Keep the rules here and in the schemas in step (shape.test.ts holds
 * both to the same cases).
 */
import { EVENT_TYPES } from "../domain/events.js";

const TYPES = new Set<string>(EVENT_TYPES);
/** 1 for the UTF-16 code units of lowercase hex digits, 0 for every other unit. */
const HEX = new Uint8Array(0x10000);
for (const c of "0123456789abcdef") HEX[c.charCodeAt(0)] = 1;

/**
 * 64 lowercase hex digits (a SHA-256): a table look-up per unit, without a branch per unit (a regex
 * test was half the shape check of an event, two range tests per unit still a third of it).
 */
function isHex64(v: unknown): v is string {
  if (typeof v !== "string" || v.length !== 64) return false;
  let all = 1;
  for (let i = 0; i < 64; i++) all &= HEX[v.charCodeAt(i)]!;
  return all === 1;
}

/** The two decimal digits of `v` at `i`, or -1. */
function two(v: string, i: number): number {
  const a = v.charCodeAt(i) - 0x30;
  const b = v.charCodeAt(i + 1) - 0x30;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/**
 * Whether Date.parse reads `v` as a time. The form golive writes (toISOString:
 * `2026-11-23T12:00:00.000Z`, fields in range) certainly is, checked by hand at a fraction of a
 * parse; anything else is left to Date.parse.
 */
export function isTime(v: string): boolean {
  if (
    v.length === 24 &&
    v[4] === "-" &&
    v[7] === "-" &&
    v[10] === "T" &&
    v[13] === ":" &&
    v[16] === ":" &&
    v[19] === "." &&
    v[23] === "Z" &&
    two(v, 0) >= 0 &&
    two(v, 2) >= 0 &&
    two(v, 5) >= 1 &&
    two(v, 5) <= 12 &&
    two(v, 8) >= 1 &&
    two(v, 8) <= 31 &&
    two(v, 11) >= 0 &&
    two(v, 11) <= 23 &&
    two(v, 14) >= 0 &&
    two(v, 14) <= 59 &&
    two(v, 17) >= 0 &&
    two(v, 17) <= 59 &&
    two(v, 20) >= 0 &&
    v.charCodeAt(22) >= 0x30 &&
    v.charCodeAt(22) <= 0x39
  )
    return true;
  return !Number.isNaN(Date.parse(v));
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function isString(v: unknown): v is string {
  return typeof v === "string";
}

/** Whether `e` is certainly a well-formed event (else zod decides and words why not). */
export function validEvent(e: unknown): boolean {
  if (!isPlainObject(e)) return false;
  const { seq, at, by, type, data, amendment, merged, prev, hash } = e;
  if (!(typeof seq === "number" && Number.isInteger(seq) && seq > 0 && seq <= Number.MAX_SAFE_INTEGER))
    return false;
  if (!isString(at) || !isTime(at)) return false;
  if (!isString(by) || !isString(type) || !TYPES.has(type)) return false;
  if (!isPlainObject(data)) return false;
  if (!isHex64(prev) || !isHex64(hash)) return false;
  // The seven required keys hold valid values, so they are own keys (Object.prototype has none of them).
  let known = 7;
  if (Object.hasOwn(e, "amendment")) {
    if (!isPlainObject(amendment) || !isString(amendment.why) || amendment.why.length < 1) return false;
    if (Object.keys(amendment).length !== 1) return false;
    known++;
  }
  if (Object.hasOwn(e, "merged")) {
    if (!isPlainObject(merged) || !isString(merged.from) || !isString(merged.at) || !isString(merged.record))
      return false;
    if (Object.keys(merged).length !== 3) return false;
    known++;
  }
  // Strict: no key besides those.
  return Object.keys(e).length === known;
}

/** Whether `raw` is certainly a well-formed session document (formats, safe id, events). */
export function certainlyValidDocument(raw: unknown, formats: readonly string[], safeId: RegExp): boolean {
  if (!isPlainObject(raw)) return false;
  const { format, id, events } = raw;
  if (Object.keys(raw).length !== 3) return false;
  if (!isString(format) || !formats.includes(format)) return false;
  if (!isString(id) || id.length < 1 || id.length > 128 || !safeId.test(id)) return false;
  if (!Array.isArray(events) || events.length < 1) return false;
  for (let i = 0; i < events.length; i++) if (!validEvent(events[i])) return false;
  return true;
}
