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
/** 64 lowercase hex digits (a SHA-256); a loop, since a regex test was half the shape check of an event. */
function isHex64(v: unknown): v is string {
  if (typeof v !== "string" || v.length !== 64) return false;
  for (let i = 0; i < 64; i++) {
    const c = v.charCodeAt(i);
    if (!((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66))) return false;
  }
  return true;
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
  if (!isString(at) || Number.isNaN(Date.parse(at))) return false;
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
