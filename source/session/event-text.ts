/**
 * An event in golive's own layout read straight from its bytes: the parsed event and the SHA-256 of
 * its canonical JSON (domain/chain.ts hashEvent: sorted keys, no whitespace, no `hash`) built by
 * copying the tokens of the text, for the event almost every session is made of (the seven plain
 * keys, data of primitive values). On 100,000 events, decoding each piece, JSON.parse, the
 * duplicate-key scan, the sorted copy of each parsed event, its native stringify and the hash of that
 * string were most of `golive verify`; the bytes are already there.
 *
 * It only ever answers when the text certainly is what JSON.stringify(doc, null, 1) writes for such
 * an event and every token is already in the form JSON.stringify gives it (so the event is what
 * JSON.parse gives, and the copied bytes are exactly canonicalJson of it, encoded as UTF-8): a string
 * with any escape, a number that is not a short integer, a nested value, a non-ASCII or `__proto__`
 * key, bytes that are not valid UTF-8, a key out of place, a duplicate key or any other layout
 * answers undefined, and the caller parses and hashes the piece as always. An accepted text holds no
 * duplicate key: its members are the seven names in their fixed order, and the data's keys are
 * strictly ascending once sorted.
 */

import {
  AT,
  BY,
  C_AT,
  C_BY,
  C_DATA,
  C_PREV,
  C_SEQ,
  C_TYPE,
  CLOSE,
  COMMA,
  DATA,
  DATA_END,
  END,
  FALSE,
  HASH,
  KEY_END,
  MEMBER,
  MINUS,
  NINE,
  NULL,
  OPEN,
  PLAIN,
  PREV,
  Q,
  SEQ,
  type Slicing,
  TRUE,
  TYPE,
  ZERO,
} from "./event-layout.js";
import { knownString } from "./known-strings.js";

// node:crypto loads on first use (domain/chain.ts says why).
let crypto: typeof import("node:crypto") | undefined;
function hash(algorithm: string, data: string | Uint8Array, encoding: "hex"): string {
  crypto ??= process.getBuiltinModule("node:crypto");
  return crypto.hash(algorithm, data, encoding);
}

/** Data members an event may have on this path (more go the general way). */
const MAX_MEMBERS = 16;
/** Per data member: key start, key end (the bytes between the quotes), value start, value end. */
const members = new Int32Array(MAX_MEMBERS * 4);
const order = new Int32Array(MAX_MEMBERS);

const EMPTY = Buffer.alloc(0);
// One scan at a time (it is synchronous): the text, where it ends, the position, the output.
let b: Buffer = EMPTY;
let end = 0;
let p = 0;
let utf8 = false;
/** Whether the last string str() read held a byte over 0x7f. */
let wide = false;
let out: Buffer = Buffer.alloc(4096);
let o = 0;

/** The bytes of `lit` at p (then p moves past them). */
function lit(l: Buffer): boolean {
  const n = l.length;
  if (p + n > end) return false;
  for (let i = 0; i < n; i++) if (b[p + i] !== l[i]) return false;
  p += n;
  return true;
}

/**
 * The end (past the closing quote) of a string at p without escapes, so JSON.stringify writes it as
 * it stands; -1 otherwise. `ascii`: a key (its bytes are then compared as UTF-16 would compare).
 */
function str(ascii: boolean): number {
  if (p >= end || b[p] !== Q) return -1;
  wide = false;
  let i = p + 1;
  for (;;) {
    while (i < end && PLAIN[b[i]!] === 1) i++;
    if (i >= end) return -1;
    const c = b[i]!;
    if (c === Q) return i + 1;
    if (c < 0x80 || ascii || !utf8) return -1; // an escape or a control character
    wide = true;
    i++;
  }
}

/** The string whose token (quotes included) is b[from, to), as str() last read it. */
function text(from: number, to: number, isWide: boolean): string {
  const s = b as unknown as Slicing;
  return isWide ? s.utf8Slice(from + 1, to - 1) : s.latin1Slice(from + 1, to - 1);
}

/** The value of the integer token b[from, to) (at most 15 digits: exact). */
function intValue(from: number, to: number): number {
  let i = from;
  const negative = b[i] === MINUS;
  if (negative) i++;
  let n = 0;
  for (; i < to; i++) n = n * 10 + (b[i]! - ZERO);
  return negative ? -n : n;
}

/** The end of an integer at p written as JSON.stringify writes it (no "-0", at most 15 digits); -1 otherwise. */
function int(): number {
  let i = p;
  if (i < end && b[i] === MINUS) i++;
  const first = i;
  while (i < end && b[i]! >= ZERO && b[i]! <= NINE) i++;
  const digits = i - first;
  if (digits < 1 || digits > 15 || (digits > 1 && b[first] === ZERO)) return -1;
  if (first > p && digits === 1 && b[first] === ZERO) return -1; // -0 is written 0
  return i;
}

/** The primitive value at p (a plain string, a short integer, true, false, null); p moves past it. */
const NOT = Symbol("not a primitive on this path");
function primitive(): unknown {
  const c = b[p];
  const from = p;
  if (c === Q) {
    const e = str(false);
    if (e < 0) return NOT;
    p = e;
    return text(from, e, wide);
  }
  if (c === MINUS || (c !== undefined && c >= ZERO && c <= NINE)) {
    const e = int();
    if (e < 0) return NOT;
    p = e;
    return intValue(from, e);
  }
  if (lit(TRUE)) return true;
  if (lit(FALSE)) return false;
  if (lit(NULL)) return null;
  return NOT;
}

/** Copies b[from, to) to the output. */
function copy(from: number, to: number): void {
  // Buffer#copy's own checks cost more than a loop over a hash's 66 bytes.
  if (to - from > 256) {
    b.copy(out, o, from, to);
    o += to - from;
  } else for (let i = from; i < to; i++) out[o++] = b[i]!;
}

function put(l: Buffer): void {
  for (let i = 0; i < l.length; i++) out[o++] = l[i]!;
}

/** Key i before key j in sorted order (UTF-16 code units; the keys are ASCII): <0, 0, >0. */
function compareKeys(i: number, j: number): number {
  const a = members[i * 4]!;
  const an = members[i * 4 + 1]! - a;
  const c = members[j * 4]!;
  const cn = members[j * 4 + 1]! - c;
  const n = Math.min(an, cn);
  for (let k = 0; k < n; k++) {
    const d = b[a + k]! - b[c + k]!;
    if (d) return d;
  }
  return an - cn;
}

/** The data object at p, parsed, and written canonically to the output; undefined when it is not on this path. */
function data(): Record<string, unknown> | undefined {
  if (b[p] !== OPEN) return undefined;
  p++;
  const d: Record<string, unknown> = {};
  if (b[p] === CLOSE) {
    p++;
    out[o++] = OPEN;
    out[o++] = CLOSE;
    return d;
  }
  let m = 0;
  for (;;) {
    if (m === MAX_MEMBERS || !lit(MEMBER)) return undefined;
    p--; // the key's opening quote
    const keyEnd = str(true);
    if (keyEnd < 0) return undefined;
    const key = knownString(b, p + 1, keyEnd - 1);
    // Assigned, it would set the object's prototype (JSON.parse makes it an own key).
    if (key === "__proto__") return undefined;
    members[m * 4] = p + 1;
    members[m * 4 + 1] = keyEnd - 1;
    p = keyEnd - 1;
    if (!lit(KEY_END)) return undefined;
    const valueStart = p;
    const value = primitive();
    if (value === NOT) return undefined;
    d[key] = value;
    members[m * 4 + 2] = valueStart;
    members[m * 4 + 3] = p;
    order[m] = m;
    m++;
    if (b[p] === COMMA) p++;
    else if (lit(DATA_END)) break;
    else return undefined;
  }
  // Insertion sort of a handful of keys; equal neighbours are a duplicate key.
  for (let i = 1; i < m; i++) {
    const x = order[i]!;
    let j = i - 1;
    while (j >= 0 && compareKeys(order[j]!, x) > 0) {
      order[j + 1] = order[j]!;
      j--;
    }
    order[j + 1] = x;
  }
  for (let i = 1; i < m; i++) if (compareKeys(order[i - 1]!, order[i]!) === 0) return undefined;
  out[o++] = OPEN;
  for (let i = 0; i < m; i++) {
    const k = order[i]! * 4;
    if (i) out[o++] = COMMA;
    copy(members[k]! - 1, members[k + 1]! + 1);
    out[o++] = 0x3a; // :
    copy(members[k + 2]!, members[k + 3]!);
  }
  out[o++] = CLOSE;
  return d;
}

/**
 * The event whose text is text[start, stop), as JSON.parse would give it, and the hex SHA-256 of its
 * canonical JSON; undefined when this path cannot be certain of them (see above). `validUtf8`: the
 * bytes are known to be valid UTF-8 (else any byte over 0x7f answers undefined).
 */
export function readEventText(
  text: Buffer,
  start: number,
  stop: number,
  validUtf8: boolean,
): { event: Record<string, unknown>; hash: string } | undefined {
  b = text;
  p = start;
  end = stop;
  utf8 = validUtf8;
  if (out.length < stop - start) out = Buffer.allocUnsafe(2 * (stop - start));
  o = 0;
  try {
    return scan();
  } finally {
    b = EMPTY; // the caller's buffer is not kept past the call
  }
}

/** Per string member (at, by, type, prev, hash): its token's start and end, 1 when it holds non-ASCII. */
const tokens = new Int32Array(15);
const [AT_, BY_, TYPE_, PREV_, HASH_] = [0, 1, 2, 3, 4];

/** `l`, then a string (member i), at p; p moves past them. */
function member(l: Buffer, i: number): boolean {
  if (!lit(l)) return false;
  const e = str(false);
  if (e < 0) return false;
  tokens[i * 3] = p;
  tokens[i * 3 + 1] = e;
  tokens[i * 3 + 2] = wide ? 1 : 0;
  p = e;
  return true;
}

const copyToken = (i: number) => copy(tokens[i * 3]!, tokens[i * 3 + 1]!);
const token = (i: number) => text(tokens[i * 3]!, tokens[i * 3 + 1]!, tokens[i * 3 + 2] === 1);
const knownToken = (i: number) =>
  tokens[i * 3 + 2] === 1 ? token(i) : knownString(b, tokens[i * 3]! + 1, tokens[i * 3 + 1]! - 1);

function scan(): { event: Record<string, unknown>; hash: string } | undefined {
  if (!lit(SEQ)) return undefined;
  const seq = p;
  const seqEnd = int();
  if (seqEnd < 0) return undefined;
  p = seqEnd;
  if (!member(AT, AT_) || !member(BY, BY_) || !member(TYPE, TYPE_) || !lit(DATA)) return undefined;
  put(C_AT);
  copyToken(AT_);
  put(C_BY);
  copyToken(BY_);
  put(C_DATA);
  const d = data();
  if (!d || !member(PREV, PREV_) || !member(HASH, HASH_) || !lit(END) || p !== end) return undefined;
  put(C_PREV);
  copyToken(PREV_);
  put(C_SEQ);
  copy(seq, seqEnd);
  put(C_TYPE);
  copyToken(TYPE_);
  out[o++] = CLOSE;
  return {
    event: {
      seq: intValue(seq, seqEnd),
      at: token(AT_),
      by: knownToken(BY_),
      type: knownToken(TYPE_),
      data: d,
      prev: token(PREV_),
      hash: token(HASH_),
    },
    hash: hash("sha256", out.subarray(0, o), "hex"),
  };
}
